"""Seed 001 (认定管理办法) and 000 (考核办法) for a centre's life: each test names its article."""

from datetime import date
from decimal import Decimal

import pytest

from app.centres.rules import hubei_lifecycle as life
from app.centres.rules import hubei_lifecycle_terms as terms
from app.centres.rules.hubei_model import Category, Grade, Level
from app.centres.rules.hubei_status import Staffing
from app.domain.errors import DomainError

E, G, F, P = Grade.EXCELLENT, Grade.GOOD, Grade.FAIR, Grade.POOR
GOOD_OPERATOR = life.Operator("湖北某外贸服务有限公司", "91420100MA4K0000X1", True, True, True, True)
ALL_MATERIALS = frozenset(key for key, _ in life.MATERIALS)


def application(**changes):
    values = dict(kind=life.Kind.ESTABLISH, operator=GOOD_OPERATOR, level=Level.NATIONAL,
                  floor_area=Decimal(80), staffing=Staffing(5, 2, 1, 1), materials=ALL_MATERIALS)
    values.update(changes)
    return life.Application(**values)


def test_a_complete_application_meets_001_articles_6_7_10():
    """第六条、第七条、第十条: a national centre with 80 ㎡, 5 staff (2/1/1) and every material."""
    assert life.check_application(application(), day=date(2025, 3, 1)) == ()


@pytest.mark.parametrize(("field", "clause"), [
    ("legal_person", "001 第十条（一）1"), ("trade_qualified", "001 第十条（一）2"),
    ("clean_record", "001 第十条（一）3"), ("not_discredited", "001 第十条（一）3"),
])
def test_article_10_1_operator_conditions(field, clause):
    """第十条（一）: 独立法人资格, 外贸经营者资质, 3年内无不良记录, 未列入失信名单."""
    operator = life.Operator(**{**GOOD_OPERATOR.__dict__, field: False})
    gaps = life.check_application(application(operator=operator), day=date(2025, 3, 1))
    assert [g.clause for g in gaps] == [clause]


def test_article_10_2_seven_materials_with_the_seventh_optional():
    """第十条（二）: seven kinds of material; 1–6 required, 7.其他可资证明的材料 optional (a reading)."""
    assert len(life.MATERIALS) == 7
    assert life.missing_materials(ALL_MATERIALS - {"other"}) == ()
    gaps = life.missing_materials(frozenset({"declaration", "other"}))
    assert [g.clause for g in gaps] == [f"001 第十条（二）{n}" for n in range(2, 7)]
    assert "法人代表签字所提供材料真实有效的申明" in gaps[-1].text


@pytest.mark.parametrize(("level", "floor", "staffing", "ok"), [
    (Level.NATIONAL, "80", Staffing(5, 2, 1, 1), True),
    (Level.NATIONAL, "79.99", Staffing(5, 2, 1, 1), False),  # 第六条: 不少于80平方米
    (Level.NATIONAL, "80", Staffing(4, 2, 1, 1), False),  # 第七条: 不少于5名
    (Level.NATIONAL, "80", Staffing(5, 1, 1, 1), False),  # 第七条: 3年以上不少于2人
    (Level.PROVINCIAL, "50", Staffing(3, 1, 1, 1), True),
    (Level.PROVINCIAL, "49", Staffing(3, 1, 1, 1), False),  # 第六条: 50平方米
    (Level.PROVINCIAL, "50", Staffing(2, 1, 1, 1), False),  # 第七条: 不少于3名
])
def test_articles_6_and_7_space_and_staff_by_park_level(level, floor, staffing, ok):
    """第六条 (80/50 ㎡) and 第七条 (5/3 staff, 2/1 experienced, 1 declarant, 1 linguist)."""
    gaps = life.check_application(application(level=level, floor_area=Decimal(floor), staffing=staffing), day=date(2025, 1, 2))
    assert (gaps == ()) is ok
    assert all(g.clause in ("001 第六条", "001 第七条第一款", "001 第七条第二款") for g in gaps)


def test_space_and_staff_are_not_checked_for_a_revocation():
    """第九条（四）: a 撤销 application is about an existing centre, not a new site."""
    gaps = life.check_application(application(kind=life.Kind.REVOKE, floor_area=Decimal(0)), day=date(2025, 1, 2))
    assert gaps == ()


def test_article_14_blacklisted_operator_is_refused_at_application():
    """第十四条: 列入全省外综服中心承办企业黑名单 — checked at every new application, codes compared loosely."""
    entry = life.BlacklistEntry("91420100ma4k0000x1", "湖北某外贸服务有限公司", "001 第十四条", date(2024, 5, 1))
    gaps = life.check_application(application(), blacklist=[entry], day=date(2030, 1, 1))
    assert [g.clause for g in gaps] == ["001 第十四条"]
    assert "黑名单" in gaps[0].text


def test_000_article_7_two_year_bar_ends():
    """000 第七条: 两年内该承办公司不得再次申报."""
    ground = life.ground("poor_twice")
    entry = life.blacklist_entry_for(ground, GOOD_OPERATOR, date(2025, 3, 10))
    assert (entry.clause, entry.until) == ("000 第七条", date(2027, 3, 10))
    assert life.blacklist_hits(GOOD_OPERATOR.credit_code, [entry], date(2027, 3, 9))
    assert life.blacklist_hits(GOOD_OPERATOR.credit_code, [entry], date(2027, 3, 10)) == ()


# --- 第九条（三）: 县区申请 → 市州审核 → 省厅核准 -------------------------------------------------

C, Y, V = life.Tier.COUNTY, life.Tier.CITY, life.Tier.PROVINCE


def test_article_9_3_review_path():
    """第九条（三）: 由县（市、区）商务局提出申请，经所在市州商务局报省商务厅核准."""
    stage = life.advance(None, "apply", {C})
    assert stage is life.Stage.APPLIED
    stage = life.advance(stage, "forward", {Y})
    assert stage is life.Stage.FORWARDED
    assert life.advance(stage, "approve", {V}) is life.Stage.APPROVED


@pytest.mark.parametrize(("stage", "action", "tiers", "words"), [
    ("draft", "forward", {Y}, "不能审核并报省厅"),
    ("applied", "approve", {V}, "不能核准"),  # the province never skips the city
    ("applied", "forward", {C}, "只有市州商务局"),
    ("forwarded", "approve", {Y}, "只有省商务厅"),
    ("approved", "apply", {C}, "不能提出申请"),
    ("refused", "apply", {C}, "不能提出申请"),
])
def test_article_9_3_steps_out_of_turn_are_refused(stage, action, tiers, words):
    """第九条（三）: each tier acts at its own step only."""
    with pytest.raises(DomainError, match=words):
        life.advance(stage, action, tiers)


@pytest.mark.parametrize("action,stage", [("city_return", "applied"), ("province_return", "forwarded"), ("refuse", "forwarded")])
def test_article_9_3_refusals_need_a_reason(action, stage):
    """第九条（三）: a return or refusal carries its reason."""
    tier = Y if action == "city_return" else V
    with pytest.raises(DomainError) as err:
        life.advance(stage, action, {tier}, reason="  ")
    assert err.value.problems[0].field == "reason"
    assert life.advance(stage, action, {tier}, reason="场地证明不全") in (life.Stage.RETURNED, life.Stage.REFUSED)


def test_article_9_3_no_approval_while_requirements_are_unmet():
    """第九条（三） with 第六条: the city cannot forward, nor the province approve, an application with gaps."""
    gaps = life.check_application(application(floor_area=Decimal(60)), day=date(2025, 1, 2))
    with pytest.raises(DomainError, match="001 第六条"):
        life.advance("applied", "forward", {Y}, gaps=gaps)
    with pytest.raises(DomainError, match="不少于 80 平方米"):
        life.advance("forwarded", "approve", {V}, gaps=gaps)


def test_available_steps_by_tier():
    assert [s.action for s in life.available_steps("forwarded", {V})] == ["approve", "province_return", "refuse"]
    assert life.available_steps("forwarded", {C, Y}) == []


# --- 第十三条、第十四条: revocation -----------------------------------------------------------------


def test_article_13_grounds_are_the_four_of_the_article():
    """第十三条（一）–（四）, plus 第十二条（三）(2) and 第十四条."""
    clauses = [g.clause for g in life.GROUNDS]
    assert clauses[:4] == [f"001 第十三条（{n}）" for n in "一二三四"]
    assert {"001 第十二条（三）(2)", "001 第十四条"} <= set(clauses)


def test_article_14_fund_abuse_recovers_everything_and_blacklists():
    """第十四条: 立即取消其承办资格，追回已拨付资金，并将其列入黑名单."""
    with pytest.raises(DomainError, match="应追回已拨付资金 70 万元"):
        life.check_revocation("fund_abuse", Decimal(30), Decimal(70), "虚报服务数据套取补助")
    chosen = life.check_revocation("fund_abuse", Decimal(70), Decimal(70), "虚报服务数据套取补助")
    entry = life.blacklist_entry_for(chosen, GOOD_OPERATOR, date(2025, 6, 1))
    assert (entry.clause, entry.until) == ("001 第十四条", None)


def test_article_13_revocation_checks_amounts_and_details():
    """第十三条: the ground is one of the article's, the recovered amount never exceeds what was paid."""
    with pytest.raises(DomainError, match="超过已拨付"):
        life.check_revocation("penalty", Decimal(50), Decimal(40), "行政处罚决定书")
    with pytest.raises(DomainError, match="写明"):
        life.check_revocation("penalty", Decimal(0), Decimal(40), "")
    with pytest.raises(DomainError, match="未知"):
        life.check_revocation("whim", Decimal(0), Decimal(40), "x")
    chosen = life.check_revocation("penalty", Decimal(0), Decimal(40), "行政处罚决定书")
    assert life.blacklist_entry_for(chosen, GOOD_OPERATOR, date(2025, 6, 1)) is None


# --- 第十条（三）: contracts and the 15 working days -------------------------------------------------

NO_HOLIDAYS = terms.Calendar()


@pytest.mark.parametrize(("signed", "due"), [
    (date(2025, 3, 3), date(2025, 3, 24)),  # a Monday: three weeks of five days
    (date(2025, 3, 7), date(2025, 3, 28)),  # a Friday: the day of signing is not counted
    (date(2025, 3, 8), date(2025, 3, 28)),  # a Saturday
])
def test_article_10_3_fifteen_working_days_skip_weekends(signed, due):
    """第十条（三）: 在协议签订之日起15个工作日内 … 报备."""
    assert terms.add_working_days(signed, 15, NO_HOLIDAYS) == due
    assert terms.working_days_between(signed, due, NO_HOLIDAYS) == 15


def test_article_10_3_holidays_and_makeup_days_are_a_setting():
    """第十条（三）: a configured holiday moves the deadline; a 调休 Saturday counts."""
    holidays = terms.parse_days("2025-05-01..2025-05-05")
    calendar = terms.Calendar(holidays, terms.parse_days("2025-04-27"))
    # From Friday 25 April: 27 April (调休) + 28–30 April = 4, 6–9 May = 8, 12–16 May = 13, 19–20 May = 15.
    assert terms.add_working_days(date(2025, 4, 25), 15, calendar) == date(2025, 5, 20)
    assert terms.add_working_days(date(2025, 4, 25), 15, NO_HOLIDAYS) == date(2025, 5, 16)
    with pytest.raises(ValueError, match="2025-13-01"):
        terms.parse_days("2025-13-01")


def test_article_10_3_filing_warns_before_and_after_the_deadline():
    """第十条（三）: the product counts working days and warns."""
    signed = date(2025, 3, 3)
    pending = terms.filing_status(signed, None, date(2025, 3, 20), NO_HOLIDAYS)
    assert (pending.late, pending.days_left) == (False, 2) and "还剩 2 个工作日" in pending.message
    overdue = terms.filing_status(signed, None, date(2025, 3, 26), NO_HOLIDAYS)
    assert overdue.late and overdue.days_left == -2
    late = terms.filing_status(signed, date(2025, 3, 25), date(2025, 4, 1), NO_HOLIDAYS)
    assert late.late and "第 16 个工作日" in late.message
    assert not terms.filing_status(signed, date(2025, 3, 24), date(2025, 4, 1), NO_HOLIDAYS).late


@pytest.mark.parametrize(("year", "signed", "grades", "words"), [
    (2024, [], {}, ""),  # the first year of the procurement
    (2025, [2024], {2024: G}, ""),  # 年度末期评估合格的续签合同
    (2025, [2024], {2024: P}, "不予续签"),  # 不合格的可不予续签
    (2025, [2024], {}, "尚无结果"),
    (2026, [2024], {2024: G}, "2025 年未签合同"),
    (2025, [2024, 2025], {2024: G}, "已签订"),  # 一年一签
    (2027, [2024, 2025, 2026], {2026: E}, "重新采购"),  # 采购服务周期原则上为3年
    (2023, [], {}, "重新采购"),
])
def test_article_10_3_contract_renewed_only_after_a_qualified_year(year, signed, grades, words):
    """第十条（三）: 采购服务周期3年，合同一年一签，年度末期评估合格的续签合同."""
    problem = terms.renewal_problem(2024, year, signed, grades)
    assert (words in problem) if words else problem == ""
    assert problem == "" or problem.startswith("001 第十条（三）")


# --- 第十一条、第十二条（三）: funding by park level and grade ---------------------------------------


@pytest.mark.parametrize(("level", "grades", "amount", "revoked", "priority"), [
    (Level.NATIONAL, {2025: G}, 40, False, False),  # 第十一条: 国家级 40万元/年
    (Level.PROVINCIAL, {2025: F}, 30, False, False),  # 省级 30万元/年
    (Level.NATIONAL, {2025: P}, 0, False, False),  # 第十二条（三）(2): 较差不享受当年资金支持
    (Level.NATIONAL, {2024: P, 2025: P}, 0, True, False),  # 连续两年较差: 取消承办资质
    (Level.NATIONAL, {2023: P, 2025: P}, 0, False, False),  # not running: 2024 has no grade
    (Level.PROVINCIAL, {2023: E, 2024: E, 2025: E}, 30, False, True),  # 第十二条（三）(3)
])
def test_articles_11_and_12_yearly_support(level, grades, amount, revoked, priority):
    """第十一条 (40万/30万) and 第十二条（三）(2)(3)."""
    funding = terms.funding_for(2025, level, grades, filed_on=date(2023, 1, 1))
    assert (funding.amount, funding.revoked, funding.tender_priority) == (Decimal(amount), revoked, priority)
    assert all(r.startswith("001 第十") for r in funding.reasons)


def test_article_11_service_term_of_a_full_year_after_filing():
    """第十一条: 报省商务厅备案后，服务期限需满一年以上 (read: a full year served by the year's end)."""
    assert terms.funding_for(2025, Level.NATIONAL, {2025: G}, date(2025, 1, 1)).amount == 40
    late = terms.funding_for(2025, Level.NATIONAL, {2025: G}, date(2025, 3, 1))
    assert late.amount == 0 and "未满一年" in late.reasons[-1]
    unfiled = terms.funding_for(2025, Level.NATIONAL, {2025: G}, None)
    assert unfiled.amount == 0 and "备案" in unfiled.reasons[0]
    assert terms.funding_text(unfiled) == "不予支持"


def test_article_13_no_support_once_revoked():
    """第十三条: a revoked centre gets no support from the year of revocation."""
    funding = terms.funding_for(2025, Level.NATIONAL, {2025: G}, date(2023, 1, 1), revoked_on=date(2025, 7, 1))
    assert funding.amount == 0 and funding.revoked


# --- 000 第九条（二）2–5 and 附件2: claims supported by a service agreement -----------------------


def test_000_article_9_claims_need_a_signed_agreement_for_the_year():
    """000 第九条（二）2–5: 数据以企业名称全称、编码和服务协议为依据 — a claim without one is 无协议支撑."""
    agreements = [
        terms.Agreement("A1", date(2025, 2, 1), date(2025, 2, 1), date(2026, 1, 31)),
        terms.Agreement("B2", None, date(2025, 1, 1), date(2025, 12, 31)),
        terms.Agreement("C3", date(2023, 1, 1), date(2023, 1, 1), date(2024, 12, 31)),
    ]
    claims = [(Category.REGISTERED, "a1"), (Category.FIRST_TRADE, "B2"), (Category.GROWTH10, "C3"), (Category.DOUBLED, "D4")]
    support = terms.claim_support(2025, claims, agreements)
    assert [s.agreement is not None for s in support] == [True, False, False, False]
    assert [s.text.split("：")[0] for s in support] == [f"000 第九条（二）{n}" for n in (2, 3, 4, 5)]
    assert "尚未签订" in support[1].text and "不含 2025 年" in support[2].text and "无服务协议" in support[3].text


# --- 000 第三条、第四条: weekly reports and quarterly inspections ---------------------------------


def test_000_article_4_each_monday_reports_the_previous_week():
    """000 第四条: 每周一 … 将上周工作情况汇总 … 上报."""
    assert terms.report_due(date(2025, 3, 5)) == date(2025, 3, 10)
    weeks = terms.due_weeks(date(2025, 3, 3), date(2025, 12, 31), as_of=date(2025, 3, 24))
    assert weeks == [date(2025, 3, 3), date(2025, 3, 10), date(2025, 3, 17)]
    assert terms.missing_weeks([date(2025, 3, 12)], date(2025, 3, 3), date(2025, 12, 31), date(2025, 3, 24)) == [
        date(2025, 3, 3), date(2025, 3, 17)]


def test_000_article_4_quarterly_inspection_reported_at_the_next_quarter():
    """000 第四条: 形成季度督查情况，于下一季度初报省商务厅."""
    assert terms.inspection_due(2025, 1) == date(2025, 4, 1)
    assert terms.inspection_due(2025, 4) == date(2026, 1, 1)
    with pytest.raises(ValueError):
        terms.inspection_due(2025, 5)


def test_000_article_3_weekly_totals_against_year_end_claims():
    """000 第三条: 平台数据每周汇总 … 年终综合考核 — the difference is shown."""
    diffs = terms.weekly_vs_claims({"services": 470, "trainings": 2}, {"services": 480, "trainings": 2},
                                   {"services": "服务数据", "trainings": "培训场次"})
    assert [d.gap for d in diffs] == [10, 0]
    assert "年终多报 10" in diffs[0].text and "一致" in diffs[1].text


def test_000_article_3_the_year_reads_its_trainings_from_the_weekly_reports():
    """000 第三条: 平台数据每周汇总 … 年终综合考核 — a week's 培训场次 (第四条) the evidence lacks is added."""
    mon = date(2025, 3, 3)
    fill = terms.trainings_from_weekly(
        [(mon, 2), (date(2025, 3, 12), 1), (date(2025, 3, 17), 0)],  # the second week given by a Wednesday
        [date(2025, 3, 5), date(2025, 3, 20)],  # one of the first week's two; one the 17th's report does not count
    )
    assert fill.added == (mon, date(2025, 3, 10))
    assert fill.unreported == 1
    # A training with no day makes up the earliest week short of one; nothing reported, nothing added.
    assert terms.trainings_from_weekly([(mon, 1), (date(2025, 3, 10), 1)], [None]).added == (date(2025, 3, 10),)
    assert terms.trainings_from_weekly([], [None, date(2025, 3, 5)]) == terms.TrainingFill((), 2)
    assert [clause for clause, _ in terms.NO_WEEKLY_SOURCE][0] == "000 第九条（一）1"
