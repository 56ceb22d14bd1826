"""Personal API tokens, and the token an audited change was made with (issue 18).

Revision ID: 0a23fa6793a0
Revises: b3e7c1a9d5f2
Create Date: 2026-12-06 23:25:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0a23fa6793a0'
down_revision = 'b3e7c1a9d5f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'api_token',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('scope', sa.String(length=8), nullable=False),
        sa.Column('secret_hash', sa.String(length=64), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    )
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_token_user_id'), ['user_id'], unique=False)
    # Adding a nullable column rewrites no row: the append-only triggers on audit_event stay as they are.
    op.add_column('audit_event', sa.Column('token_id', sa.Integer(), nullable=True))


def downgrade():
    # On SQLite the batch rebuilds the table by copying its rows (no UPDATE or DELETE); on PostgreSQL a plain ALTER.
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_column('token_id')
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_token_user_id'))
    op.drop_table('api_token')
