"""Target ranges: indicator.target_lower / target_upper (20～30人, ≥95%且≤100%), and every stored
指标值 re-parsed by the current parser (ranges, periods, dates without a year in the project's year,
numbers in words), as docs/architecture.md asks of a parser change.

Revision ID: b7d2e4f1a9c3
Revises: 9c3e5a7d41b2
Create Date: 2026-12-06 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2e4f1a9c3'
down_revision = '9c3e5a7d41b2'
branch_labels = None
depends_on = None

indicator = sa.table(
    'indicator',
    sa.column('id', sa.Integer()),
    sa.column('project_id', sa.Integer()),
    sa.column('target_text', sa.String()),
    sa.column('target_kind', sa.String()),
    sa.column('target_comparator', sa.String()),
    sa.column('target_value', sa.Numeric(24, 6)),
    sa.column('target_unit', sa.String()),
    sa.column('target_deadline', sa.Date()),
    sa.column('target_lower', sa.Numeric(24, 6)),
    sa.column('target_upper', sa.Numeric(24, 6)),
)
project = sa.table('project', sa.column('id', sa.Integer()), sa.column('year', sa.Integer()))


def upgrade():
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.add_column(sa.Column('target_lower', sa.Numeric(precision=24, scale=6), nullable=True))
        batch_op.add_column(sa.Column('target_upper', sa.Numeric(precision=24, scale=6), nullable=True))
    reparse(op.get_bind())


def reparse(connection) -> int:
    """Store what the parser reads in every indicator's target_text; return how many rows changed."""
    from app.domain.targets import parse_target  # the parser is the source of truth

    rows = connection.execute(
        sa.select(indicator.c.id, indicator.c.target_text, project.c.year)
        .select_from(indicator.join(project, indicator.c.project_id == project.c.id))
        .order_by(indicator.c.id)
    ).all()
    changed = 0
    for row in rows:
        try:
            target = parse_target(row.target_text or "", row.year)
        except ValueError:
            continue  # a blank target was never stored; nothing to re-read
        values = {
            'target_kind': target.kind.value,
            'target_comparator': target.comparator,
            'target_value': target.value,
            'target_unit': target.unit,
            'target_deadline': target.deadline,
            'target_lower': target.lower,
            'target_upper': target.upper,
        }
        connection.execute(sa.update(indicator).where(indicator.c.id == row.id).values(**values))
        changed += 1
    return changed


def downgrade():
    # The earlier parser knew no ranges: it read them as qualitative.
    op.get_bind().execute(
        sa.update(indicator)
        .where(indicator.c.target_kind == 'range')
        .values(target_kind='qualitative', target_comparator=None, target_value=None, target_unit=None,
                target_deadline=None)
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_column('target_upper')
        batch_op.drop_column('target_lower')
