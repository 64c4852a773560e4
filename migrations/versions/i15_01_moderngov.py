"""ModernGov: its ids on committees, meetings and agenda items, the flag on a meeting gone
from ModernGov, restricted (exempt) agenda items, the people ModernGov seats on a committee, the sync log and the actions suggested from
published minutes. Existing rows keep everything; the new columns start empty.

Revision ID: i15_01
Revises: i18_03
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'i15_01'
down_revision = 'i18_03'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('moderngov_syncs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('meetings_added', sa.Integer(), nullable=False),
    sa.Column('meetings_changed', sa.Integer(), nullable=False),
    sa.Column('meetings_cancelled', sa.Integer(), nullable=False),
    sa.Column('meetings_missing', sa.Integer(), nullable=False),
    sa.Column('items_added', sa.Integer(), nullable=False),
    sa.Column('items_changed', sa.Integer(), nullable=False),
    sa.Column('minutes_published', sa.Integer(), nullable=False),
    sa.Column('suggestions', sa.Integer(), nullable=False),
    sa.Column('dues_moved', sa.Integer(), nullable=False),
    sa.Column('members_seated', sa.Integer(), nullable=False),
    sa.Column('people_unmatched', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_moderngov_syncs_committee_id_committees')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderngov_syncs'))
    )
    with op.batch_alter_table('moderngov_syncs', schema=None) as batch_op:
        batch_op.create_index('ix_moderngov_syncs_committee_started', ['committee_id', 'started_at'], unique=False)

    op.create_table('minutes_suggestions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('quote_key', sa.String(length=64), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("state IN ('pending', 'logged', 'rejected')", name=op.f('ck_minutes_suggestions_state')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_minutes_suggestions_meeting_id_meetings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes_suggestions')),
    sa.UniqueConstraint('meeting_id', 'quote_key', name='uq_minutes_suggestions_quote')
    )
    with op.batch_alter_table('minutes_suggestions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minutes_suggestions_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('moderngov_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('committee_id', sa.Integer(), nullable=False),
    sa.Column('person_key', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.String(length=60), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('ignored', sa.Boolean(), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['committee_id'], ['committees.id'], name=op.f('fk_moderngov_people_committee_id_committees')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_moderngov_people_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderngov_people')),
    sa.UniqueConstraint('committee_id', 'person_key', name='uq_moderngov_people_person')
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moderngov_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('exempt', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_unique_constraint(batch_op.f('uq_agenda_items_moderngov_id'), ['moderngov_id'])

    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moderngov_id', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_committees_moderngov_id'), ['moderngov_id'])

    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moderngov_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('moderngov_url', sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column('moderngov_missing_since', sa.DateTime(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_meetings_moderngov_id'), ['moderngov_id'])



def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_meetings_moderngov_id'), type_='unique')
        batch_op.drop_column('moderngov_missing_since')
        batch_op.drop_column('moderngov_url')
        batch_op.drop_column('moderngov_id')

    with op.batch_alter_table('committees', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_committees_moderngov_id'), type_='unique')
        batch_op.drop_column('moderngov_id')

    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_agenda_items_moderngov_id'), type_='unique')
        batch_op.drop_column('exempt')
        batch_op.drop_column('moderngov_id')

    op.drop_table('moderngov_people')
    with op.batch_alter_table('minutes_suggestions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minutes_suggestions_meeting_id'))

    op.drop_table('minutes_suggestions')
    with op.batch_alter_table('moderngov_syncs', schema=None) as batch_op:
        batch_op.drop_index('ix_moderngov_syncs_committee_started')

    op.drop_table('moderngov_syncs')
