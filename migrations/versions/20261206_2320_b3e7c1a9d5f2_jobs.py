"""Background jobs (issue 14, point 2): job (bookkeeping, not audited).

Revision ID: b3e7c1a9d5f2
Revises: f2b8d6a4c9e1
Create Date: 2026-12-06 23:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b3e7c1a9d5f2'
down_revision = 'f2b8d6a4c9e1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'job',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('params', sa.JSON(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('message', sa.String(length=300), nullable=False),
        sa.Column('result_name', sa.String(length=200), nullable=False),
        sa.Column('result_path', sa.String(length=300), nullable=False),
        sa.Column('summary', sa.JSON(), nullable=True),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_job_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job')),
    )
    op.create_index('ix_job_user_id_created_at', 'job', ['user_id', 'created_at'], unique=False)


def downgrade():
    op.drop_index('ix_job_user_id_created_at', table_name='job')
    op.drop_table('job')
