"""Join the branches: the action log and data exchange (0002), chasing (0003) and search (0004)
were built side by side from the initial schema; from here the history is one line again.

Revision ID: 0005
Revises: 0002, 0003, 0004
Create Date: 2026-11-22
"""

revision = "0005"
down_revision = ("0002", "0003", "0004")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
