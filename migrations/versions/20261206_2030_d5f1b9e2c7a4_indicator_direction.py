"""The direction (正向/反向) an officer sets on a year-end row (indicator_evaluation.direction).

Revision ID: d5f1b9e2c7a4
Revises: 4a8c2f0e6d13
Create Date: 2026-12-06 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5f1b9e2c7a4'
down_revision = '4a8c2f0e6d13'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('indicator_evaluation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('direction', sa.String(length=8), nullable=True))


def downgrade():
    with op.batch_alter_table('indicator_evaluation', schema=None) as batch_op:
        batch_op.drop_column('direction')
