"""A project's 中长期目标 beside the year's goals (project.long_term_goals).

Revision ID: e8a1c4b7f2d9
Revises: d5f1b9e2c7a4
Create Date: 2026-12-06 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8a1c4b7f2d9'
down_revision = 'd5f1b9e2c7a4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.add_column(sa.Column('long_term_goals', sa.Text(), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_column('long_term_goals')
