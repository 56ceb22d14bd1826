"""The project list at a province's size (issue 14): project.indicator_count, ix_project_list, trigram search.

- ``project.indicator_count``: each table's number of indicators, filled here from the indicator rows
  and kept by ``services.projects.apply_draft``, so the list's indicator total sums a column (50,000
  projects: a million indicator rows were counted on every page).
- ``ix_project_list`` (year, unit_id, id), on PostgreSQL INCLUDE the budgets and the count: a year's
  page reads its order from it and its totals from the index alone.
- ``ix_project_name_trgm`` / ``ix_project_code_trgm``: GIN trigram indexes for the search
  (``ILIKE '%…%'``), on PostgreSQL only and only where ``CREATE EXTENSION pg_trgm`` succeeds (it ships
  with PostgreSQL's contrib modules; without it, or without the right to create it, the search scans
  as before). Elsewhere (SQLite) they are plain indexes, as the models declare them, which the search
  does not use. The downgrade leaves the extension, which other objects may use.

Revision ID: 5c1e9a7d3b20
Revises: 7b2f4c8e1a95
Create Date: 2026-12-07 00:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '5c1e9a7d3b20'
down_revision = '7b2f4c8e1a95'
branch_labels = None
depends_on = None

TRIGRAM = (("ix_project_name_trgm", "name"), ("ix_project_code_trgm", "code"))


def upgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('indicator_count', sa.Integer(), server_default='0', nullable=False))
    op.execute(
        "UPDATE project SET indicator_count = "
        "(SELECT count(*) FROM indicator WHERE indicator.project_id = project.id)"
    )
    op.create_index(
        'ix_project_list', 'project', ['year', 'unit_id', 'id'], unique=False,
        postgresql_include=['budget_total', 'budget_fiscal', 'budget_other', 'indicator_count'],
    )
    if op.get_bind().dialect.name != 'postgresql':
        for name, column in TRIGRAM:
            op.create_index(name, 'project', [column], unique=False)
    elif _trigram_extension():
        for name, column in TRIGRAM:
            op.create_index(name, 'project', [column], unique=False, postgresql_using='gin',
                            postgresql_ops={column: 'gin_trgm_ops'})


def _trigram_extension() -> bool:
    """Create pg_trgm if it can be; a refusal (not installed, no privilege) rolls back only its savepoint."""
    bind = op.get_bind()
    try:
        with bind.begin_nested():
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError:
        print("pg_trgm is not available: the project search keeps scanning (no trigram indexes)")
        return False
    return True


def downgrade():
    for name, _ in TRIGRAM:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    op.drop_index('ix_project_list', table_name='project')
    # Not a batch (SQLite would copy the table, which the 支出进度 triggers on other tables name): a plain
    # DROP COLUMN, which SQLite has since 3.35 (bulk_insert relies on 3.35 too).
    op.execute("ALTER TABLE project DROP COLUMN indicator_count")
