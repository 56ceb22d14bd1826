"""The 自评 summary's figures stored with each year-end evaluation (rate, score, grade, unmet, missing; scored_at NULL: stale).

Existing rows start stale (scored_at NULL): the summary scores them on the fly while few, and
``jixiao selfeval rescore`` (or a scheme change's job) stores them.

Revision ID: a4d8e2c6f0b9
Revises: c9e4a2f7b1d3
Create Date: 2026-12-07 00:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a4d8e2c6f0b9'
down_revision = 'c9e4a2f7b1d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('project_evaluation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scored_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('rate', sa.Numeric(precision=24, scale=6), nullable=True))
        batch_op.add_column(sa.Column('score', sa.Numeric(precision=24, scale=6), nullable=True))
        batch_op.add_column(sa.Column('grade', sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column('unmet', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('missing', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('project_evaluation', schema=None) as batch_op:
        batch_op.drop_column('missing')
        batch_op.drop_column('unmet')
        batch_op.drop_column('grade')
        batch_op.drop_column('score')
        batch_op.drop_column('rate')
        batch_op.drop_column('scored_at')
