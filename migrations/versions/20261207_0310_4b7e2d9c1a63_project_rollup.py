"""project_rollup: projects counted and summed per year and unit, kept by triggers on project.

The project list and the 自评 summary read their totals from it (``app.models.rollup``). The table
is filled here from the projects already there; the triggers are ``app.models.rollup``'s as they
stand today (written out below, so later changes to that module do not change this migration).

Revision ID: 4b7e2d9c1a63
Revises: 9a1d5e7c3f42
Create Date: 2026-12-07 03:10:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '4b7e2d9c1a63'
down_revision = '9a1d5e7c3f42'
branch_labels = None
depends_on = None

FIGURES = ("projects", "budget_total", "budget_fiscal", "budget_other", "indicators")
WATCHED = ("budget_total", "budget_fiscal", "budget_other", "year", "unit_id", "indicator_count")
SETS = ", ".join(f"{name} = project_rollup.{name} + excluded.{name}" for name in FIGURES)


def _cents(dialect, column):
    return f"({column} * 100)::bigint" if dialect == "postgresql" else f"CAST(round({column} * 100) AS INTEGER)"


def _upsert(dialect, source, sign):
    values = (f"{sign}count(*)", f"{sign}sum({_cents(dialect, 'budget_total')})", f"{sign}sum({_cents(dialect, 'budget_fiscal')})",
              f"{sign}sum({_cents(dialect, 'budget_other')})", f"{sign}sum(indicator_count)")
    return (f"INSERT INTO project_rollup (year, unit_id, {', '.join(FIGURES)}) "
            f"SELECT year, unit_id, {', '.join(values)} FROM {source} WHERE year IS NOT NULL GROUP BY year, unit_id "
            f"ORDER BY year, unit_id ON CONFLICT (year, unit_id) DO UPDATE SET {SETS}")


def _upsert_row(row, sign):
    values = (f"{sign}1", f"{sign}{_cents('sqlite', row + '.budget_total')}", f"{sign}{_cents('sqlite', row + '.budget_fiscal')}",
              f"{sign}{_cents('sqlite', row + '.budget_other')}", f"{sign}{row}.indicator_count")
    return (f"INSERT INTO project_rollup (year, unit_id, {', '.join(FIGURES)}) "
            f"SELECT {row}.year, {row}.unit_id, {', '.join(values)} WHERE true "
            f"ON CONFLICT (year, unit_id) DO UPDATE SET {SETS};")


def _sqlite():
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in WATCHED)
    return [
        f"CREATE TRIGGER IF NOT EXISTS project_rollup_insert AFTER INSERT ON project BEGIN {_upsert_row('NEW', '')} END",
        f"CREATE TRIGGER IF NOT EXISTS project_rollup_delete AFTER DELETE ON project BEGIN {_upsert_row('OLD', '-')} END",
        f"CREATE TRIGGER IF NOT EXISTS project_rollup_update AFTER UPDATE OF {', '.join(WATCHED)} ON project WHEN {changed} "
        f"BEGIN {_upsert_row('OLD', '-')} {_upsert_row('NEW', '')} END",
    ]


def _postgresql():
    differ = (f"FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE ({', '.join('n.' + c for c in WATCHED)}) "
              f"IS DISTINCT FROM ({', '.join('o.' + c for c in WATCHED)})")
    both = (f"(SELECT n.year, n.unit_id, n.budget_total, n.budget_fiscal, n.budget_other, n.indicator_count, 1 AS sign {differ} "
            f"UNION ALL SELECT o.year, o.unit_id, -o.budget_total, -o.budget_fiscal, -o.budget_other, -o.indicator_count, -1 {differ}) AS moved")
    moved = (f"INSERT INTO project_rollup (year, unit_id, {', '.join(FIGURES)}) "
             f"SELECT year, unit_id, sum(sign), sum({_cents('postgresql', 'budget_total')}), sum({_cents('postgresql', 'budget_fiscal')}), "
             f"sum({_cents('postgresql', 'budget_other')}), sum(indicator_count) FROM {both} "
             f"GROUP BY year, unit_id ORDER BY year, unit_id ON CONFLICT (year, unit_id) DO UPDATE SET {SETS}")
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
        "CREATE OR REPLACE TRIGGER project_rollup_update AFTER UPDATE ON project "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION project_rollup_changed()",
    ]


def upgrade():
    op.create_table(
        'project_rollup',
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        *(sa.Column(name, sa.BigInteger(), nullable=False) for name in FIGURES),
        sa.PrimaryKeyConstraint('year', 'unit_id', name=op.f('pk_project_rollup')),
    )
    op.create_index('ix_project_rollup_unit_id', 'project_rollup', ['unit_id'], unique=False)
    dialect = op.get_bind().dialect.name
    if dialect not in ('postgresql', 'sqlite'):
        return
    for statement in _postgresql() if dialect == 'postgresql' else _sqlite():
        op.execute(statement)
    op.execute(_upsert(dialect, 'project', ''))


def downgrade():
    dialect = op.get_bind().dialect.name
    for name in ("project_rollup_insert", "project_rollup_delete", "project_rollup_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON project" if dialect == 'postgresql' else f"DROP TRIGGER IF EXISTS {name}")
    if dialect == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS project_rollup_changed()")
    op.drop_index('ix_project_rollup_unit_id', table_name='project_rollup')
    op.drop_table('project_rollup')
