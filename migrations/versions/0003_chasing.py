"""chasing: committee follows, reminder log, used update links, the scrutiny officer of a
committee and the executive's response to recommendations

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-22 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('committee_follows',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_committee_follows_committee_id_committees')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_committee_follows_user_id_users')),
    sa.PrimaryKeyConstraint('user_id', 'committee_id', name=op.f('pk_committee_follows'))
    )
    op.create_table('sent_digests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], name=op.f('fk_sent_digests_recipient_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_digests')),
    sa.UniqueConstraint('recipient_id', 'kind', 'sent_on', name='uq_sent_digests_once_a_day')
    )
    op.create_table('used_update_links',
    sa.Column('token_id', sa.String(length=40), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_used_update_links_action_id_actions')),
    sa.PrimaryKeyConstraint('token_id', name=op.f('pk_used_update_links'))
    )
    with op.batch_alter_table('used_update_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_used_update_links_action_id'), ['action_id'], unique=False)

    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scrutiny_officer_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_committees_scrutiny_officer_id_users'), 'users', ['scrutiny_officer_id'], ['id'])

    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_recommendation', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('response_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('response', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('response_date', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('response_text', sa.Text(), nullable=True))
        batch_op.create_check_constraint(
            'response',
            "response IS NULL OR response IN ('accepted', 'accepted_in_part', 'rejected', 'noted')",
        )


def downgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_actions_response'), type_='check')
        batch_op.drop_column('response_text')
        batch_op.drop_column('response_date')
        batch_op.drop_column('response')
        batch_op.drop_column('response_due')
        batch_op.drop_column('is_recommendation')

    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_committees_scrutiny_officer_id_users'), type_='foreignkey')
        batch_op.drop_column('scrutiny_officer_id')

    with op.batch_alter_table('used_update_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_used_update_links_action_id'))

    op.drop_table('used_update_links')
    op.drop_table('sent_digests')
    op.drop_table('committee_follows')
