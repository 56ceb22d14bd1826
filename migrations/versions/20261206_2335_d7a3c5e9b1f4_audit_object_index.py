"""The audit trail's 对象类型 filter uses an index (issue 14, point 4): (object_type, object_id).

Revision ID: d7a3c5e9b1f4
Revises: 0a23fa6793a0
Create Date: 2026-12-06 23:35:00

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd7a3c5e9b1f4'
down_revision = '0a23fa6793a0'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_object', ['object_type', 'object_id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_object')
