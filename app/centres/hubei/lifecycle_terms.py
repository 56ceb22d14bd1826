"""A recognised centre's terms (issue 16): yearly contracts and their filing, support paid and due,
service agreements behind claimed companies, weekly reports and quarterly inspections.

One public function that writes = one transaction, audited. The rules are
``app/centres/rules/hubei_lifecycle_terms.py``; the grades come from the score pages' own
``services.centre_report`` (the engine), so funding follows exactly the grade the score page shows.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.centres.hubei import services
from app.centres.hubei.sheet import CATEGORY_LABELS
from app.centres.models import (
    Centre,
    CentreContract,
    CentrePayment,
    QuarterlyInspection,
    ServiceAgreement,
    WeeklyReport,
)
from app.centres.rules import hubei_lifecycle_terms as terms
from app.centres.rules.hubei import score_trainings
from app.centres.rules.hubei_checks import COUNTS
from app.centres.rules.hubei_drafts import EvidenceDraft, TrainingDraft
from app.centres.rules.hubei_lifecycle_drafts import AgreementDraft
from app.centres.rules.hubei_model import SERVICE_ITEMS, Category, Grade, HubeiSettings, Level, Training
from app.centres.rules.hubei_model import Centre as CentreInput
from app.centres.rules.hubei_status import grade_for
from app.domain.errors import DomainError, Problem
from app.domain.money import MoneyError, check_amount, check_cents
from app.extensions import db
from app.services import transaction

MAX_COUNT = 10**6
SETTINGS = HubeiSettings()


def calendar_from(config) -> terms.Calendar:
    """The working-day calendar of the settings (none shipped: weekends only until they are set)."""
    return terms.Calendar(
        terms.parse_days(config.get("JIXIAO_CENTRE_HOLIDAYS", "")),
        terms.parse_days(config.get("JIXIAO_CENTRE_MAKEUP_DAYS", "")),
    )


# -- contracts and the tripartite agreement's filing (001 第十条（三）) -------------------------------


def grades_of(centre: Centre, year: int) -> dict[int, Grade]:
    """The centre's grades of consecutive assessed years up to YEAR, as its score page counts them.

    A year with neither evidence nor service records has no grade (the ranking lists such a centre as
    idle, not as 较差), so it gets no support until it is assessed.
    """
    report = services.centre_report(centre, year)
    return dict(report.standing.history) if report.assessed else {}


def sign_contract(centre: Centre, year: int, signed_on: datetime.date, procurement_start: int | None = None,
                  note: str = "") -> CentreContract:
    """Sign the contract of YEAR: the first of a procurement, or a renewal after a qualified year."""
    services.check_year(year)
    contracts = list(centre.contracts)
    start = procurement_start or (contracts[-1].procurement_start if contracts else year)
    services.check_year(start)
    signed_years = [c.year for c in contracts if c.procurement_start == start]
    grades = grades_of(centre, year - 1) if year > start and (year - 1) in signed_years else {}
    problem = terms.renewal_problem(start, year, signed_years, grades)
    if problem:
        raise DomainError(problem, "year")
    if centre.revocation is not None:
        raise DomainError(f"{centre.name}已取消资格，不能签订合同", "year")
    if signed_on.year not in (year - 1, year):
        raise DomainError(f"{year} 年度合同的签订日期应在 {year - 1} 或 {year} 年", "signed_on")
    with transaction():
        contract = CentreContract(centre=centre, procurement_start=start, year=year, signed_on=signed_on,
                                  note=(note or "").strip())
        db.session.add(contract)
        if year == start:  # a new procurement: the score pages read the contract period from the centre
            centre.contract_start, centre.contract_end = start, start + SETTINGS.contract_years - 1
    return contract


def file_contract(contract: CentreContract, filed_on: datetime.date) -> CentreContract:
    """Record the day the tripartite agreement was filed; a late filing is kept and shown as late."""
    if filed_on < contract.signed_on:
        raise DomainError("报备日期不能早于协议签订日期", "filed_on")
    with transaction():
        contract.filed_on = filed_on
    return contract


def filing_of(contract: CentreContract, today: datetime.date, calendar: terms.Calendar) -> terms.Filing:
    return terms.filing_status(contract.signed_on, contract.filed_on, today, calendar)


def first_filed(centre: Centre) -> datetime.date | None:
    days = [c.filed_on for c in centre.contracts if c.filed_on is not None]
    return min(days) if days else None


# -- support per year (001 第十一条、第十二条（三）) -----------------------------------------------------


@dataclass(frozen=True)
class FundingRow:
    centre: Centre
    funding: terms.Funding
    paid: Decimal
    recovered: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.funding.amount - self.paid + self.recovered if not self.funding.revoked else Decimal("0.00")


def funding_row(centre: Centre, year: int, grades: dict[int, Grade] | None = None) -> FundingRow:
    grades = grades_of(centre, year) if grades is None else grades
    revoked_on = centre.revocation.decided_on if centre.revocation is not None else None
    funding = terms.funding_for(year, Level(centre.level), grades, first_filed(centre), revoked_on)
    paid = sum((p.amount for p in centre.payments if p.year == year), Decimal("0.00"))
    recovered = centre.revocation.recovered if centre.revocation is not None and centre.revocation.decided_on.year == year else Decimal("0.00")
    return FundingRow(centre, funding, paid, recovered)


def funding_table(year: int, unit_ids: frozenset[int] | None) -> list[FundingRow]:
    """Every centre the user sees that has a contract, with its support for YEAR."""
    centres = [c for c in listed_centres(unit_ids) if c.contracts]
    # The ranking grades every assessed centre of the year at once, with the same history as the score pages.
    grades = {row.centre.id: dict(row.standing.history) for row in services.ranking(year, unit_ids).rows}
    return [funding_row(c, year, grades.get(c.id, {})) for c in centres]


def listed_centres(unit_ids: frozenset[int] | None) -> list[Centre]:
    """The centres the units cover, with what the year's lists read of each loaded at once."""
    stmt = select(Centre).order_by(Centre.code).options(
        selectinload(Centre.contracts), selectinload(Centre.payments), selectinload(Centre.revocation),
        selectinload(Centre.weekly_reports),
    )
    return [c for c in db.session.scalars(stmt) if services.visible(c, unit_ids)]


def record_payment(centre: Centre, year: int, amount: Decimal, paid_on: datetime.date, note: str = "") -> CentrePayment:
    """Record support paid for YEAR; never more than the year's support allows."""
    services.check_year(year)
    try:
        check_cents(check_amount(amount))
    except MoneyError as err:
        raise DomainError(str(err), "amount") from None
    if amount <= 0:
        raise DomainError("拨付金额应大于 0", "amount")
    row = funding_row(centre, year)
    if row.paid + amount > row.funding.amount:
        raise DomainError(
            f"{year} 年度应支持 {row.funding.amount} 万元，已拨付 {row.paid} 万元，不能再拨付 {amount} 万元"
            f"（{'；'.join(row.funding.reasons) or '001 第十一条'}）", "amount")
    with transaction():
        payment = CentrePayment(centre=centre, year=year, amount=amount, paid_on=paid_on, note=(note or "").strip())
        db.session.add(payment)
    return payment


# -- service agreements (000 附件2) and the claims they support (000 第九条（二）2–5) --------------------


def _check_agreement(draft: AgreementDraft) -> None:
    problems = []
    if not (draft.company or "").strip():
        problems.append(Problem("company", "请填写甲方企业名称"))
    elif len(draft.company) > 200:
        problems.append(Problem("company", "企业名称不能超过 200 字"))
    code = "".join((draft.code or "").split())
    if not code or len(code) > 64:
        problems.append(Problem("code", "请填写企业的统一社会信用代码或海关注册编码（至多 64 位）"))
    if draft.start is None or draft.end is None or draft.end < draft.start:
        problems.append(Problem("end", "协议期限的截止日期不能早于起始日期"))
    if problems:
        raise DomainError(problems)


def create_agreement(centre: Centre, draft: AgreementDraft) -> ServiceAgreement:
    """Prepare a 服务协议 with a client company; it counts once its signing day is recorded."""
    _check_agreement(draft)
    with transaction():
        agreement = ServiceAgreement(centre=centre, company=draft.company.strip(), code="".join(draft.code.split()),
                                     start=draft.start, end=draft.end, items=(draft.items or "").strip())
        db.session.add(agreement)
    return agreement


def sign_agreement(agreement: ServiceAgreement, signed_on: datetime.date) -> ServiceAgreement:
    if signed_on > agreement.end:
        raise DomainError("签订日期不能晚于协议截止日期", "signed_on")
    with transaction():
        agreement.signed_on = signed_on
    return agreement


def claim_support(centre: Centre, year: int) -> list[dict]:
    """Each company the centre claims for YEAR with the agreement behind it, or 无协议支撑."""
    evidence = services.get_evidence(centre, year)
    claims = [(Category(cat), code) for cat, codes in services.claims_of(evidence).items() for code in codes]
    stored = list(centre.agreements)
    rules_agreements = [terms.Agreement(a.code, a.signed_on, a.start, a.end) for a in stored]
    out = []
    for support in terms.claim_support(year, claims, rules_agreements):
        out.append({
            "category": CATEGORY_LABELS[support.category.value], "code": support.code,
            "agreement": stored[rules_agreements.index(support.agreement)] if support.agreement else None,
            "supported": support.agreement is not None, "text": support.text,
            "reason": support.text.partition("：")[2],
        })
    return out


# -- weekly reports and quarterly inspections (000 第三条、第四条) ------------------------------------


def read_items(text: str) -> dict[str, int]:
    """Read "咨询:3" lines (one of the 14 items and a count); raise DomainError naming the line."""
    counts: Counter[str] = Counter()
    for n, line in enumerate(str(text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        item, _, count = line.replace("：", ":").partition(":")
        item = item.strip()
        if item not in SERVICE_ITEMS:
            raise DomainError(f"第 {n} 行：“{item}”不是 14 项服务项目之一（{'、'.join(SERVICE_ITEMS)}）", "items")
        if not count.strip().isdigit() or int(count) >= MAX_COUNT:
            raise DomainError(f"第 {n} 行：“{item}”的条数应为整数", "items")
        counts[item] += int(count)
    return dict(counts)


def submit_weekly(centre: Centre, week: datetime.date, reported_on: datetime.date, trainings: int, companies: int,
                  items: str, note: str = "") -> WeeklyReport:
    """000 第四条: last week's work, by item; one report per week (a second one replaces it)."""
    monday = terms.week_start(week)
    if monday >= terms.week_start(reported_on) + datetime.timedelta(7) or reported_on < monday:
        raise DomainError("只能填报已开始的周（每周一填报上周）", "week")
    counts = read_items(items)
    for key, value, label in (("trainings", trainings, "培训场次"), ("companies", companies, "服务企业数")):
        if value is None or not 0 <= value < MAX_COUNT:
            raise DomainError(f"{label}应为 0 至 999999 的整数", key)
    with transaction():
        report = db.session.scalar(select(WeeklyReport).where(WeeklyReport.centre_id == centre.id, WeeklyReport.week == monday))
        if report is None:
            report = WeeklyReport(centre=centre, week=monday)
            db.session.add(report)
        report.reported_on, report.trainings, report.companies = reported_on, trainings, companies
        report.services = sum(counts.values())
        report.items = "\n".join(f"{item}:{counts[item]}" for item in SERVICE_ITEMS if item in counts)
        report.note = (note or "").strip()
    return report


@dataclass(frozen=True)
class WeeklyStatus:
    centre: Centre
    missing: list[datetime.date]
    late: list[datetime.date]


def weekly_status(centres, year: int, as_of: datetime.date) -> list[WeeklyStatus]:
    """000 第四条: for each centre under contract in YEAR, the weeks due by AS_OF with no report, and late ones."""
    out = []
    for centre in centres:
        years = [c.year for c in centre.contracts]
        if year not in years:
            continue
        first = max(datetime.date(year, 1, 1), min(c.signed_on for c in centre.contracts if c.year == year))
        reports = [r for r in centre.weekly_reports if r.week.year == year or terms.report_due(r.week).year == year]
        missing = terms.missing_weeks([r.week for r in reports], first, datetime.date(year, 12, 31), as_of)
        late = [r.week for r in reports if r.reported_on > terms.report_due(r.week)]
        out.append(WeeklyStatus(centre, missing, late))
    return out


def record_inspection(centre: Centre, year: int, quarter: int, inspected_on: datetime.date, findings: str) -> QuarterlyInspection:
    """000 第四条: the city's quarterly inspection and its findings."""
    services.check_year(year)
    if not 1 <= quarter <= 4:
        raise DomainError("季度应为 1 至 4", "quarter")
    if not (findings or "").strip():
        raise DomainError("请填写督查情况", "findings")
    with transaction():
        row = db.session.scalar(select(QuarterlyInspection).where(
            QuarterlyInspection.centre_id == centre.id, QuarterlyInspection.year == year, QuarterlyInspection.quarter == quarter))
        if row is None:
            row = QuarterlyInspection(centre=centre, year=year, quarter=quarter)
            db.session.add(row)
        row.inspected_on, row.findings = inspected_on, findings.strip()
    return row


def missing_inspections(centre: Centre, year: int, today: datetime.date) -> list[tuple[int, datetime.date]]:
    """000 第四条: the quarters of YEAR under contract whose inspection was due by TODAY and is not recorded."""
    if year not in {c.year for c in centre.contracts}:
        return []
    done = {i.quarter for i in centre.inspections if i.year == year}
    return [(q, terms.inspection_due(year, q)) for q in range(1, 5) if q not in done and terms.inspection_due(year, q) <= today]


WEEKLY_FIGURES = {"services": "服务数据条数", "trainings": "培训场次"}


def weekly_vs_year_end(centre: Centre, year: int) -> tuple[terms.Difference, ...]:
    """000 第三条: what the weekly reports add up to against what the year's assessment counts."""
    reports = [r for r in centre.weekly_reports if r.week.year == year]
    weekly = {"services": sum(r.services for r in reports), "trainings": sum(r.trainings for r in reports)}
    evidence = services.get_evidence(centre, year)
    claimed = {
        "services": len(services.service_records(centre, year)),
        "trainings": len(evidence.trainings) if evidence else 0,
    }
    return terms.weekly_vs_claims(weekly, claimed, WEEKLY_FIGURES)


# -- the year's assessment read from the weekly reports (000 第三条) ---------------------------------


@dataclass(frozen=True)
class FigureChange:
    what: str
    clause: str
    before: str
    after: str

    @property
    def changed(self) -> bool:
        return self.before != self.after


@dataclass(frozen=True)
class WeeklyFill:
    """What 按周报汇总 would change in the year's evidence and score, before anything is saved."""

    centre: Centre
    year: int
    version: int  # the evidence's version the preview was read at (a save meanwhile is refused)
    reports: int
    added: tuple[datetime.date, ...]
    unreported: int
    figures: tuple[FigureChange, ...]
    draft: EvidenceDraft
    left_alone: tuple[tuple[str, str], ...] = terms.NO_WEEKLY_SOURCE

    @property
    def changes(self) -> bool:
        return bool(self.added)

    @property
    def added_by_week(self) -> list[tuple[datetime.date, int]]:
        return sorted(Counter(self.added).items())


def _evidence_draft(evidence, trainings: tuple[TrainingDraft, ...]) -> EvidenceDraft:
    if evidence is None:
        return EvidenceDraft(trainings=trainings)
    return EvidenceDraft(
        fixed_office=evidence.fixed_office, floor_area=evidence.floor_area, note=evidence.note,
        trainings=trainings, claims={k: tuple(v) for k, v in services.claims_of(evidence).items()},
        **{key: getattr(evidence, key) for key, _ in COUNTS},
    )


def weekly_fill(centre: Centre, year: int) -> WeeklyFill:
    """000 第三条: the year's trainings as the weekly reports count them, and what that does to the score."""
    services.check_year(year)
    reports = [r for r in centre.weekly_reports if r.week.year == year]
    evidence = services.get_evidence(centre, year)
    stored = sorted(evidence.trainings, key=lambda t: t.position) if evidence else []
    fill = terms.trainings_from_weekly([(r.week, r.trainings) for r in reports], [t.day for t in stored])
    kept = tuple(TrainingDraft(t.day, t.companies, t.title) for t in stored)
    trainings = kept + tuple(TrainingDraft(week, 0, f"据 {week:%Y-%m-%d} 周周报（参会企业数待补）") for week in fill.added)
    score = services.score_year(year, include=(centre,)).score_of(centre.code)
    parts = dict(score.parts)
    r1_before = parts["R1"]
    r1_after = score_trainings(CentreInput(centre.code, trainings=tuple(Training(t.companies, t.day) for t in trainings)),
                               services.SETTINGS).points
    total_after = score.total - r1_before + r1_after
    least = services.SETTINGS.min_training_companies

    def counted(rows) -> int:
        return sum(1 for t in rows if t.companies >= least)

    figures = (
        FigureChange("培训场次", "000 第三条、第四条", str(len(kept)), str(len(trainings))),
        FigureChange(f"参会企业 {least} 家以上的培训", "000 第九条（二）1", str(counted(kept)), str(counted(trainings))),
        FigureChange("培训得分", "000 第九条（二）1", f"{r1_before}", f"{r1_after}"),
        FigureChange("总分", "000 第六条", f"{score.total}", f"{total_after}"),
        FigureChange("等级", "000 第六条", score.grade.value, grade_for(total_after, services.SETTINGS).value),
    )
    return WeeklyFill(centre, year, services.evidence_version(evidence), len(reports), fill.added, fill.unreported,
                      figures, _evidence_draft(evidence, trainings))


def apply_weekly_fill(centre: Centre, year: int, version: str | int | None) -> WeeklyFill:
    """Save what ``weekly_fill`` previewed (read again now), audited as 按周报汇总; a save since the preview is refused."""
    fill = weekly_fill(centre, year)
    if not fill.changes:
        raise DomainError("年度考核材料已含周报所报的全部培训，无需汇总", "year")
    comment = "000 第三条：" + "；".join(f"{f.what} {f.before} → {f.after}" for f in fill.figures if f.changed)
    services.save_evidence(centre, year, fill.draft, version=version, seen=version,
                           note=("按周报汇总", comment))
    return fill
