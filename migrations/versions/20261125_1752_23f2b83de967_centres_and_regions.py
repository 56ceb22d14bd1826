"""Centre scoring: Hubei service centres with their yearly evidence, claims, trainings and service records; Zhejiang regions with their monthly figures.

Revision ID: 23f2b83de967
Revises: c40ab71305d4
Create Date: 2026-11-25 17:52:38.559410

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '23f2b83de967'
down_revision = 'c40ab71305d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('centre',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('park', sa.String(length=200), nullable=False),
    sa.Column('company', sa.String(length=200), nullable=False),
    sa.Column('contract_start', sa.Integer(), nullable=True),
    sa.Column('contract_end', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_centre_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre')),
    sa.UniqueConstraint('code', name=op.f('uq_centre_code'))
    )
    with op.batch_alter_table('centre', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centre_unit_id'), ['unit_id'], unique=False)

    op.create_table('region',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('province', sa.String(length=50), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_region_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_region')),
    sa.UniqueConstraint('name', name=op.f('uq_region_name'))
    )
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_region_unit_id'), ['unit_id'], unique=False)

    op.create_table('centre_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_assignment_centre_id_centre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_assignment')),
    sa.UniqueConstraint('year', 'category', 'code', name=op.f('uq_centre_assignment_year_category_code'))
    )
    with op.batch_alter_table('centre_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centre_assignment_centre_id'), ['centre_id'], unique=False)

    op.create_table('centre_service_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('client', sa.String(length=200), nullable=False),
    sa.Column('item', sa.String(length=16), nullable=False),
    sa.Column('matter', sa.String(length=500), nullable=False),
    sa.Column('requested', sa.Date(), nullable=False),
    sa.Column('evaluated', sa.Date(), nullable=True),
    sa.Column('rating', sa.String(length=16), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_service_record_centre_id_centre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_service_record'))
    )
    with op.batch_alter_table('centre_service_record', schema=None) as batch_op:
        batch_op.create_index('ix_centre_service_record_centre_requested', ['centre_id', 'requested'], unique=False)

    op.create_table('centre_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('fixed_office', sa.Boolean(), nullable=False),
    sa.Column('staff', sa.Integer(), nullable=False),
    sa.Column('staff_experienced', sa.Integer(), nullable=False),
    sa.Column('customs_declarants', sa.Integer(), nullable=False),
    sa.Column('linguists', sa.Integer(), nullable=False),
    sa.Column('floor_area', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('meetings', sa.Integer(), nullable=False),
    sa.Column('complaints', sa.Integer(), nullable=False),
    sa.Column('harmful_acts', sa.Integer(), nullable=False),
    sa.Column('praises', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_year_centre_id_centre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_year')),
    sa.UniqueConstraint('centre_id', 'year', name=op.f('uq_centre_year_centre_id_year'))
    )
    op.create_table('region_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('cases', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('cases >= 0', name=op.f('ck_region_year_cases_not_negative')),
    sa.ForeignKeyConstraint(['region_id'], ['region.id'], name=op.f('fk_region_year_region_id_region'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_region_year')),
    sa.UniqueConstraint('region_id', 'year', name=op.f('uq_region_year_region_id_year'))
    )
    op.create_table('centre_claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['evidence_id'], ['centre_year.id'], name=op.f('fk_centre_claim_evidence_id_centre_year'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_claim'))
    )
    with op.batch_alter_table('centre_claim', schema=None) as batch_op:
        batch_op.create_index('ix_centre_claim_evidence_category', ['evidence_id', 'category'], unique=False)

    op.create_table('centre_training',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=True),
    sa.Column('companies', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['evidence_id'], ['centre_year.id'], name=op.f('fk_centre_training_evidence_id_centre_year'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_training'))
    )
    with op.batch_alter_table('centre_training', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_centre_training_evidence_id'), ['evidence_id'], unique=False)

    op.create_table('region_month',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('region_year_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('fill_share', sa.Numeric(precision=11, scale=10), nullable=False),
    sa.Column('prev_accuracy', sa.Numeric(precision=11, scale=10), nullable=False),
    sa.Column('completion', sa.Numeric(precision=11, scale=10), nullable=False),
    sa.Column('asked', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('warned', sa.Integer(), nullable=False),
    sa.Column('feedback', sa.Integer(), nullable=False),
    sa.Column('sluggish', sa.Integer(), nullable=False),
    sa.CheckConstraint('asked >= 0 AND answered >= 0 AND warned >= 0 AND feedback >= 0 AND sluggish >= 0', name=op.f('ck_region_month_counts_not_negative')),
    sa.CheckConstraint('fill_share BETWEEN 0 AND 1 AND prev_accuracy BETWEEN 0 AND 1 AND completion BETWEEN 0 AND 1', name=op.f('ck_region_month_shares_range')),
    sa.CheckConstraint('month BETWEEN 1 AND 12', name=op.f('ck_region_month_month_range')),
    sa.ForeignKeyConstraint(['region_year_id'], ['region_year.id'], name=op.f('fk_region_month_region_year_id_region_year'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_region_month')),
    sa.UniqueConstraint('region_year_id', 'month', name=op.f('uq_region_month_region_year_id_month'))
    )


def downgrade():
    op.drop_table('region_month')
    with op.batch_alter_table('centre_training', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centre_training_evidence_id'))

    op.drop_table('centre_training')
    with op.batch_alter_table('centre_claim', schema=None) as batch_op:
        batch_op.drop_index('ix_centre_claim_evidence_category')

    op.drop_table('centre_claim')
    op.drop_table('region_year')
    op.drop_table('centre_year')
    with op.batch_alter_table('centre_service_record', schema=None) as batch_op:
        batch_op.drop_index('ix_centre_service_record_centre_requested')

    op.drop_table('centre_service_record')
    with op.batch_alter_table('centre_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centre_assignment_centre_id'))

    op.drop_table('centre_assignment')
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_region_unit_id'))

    op.drop_table('region')
    with op.batch_alter_table('centre', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_centre_unit_id'))

    op.drop_table('centre')
