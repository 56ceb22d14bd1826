"""Initial schema: units, projects with goals, spending plan and indicators, department goals.

Revision ID: fff0fc167c61
Revises: 
Create Date: 2026-11-23 00:50:45.897505

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'fff0fc167c61'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('code', name=op.f('uq_unit_code'))
    )
    op.create_table('checkpoint_setting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('months_text', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_checkpoint_setting_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkpoint_setting')),
    sa.UniqueConstraint('unit_id', 'year', name=op.f('uq_checkpoint_setting_unit_id_year'))
    )
    op.create_table('department_goals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('overall', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_department_goals_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department_goals')),
    sa.UniqueConstraint('unit_id', 'year', name=op.f('uq_department_goals_unit_id_year'))
    )
    op.create_table('project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('budget_total', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('budget_fiscal', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('budget_other', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('purpose', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_project_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('unit_id', 'year', 'code', name=op.f('uq_project_unit_id_year_code'))
    )
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.create_index('ix_project_year_unit', ['year', 'unit_id'], unique=False)

    op.create_table('department_goal_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department_goals.id'], name=op.f('fk_department_goal_item_department_id_department_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department_goal_item'))
    )
    with op.batch_alter_table('department_goal_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_goal_item_department_id'), ['department_id'], unique=False)

    op.create_table('department_measure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['department_goals.id'], name=op.f('fk_department_measure_department_id_department_goals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_department_measure'))
    )
    with op.batch_alter_table('department_measure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_department_measure_department_id'), ['department_id'], unique=False)

    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('level1', sa.String(length=60), nullable=False),
    sa.Column('level2', sa.String(length=60), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('target_text', sa.String(length=500), nullable=False),
    sa.Column('target_kind', sa.String(length=16), nullable=False),
    sa.Column('target_comparator', sa.String(length=2), nullable=True),
    sa.Column('target_value', sa.Numeric(precision=24, scale=6), nullable=True),
    sa.Column('target_unit', sa.String(length=40), nullable=True),
    sa.Column('target_deadline', sa.Date(), nullable=True),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_indicator_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_project_id'), ['project_id'], unique=False)

    op.create_table('project_goal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_project_goal_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project_goal'))
    )
    with op.batch_alter_table('project_goal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_project_goal_project_id'), ['project_id'], unique=False)

    op.create_table('spending_checkpoint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_spending_checkpoint_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spending_checkpoint'))
    )
    with op.batch_alter_table('spending_checkpoint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spending_checkpoint_project_id'), ['project_id'], unique=False)



def downgrade():
    with op.batch_alter_table('spending_checkpoint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spending_checkpoint_project_id'))

    op.drop_table('spending_checkpoint')
    with op.batch_alter_table('project_goal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_project_goal_project_id'))

    op.drop_table('project_goal')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_project_id'))

    op.drop_table('indicator')
    with op.batch_alter_table('department_measure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_measure_department_id'))

    op.drop_table('department_measure')
    with op.batch_alter_table('department_goal_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_department_goal_item_department_id'))

    op.drop_table('department_goal_item')
    with op.batch_alter_table('project', schema=None) as batch_op:
        batch_op.drop_index('ix_project_year_unit')

    op.drop_table('project')
    op.drop_table('department_goals')
    op.drop_table('checkpoint_setting')
    op.drop_table('unit')
