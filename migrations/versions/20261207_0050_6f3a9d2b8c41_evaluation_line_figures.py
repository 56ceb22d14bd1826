"""The rest of a 自评 summary line stored with the figures (``line``, JSON): missing reasons' texts, complete, counts, exact rate and score.

With them a fresh entry's line is read from its row instead of checked again (issue 14). Entries
scored before this have none of them: they start stale (scored_at and the figures NULL), as the
figures did when first stored, and the summary or ``jixiao selfeval rescore`` fills them.

Revision ID: 6f3a9d2b8c41
Revises: 8e5a1c3f7d62
Create Date: 2026-12-07 00:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '6f3a9d2b8c41'
down_revision = '8e5a1c3f7d62'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('project_evaluation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('line', sa.Text(), nullable=True))
    op.execute(
        "UPDATE project_evaluation SET scored_at = NULL, rate = NULL, score = NULL, grade = NULL, "
        "unmet = NULL, missing = NULL WHERE scored_at IS NOT NULL"
    )


def downgrade():
    # The figures stored meanwhile stay true without it.
    with op.batch_alter_table('project_evaluation', schema=None) as batch_op:
        batch_op.drop_column('line')
