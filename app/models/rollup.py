"""Projects counted and summed per year and unit (``project_rollup``), kept by the database itself.

The project list and the 自评 summary show, above their page, how many projects match and their
budgets and indicators summed. Unfiltered by a search, that is a sum over the rollup's rows (one per
unit and year: 2,000 for a province) rather than over every project (50,000). Triggers on
``project`` (the same on PostgreSQL, statement level with transition tables, and on SQLite, row
level) add a new project's figures, take a deleted one's away, and move a changed one's, whatever
wrote it (the ORM, Core statements, COPY, imports, ``jixiao load``). Money is kept in whole cents
(SQLite stores NUMERIC as floating point). A row whose projects all left stays, at zero.

Made by migration 4b7e2d9c1a63 and, for schemas built by ``create_all`` (the tests), by the
listener below, which also fills the table from the projects already there.
"""

from sqlalchemy import BigInteger, Index, Integer, event
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class ProjectRollup(db.Model):
    """One unit's projects of one year: how many, their budgets (cents) and indicators."""

    __tablename__ = "project_rollup"
    __table_args__ = (Index("ix_project_rollup_unit_id", "unit_id"),)

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # no foreign key: a unit's row may outlive it at zero
    projects: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_total: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_fiscal: Mapped[int] = mapped_column(BigInteger, default=0)
    budget_other: Mapped[int] = mapped_column(BigInteger, default=0)
    indicators: Mapped[int] = mapped_column(BigInteger, default=0)


FIGURES = ("projects", "budget_total", "budget_fiscal", "budget_other", "indicators")
WATCHED = ("budget_total", "budget_fiscal", "budget_other", "year", "unit_id", "indicator_count")


def _cents(dialect: str, column: str) -> str:
    if dialect == "postgresql":
        return f"({column} * 100)::bigint"  # NUMERIC is exact there
    return f"CAST(round({column} * 100) AS INTEGER)"


def _upsert(dialect: str, source: str, sign: str) -> str:
    """Add (sign '+') or take away ('-') the figures of ``source``'s projects, grouped by year and unit."""
    values = (f"{sign}count(*)", f"{sign}sum({_cents(dialect, 'budget_total')})", f"{sign}sum({_cents(dialect, 'budget_fiscal')})",
              f"{sign}sum({_cents(dialect, 'budget_other')})", f"{sign}sum(indicator_count)")
    sets = ", ".join(f"{name} = project_rollup.{name} + excluded.{name}" for name in FIGURES)
    return (
        f"INSERT INTO project_rollup (year, unit_id, {', '.join(FIGURES)}) "
        f"SELECT year, unit_id, {', '.join(values)} FROM {source} WHERE year IS NOT NULL GROUP BY year, unit_id "
        f"ORDER BY year, unit_id ON CONFLICT (year, unit_id) DO UPDATE SET {sets}"
    )


def _upsert_row(dialect: str, row: str, sign: str) -> str:
    """SQLite's row-level form: one project's figures (``NEW`` or ``OLD``) added or taken away."""
    values = (f"{sign}1", f"{sign}{_cents(dialect, row + '.budget_total')}", f"{sign}{_cents(dialect, row + '.budget_fiscal')}",
              f"{sign}{_cents(dialect, row + '.budget_other')}", f"{sign}{row}.indicator_count")
    sets = ", ".join(f"{name} = project_rollup.{name} + excluded.{name}" for name in FIGURES)
    # SQLite's upsert after a SELECT wants a WHERE clause (its parsing ambiguity): WHERE true
    return (
        f"INSERT INTO project_rollup (year, unit_id, {', '.join(FIGURES)}) "
        f"SELECT {row}.year, {row}.unit_id, {', '.join(values)} WHERE true "
        f"ON CONFLICT (year, unit_id) DO UPDATE SET {sets};"
    )


def sqlite_ddl() -> list[str]:
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)
    return [
        f"CREATE TRIGGER IF NOT EXISTS project_rollup_insert AFTER INSERT ON project BEGIN {_upsert_row('sqlite', 'NEW', '')} END",
        f"CREATE TRIGGER IF NOT EXISTS project_rollup_delete AFTER DELETE ON project BEGIN {_upsert_row('sqlite', 'OLD', '-')} END",
        f"CREATE TRIGGER IF NOT EXISTS project_rollup_update AFTER UPDATE OF {', '.join(WATCHED)} ON project WHEN {changed} "
        f"BEGIN {_upsert_row('sqlite', 'OLD', '-')} {_upsert_row('sqlite', 'NEW', '')} END",
    ]


def postgresql_ddl() -> list[str]:
    # only the rows whose counted columns changed (a status or version change moves nothing and locks no rollup row)
    differ = (f"FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ({', '.join('n.' + c for c in WATCHED)}) "
              f"IS DISTINCT FROM ({', '.join('o.' + c for c in WATCHED)})")
    both = (f"(SELECT n.year, n.unit_id, n.budget_total, n.budget_fiscal, n.budget_other, n.indicator_count, 1 AS sign {differ} "
            f"UNION ALL SELECT o.year, o.unit_id, -o.budget_total, -o.budget_fiscal, -o.budget_other, -o.indicator_count, -1 {differ}) AS moved")
    sets = ", ".join(f"{name} = project_rollup.{name} + excluded.{name}" for name in FIGURES)
    moved = (
        f"INSERT INTO project_rollup (year, unit_id, {', '.join(FIGURES)}) "
        f"SELECT year, unit_id, sum(sign), sum({_cents('postgresql', 'budget_total')}), sum({_cents('postgresql', 'budget_fiscal')}), "
        f"sum({_cents('postgresql', 'budget_other')}), sum(indicator_count) FROM {both} "
        f"GROUP BY year, unit_id ORDER BY year, unit_id ON CONFLICT (year, unit_id) DO UPDATE SET {sets}"
    )
    return [
        f"""
CREATE OR REPLACE FUNCTION project_rollup_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_upsert('postgresql', 'new_rows', '')};
    ELSIF TG_OP = 'DELETE' THEN
        {_upsert('postgresql', 'old_rows', '-')};
    ELSE
        {moved};
    END IF;
    RETURN NULL;
END
$$
""",
        "CREATE OR REPLACE TRIGGER project_rollup_insert AFTER INSERT ON project REFERENCING NEW TABLE AS new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION project_rollup_changed()",
        "CREATE OR REPLACE TRIGGER project_rollup_delete AFTER DELETE ON project REFERENCING OLD TABLE AS old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION project_rollup_changed()",
        # PostgreSQL allows no column list on a trigger with transition tables: every UPDATE, moved by difference
        "CREATE OR REPLACE TRIGGER project_rollup_update AFTER UPDATE ON project "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_rollup_changed()",
    ]


def fill_ddl(dialect: str) -> str:
    """Fill the table from the projects there (the migration, and a schema built by ``create_all``)."""
    return _upsert(dialect, "project", "")


def trigger_ddl(dialect: str) -> list[str]:
    return postgresql_ddl() if dialect == "postgresql" else sqlite_ddl() if dialect == "sqlite" else []


@event.listens_for(db.metadata, "after_create")
def _create_triggers(target, connection, **kw) -> None:
    if not {"project_rollup", "project"} <= set(target.tables):
        return
    for statement in trigger_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(fill_ddl(connection.dialect.name))
