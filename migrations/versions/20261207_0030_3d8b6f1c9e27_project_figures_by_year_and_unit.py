"""project_figure read without the project: its year and unit kept on the row, the largest shortfall up to each
month, a row (stale) for every project from its insert, and the stale rows found through a partial index.

The table is rebuilt: every project gets a stale row, which the first 支出进度 page of its year fills
(one INSERT … SELECT); nothing is computed here. The triggers are ``app.models.figures``'s as they
stand today; the downgrade puts back those of 7b2f4c8e1a95.

Revision ID: 3d8b6f1c9e27
Revises: 5c1e9a7d3b20
Create Date: 2026-12-07 00:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '3d8b6f1c9e27'
down_revision = '5c1e9a7d3b20'
branch_labels = None
depends_on = None

SOURCES = ("payment", "project_budget_adjustment", "spending_checkpoint")
EVENTS = ("INSERT", "UPDATE", "DELETE")
MONTHS = range(1, 13)


def _mark_sqlite(ids, placed):
    if placed:
        return ("INSERT INTO project_figure (project_id, year, unit_id, gen, stale) "
                f"SELECT id, year, unit_id, 1, 1 FROM project WHERE id IN ({ids}) "
                "ON CONFLICT (project_id) DO UPDATE SET stale = 1, gen = project_figure.gen + 1, "
                "year = excluded.year, unit_id = excluded.unit_id;")
    return ("INSERT INTO project_figure (project_id, gen, stale) "
            f"SELECT id, 1, 1 FROM project WHERE id IN ({ids}) "
            "ON CONFLICT (project_id) DO UPDATE SET stale = 1, gen = project_figure.gen + 1;")


def _sqlite_triggers(placed):
    out = []
    for table in SOURCES:
        for when, ids in zip(EVENTS, ("NEW.project_id", "NEW.project_id, OLD.project_id", "OLD.project_id")):
            out.append(f"CREATE TRIGGER IF NOT EXISTS {table}_figure_{when.lower()} AFTER {when} ON {table} "
                       f"BEGIN {_mark_sqlite(ids, placed)} END")
    if placed:
        out.append("CREATE TRIGGER IF NOT EXISTS project_figure_insert AFTER INSERT ON project "
                   f"BEGIN {_mark_sqlite('NEW.id', placed)} END")
        out.append(
            "CREATE TRIGGER IF NOT EXISTS project_figure_update AFTER UPDATE OF budget_total, year, unit_id ON project "
            "WHEN OLD.budget_total IS NOT NEW.budget_total OR OLD.year IS NOT NEW.year OR OLD.unit_id IS NOT NEW.unit_id "
            f"BEGIN {_mark_sqlite('NEW.id', placed)} END")
    else:
        out.append(
            "CREATE TRIGGER IF NOT EXISTS project_figure_update AFTER UPDATE OF budget_total, year ON project "
            "WHEN OLD.budget_total IS NOT NEW.budget_total OR OLD.year IS NOT NEW.year "
            f"BEGIN {_mark_sqlite('NEW.id', placed)} END")
    return out


def _pg_mark(placed):
    if placed:
        body = """    INSERT INTO project_figure (project_id, year, unit_id, gen, stale)
    SELECT id, year, unit_id, 1, 1 FROM project WHERE id = ANY(ids) ORDER BY id
    ON CONFLICT (project_id) DO UPDATE SET stale = 1, gen = project_figure.gen + 1,
        year = excluded.year, unit_id = excluded.unit_id"""
    else:
        body = """    INSERT INTO project_figure (project_id, gen, stale)
    SELECT id, 1, 1 FROM project WHERE id = ANY(ids) ORDER BY id
    ON CONFLICT (project_id) DO UPDATE SET stale = 1, gen = project_figure.gen + 1"""
    return f"CREATE OR REPLACE FUNCTION project_figure_mark(ids integer[]) RETURNS void LANGUAGE sql AS $$\n{body}\n$$"


PG_CHANGED = """
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
"""
PG_PROJECT = """
CREATE OR REPLACE FUNCTION project_figure_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM project_figure_mark(ARRAY[NEW.id]);
    RETURN NULL;
END
$$
"""
PG_ADDED = """
CREATE OR REPLACE FUNCTION project_figure_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM project_figure_mark(ARRAY(SELECT id FROM new_rows));
    RETURN NULL;
END
$$
"""


def _pg_triggers(placed):
    out = [_pg_mark(placed), PG_CHANGED, PG_PROJECT]
    for table in SOURCES:
        for when, referencing in zip(EVENTS, ("NEW TABLE AS new_rows", "OLD TABLE AS old_rows NEW TABLE AS new_rows",
                                              "OLD TABLE AS old_rows")):
            out.append(f"CREATE OR REPLACE TRIGGER {table}_figure_{when.lower()} AFTER {when} ON {table} "
                       f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION project_figure_changed()")
    if placed:
        out.append(PG_ADDED)
        out.append("CREATE OR REPLACE TRIGGER project_figure_insert AFTER INSERT ON project REFERENCING NEW TABLE AS new_rows "
                   "FOR EACH STATEMENT EXECUTE FUNCTION project_figure_added()")
        out.append(
            "CREATE OR REPLACE TRIGGER project_figure_update AFTER UPDATE OF budget_total, year, unit_id ON project FOR EACH ROW "
            "WHEN (OLD.budget_total IS DISTINCT FROM NEW.budget_total OR OLD.year IS DISTINCT FROM NEW.year "
            "OR OLD.unit_id IS DISTINCT FROM NEW.unit_id) EXECUTE FUNCTION project_figure_project()")
    else:
        out.append(
            "CREATE OR REPLACE TRIGGER project_figure_update AFTER UPDATE OF budget_total, year ON project FOR EACH ROW "
            "WHEN (OLD.budget_total IS DISTINCT FROM NEW.budget_total OR OLD.year IS DISTINCT FROM NEW.year) "
            "EXECUTE FUNCTION project_figure_project()")
    return out


def _drop_triggers(dialect):
    names = [(f"{table}_figure_{when.lower()}", table) for table in SOURCES for when in EVENTS]
    names += [("project_figure_insert", "project"), ("project_figure_update", "project")]
    for name, table in names:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}" if dialect == 'postgresql' else f"DROP TRIGGER IF EXISTS {name}")
    if dialect == 'postgresql':
        for function in ("project_figure_changed()", "project_figure_project()", "project_figure_added()",
                         "project_figure_mark(integer[])"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")


def _create_table(placed):
    columns = [sa.Column(f'paid_m{m}', sa.BigInteger(), nullable=True) for m in MONTHS]
    if placed:
        columns += [sa.Column(f'short_m{m}', sa.BigInteger(), nullable=True) for m in MONTHS]
    columns += [sa.Column(f'plan_c{m}', sa.BigInteger(), nullable=True) for m in MONTHS]
    head = [sa.Column('project_id', sa.Integer(), nullable=False)]
    if placed:
        head += [sa.Column('year', sa.Integer(), nullable=False), sa.Column('unit_id', sa.Integer(), nullable=False)]
    op.create_table(
        'project_figure',
        *head,
        sa.Column('gen', sa.Integer(), nullable=False),
        sa.Column('stale', sa.Integer(), nullable=False),
        sa.Column('budget', sa.BigInteger(), nullable=True),
        sa.Column('error', sa.Integer(), nullable=True),
        sa.Column('paid_all', sa.BigInteger(), nullable=True),
        sa.Column('paid_before', sa.BigInteger(), nullable=True),
        *columns,
        sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_figure_project_id_project'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('project_id', name=op.f('pk_project_figure')),
    )
    if placed:
        op.create_index('ix_project_figure_year_unit_id', 'project_figure', ['year', 'unit_id'], unique=False)
        op.create_index('ix_project_figure_stale', 'project_figure', ['year'], unique=False,
                        postgresql_where=sa.text('stale = 1'), sqlite_where=sa.text('stale = 1'))


def upgrade():
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    op.drop_table('project_figure')
    _create_table(placed=True)
    for statement in _pg_triggers(True) if dialect == 'postgresql' else _sqlite_triggers(True) if dialect == 'sqlite' else []:
        op.execute(statement)
    op.execute("INSERT INTO project_figure (project_id, year, unit_id, gen, stale) SELECT id, year, unit_id, 0, 1 FROM project")


def downgrade():
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    op.drop_index('ix_project_figure_stale', table_name='project_figure')
    op.drop_index('ix_project_figure_year_unit_id', table_name='project_figure')
    op.drop_table('project_figure')
    _create_table(placed=False)
    for statement in _pg_triggers(False) if dialect == 'postgresql' else _sqlite_triggers(False) if dialect == 'sqlite' else []:
        op.execute(statement)
