"""Migration 5c1e9a7d3b20 (issue 14): project.indicator_count filled from the indicator rows; a real downgrade."""

import datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app.extensions import db
from tests.conftest import PG_URL

BEFORE = "7b2f4c8e1a95"
T0 = datetime.datetime(2024, 3, 1, 8, 0, 0)


def _insert(conn, table: str, **values) -> None:
    names = ", ".join(values)
    conn.execute(text(f"INSERT INTO {table} ({names}) VALUES ({', '.join(':' + k for k in values)})"), values)


def test_the_count_is_filled_from_the_rows_and_the_downgrade_removes_it(empty_app):
    upgrade(revision=BEFORE)
    with db.engine.begin() as conn:
        _insert(conn, "unit", id=1, code="304001", name="单位")
        for pid, indicators in ((1, 3), (2, 0), (3, 1)):
            _insert(conn, "project", id=pid, unit_id=1, year=2024, name=f"项目{pid}", budget_total=1, budget_fiscal=1,
                    budget_other=0, purpose="", created_at=T0, updated_at=T0)
            for n in range(indicators):
                _insert(conn, "indicator", project_id=pid, position=n, level1="产出指标", level2="数量指标", name=f"指标{n}",
                        description="", target_text="≥1次", target_kind="quantitative", basis="")
    upgrade(revision="5c1e9a7d3b20")
    with db.engine.connect() as conn:
        counts = conn.execute(text("SELECT id, indicator_count FROM project ORDER BY id")).all()
        assert [tuple(row) for row in counts] == [(1, 3), (2, 0), (3, 1)]
    indexes = {index["name"] for index in inspect(db.engine).get_indexes("project")}
    assert {"ix_project_list", "ix_project_name_trgm", "ix_project_code_trgm"} <= indexes
    if PG_URL:
        with db.engine.connect() as conn:
            kinds = dict(conn.execute(text(
                "SELECT c.relname, am.amname FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relname LIKE 'ix_project_%'"
            )).all())
        assert kinds["ix_project_name_trgm"] == "gin" and kinds["ix_project_list"] == "btree"
    downgrade(revision=BEFORE)
    assert "indicator_count" not in {c["name"] for c in inspect(db.engine).get_columns("project")}
    assert not {"ix_project_list", "ix_project_name_trgm"} & {i["name"] for i in inspect(db.engine).get_indexes("project")}
