"""project_figure_epoch: the token a 支出进度 list's remembered totals and orders are kept under.

One row, replaced by every fill that stores figures (``progress_figures.fill``) and by triggers
when a stored row is deleted or a unit's code changes (``app.models.figures``, ``app.services.figure_cache``).

Revision ID: 9a1d5e7c3f42
Revises: 6f3a9d2b8c41
Create Date: 2026-12-07 03:00:00

"""
import secrets

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '9a1d5e7c3f42'
down_revision = '6f3a9d2b8c41'
branch_labels = None
depends_on = None

SQLITE_NEW_EPOCH = "UPDATE project_figure_epoch SET token = lower(hex(randomblob(16)));"
SQLITE = [
    f"CREATE TRIGGER IF NOT EXISTS project_figure_epoch_delete AFTER DELETE ON project_figure BEGIN {SQLITE_NEW_EPOCH} END",
    "CREATE TRIGGER IF NOT EXISTS project_figure_epoch_unit AFTER UPDATE OF code ON unit WHEN OLD.code IS NOT NEW.code "
    f"BEGIN {SQLITE_NEW_EPOCH} END",
]
POSTGRESQL = [
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


def upgrade():
    epoch = op.create_table(
        'project_figure_epoch',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('token', sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_project_figure_epoch')),
    )
    op.bulk_insert(epoch, [{"id": 1, "token": secrets.token_hex(16)}])
    dialect = op.get_bind().dialect.name
    for statement in POSTGRESQL if dialect == 'postgresql' else SQLITE if dialect == 'sqlite' else []:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute("DROP TRIGGER IF EXISTS project_figure_epoch_delete ON project_figure")
        op.execute("DROP TRIGGER IF EXISTS project_figure_epoch_unit ON unit")
        op.execute("DROP FUNCTION IF EXISTS project_figure_new_epoch()")
    else:
        op.execute("DROP TRIGGER IF EXISTS project_figure_epoch_delete")
        op.execute("DROP TRIGGER IF EXISTS project_figure_epoch_unit")
    op.drop_table('project_figure_epoch')
