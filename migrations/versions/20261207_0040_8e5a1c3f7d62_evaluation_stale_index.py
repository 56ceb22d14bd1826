"""A partial index on the year-end entries whose 自评 figures are stale: the summary counts them on every view.

Revision ID: 8e5a1c3f7d62
Revises: 3d8b6f1c9e27
Create Date: 2026-12-07 00:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8e5a1c3f7d62'
down_revision = '3d8b6f1c9e27'
branch_labels = None
depends_on = None

STALE = sa.text('scored_at IS NULL')


def upgrade():
    op.create_index('ix_project_evaluation_stale', 'project_evaluation', ['project_id'], unique=False,
                    postgresql_where=STALE, sqlite_where=STALE)


def downgrade():
    op.drop_index('ix_project_evaluation_stale', table_name='project_evaluation')
