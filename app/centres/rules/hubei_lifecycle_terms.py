"""A recognised centre's terms: contracts, the filing window, funding, agreements, weekly reports.

Seed 001 第十条（三）、第十一条、第十二条（三）; seed 000 第三条、第四条、第九条（二）2–5 and 附件2.
Pure rules over plain values; each cites its clause.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from app.centres.rules.common import number_text
from app.centres.rules.hubei_model import Category, Grade, HubeiSettings, Level
from app.centres.rules.hubei_status import consequences

# --- Working days (001 第十条（三）: 协议签订之日起15个工作日内报备) -----------------------------------

FILING_WORKING_DAYS = 15


@dataclass(frozen=True)
class Calendar:
    """Which days are working days: Monday to Friday, less HOLIDAYS, plus MAKEUP_DAYS (调休上班).

    The product ships no holiday list (none could be checked against the State Council's notice
    here); ``JIXIAO_CENTRE_HOLIDAYS`` / ``JIXIAO_CENTRE_MAKEUP_DAYS`` set them.
    """

    holidays: frozenset[date] = frozenset()
    makeup_days: frozenset[date] = frozenset()

    def is_working(self, day: date) -> bool:
        """Tell whether DAY is a working day."""
        if day in self.makeup_days:
            return True
        return day.weekday() < 5 and day not in self.holidays


def parse_days(text: str) -> frozenset[date]:
    """Read "2025-01-01, 2025-01-28..2025-02-04" (single days and inclusive ranges); raise ValueError."""
    days: set[date] = set()
    for part in str(text or "").replace("，", ",").replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        first, _, last = part.partition("..")
        try:
            start = date.fromisoformat(first.strip())
            end = date.fromisoformat(last.strip()) if last else start
        except ValueError:
            raise ValueError(f"“{part}”不是日期，应写作 YYYY-MM-DD 或 YYYY-MM-DD..YYYY-MM-DD") from None
        if end < start or (end - start).days > 366:
            raise ValueError(f"“{part}”不是有效的日期区间")
        days.update(start + timedelta(n) for n in range((end - start).days + 1))
    return frozenset(days)


def add_working_days(start: date, count: int, calendar: Calendar) -> date:
    """The COUNTth working day after START (the day of START itself is not counted)."""
    day, left = start, count
    while left > 0:
        day += timedelta(1)
        if calendar.is_working(day):
            left -= 1
    return day


def working_days_between(start: date, end: date, calendar: Calendar) -> int:
    """Working days after START up to and including END (0 when END is not after START)."""
    return sum(1 for n in range(1, (end - start).days + 1) if calendar.is_working(start + timedelta(n)))


@dataclass(frozen=True)
class Filing:
    """Where the tripartite agreement's filing stands (001 第十条（三）)."""

    signed: date
    due: date
    filed: date | None
    late: bool
    days_left: int | None  # working days left while not filed; negative once past due
    message: str
    clause: str = "001 第十条（三）"


def filing_status(signed: date, filed: date | None, today: date, calendar: Calendar) -> Filing:
    """Say whether the tripartite agreement was, or still can be, filed within 15 working days."""
    due = add_working_days(signed, FILING_WORKING_DAYS, calendar)
    if filed is not None:
        late = filed > due
        used = working_days_between(signed, filed, calendar)
        text = f"签订后第 {used} 个工作日报备" + (f"，超过 {FILING_WORKING_DAYS} 个工作日（应于 {due:%Y-%m-%d} 前）" if late else "")
        return Filing(signed, due, filed, late, None, text)
    if today <= due:
        left = working_days_between(today, due, calendar)
        return Filing(signed, due, None, False, left, f"尚未报备：应于 {due:%Y-%m-%d} 前报备，还剩 {left} 个工作日")
    over = working_days_between(due, today, calendar)
    return Filing(signed, due, None, True, -over, f"尚未报备，已超过报备期限 {due:%Y-%m-%d}（{over} 个工作日）")


# --- Contracts inside a three-year procurement (001 第十条（三）) ------------------------------------


def qualified(grade: Grade | None) -> bool:
    """Reading: a year-end assessment is 合格 unless graded 较差 (the lowest of 001 第十二条's four)."""
    return grade is not None and grade is not Grade.POOR


def renewal_problem(first_year: int, year: int, signed_years: Iterable[int], grades: dict[int, Grade],
                    settings: HubeiSettings | None = None) -> str:
    """Why a contract for YEAR may not be signed in the procurement starting FIRST_YEAR ("" when it may)."""
    settings = settings or HubeiSettings()
    last = first_year + settings.contract_years - 1
    signed = set(signed_years)
    if not first_year <= year <= last:
        return f"001 第十条（三）：采购服务周期为 {first_year}–{last} 年，{year} 年须重新采购确定承接机构"
    if year in signed:
        return f"001 第十条（三）：合同一年一签，{year} 年的合同已签订"
    if year == first_year:
        return ""
    if year - 1 not in signed:
        return f"001 第十条（三）：{year - 1} 年未签合同，不能续签 {year} 年"
    grade = grades.get(year - 1)
    if grade is None:
        return f"001 第十条（三）：{year - 1} 年度末期评估尚无结果，评估合格后方可续签"
    if not qualified(grade):
        return f"001 第十条（三）：{year - 1} 年度末期评估为“{grade.value}”（不合格），不予续签"
    return ""


# --- Yearly support (001 第十一条、第十二条（三）) ----------------------------------------------------


@dataclass(frozen=True)
class Funding:
    """One centre's support for one year, in 万元, and why."""

    year: int
    grade: Grade | None
    base: Decimal
    amount: Decimal
    revoked: bool
    tender_priority: bool
    reasons: tuple[str, ...]


def funding_for(year: int, level: Level, grades: dict[int, Grade], filed_on: date | None,
                revoked_on: date | None = None, settings: HubeiSettings | None = None) -> Funding:
    """The support of YEAR from the grades of consecutive years up to it (001 第十一条、第十二条（三））."""
    settings = settings or HubeiSettings()
    base = settings.national_support if level is Level.NATIONAL else settings.provincial_support
    grade = grades.get(year)
    reasons: list[str] = []
    if filed_on is None:
        return Funding(year, grade, base, Decimal(0), False, False, ("001 第十一条：尚未报省商务厅备案，不予支持",))
    if grade is None:
        return Funding(year, None, base, Decimal(0), False, False, (f"001 第十二条（三）(1)：{year} 年尚无考核等次",))
    history = []
    y = year
    while y in grades:  # a year without a grade breaks the run (as the score pages read it)
        history.insert(0, grades[y])
        y -= 1
    result = consequences(tuple(history), level, settings)
    amount = result.support
    reasons.extend(result.reasons)
    # 001 第十一条: 备案后服务期限需满一年以上 — read as a full year served by the end of YEAR.
    if filed_on > date(year, 1, 1) and amount:
        amount = Decimal(0)
        reasons.append(f"001 第十一条：{filed_on:%Y-%m-%d} 备案，至 {year} 年末服务期限未满一年，不予支持")
    revoked = result.revoked or (revoked_on is not None and revoked_on.year <= year)
    if revoked_on is not None and revoked_on.year <= year and amount:
        amount = Decimal(0)
        reasons.append(f"001 第十三条：{revoked_on:%Y-%m-%d} 已取消资格，不予支持")
    return Funding(year, grade, base, amount, revoked, result.tender_priority, tuple(reasons))


def funding_text(funding: Funding) -> str:
    """One line for pages and exports: "30 万元" or "不予支持"."""
    return f"{number_text(funding.amount)} 万元" if funding.amount else "不予支持"


# --- Service agreements behind claimed companies (000 第九条（二）2–5, 附件2) -----------------------


@dataclass(frozen=True)
class Agreement:
    """A 服务协议 signed with a client company (000 附件2)."""

    code: str  # the company's 统一社会信用代码 or 海关注册编码, as the claims list it
    signed: date | None  # None: generated, not yet signed
    start: date
    end: date


@dataclass(frozen=True)
class ClaimSupport:
    category: Category
    code: str
    agreement: Agreement | None
    text: str


def claim_support(year: int, claims: Iterable[tuple[Category, str]], agreements: Iterable[Agreement]) -> tuple[ClaimSupport, ...]:
    """Link each claimed company to a signed agreement covering part of YEAR, or say why it has none (无协议支撑)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    by_code: dict[str, list[Agreement]] = {}
    for agreement in agreements:
        by_code.setdefault("".join(agreement.code.split()).upper(), []).append(agreement)
    out = []
    for category, code in claims:
        found = by_code.get("".join(code.split()).upper(), [])
        signed = [a for a in found if a.signed is not None and a.signed <= last]
        valid = [a for a in signed if a.start <= last and a.end >= first]
        clause = f"000 第九条（二）{2 + list(Category).index(category)}"
        if valid:
            best = max(valid, key=lambda a: a.signed)
            out.append(ClaimSupport(category, code, best, f"{clause}：服务协议 {best.signed:%Y-%m-%d} 签订"))
        elif signed:
            out.append(ClaimSupport(category, code, None, f"{clause}：服务协议期限不含 {year} 年"))
        elif found:
            out.append(ClaimSupport(category, code, None, f"{clause}：服务协议尚未签订"))
        else:
            out.append(ClaimSupport(category, code, None, f"{clause}：无服务协议"))
    return tuple(out)


# --- Weekly reports and quarterly inspections (000 第三条、第四条) --------------------------------


def week_start(day: date) -> date:
    """The Monday of DAY's week."""
    return day - timedelta(day.weekday())


def report_due(week: date) -> date:
    """000 第四条: 每周一 reports the previous week, so week W is due on the Monday after it."""
    return week_start(week) + timedelta(7)


def due_weeks(first: date, last: date, as_of: date) -> list[date]:
    """The Mondays of the weeks from FIRST to LAST whose report was due by AS_OF."""
    weeks, week = [], week_start(first)
    while week <= last and report_due(week) <= as_of:
        weeks.append(week)
        week += timedelta(7)
    return weeks


def missing_weeks(reported: Iterable[date], first: date, last: date, as_of: date) -> list[date]:
    """The weeks due by AS_OF with no report (000 第四条)."""
    have = {week_start(d) for d in reported}
    return [w for w in due_weeks(first, last, as_of) if w not in have]


def inspection_due(year: int, quarter: int) -> date:
    """000 第四条: 季度督查情况于下一季度初报省商务厅 — read as the first day of the next quarter."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"季度应为 1–4，现为 {quarter}")
    return date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)


@dataclass(frozen=True)
class Difference:
    what: str
    weekly: int
    claimed: int

    @property
    def gap(self) -> int:
        return self.claimed - self.weekly

    @property
    def text(self) -> str:
        if not self.gap:
            return f"{self.what}：周报合计 {self.weekly}，年终申报 {self.claimed}，一致"
        sign = "多" if self.gap > 0 else "少"
        return f"{self.what}：周报合计 {self.weekly}，年终申报 {self.claimed}，年终{sign}报 {abs(self.gap)}"


def weekly_vs_claims(weekly: dict[str, int], claimed: dict[str, int], labels: dict[str, str]) -> tuple[Difference, ...]:
    """000 第三条: what the weekly reports add up to against what the year end claims, figure by figure."""
    return tuple(Difference(labels[key], weekly.get(key, 0), claimed.get(key, 0)) for key in labels)


# --- The year's assessment read from the weekly reports (000 第三条) ---------------------------------

# What the score reads that no weekly report carries: left as the year's evidence has it (000 第四条 lists
# what a weekly report holds: services by item, trainings, companies served).
NO_WEEKLY_SOURCE = (
    ("000 第九条（一）1", "办公场地、工作人员"),
    ("000 第九条（一）2", "参加会议、活动次数"),
    ("000 第九条（一）3", "有效投诉、有损行为"),
    ("000 第九条（二）1", "每场培训的参会企业数（周报只报场次）"),
    ("000 第九条（二）2–5", "认定企业名单（周报的服务企业数不含企业代码）"),
    ("000 第九条（二）6、（三）1、3", "服务数据：按每条服务记录（服务对象、事项、日期、评价）计分，周报只报各项条数"),
    ("000 第九条（三）2", "表扬、典型发言、正面宣传次数"),
)


@dataclass(frozen=True)
class TrainingFill:
    """The trainings to add to the year's evidence so it counts what the weekly reports count."""

    added: tuple[date, ...]  # the Monday of the week of each training to add, one per training
    unreported: int  # stored trainings beyond what their week's report counts (kept)


def trainings_from_weekly(weekly: Iterable[tuple[date, int]], stored: Iterable[date | None]) -> TrainingFill:
    """000 第三条: the year's assessment reads its trainings from the weekly reports (000 第四条: 培训场次 by week).

    A week that reports more trainings than the evidence has on days of that week gets the shortfall
    added; a stored training with no day makes up the earliest shortfall (its week is unknown). Nothing
    stored is removed: trainings beyond their week's count are counted in ``unreported``.
    """
    have: dict[date, int] = {}
    undated = 0
    for day in stored:
        if day is None:
            undated += 1
        else:
            have[week_start(day)] = have.get(week_start(day), 0) + 1
    counts: dict[date, int] = {}
    for week, count in weekly:
        counts[week_start(week)] = counts.get(week_start(week), 0) + max(0, count)
    added: list[date] = []
    for week in sorted(counts):
        short = max(0, counts[week] - have.get(week, 0))
        covered = min(short, undated)
        undated -= covered
        added.extend([week] * (short - covered))
    unreported = undated + sum(max(0, n - counts.get(week, 0)) for week, n in have.items())
    return TrainingFill(tuple(added), unreported)
