"""Migration 6f3a9d2b8c41: entries scored before it have no stored line and start stale; a real downgrade."""

import datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app.extensions import db

BEFORE = "8e5a1c3f7d62"
T0 = datetime.datetime(2024, 3, 1, 8, 0, 0)


def _insert(conn, table: str, **values) -> None:
    names = ", ".join(values)
    conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + k for k in values)})"), values)


def test_scored_entries_start_stale_and_the_downgrade_removes_the_line(empty_app):
    upgrade(revision=BEFORE)
    with db.engine.begin() as conn:
        _insert(conn, "unit", id=1, code="304001", name="单位")
        for pid in (1, 2):
            _insert(conn, "project", id=pid, unit_id=1, year=2024, name=f"项目{pid}", budget_total=1, budget_fiscal=1,
                    budget_other=0, purpose="", created_at=T0, updated_at=T0)
        # Project 1's entry was scored (figures stored, no line), project 2's is stale already.
        _insert(conn, "project_evaluation", project_id=1, status="draft", supervising_department="", execution_reason="",
                overall_actual="", review_comment="", created_at=T0, updated_at=T0, scored_at=T0, rate=0.9, score=80,
                grade="良", unmet=1, missing=0)
        _insert(conn, "project_evaluation", project_id=2, status="draft", supervising_department="", execution_reason="",
                overall_actual="", review_comment="", created_at=T0, updated_at=T0)
    upgrade(revision="6f3a9d2b8c41")
    with db.engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT project_id, scored_at, rate, score, grade, unmet, missing, line, updated_at "
            "FROM project_evaluation ORDER BY project_id"
        )).all()
    assert [tuple(row[:8]) for row in rows] == [(pid, None, None, None, None, None, None, None) for pid in (1, 2)]
    assert {str(row.updated_at) for row in rows} == {str(T0)}  # the entries themselves did not change
    downgrade(revision=BEFORE)
    assert "line" not in {c["name"] for c in inspect(db.engine).get_columns("project_evaluation")}
