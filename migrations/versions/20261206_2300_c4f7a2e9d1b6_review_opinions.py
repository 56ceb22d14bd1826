"""审核意见: a reviewer's opinion on a row of a target table and the officer's answer (issue 17).

Revision ID: c4f7a2e9d1b6
Revises: a6d3e9f1c2b8
Create Date: 2026-12-06 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4f7a2e9d1b6'
down_revision = 'a6d3e9f1c2b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'review_opinion',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('row', sa.Integer(), nullable=True),
        sa.Column('field', sa.String(length=80), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('answer', sa.Text(), nullable=False),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['answered_by_id'], ['user_account.id'],
                                name=op.f('fk_review_opinion_answered_by_id_user_account')),
        sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_review_opinion_author_id_user_account')),
        sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_review_opinion_project_id_project'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_review_opinion')),
    )
    with op.batch_alter_table('review_opinion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_opinion_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('review_opinion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_opinion_project_id'))
    op.drop_table('review_opinion')
