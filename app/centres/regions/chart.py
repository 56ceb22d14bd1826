"""A region's monthly fill and response rates against the targets, as inline SVG drawn on the server.

No JavaScript, no network. The chart has a ``<title>`` and a ``<desc>`` (named by
``aria-labelledby``), every point a ``<title>`` with its value, and the page puts the
monthly table beside it as the text alternative. Consecutive months are joined by a
line; a month not entered leaves a gap rather than a line drawn across it.
"""

from decimal import ROUND_HALF_UP, Decimal
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 760, 360
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 20, 76
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)

SERIES = (("fill", "月度填报率"), ("response", "月度响应率"))


def _fmt(value: Decimal) -> str:
    return str(value.quantize(TENTH, rounding=ROUND_HALF_UP))


def percent(rate: Decimal) -> str:
    """A fraction as a percentage with 2 decimals: 0.8123 → 81.23%."""
    return f"{(Decimal(rate) * HUNDRED).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}%"


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
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rates-chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<rect x="{LEFT}" y="{TOP}" width="{PLOT_W}" height="{PLOT_H}" class="plot-area"/>',
    ]
    for n in range(6):  # 0%, 20%, … 100%
        rate = Decimal(n) / 5
        y = _fmt(_y(rate))
        parts.append(f'<line x1="{LEFT}" y1="{y}" x2="{LEFT + PLOT_W}" y2="{y}" class="grid"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y}" class="tick tick-y" text-anchor="end" dominant-baseline="middle">{n * 20}%</text>')
    for month in range(1, 13):
        parts.append(f'<text x="{_fmt(_x(month))}" y="{TOP + PLOT_H + 16}" class="tick tick-x" text-anchor="middle">{month}月</text>')
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
    legend_y = HEIGHT - 22
    x = LEFT
    parts.append('<g class="legend">')
    for key, label, kind in (
        ("fill", "月度填报率", "series"), ("response", "月度响应率", "series"),
        ("fill", f"填报率目标 {_target(fill_target)}", "target"), ("response", f"响应率目标 {_target(response_target)}", "target"),
    ):
        parts.append(f'<line x1="{x}" y1="{legend_y}" x2="{x + 26}" y2="{legend_y}" class="legend-swatch {kind}-{key}"/>')
        parts.append(f'<text x="{x + 32}" y="{legend_y}" dominant-baseline="middle" class="legend-text">{escape(label)}</text>')
        x += 44 + 13 * len(label)
    parts.append("</g></svg>")
    return "".join(parts)
