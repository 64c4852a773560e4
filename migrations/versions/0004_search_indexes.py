"""search indexes: full text over actions, and indexes the lists use at council scale

Revision ID: 0004
Revises: 0001
Create Date: 2026-11-22 02:00:00

SQLite: an FTS5 table over the actions' reference, description and owner's role, reading
its text from `actions` (external content) and kept in step by triggers. PostgreSQL: a GIN
index on the same words (tracker/actions/search.py repeats its expression, so the planner
uses it). Both: an index on (status, due_date, id), so the lists' sort reads no rows on
PostgreSQL either.
"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0001'
branch_labels = None
depends_on = None

# Must match tracker.actions.search.PG_DOCUMENT (without the table name).
PG_DOCUMENT = (
    "to_tsvector('simple'::regconfig, translate("
    "coalesce(reference, '') || ' ' || coalesce(description, '') || ' ' || "
    "coalesce(owner_role, ''), '/-.@_:', '      '))"
)


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # The SQL lives beside the search, which also puts the triggers back after any later
        # migration that rebuilds the actions table (migrations/env.py calls it).
        from tracker.actions.search import create_sqlite_search

        create_sqlite_search(bind)
    else:
        op.execute(f"CREATE INDEX ix_actions_search ON actions USING gin ({PG_DOCUMENT})")
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index('ix_actions_status_due_id', ['status', 'due_date', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index('ix_actions_status_due_id')
    if op.get_bind().dialect.name == "sqlite":
        for name in ("actions_search_insert", "actions_search_delete", "actions_search_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS actions_search")
    else:
        op.execute("DROP INDEX IF EXISTS ix_actions_search")
