"""A region's monthly fill and response rates against the targets, as inline SVG drawn on the server.

No JavaScript, no network. The chart has a ``<title>`` and a ``<desc>`` (named by
``aria-labelledby``), every point a ``<title>`` with its value, and the page puts the
monthly table beside it as the text alternative. Consecutive months are joined by a
line; a month not entered leaves a gap rather than a line drawn across it.
"""

from decimal import Decimal

from app.documents.svg import Frame, close_chart, legend, open_chart, x_label, y_grid
from app.documents.svg import fmt as _fmt
from app.domain.numbers import HUNDRED, percent_fixed

FRAME = Frame(760, 360, 56, 24, 20, 76)
LEFT, TOP, PLOT_W, PLOT_H = FRAME.left, FRAME.top, FRAME.plot_w, FRAME.plot_h

SERIES = (("fill", "月度填报率"), ("response", "月度响应率"))


def percent(rate: Decimal) -> str:
    """A fraction as a percentage with 2 decimals: 0.8123 → 81.23%."""
    return percent_fixed(Decimal(rate))


def _target(rate: Decimal) -> str:
    """A target as written in seed 002: 0.8 → 80%."""
    text = format((Decimal(rate) * HUNDRED).normalize(), "f")
    return f"{text}%"


def _x(month: int) -> Decimal:
    return LEFT + PLOT_W * (Decimal(month) - Decimal("0.5")) / 12


def _y(rate: Decimal) -> Decimal:
    rate = min(max(Decimal(rate), Decimal(0)), Decimal(1))
    return TOP + PLOT_H - PLOT_H * rate


def _runs(points):
    """Split (month, rate) points into runs of consecutive months."""
    runs, run = [], []
    for month, rate in points:
        if run and month != run[-1][0] + 1:
            runs.append(run)
            run = []
        run.append((month, rate))
    if run:
        runs.append(run)
    return runs


def rates_chart(title: str, months, fill_target: Decimal, response_target: Decimal, chart_id: str = "rates-chart") -> str:
    """The chart as an ``<svg>`` string; MONTHS are dicts with month, fill_rate, response_rate (fractions)."""
    months = sorted(months, key=lambda m: m["month"])
    given = "、".join(f"{m['month']}月" for m in months) or "无"
    description = (
        f"横轴为 1 至 12 月，纵轴为 0% 至 100%。已录入月份：{given}。"
        f"虚线为目标：填报率 {_target(fill_target)}，响应率 {_target(response_target)}。各月数值见图下的月度数据表。"
    )
    parts = open_chart(FRAME, "rates-chart", chart_id, title, description)
    parts += y_grid(FRAME, [(_y(Decimal(n) / 5), f"{n * 20}%") for n in range(6)])  # 0%, 20%, … 100%
    parts += [x_label(_x(month), FRAME, f"{month}月") for month in range(1, 13)]
    for key, target, label in (("fill", fill_target, "填报率目标"), ("response", response_target, "响应率目标")):
        y = _fmt(_y(target))
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + PLOT_W}" y2="{y}" class="target target-{key}" id="{chart_id}-target-{key}">'
            f"<title>{label} {_target(target)}</title></line>"
        )
    for key, label in SERIES:
        points = [(m["month"], Decimal(m[f"{key}_rate"])) for m in months]
        for run in _runs(points):
            if len(run) > 1:
                coords = " ".join(f"{_fmt(_x(month))},{_fmt(_y(rate))}" for month, rate in run)
                parts.append(f'<polyline class="series series-{key}" fill="none" points="{coords}"/>')
        for month, rate in points:
            parts.append(
                f'<circle class="point point-{key}" cx="{_fmt(_x(month))}" cy="{_fmt(_y(rate))}" r="4">'
                f"<title>{month}月{label} {percent(rate)}</title></circle>"
            )
    items = [
        ("series-fill", "月度填报率"), ("series-response", "月度响应率"),
        ("target-fill", f"填报率目标 {_target(fill_target)}"), ("target-response", f"响应率目标 {_target(response_target)}"),
    ]
    parts += legend(FRAME, items, y=FRAME.height - 22, gap=44, swatch=26, char_width=13)
    return close_chart(parts)
