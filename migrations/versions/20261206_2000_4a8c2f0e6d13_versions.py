"""No lost updates: a version on units, accounts, year-end self-evaluations and a centre's yearly evidence.

Revision ID: 4a8c2f0e6d13
Revises: b7d2e4f1a9c3
Create Date: 2026-12-06 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '4a8c2f0e6d13'
down_revision = 'b7d2e4f1a9c3'
branch_labels = None
depends_on = None

TABLES = ('unit', 'user_account', 'project_evaluation', 'centre_year')


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
