"""Stored per-project 支出进度 figures (project_figure), the triggers that mark them stale, and payment(day).

The table starts empty: the first 支出进度 page of a year fills its rows (one INSERT … SELECT) and
later pages recompute only the rows a write marked. The triggers are the ones
``app.models.figures`` creates for schemas built by ``create_all``, copied here as they stand today.

Revision ID: 7b2f4c8e1a95
Revises: a4d8e2c6f0b9
Create Date: 2026-12-07 00:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '7b2f4c8e1a95'
down_revision = 'a4d8e2c6f0b9'
branch_labels = None
depends_on = None

SOURCES = ("payment", "project_budget_adjustment", "spending_checkpoint")
EVENTS = ("insert", "update", "delete")


def _mark_sqlite(ids):
    return (
        "INSERT INTO project_figure (project_id, gen, stale) "
        f"SELECT id, 1, 1 FROM project WHERE id IN ({ids}) "
        "ON CONFLICT (project_id) DO UPDATE SET stale = 1, gen = project_figure.gen + 1;"
    )


def _sqlite_triggers():
    out = []
    for table in SOURCES:
        for when, ids in (("INSERT", "NEW.project_id"), ("UPDATE", "NEW.project_id, OLD.project_id"),
                          ("DELETE", "OLD.project_id")):
            out.append(f"CREATE TRIGGER IF NOT EXISTS {table}_figure_{when.lower()} AFTER {when} ON {table} "
                       f"BEGIN {_mark_sqlite(ids)} END")
    out.append(
        "CREATE TRIGGER IF NOT EXISTS project_figure_update AFTER UPDATE OF budget_total, year ON project "
        "WHEN OLD.budget_total IS NOT NEW.budget_total OR OLD.year IS NOT NEW.year "
        f"BEGIN {_mark_sqlite('NEW.id')} END"
    )
    return out


PG_FUNCTIONS = [
    """
CREATE OR REPLACE FUNCTION project_figure_mark(ids integer[]) RETURNS void LANGUAGE sql AS $$
    INSERT INTO project_figure (project_id, gen, stale)
    SELECT id, 1, 1 FROM project WHERE id = ANY(ids) ORDER BY id
    ON CONFLICT (project_id) DO UPDATE SET stale = 1, gen = project_figure.gen + 1
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
]


def _postgresql_triggers():
    out = list(PG_FUNCTIONS)
    for table in SOURCES:
        for when, referencing in (("INSERT", "NEW TABLE AS new_rows"), ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
                                  ("DELETE", "OLD TABLE AS old_rows")):
            out.append(f"CREATE OR REPLACE TRIGGER {table}_figure_{when.lower()} AFTER {when} ON {table} "
                       f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION project_figure_changed()")
    out.append(
        "CREATE OR REPLACE TRIGGER project_figure_update AFTER UPDATE OF budget_total, year ON project FOR EACH ROW "
        "WHEN (OLD.budget_total IS DISTINCT FROM NEW.budget_total OR OLD.year IS DISTINCT FROM NEW.year) "
        "EXECUTE FUNCTION project_figure_project()"
    )
    return out


def upgrade():
    columns = [sa.Column(f'paid_m{m}', sa.BigInteger(), nullable=True) for m in range(1, 13)]
    columns += [sa.Column(f'plan_c{m}', sa.BigInteger(), nullable=True) for m in range(1, 13)]
    op.create_table(
        'project_figure',
        sa.Column('project_id', sa.Integer(), nullable=False),
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
    op.create_index('ix_payment_day', 'payment', ['day', 'project_id', 'amount'], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in _postgresql_triggers() if dialect == 'postgresql' else _sqlite_triggers() if dialect == 'sqlite' else []:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    names = [f"{table}_figure_{when}" for table in SOURCES for when in EVENTS]
    if dialect == 'postgresql':
        for name in names:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {name.rsplit('_figure_', 1)[0]}")
        op.execute("DROP TRIGGER IF EXISTS project_figure_update ON project")
        for function in ("project_figure_changed()", "project_figure_project()", "project_figure_mark(integer[])"):
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
    else:
        for name in [*names, "project_figure_update"]:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_index('ix_payment_day', table_name='payment')
    op.drop_table('project_figure')
