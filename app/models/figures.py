"""Stored per-project 支出进度 figures: what does not depend on the as-of date or the readings.

``project_figure`` holds, per project, in whole cents: the budget (latest adjustment, else 预算数),
whether the project is an error row, its payments (all, before the year, by each month end of the
year) and its spending plan capped at the budget. ``app.services.progress_figures`` fills missing
or stale rows from the base tables and reads the as-of figures off the stored ones.

What keeps a row right is the database itself: triggers (the same on PostgreSQL and SQLite, made by
migration 3d8b6f1c9e27 and, for schemas built by ``create_all``, by the listener below) give every
new project a stale row, and mark a project's row stale on every INSERT, UPDATE or DELETE of its
payments, budget adjustments and spending checkpoints, and on a change of its 预算数, year or unit,
whatever wrote them (the ORM, Core statements, COPY, the API, imports). So every project has a row,
and a list finds the rows to recompute through a partial index (``stale = 1``). Marking is an upsert that raises ``gen``: a fill computed
from an older snapshot writes only where ``gen`` is still the one it read, so a write committed
during a fill is never lost (the row stays stale and the next read recomputes it). A deleted
project takes its row with it (ON DELETE CASCADE).
"""

import secrets

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, event, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.payments import Payment

MONTHS = range(1, 13)


class ProjectFigure(db.Model):
    """One project's as-of independent figures (cents); all NULL while the row is only a stale mark."""

    __tablename__ = "project_figure"
    __table_args__ = (
        Index("ix_project_figure_year_unit_id", "year", "unit_id"),
        Index("ix_project_figure_stale", "year", postgresql_where=text("stale = 1"), sqlite_where=text("stale = 1")),
    )

    project_id: Mapped[int] = mapped_column(ForeignKey("project.id", ondelete="CASCADE"), primary_key=True)
    year: Mapped[int]  # the project's, kept by the triggers: a list reads its rows without the project
    unit_id: Mapped[int]
    gen: Mapped[int] = mapped_column(Integer, default=0)  # raised by every write that marks the row stale
    stale: Mapped[int] = mapped_column(Integer, default=1)  # 1: recompute before reading
    budget: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[int | None] = mapped_column(Integer)  # budget ≤ 0, or a plan the domain refuses
    paid_all: Mapped[int | None] = mapped_column(BigInteger)
    paid_before: Mapped[int | None] = mapped_column(BigInteger)  # dated before 1 January of the year
    # paid up to the end of each month of the year
    paid_m1: Mapped[int | None] = mapped_column(BigInteger)
    paid_m2: Mapped[int | None] = mapped_column(BigInteger)
    paid_m3: Mapped[int | None] = mapped_column(BigInteger)
    paid_m4: Mapped[int | None] = mapped_column(BigInteger)
    paid_m5: Mapped[int | None] = mapped_column(BigInteger)
    paid_m6: Mapped[int | None] = mapped_column(BigInteger)
    paid_m7: Mapped[int | None] = mapped_column(BigInteger)
    paid_m8: Mapped[int | None] = mapped_column(BigInteger)
    paid_m9: Mapped[int | None] = mapped_column(BigInteger)
    paid_m10: Mapped[int | None] = mapped_column(BigInteger)
    paid_m11: Mapped[int | None] = mapped_column(BigInteger)
    paid_m12: Mapped[int | None] = mapped_column(BigInteger)
    # the largest shortfall (capped checkpoint − paid by its month end) of the checkpoints up to each month
    short_m1: Mapped[int | None] = mapped_column(BigInteger)
    short_m2: Mapped[int | None] = mapped_column(BigInteger)
    short_m3: Mapped[int | None] = mapped_column(BigInteger)
    short_m4: Mapped[int | None] = mapped_column(BigInteger)
    short_m5: Mapped[int | None] = mapped_column(BigInteger)
    short_m6: Mapped[int | None] = mapped_column(BigInteger)
    short_m7: Mapped[int | None] = mapped_column(BigInteger)
    short_m8: Mapped[int | None] = mapped_column(BigInteger)
    short_m9: Mapped[int | None] = mapped_column(BigInteger)
    short_m10: Mapped[int | None] = mapped_column(BigInteger)
    short_m11: Mapped[int | None] = mapped_column(BigInteger)
    short_m12: Mapped[int | None] = mapped_column(BigInteger)
    # each month's checkpoint capped at the budget (NULL: the plan has none that month)
    plan_c1: Mapped[int | None] = mapped_column(BigInteger)
    plan_c2: Mapped[int | None] = mapped_column(BigInteger)
    plan_c3: Mapped[int | None] = mapped_column(BigInteger)
    plan_c4: Mapped[int | None] = mapped_column(BigInteger)
    plan_c5: Mapped[int | None] = mapped_column(BigInteger)
    plan_c6: Mapped[int | None] = mapped_column(BigInteger)
    plan_c7: Mapped[int | None] = mapped_column(BigInteger)
    plan_c8: Mapped[int | None] = mapped_column(BigInteger)
    plan_c9: Mapped[int | None] = mapped_column(BigInteger)
    plan_c10: Mapped[int | None] = mapped_column(BigInteger)
    plan_c11: Mapped[int | None] = mapped_column(BigInteger)
    plan_c12: Mapped[int | None] = mapped_column(BigInteger)


class FigureEpoch(db.Model):
    """One row: a token replaced whenever the stored figures change (``app.services.figure_cache``).

    A fill replaces it in its own transaction; so do the triggers below for the two changes that
    reach a list without a stale mark: a stored row deleted (its project deleted) and a unit's code
    changed (the tie-break of the lagging-first order). A list's totals and order remembered under
    one token are valid while the token is the same and no row is stale.
    """

    __tablename__ = "project_figure_epoch"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(40))


# The range of payments between a stored month end and the as-of date is read by day.
Index("ix_payment_day", Payment.__table__.c.day, Payment.__table__.c.project_id, Payment.__table__.c.amount)

# The tables whose rows carry a project_id and feed the figures.
SOURCES = ("payment", "project_budget_adjustment", "spending_checkpoint")


def _mark_sqlite(ids: str) -> str:
    return (
        "INSERT INTO project_figure (project_id, year, unit_id, gen, stale) "
        f"SELECT id, year, unit_id, 1, 1 FROM project WHERE id IN ({ids}) "
        "ON CONFLICT (project_id) DO UPDATE SET stale = 1, gen = project_figure.gen + 1, "
        "year = excluded.year, unit_id = excluded.unit_id;"
    )


def sqlite_ddl() -> list[str]:
    """SQLite's triggers (row level: SQLite has no statement triggers)."""
    out = []
    for table in SOURCES:
        for when, ids in (("INSERT", "NEW.project_id"), ("UPDATE", "NEW.project_id, OLD.project_id"),
                          ("DELETE", "OLD.project_id")):
            out.append(f"CREATE TRIGGER IF NOT EXISTS {table}_figure_{when.lower()} AFTER {when} ON {table} "
                       f"BEGIN {_mark_sqlite(ids)} END")
    out.append(f"CREATE TRIGGER IF NOT EXISTS project_figure_insert AFTER INSERT ON project BEGIN {_mark_sqlite('NEW.id')} END")
    out.append(
        "CREATE TRIGGER IF NOT EXISTS project_figure_update AFTER UPDATE OF budget_total, year, unit_id ON project "
        "WHEN OLD.budget_total IS NOT NEW.budget_total OR OLD.year IS NOT NEW.year OR OLD.unit_id IS NOT NEW.unit_id "
        f"BEGIN {_mark_sqlite('NEW.id')} END"
    )
    out += SQLITE_EPOCH
    return out


SQLITE_NEW_EPOCH = "UPDATE project_figure_epoch SET token = lower(hex(randomblob(16)));"
SQLITE_EPOCH = [
    f"CREATE TRIGGER IF NOT EXISTS project_figure_epoch_delete AFTER DELETE ON project_figure BEGIN {SQLITE_NEW_EPOCH} END",
    "CREATE TRIGGER IF NOT EXISTS project_figure_epoch_unit AFTER UPDATE OF code ON unit WHEN OLD.code IS NOT NEW.code "
    f"BEGIN {SQLITE_NEW_EPOCH} END",
]
PG_EPOCH = [
    """
CREATE OR REPLACE FUNCTION project_figure_new_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE project_figure_epoch SET token = md5(random()::text || clock_timestamp()::text);
    RETURN NULL;
END
$$
""",
    "CREATE OR REPLACE TRIGGER project_figure_epoch_delete AFTER DELETE ON project_figure FOR EACH STATEMENT "
    "EXECUTE FUNCTION project_figure_new_epoch()",
    "CREATE OR REPLACE TRIGGER project_figure_epoch_unit AFTER UPDATE OF code ON unit FOR EACH ROW "
    "WHEN (OLD.code IS DISTINCT FROM NEW.code) EXECUTE FUNCTION project_figure_new_epoch()",
]


PG_FUNCTIONS = [
    """
CREATE OR REPLACE FUNCTION project_figure_mark(ids integer[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO project_figure (project_id, year, unit_id, gen, stale)
    SELECT id, year, unit_id, 1, 1 FROM project WHERE id = ANY(ids) ORDER BY id
    ON CONFLICT (project_id) DO UPDATE SET stale = 1, gen = project_figure.gen + 1,
        year = excluded.year, unit_id = excluded.unit_id
$$
""",
    """
CREATE OR REPLACE FUNCTION project_figure_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM project_figure_mark(ARRAY(SELECT DISTINCT project_id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM project_figure_mark(ARRAY(SELECT project_id FROM new_rows UNION SELECT project_id FROM old_rows));
    ELSE
        PERFORM project_figure_mark(ARRAY(SELECT DISTINCT project_id FROM old_rows));
    END IF;
    RETURN NULL;
END
$$
""",
    """
CREATE OR REPLACE FUNCTION project_figure_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM project_figure_mark(ARRAY[NEW.id]);
    RETURN NULL;
END
$$
""",
    """
CREATE OR REPLACE FUNCTION project_figure_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM project_figure_mark(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END
$$
""",
]


def postgresql_ddl() -> list[str]:
    """PostgreSQL's: statement level with transition tables (a COPY of 100,000 payments marks each project once)."""
    out = list(PG_FUNCTIONS)
    for table in SOURCES:
        for when, referencing in (("INSERT", "NEW TABLE AS new_rows"), ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                                  ("DELETE", "OLD TABLE AS old_rows")):
            out.append(f"CREATE OR REPLACE TRIGGER {table}_figure_{when.lower()} AFTER {when} ON {table} "
                       f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION project_figure_changed()")
    out.append("CREATE OR REPLACE TRIGGER project_figure_insert AFTER INSERT ON project REFERENCING NEW TABLE AS new_rows "
               "FOR EACH STATEMENT EXECUTE FUNCTION project_figure_added()")
    out.append(
        "CREATE OR REPLACE TRIGGER project_figure_update AFTER UPDATE OF budget_total, year, unit_id ON project FOR EACH ROW "
        "WHEN (OLD.budget_total IS DISTINCT FROM NEW.budget_total OR OLD.year IS DISTINCT FROM NEW.year "
        "OR OLD.unit_id IS DISTINCT FROM NEW.unit_id) EXECUTE FUNCTION project_figure_project()"
    )
    return out + PG_EPOCH


def trigger_ddl(dialect: str) -> list[str]:
    return postgresql_ddl() if dialect == "postgresql" else sqlite_ddl() if dialect == "sqlite" else []


@event.listens_for(db.metadata, "after_create")
def _create_triggers(target, connection, **kw) -> None:
    """The migration's triggers, for schemas built by ``create_all`` (the tests)."""
    if not {"project_figure", "project_figure_epoch", "project", "unit", *SOURCES} <= set(target.tables):
        return
    for statement in trigger_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)
    connection.execute(FigureEpoch.__table__.insert().values(id=1, token=new_token()))


def new_token() -> str:
    """A fresh epoch token (random: a database rebuilt from scratch never repeats an old one)."""
    return secrets.token_hex(16)
