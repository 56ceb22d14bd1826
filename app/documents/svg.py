"""The scaffolding the server-drawn charts share: the frame, the accessible title, grids, the legend.

The charts are inline SVG built as strings (no JavaScript, no network): the project progress chart
(app/documents/progress_chart.py) and a region's monthly rates (app/centres/regions/chart.py). Every
text that comes from data is escaped here or by the caller; coordinates are Decimals written to one
decimal, half up, so a chart is the same string on every machine.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

TENTH = Decimal("0.1")


def fmt(value: Decimal) -> str:
    """A coordinate as written into the SVG: one decimal, half up."""
    return str(Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Frame:
    """The drawing's size and the plot area inside its margins."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int

    @property
    def plot_w(self) -> int:
        return self.width - self.left - self.right

    @property
    def plot_h(self) -> int:
        return self.height - self.top - self.bottom

    @property
    def plot_bottom(self) -> int:
        return self.top + self.plot_h


def open_chart(
    frame: Frame, css_class: str, chart_id: str, title: str, description: str | None = None, *, title_id: str | None = None
) -> list[str]:
    """The ``<svg>`` start tag with its accessible name (title, and description when given) and the plot area."""
    title_id = title_id or f"{chart_id}-title"
    labelled = f"{title_id} {chart_id}-desc" if description is not None else title_id
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" id="{chart_id}" viewBox="0 0 {frame.width} {frame.height}" '
        f'width="{frame.width}" height="{frame.height}" role="img" aria-labelledby="{labelled}">',
        f'<title id="{title_id}">{escape(title)}</title>',
    ]
    if description is not None:
        parts.append(f'<desc id="{chart_id}-desc">{escape(description)}</desc>')
    parts.append(f'<rect x="{frame.left}" y="{frame.top}" width="{frame.plot_w}" height="{frame.plot_h}" class="plot-area"/>')
    return parts


def y_grid(frame: Frame, ticks) -> list[str]:
    """Horizontal grid lines with their labels on the left: ``ticks`` are (y, label) pairs."""
    parts = []
    for y, label in ticks:
        y = fmt(y)
        parts.append(f'<line x1="{frame.left}" y1="{y}" x2="{frame.left + frame.plot_w}" y2="{y}" class="grid"/>')
        parts.append(f'<text x="{frame.left - 6}" y="{y}" class="tick tick-y" text-anchor="end" dominant-baseline="middle">{escape(label)}</text>')
    return parts


def x_label(x, frame: Frame, label: str) -> str:
    """A label under the plot area, centred on ``x``."""
    return f'<text x="{fmt(x)}" y="{frame.plot_bottom + 16}" class="tick tick-x" text-anchor="middle">{escape(label)}</text>'


def legend(frame: Frame, items, *, y: int, gap: int, swatch: int, char_width: int, group: str = '<g class="legend">') -> list[str]:
    """A row of swatches and labels from the left margin: ``items`` are (swatch class, label) pairs."""
    parts, x = [group], frame.left
    for css_class, label in items:
        parts.append(f'<line x1="{x}" y1="{y}" x2="{x + swatch}" y2="{y}" class="legend-swatch {css_class}"/>')
        parts.append(f'<text x="{x + swatch + 6}" y="{y}" dominant-baseline="middle" class="legend-text">{escape(label)}</text>')
        x += gap + char_width * len(label)
    parts.append("</g>")
    return parts


def close_chart(parts: list[str]) -> str:
    return "".join(parts) + "</svg>"
