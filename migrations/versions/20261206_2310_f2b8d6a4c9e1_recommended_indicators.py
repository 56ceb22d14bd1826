"""标杆指标: indicators reviewers recommend for a kind of project (issue 17, the indicator library).

Revision ID: f2b8d6a4c9e1
Revises: c4f7a2e9d1b6
Create Date: 2026-12-06 23:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f2b8d6a4c9e1'
down_revision = 'c4f7a2e9d1b6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'recommended_indicator',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('project_kind', sa.String(length=100), nullable=False),
        sa.Column('level1', sa.String(length=60), nullable=False),
        sa.Column('level2', sa.String(length=60), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('target_text', sa.String(length=500), nullable=False),
        sa.Column('basis', sa.Text(), nullable=False),
        sa.Column('marked_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['marked_by_id'], ['user_account.id'],
                                name=op.f('fk_recommended_indicator_marked_by_id_user_account')),
        sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_recommended_indicator_unit_id_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recommended_indicator')),
    )
    with op.batch_alter_table('recommended_indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommended_indicator_unit_id'), ['unit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('recommended_indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommended_indicator_unit_id'))
    op.drop_table('recommended_indicator')
