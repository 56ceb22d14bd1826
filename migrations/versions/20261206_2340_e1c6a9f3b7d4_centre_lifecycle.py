"""A centre's life (issue 16): applications and their materials, yearly contracts, support paid, revocations,
the operator blacklist, service agreements, weekly reports, quarterly inspections and operator accounts.

Revision ID: e1c6a9f3b7d4
Revises: d7a3c5e9b1f4
Create Date: 2026-12-06 23:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e1c6a9f3b7d4'
down_revision = 'd7a3c5e9b1f4'
branch_labels = None
depends_on = None

TABLES = (
    'centre_material', 'centre_weekly_report', 'centre_revocation', 'centre_payment', 'centre_operator',
    'centre_inspection', 'centre_contract', 'centre_application', 'centre_agreement', 'centre_blacklist',
)


def upgrade():
    op.create_table('centre_blacklist',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('credit_code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('clause', sa.String(length=32), nullable=False),
    sa.Column('listed_on', sa.Date(), nullable=False),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_blacklist'))
    )
    op.create_index(op.f('ix_centre_blacklist_credit_code'), 'centre_blacklist', ['credit_code'], unique=False)
    op.create_table('centre_agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('company', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_agreement_centre_id_centre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_agreement'))
    )
    op.create_index(op.f('ix_centre_agreement_centre_id'), 'centre_agreement', ['centre_id'], unique=False)
    op.create_table('centre_application',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('stage', sa.String(length=16), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('centre_id', sa.Integer(), nullable=True),
    sa.Column('centre_code', sa.String(length=32), nullable=False),
    sa.Column('centre_name', sa.String(length=200), nullable=False),
    sa.Column('park', sa.String(length=200), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('operator_name', sa.String(length=200), nullable=False),
    sa.Column('credit_code', sa.String(length=32), nullable=False),
    sa.Column('legal_person', sa.Boolean(), nullable=False),
    sa.Column('trade_qualified', sa.Boolean(), nullable=False),
    sa.Column('clean_record', sa.Boolean(), nullable=False),
    sa.Column('not_discredited', sa.Boolean(), nullable=False),
    sa.Column('floor_area', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('staff', sa.Integer(), nullable=False),
    sa.Column('staff_experienced', sa.Integer(), nullable=False),
    sa.Column('customs_declarants', sa.Integer(), nullable=False),
    sa.Column('linguists', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('forwarded_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_no', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_application_centre_id_centre'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['forwarded_by_id'], ['user_account.id'], name=op.f('fk_centre_application_forwarded_by_id_user_account'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_centre_application_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_application'))
    )
    op.create_index(op.f('ix_centre_application_centre_id'), 'centre_application', ['centre_id'], unique=False)
    op.create_index(op.f('ix_centre_application_unit_id'), 'centre_application', ['unit_id'], unique=False)
    op.create_table('centre_contract',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('procurement_start', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('filed_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_contract_centre_id_centre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_contract')),
    sa.UniqueConstraint('centre_id', 'year', name=op.f('uq_centre_contract_centre_id_year'))
    )
    op.create_index(op.f('ix_centre_contract_centre_id'), 'centre_contract', ['centre_id'], unique=False)
    op.create_table('centre_inspection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('quarter', sa.Integer(), nullable=False),
    sa.Column('inspected_on', sa.Date(), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_inspection_centre_id_centre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_inspection')),
    sa.UniqueConstraint('centre_id', 'year', 'quarter', name=op.f('uq_centre_inspection_centre_id_year_quarter'))
    )
    op.create_table('centre_operator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_operator_centre_id_centre'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_centre_operator_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_operator')),
    sa.UniqueConstraint('user_id', name=op.f('uq_centre_operator_user_id'))
    )
    op.create_index(op.f('ix_centre_operator_centre_id'), 'centre_operator', ['centre_id'], unique=False)
    op.create_table('centre_payment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('paid_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_payment_centre_id_centre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_payment'))
    )
    op.create_index(op.f('ix_centre_payment_centre_id'), 'centre_payment', ['centre_id'], unique=False)
    op.create_table('centre_revocation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('ground', sa.String(length=32), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('paid', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('recovered', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_revocation_centre_id_centre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_revocation')),
    sa.UniqueConstraint('centre_id', name=op.f('uq_centre_revocation_centre_id'))
    )
    op.create_table('centre_weekly_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('centre_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('reported_on', sa.Date(), nullable=False),
    sa.Column('services', sa.Integer(), nullable=False),
    sa.Column('trainings', sa.Integer(), nullable=False),
    sa.Column('companies', sa.Integer(), nullable=False),
    sa.Column('items', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['centre_id'], ['centre.id'], name=op.f('fk_centre_weekly_report_centre_id_centre'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_weekly_report')),
    sa.UniqueConstraint('centre_id', 'week', name=op.f('uq_centre_weekly_report_centre_id_week'))
    )
    op.create_table('centre_material',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('stored', sa.String(length=64), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['centre_application.id'], name=op.f('fk_centre_material_application_id_centre_application'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_centre_material')),
    sa.UniqueConstraint('application_id', 'key', name=op.f('uq_centre_material_application_id_key'))
    )
    # ### end Alembic commands ###
#### DOWN


def downgrade():
    # Children first; dropping a table drops its indexes.
    for table in TABLES:
        op.drop_table(table)
