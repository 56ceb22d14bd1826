"""The project progress chart as inline SVG, drawn on the server (no JavaScript, no network).

Three series over the fiscal year, cumulative 万元: the plan (``series-plan``), the
payments (``series-actual``, a staircase up to the as-of date) and the time benchmark
序时进度 × budget (``series-benchmark``), with a legend and a line at the as-of date.
Curves are lists of (date, amount): the amount at the close of that day.
"""

import datetime
from decimal import Decimal
from xml.sax.saxutils import escape

from app.documents.svg import Frame, close_chart, legend, open_chart, x_label, y_grid
from app.documents.svg import fmt as _fmt
from app.domain.money import format_money

FRAME = Frame(820, 380, 64, 24, 20, 84)
LEFT, TOP, PLOT_W, PLOT_H = FRAME.left, FRAME.top, FRAME.plot_w, FRAME.plot_h

SERIES = (
    ("plan", "资金支出计划（累计）"),
    ("actual", "实际支出（累计）"),
    ("benchmark", "序时进度（预算数 × 已过月份 ÷ 12）"),
)


def _nice_top(value: Decimal) -> Decimal:
    """A round upper bound for the amount axis (five ticks of 1, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ)."""
    if value <= 0:
        return Decimal(1)
    step = value / 5
    exponent = step.adjusted()
    base = Decimal(10) ** exponent
    for factor in (1, 2, Decimal("2.5"), 3, 4, 5, 6, 8, 10):
        if base * factor >= step:
            return base * factor * 5
    return base * 50  # pragma: no cover


class _Scale:
    def __init__(self, year: int, top: Decimal):
        self.origin = datetime.date(year, 1, 1) - datetime.timedelta(days=1)
        self.days = Decimal((datetime.date(year, 12, 31) - self.origin).days)
        self.top = top

    def x(self, day: datetime.date) -> Decimal:
        days = min(max(Decimal((day - self.origin).days), Decimal(0)), self.days)
        return LEFT + PLOT_W * days / self.days

    def y(self, amount: Decimal) -> Decimal:
        return TOP + PLOT_H - PLOT_H * min(amount, self.top) / self.top

    def points(self, curve) -> str:
        return " ".join(f"{_fmt(self.x(d))},{_fmt(self.y(a))}" for d, a in curve)


def chart_svg(year: int, budget: Decimal, plan, actual, benchmark, as_of: datetime.date, marks=None) -> str:
    """The chart as an ``<svg>`` element (a string safe to insert into the page).

    ``marks`` (series key → amount at ``as_of``, None to skip one) puts a labelled point on
    each series at the as-of date: the numbers of the progress table, on the chart.
    """
    highest = max([budget] + [a for _, a in plan] + [a for _, a in actual] + [a for _, a in benchmark])
    scale = _Scale(year, _nice_top(highest))
    parts = open_chart(FRAME, "progress-chart", "progress-chart", f"{year} 年度累计支出：计划、实际与序时进度（万元）", title_id="chart-title")
    # amount axis: six lines, 0 to the top
    parts += y_grid(FRAME, [(scale.y(scale.top * n / 5), format_money(scale.top * n / 5)) for n in range(6)])
    for month in range(1, 13):
        end = datetime.date(year, month % 12 + 1, 1) - datetime.timedelta(days=1) if month < 12 else datetime.date(year, 12, 31)
        x = _fmt(scale.x(end))
        middle = (scale.x(end) + scale.x(datetime.date(year, month, 1) - datetime.timedelta(days=1))) / 2
        parts.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{TOP + PLOT_H}" class="grid grid-month"/>')
        parts.append(x_label(middle, FRAME, f"{month}月"))
    parts.append(f'<text x="14" y="{TOP + PLOT_H / 2}" class="axis-label" transform="rotate(-90 14 {TOP + PLOT_H / 2})" text-anchor="middle">万元</text>')
    if datetime.date(year, 1, 1) <= as_of <= datetime.date(year, 12, 31):
        x = _fmt(scale.x(as_of))
        parts.append(f'<line x1="{x}" y1="{TOP}" x2="{x}" y2="{TOP + PLOT_H}" class="as-of" id="as-of-line"/>')
        parts.append(f'<text x="{x}" y="{TOP + 12}" class="as-of-label" text-anchor="start" dx="4">截至 {as_of.isoformat()}</text>')
    for key, curve in (("benchmark", benchmark), ("plan", plan), ("actual", actual)):
        if curve:
            parts.append(
                f'<polyline class="series series-{key}" id="series-{key}" fill="none" points="{scale.points(curve)}">'
                f"<title>{escape(dict(SERIES)[key])}</title></polyline>"
            )
    for d, amount in plan[1:]:
        if d.day != 1:  # the checkpoints of the plan, marked
            parts.append(
                f'<circle class="point point-plan" cx="{_fmt(scale.x(d))}" cy="{_fmt(scale.y(amount))}" r="3">'
                f"<title>{d.month}月底计划 {format_money(amount)} 万元</title></circle>"
            )
    last = min(as_of, datetime.date(year, 12, 31))
    if marks and as_of >= datetime.date(year, 1, 1):
        for key, label in SERIES:
            amount = marks.get(key)
            if amount is None:
                continue
            parts.append(
                f'<circle class="as-of-point as-of-point-{key}" id="as-of-{key}" data-amount="{format_money(amount)}" '
                f'cx="{_fmt(scale.x(last))}" cy="{_fmt(scale.y(amount))}" r="4">'
                f"<title>截至 {as_of.isoformat()} {escape(label.split('（')[0])} {format_money(amount)} 万元</title></circle>"
            )
    parts += legend(
        FRAME, [(f"legend-{key}", label) for key, label in SERIES], y=FRAME.height - 24, gap=40, swatch=28, char_width=14,
        group='<g class="legend" id="chart-legend">',
    )
    return close_chart(parts)
