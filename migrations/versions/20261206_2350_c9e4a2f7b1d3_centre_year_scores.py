"""Each year's centre scores kept (centre_year_score): the ranking shows past years' grades without rescoring them.

Revision ID: c9e4a2f7b1d3
Revises: e1c6a9f3b7d4
Create Date: 2026-12-06 23:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9e4a2f7b1d3'
down_revision = 'e1c6a9f3b7d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'centre_year_score',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('centre_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('total', sa.Numeric(precision=6, scale=2), nullable=False),
        sa.Column('grade', sa.String(length=8), nullable=False),
        sa.Column('scored_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_year_score_centre_id_centre'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_year_score')),
        sa.UniqueConstraint('centre_id', 'year', name=op.f('uq_centre_year_score_centre_id_year')),
    )
    op.create_index('ix_centre_year_score_year', 'centre_year_score', ['year'], unique=False)


def downgrade():
    op.drop_index('ix_centre_year_score_year', table_name='centre_year_score')
    op.drop_table('centre_year_score')
