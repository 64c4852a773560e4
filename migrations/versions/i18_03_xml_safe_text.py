"""take out of stored text the characters Word and Excel files cannot hold (U+FFFE, U+FFFF,
control characters, unpaired surrogates): one in a note made every download of the
committee's log fail, and the history cannot be edited to remove it

Revision ID: i18_03
Revises: i18_02
Create Date: 2026-12-01
"""
import re

import sqlalchemy as sa
from alembic import op

revision = "i18_03"
down_revision = "i18_02"
branch_labels = None
depends_on = None

# Written out here, not imported: a migration must mean the same thing however the app changes.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
TEXT_COLUMNS = {
    "actions": ("reference", "description", "quote", "owner_role", "response_text"),
    "action_updates": ("note",),
    "agenda_items": ("number", "title", "presenter", "minutes"),
    "meetings": ("venue", "minutes_url"),
    "committees": ("name", "description"),
    "users": ("name", "job_title"),
    "personal_tokens": ("name",),
    "imported_actions": ("source",),
}
BATCH = 1000


def upgrade():
    bind = op.get_bind()
    for table_name, columns in TEXT_COLUMNS.items():
        table = sa.table(table_name, sa.column("id"), *(sa.column(c) for c in columns))
        last_id = 0
        while True:  # in batches by id, so a large database is not read into memory at once
            rows = bind.execute(
                sa.select(table).where(table.c.id > last_id).order_by(table.c.id).limit(BATCH)
            ).all()
            if not rows:
                break
            last_id = rows[-1].id
            for row in rows:
                changes = {c: XML_ILLEGAL.sub("", getattr(row, c)) for c in columns
                           if isinstance(getattr(row, c), str) and XML_ILLEGAL.search(getattr(row, c))}
                if changes:
                    bind.execute(sa.update(table).where(table.c.id == row.id).values(**changes))


def downgrade():
    pass  # the characters taken out were unreadable in every download; nothing to put back
