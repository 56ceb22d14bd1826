"""A fresh entry's summary line read from its stored columns (``score_figures.stored_line``) is exactly the checked line."""

from dataclasses import fields, replace
from decimal import Decimal

from sqlalchemy import event, select

from app.domain.access import Role
from app.extensions import db
from app.models import ProjectEvaluation
from app.services import schemes, score_figures, selfeval, selfeval_summary
from tests.factories import make_project, make_unit
from tests.selfeval.builders import entry_for


def every_kind() -> dict:
    """One project of each kind of line the summary shows, by name; two units, one on its own scheme."""
    unit, rounded = make_unit("930001", "甲"), make_unit("930002", "乙")
    schemes.choose(rounded.id, 2024, "whole-down")  # a whole-number total (74, not 74.00)
    made = {}

    def project(name, where=unit, **overrides):
        made[name] = make_project(where, code=f"K{len(made):02d}", name=name, **overrides)
        return made[name]

    selfeval.save(project("草稿"), entry_for(made["草稿"]))
    selfeval.save(project("缺偏差原因"), entry_for(made["缺偏差原因"], reasons=False))
    selfeval.save(project("未填指标"), replace(entry_for(made["未填指标"]), rows=()))
    selfeval.save(project("空白草稿"), replace(entry_for(made["空白草稿"]), rows=(), budget_adjusted=None,
                                                spent_fiscal=None, spent_carryover=None, spent_other=None))
    selfeval.save(project("调整预算"), entry_for(made["调整预算"], budget_adjusted=Decimal("30.50"), spent_carryover=None))
    selfeval.save(project("无指标"), entry_for(made["无指标"]))
    made["无指标"].indicators.clear()  # no form leaves a table without indicators; a direct edit may
    db.session.commit()
    selfeval.submit(project("已提交"), entry_for(made["已提交"]), {Role.OFFICER})
    selfeval.submit(project("已审核"), entry_for(made["已审核"]), {Role.OFFICER})
    selfeval.review(made["已审核"], "approve", {Role.REVIEWER})
    selfeval.submit(project("退回"), entry_for(made["退回"]), {Role.OFFICER})
    selfeval.review(made["退回"], "return", {Role.REVIEWER}, "请补充")
    selfeval.save(project("整数得分", rounded), entry_for(made["整数得分"]))
    selfeval.submit(project("整数得分已提交", rounded), entry_for(made["整数得分已提交"]), {Role.OFFICER})
    project("未填报")
    return made


def exact(line) -> tuple:
    """A line field by field as shown: a Decimal's digits count (85.5 is not 85.50 on the page)."""
    return tuple((f.name, repr(getattr(line, f.name))) for f in fields(line))


def test_the_stored_line_is_the_checked_line_for_every_kind_of_entry(app):
    made = every_kind()
    checked = {line.project_id: line for line in selfeval.summary(2024)}
    kinds = {(line.status, line.complete, bool(line.missing_reasons), line.indicators == 0,
              line.budget != Decimal("26.00")) for line in checked.values()}
    assert len(kinds) >= 7  # the kinds above do differ in what a line shows
    for name, project in made.items():
        db.session.expire_all()
        evaluation = db.session.scalar(select(ProjectEvaluation).where(ProjectEvaluation.project_id == project.id))
        if evaluation is None:
            assert name == "未填报"
            continue
        assert score_figures.is_fresh(evaluation), name
        assert exact(score_figures.stored_line(project, evaluation)) == exact(checked[project.id]), name
    assert checked[made["整数得分已提交"].id].score == Decimal(74) and checked[made["缺偏差原因"].id].missing_reasons


def test_the_page_reads_fresh_lines_and_checks_only_stale_ones(app, monkeypatch):
    made = every_kind()
    whole = [exact(line) for line in selfeval.summary(2024, sort="code")]
    checked = []
    real = selfeval_summary._year_end
    monkeypatch.setattr(selfeval_summary, "_year_end", lambda p, *a, **k: checked.append(p.name) or real(p, *a, **k))

    db.session.expire_all()
    assert [exact(line) for line in selfeval_summary.page(2024, sort="code", per_page=50).items] == whole
    assert checked == []

    score_figures.forget([made["草稿"].id, made["已审核"].id])
    db.session.commit()
    db.session.expire_all()
    assert [exact(line) for line in selfeval_summary.page(2024, sort="code", per_page=50).items] == whole
    assert sorted(checked) == sorted(["草稿", "已审核"])


def test_the_page_runs_the_same_queries_however_many_entries_are_stale(app):
    made = every_kind()

    def count() -> int:
        statements = []

        def listen(*args):
            statements.append(args[2])

        db.session.expire_all()
        event.listen(db.engine, "before_cursor_execute", listen)
        try:
            selfeval_summary.page(2024, sort="code", per_page=20)
        finally:
            event.remove(db.engine, "before_cursor_execute", listen)
        db.session.rollback()
        return len(statements)

    fresh = count()
    score_figures.forget([made["草稿"].id, made["无指标"].id, made["已提交"].id])
    db.session.commit()
    assert count() == fresh
