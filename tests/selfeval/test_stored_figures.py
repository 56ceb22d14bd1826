"""The summary's figures stored on each year-end entry (app/services/score_figures.py) equal the computed ones
after every write, and the summary ordered by them is ``selfeval.summary``'s."""

import json
import re
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.domain.access import Role
from app.domain.projects import CheckpointDraft
from app.extensions import db
from app.models import Indicator, Project, ProjectEvaluation
from app.services import projects, schemes, score_figures, selfeval, selfeval_summary
from app.services.selfeval import SORT_KEYS
from tests.conftest import login
from tests.factories import INDICATORS, make_draft, make_project, make_unit, make_user
from tests.job_support import complete, job_of
from tests.selfeval.builders import GRADE, TOTAL, entry_for
from tests.selfeval.test_scheme_choice import WHOLE_DOWN


def stored(project) -> ProjectEvaluation:
    db.session.expire_all()
    return db.session.scalar(select(ProjectEvaluation).where(ProjectEvaluation.project_id == project.id))


def computed(project) -> dict:
    """The figures the summary's line gives now (the rules, not the store)."""
    db.session.expire_all()
    line = next(row for row in selfeval.summary(project.year) if row.project_id == project.id)
    return score_figures.figures(line)


def figures_of(evaluation: ProjectEvaluation) -> dict:
    return {key: getattr(evaluation, key) for key in ("rate", "score", "grade", "unmet", "missing")}


def assert_fresh(project) -> ProjectEvaluation:
    evaluation = stored(project)
    assert evaluation.scored_at is not None, "stale"
    assert figures_of(evaluation) == computed(project)
    return evaluation


def test_a_save_and_a_submit_store_the_figures_they_score(app):
    project = make_project()
    selfeval.save(project, entry_for(project, reasons=False))
    draft = assert_fresh(project)
    assert (draft.score, draft.grade, draft.rate) == (TOTAL, GRADE, Decimal("0.8731"))
    assert draft.missing == 4 and draft.unmet == 3  # three targets missed, the execution rate under 90%

    selfeval.save(project, entry_for(project))
    assert stored(project).missing == 0
    selfeval.submit(project, entry_for(project), {Role.OFFICER})
    assert stored(project).status == "submitted"
    assert_fresh(project)


def test_a_blank_draft_is_stored_with_no_score(app):
    project = make_project()
    selfeval.save(project, replace(entry_for(project), rows=(), spent_fiscal=None, spent_carryover=None, spent_other=None))
    evaluation = assert_fresh(project)
    assert evaluation.score is None and evaluation.grade is None and evaluation.rate is None


def test_a_return_rescores_by_the_units_scheme_and_a_reopen_too(app):
    project = make_project()
    selfeval.submit(project, entry_for(project), {Role.OFFICER})
    schemes.choose(project.unit_id, project.year, "whole-down")
    assert stored(project).score == TOTAL  # submitted: keeps its scheme
    assert_fresh(project)

    selfeval.review(project, "return", {Role.REVIEWER}, "请补充")
    assert stored(project).score == WHOLE_DOWN  # returned: editable again, the unit's scheme applies
    assert_fresh(project)

    selfeval.submit(project, entry_for(project), {Role.OFFICER})
    selfeval.review(project, "approve", {Role.REVIEWER})
    assert_fresh(project)
    selfeval.review(project, "reopen", {Role.REVIEWER}, "数据有误")
    assert assert_fresh(project).status == "returned"


def budget(amount: str) -> dict:
    """A draft's budget of ``amount`` 万元, all fiscal, planned to be spent by December."""
    return {"budget_total": Decimal(amount), "budget_fiscal": Decimal(amount),
            "checkpoints": (CheckpointDraft(12, Decimal(amount)),)}


def test_an_edit_of_the_table_rescores_the_entry(app):
    project = make_project()
    selfeval.save(project, entry_for(project))
    before = figures_of(assert_fresh(project))
    assert before["score"] == TOTAL

    # 活动参与率 ≥95% → ≥80%: the actual 80% now meets it; the budget 26 → 30 changes nothing (adjusted 26 given).
    indicators = (INDICATORS[0], replace(INDICATORS[1], target_text="≥80%"), *INDICATORS[2:])
    projects.update_project(project, make_draft(indicators=indicators, **budget("30.00")))
    after = assert_fresh(project)
    assert after.score > before["score"] and after.unmet == before["unmet"] - 1

    # An indicator dropped: its row goes, the score follows.
    project = db.session.get(Project, project.id)
    projects.update_project(project, make_draft(indicators=indicators[:5]))
    assert_fresh(project)

    # A change of the project's budget alone, as the entry leaves 全年预算数 blank.
    selfeval.save(project, replace(entry_for(project), budget_adjusted=None))
    projects.update_project(project, make_draft(indicators=indicators[:5], **budget("40.00")))
    assert assert_fresh(project).rate == Decimal("0.5675")


def test_an_indicator_changed_through_the_orm_alone_is_rescored(app):
    project = make_project()
    selfeval.save(project, entry_for(project))
    indicator = db.session.scalar(select(Indicator).where(Indicator.project_id == project.id, Indicator.name == "活动参与率"))
    indicator.target_text = "≥80%"
    db.session.commit()
    assert stored(project).unmet == 2
    assert_fresh(project)


def test_a_scheme_change_rescores_the_drafts_and_never_a_submitted_one(app):
    unit = make_unit()
    draft = make_project(unit, code="D1")
    submitted = make_project(unit, code="S1")
    other_year = make_project(unit, code="Y1", year=2025, indicators=tuple(
        replace(i, target_text="2025年12月底") if i.name == "完成时限" else i for i in INDICATORS))
    for project in (draft, submitted, other_year):
        selfeval.save(project, entry_for(project))
    selfeval.submit(submitted, entry_for(submitted), {Role.OFFICER})

    schemes.choose(unit.id, 2024, "whole-down")
    assert stored(draft).score == WHOLE_DOWN
    assert stored(submitted).score == TOTAL
    assert stored(other_year).score == assert_fresh(other_year).score
    for project in (draft, submitted):
        assert_fresh(project)


def test_many_drafts_are_left_stale_and_the_summary_says_so_never_silently_wrong(app, monkeypatch):
    unit = make_unit()
    made = [make_project(unit, code=f"P{n}") for n in range(4)]
    for n, project in enumerate(made):
        selfeval.save(project, entry_for(project, spent_fiscal=Decimal(20 - n)))
    monkeypatch.setattr(score_figures, "INLINE", 2)
    schemes.choose(unit.id, 2024, "whole-down")
    assert all(stored(p).scored_at is None and stored(p).score is None for p in made)  # no wrong figure kept

    page = selfeval_summary.page(2024, None, "score", True)
    assert page.stale == 4 and [r.project_id for r in page.items] == [p.id for p in made]  # unit and id order, last

    monkeypatch.setattr(score_figures, "INLINE", 200)
    page = selfeval_summary.page(2024, None, "score", True)  # few now: rescored on the way
    assert page.stale == 0 and page.items == selfeval.summary(2024, None, "score", True)
    for project in made:
        assert_fresh(project)


@pytest.mark.parametrize("sort", ["rate", "score", "grade", "unmet", "missing"])
def test_the_summary_sorted_by_a_stored_figure_is_the_python_sorted_one(app, sort):
    from tests.selfeval.test_summary_page import grow

    grow()
    schemes.choose(db.session.scalar(select(Project.unit_id).limit(1)), 2024, "whole-down")
    for descending in (False, True):
        whole = selfeval.summary(2024, None, sort, descending)
        page = selfeval_summary.page(2024, None, sort, descending, 1, per_page=len(whole))
        assert page.stale == 0 and page.items == whole
        assert [SORT_KEYS[sort](r) for r in page.items] == [SORT_KEYS[sort](r) for r in whole]


def test_the_scheme_page_starts_a_rescore_job_and_the_job_rescores_every_draft(job_app, monkeypatch):
    unit = make_unit()
    admin = login(job_app.test_client(), make_user("admin", ["admin"]))
    made = [make_project(unit, code=f"P{n}") for n in range(3)]
    for project in made:
        selfeval.save(project, entry_for(project))
    selfeval.submit(made[2], entry_for(made[2]), {Role.OFFICER})
    monkeypatch.setattr(score_figures, "INLINE", 1)

    response = admin.post("/admin/schemes", data={"unit_id": unit.id, "year": 2024, "scheme": "whole-down"})
    job_id = job_of(response)
    complete(job_app, job_id)
    db.session.expire_all()
    page = admin.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "自评得分重算" in page and "已重算 2 个项目的自评得分" in page
    assert [stored(p).score for p in made] == [WHOLE_DOWN, WHOLE_DOWN, TOTAL]
    for project in made:
        assert_fresh(project)


def test_the_summary_page_shows_the_rescore_notice_and_starts_the_job(job_app, monkeypatch):
    unit = make_unit()
    officer = login(job_app.test_client(), make_user("officer", ["officer"], [unit]))
    made = [make_project(unit, code=f"P{n}") for n in range(3)]
    for project in made:
        selfeval.save(project, entry_for(project))
    monkeypatch.setattr(score_figures, "INLINE", 1)
    schemes.choose(unit.id, 2024, "whole-down")

    html = officer.get(f"/selfeval/?year=2024&unit={unit.id}&sort=score&dir=desc").get_data(as_text=True)
    assert "排名正在重算：3 个项目的自评得分有变" in html and "后台重算任务" in html
    job_id = re.search(r'href="/jobs/([0-9a-f-]{36})">后台重算任务', html).group(1)
    complete(job_app, job_id)
    html = officer.get(f"/selfeval/?year=2024&unit={unit.id}&sort=score&dir=desc").get_data(as_text=True)
    assert "排名正在重算" not in html
    assert [stored(p).score for p in made] == [WHOLE_DOWN] * 3


def test_a_rescore_job_refuses_a_unit_the_user_cannot_read(app):
    from app.domain.errors import DomainError
    from app.services.jobs import Context

    mine, theirs = make_unit("920001", "甲"), make_unit("920002", "乙")
    officer = make_user("officer", ["officer"], [mine])
    job = Context("x", {"year": 2024, "unit_id": theirs.id}, officer, None, lambda n, total, message: None)
    with pytest.raises(DomainError, match="无权重算该单位"):
        score_figures.rescore_kind(job)


def test_a_new_indicator_appended_before_its_flush_is_noted_by_its_project(app):
    """An indicator appended to a project's collection has no project_id until the flush: noted by its parent."""
    project = make_project()
    selfeval.save(project, entry_for(project))
    before = stored(project).missing
    project = db.session.get(Project, project.id)
    project.indicators.append(Indicator(level1="产出指标", level2="数量指标", name="新增", target_text="持续提升",
                                        target_kind="qualitative", position=99))
    db.session.commit()
    assert stored(project).missing == before  # no actual yet: incomplete, not a missing reason
    assert_fresh(project)


def test_jixiao_selfeval_rescore_stores_the_stale_figures(app):
    unit = make_unit()
    made = [make_project(unit, code=f"P{n}") for n in range(2)]
    for project in made:
        selfeval.save(project, entry_for(project))
    score_figures.forget([p.id for p in made])  # as after an upgrade: no figures yet
    db.session.commit()
    runner = app.test_cli_runner()

    result = runner.invoke(args=["selfeval", "rescore", "--year", "2024", "--unit", unit.code, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"year": 2024, "unit": unit.code, "rescored": 2}
    for project in made:
        assert_fresh(project)

    result = runner.invoke(args=["selfeval", "rescore", "--year", "2024", "--unit", "999999"])
    assert result.exit_code != 0 and "没有编码为 999999 的预算单位" in result.output
    assert "Traceback" not in result.output
