"""Scoring schemes: the scheme a unit uses per year (scheme_choice), the scheme each
year-end evaluation was scored with (project_evaluation.scheme_rules) and the evaluator's
scores of a four-part scheme's parts (project_evaluation.part_scores).

Revision ID: 9c3e5a7d41b2
Revises: 5e55a1d2c0b7
Create Date: 2026-12-06 19:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c3e5a7d41b2'
down_revision = '5e55a1d2c0b7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('scheme_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('scheme_name', sa.String(length=60), nullable=False),
    sa.Column('rules', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_scheme_choice_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheme_choice')),
    sa.UniqueConstraint('unit_id', 'year', name=op.f('uq_scheme_choice_unit_id_year'))
    )
    with op.batch_alter_table('project_evaluation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scheme_rules', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('part_scores', sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table('project_evaluation', schema=None) as batch_op:
        batch_op.drop_column('part_scores')
        batch_op.drop_column('scheme_rules')
    op.drop_table('scheme_choice')
