"""The target-ranges migration re-parses every stored 指标值 with the current parser and the project's year."""

import datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db

BEFORE = "9c3e5a7d41b2"  # the revision the target-ranges migration follows
RANGES = "b7d2e4f1a9c3"


def _filler(column: sa.Column, refs: dict):
    """A value for a required column of a table as it stood before the migration."""
    for key in column.foreign_keys:
        return refs[key.column.table.name]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.Integer):
        return 2024 if column.name == "year" else 1
    if isinstance(kind, sa.Numeric):
        return Decimal("1.00")
    if isinstance(kind, sa.DateTime):
        return datetime.datetime(2024, 1, 1)
    if isinstance(kind, sa.Date):
        return datetime.date(2024, 1, 1)
    return "x"


def _insert(conn, table_name: str, refs: dict, **values) -> int:
    table = sa.Table(table_name, sa.MetaData(), autoload_with=conn)
    row = {
        c.name: _filler(c, refs)
        for c in table.columns
        if not c.nullable and not c.primary_key and c.server_default is None and c.name not in values
    }
    row.update(values)
    return conn.execute(sa.insert(table).values(**row)).inserted_primary_key[0]


OLD = [  # target_text, what the earlier parser stored (kind, comparator, value, unit, deadline)
    ("≥17台", ("quantitative", ">=", 17, "台", None)),
    ("20～30人", ("qualitative", None, None, None, None)),
    ("9月底前", ("qualitative", None, None, None, None)),
    ("2023.07-2024.01", ("qualitative", None, None, None, None)),
    ("二十人", ("qualitative", None, None, None, None)),
    ("持续提升", ("qualitative", None, None, None, None)),
]


def test_upgrade_reparses_stored_targets_and_downgrade_forgets_ranges(empty_app):
    upgrade(revision=BEFORE)
    with db.engine.begin() as conn:
        unit_id = _insert(conn, "unit", {}, code="001", name="单位")
        project_id = _insert(conn, "project", {"unit": unit_id}, year=2024, name="项目")
        for position, (text, (kind, comparator, value, unit, deadline)) in enumerate(OLD):
            _insert(conn, "indicator", {"project": project_id}, position=position, level1="产出指标",
                    level2="数量指标", name=f"指标{position}", target_text=text, target_kind=kind,
                    target_comparator=comparator, target_value=value, target_unit=unit, target_deadline=deadline)
    upgrade(revision=RANGES)
    query = sa.text("SELECT target_text, target_kind, target_comparator, target_value, target_unit, target_deadline,"
                    " target_lower, target_upper FROM indicator ORDER BY position")
    with db.engine.connect() as conn:
        rows = {r[0]: r[1:] for r in conn.execute(query)}
    assert rows["≥17台"][:2] == ("quantitative", ">=") and Decimal(str(rows["≥17台"][2])) == 17
    kind, comparator, value, unit, deadline, lower, upper = rows["20～30人"]
    assert (kind, comparator, value, unit, deadline) == ("range", None, None, "人", None)
    assert (Decimal(str(lower)), Decimal(str(upper))) == (20, 30)
    assert rows["9月底前"][0] == "deadline" and str(rows["9月底前"][4]) == "2024-09-30"  # the project's year
    assert rows["2023.07-2024.01"][0] == "deadline" and str(rows["2023.07-2024.01"][4]) == "2024-01-31"
    assert rows["二十人"][:2] == ("quantitative", "=") and rows["二十人"][3] == "人"
    assert rows["持续提升"] == ("qualitative", None, None, None, None, None, None)

    downgrade(revision=BEFORE)
    with db.engine.connect() as conn:
        columns = {c["name"] for c in sa.inspect(conn).get_columns("indicator")}
        kinds = dict(conn.execute(sa.text("SELECT target_text, target_kind FROM indicator")).all())
    assert "target_lower" not in columns and "target_upper" not in columns
    assert kinds["20～30人"] == "qualitative" and kinds["≥17台"] == "quantitative"
