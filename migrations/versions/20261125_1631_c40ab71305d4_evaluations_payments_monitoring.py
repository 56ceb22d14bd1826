"""Year-end self-evaluations, payments, budget adjustments and monitoring reports.

Revision ID: c40ab71305d4
Revises: bd5e6cba89a4
Create Date: 2026-11-25 16:31:26.003018

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c40ab71305d4'
down_revision = 'bd5e6cba89a4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('monitoring_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('expected_spend', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('goal_progress', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_monitoring_report_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_report')),
    sa.UniqueConstraint('project_id', 'month', name=op.f('uq_monitoring_report_project_id_month'))
    )
    op.create_table('payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('voucher', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_payment_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_payment'))
    )
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.create_index('ix_payment_project_day', ['project_id', 'day'], unique=False)

    op.create_table('project_budget_adjustment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_budget_adjustment_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_budget_adjustment'))
    )
    with op.batch_alter_table('project_budget_adjustment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_budget_adjustment_project_id'), ['project_id'], unique=False)

    op.create_table('project_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('supervising_department', sa.String(length=200), nullable=False),
    sa.Column('budget_adjusted', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('spent_fiscal', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('spent_carryover', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('spent_other', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('execution_reason', sa.Text(), nullable=False),
    sa.Column('overall_actual', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_evaluation_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_evaluation')),
    sa.UniqueConstraint('project_id', name=op.f('uq_project_evaluation_project_id'))
    )
    op.create_table('indicator_evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('actual', sa.String(length=500), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=True),
    sa.Column('grade_percent', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('weight', sa.Numeric(precision=8, scale=2), nullable=True),
    sa.Column('not_applicable', sa.Boolean(), nullable=False),
    sa.Column('deviation_reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['evaluation_id'], ['project_evaluation.id'], name=op.f('fk_indicator_evaluation_evaluation_id_project_evaluation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_evaluation_indicator_id_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_evaluation')),
    sa.UniqueConstraint('indicator_id', name=op.f('uq_indicator_evaluation_indicator_id'))
    )
    with op.batch_alter_table('indicator_evaluation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_evaluation_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('monitoring_row',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('progress', sa.Text(), nullable=False),
    sa.Column('expected', sa.Text(), nullable=False),
    sa.Column('likelihood', sa.String(length=8), nullable=False),
    sa.Column('reason_kind', sa.String(length=8), nullable=False),
    sa.Column('reason_text', sa.Text(), nullable=False),
    sa.Column('measures', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_monitoring_row_indicator_id_indicator'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['report_id'], ['monitoring_report.id'], name=op.f('fk_monitoring_row_report_id_monitoring_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_monitoring_row')),
    sa.UniqueConstraint('report_id', 'indicator_id', name=op.f('uq_monitoring_row_report_id_indicator_id'))
    )
    with op.batch_alter_table('monitoring_row', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_monitoring_row_indicator_id'), ['indicator_id'], unique=False)



def downgrade():
    with op.batch_alter_table('monitoring_row', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_monitoring_row_indicator_id'))

    op.drop_table('monitoring_row')
    with op.batch_alter_table('indicator_evaluation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_evaluation_evaluation_id'))

    op.drop_table('indicator_evaluation')
    op.drop_table('project_evaluation')
    with op.batch_alter_table('project_budget_adjustment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_budget_adjustment_project_id'))

    op.drop_table('project_budget_adjustment')
    with op.batch_alter_table('payment', schema=None) as batch_op:
        batch_op.drop_index('ix_payment_project_day')

    op.drop_table('payment')
    op.drop_table('monitoring_report')
