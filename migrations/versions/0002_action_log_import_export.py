"""action log, import and export: personal tokens and imported rows

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 12:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('personal_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('hint', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("kind IN ('api', 'calendar')", name=op.f('ck_personal_tokens_kind')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_personal_tokens_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personal_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_personal_tokens_token_hash'))
    )
    with op.batch_alter_table('personal_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_personal_tokens_user_kind', ['user_id', 'kind'], unique=False)

    op.create_table('imported_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=255), nullable=False),
    sa.Column('imported_by_id', sa.Integer(), nullable=True),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_imported_actions_action_id_actions')),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_imported_actions_committee_id_committees')),
    sa.ForeignKeyConstraint(['imported_by_id'], ['users.id'], name=op.f('fk_imported_actions_imported_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_imported_actions')),
    sa.UniqueConstraint('key', name=op.f('uq_imported_actions_key'))
    )
    with op.batch_alter_table('imported_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_imported_actions_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_imported_actions_committee_id'), ['committee_id'], unique=False)


def downgrade():
    with op.batch_alter_table('imported_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_imported_actions_committee_id'))
        batch_op.drop_index(batch_op.f('ix_imported_actions_action_id'))
    op.drop_table('imported_actions')
    with op.batch_alter_table('personal_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_personal_tokens_user_kind')
    op.drop_table('personal_tokens')
