"""Signed-in sessions, recorded on the server. The cookie carries a random session id; a
session is good only while its row here is not ended, so signing out, a password change, a
deactivation or "Sign out everywhere" ends a session even for a copy of the cookie."""
from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.timeutil import utcnow


def hash_session_id(secret: str) -> str:
    """What is stored: a database reader cannot turn a row back into a working cookie."""
    return hashlib.sha256(secret.encode()).hexdigest()


class UserSession(db.Model):
    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # hash_session_id(cookie's id)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Why it ended, for the audit trail: "signed out", "password changed", "deactivated",
    # "signed out everywhere".
    ended_reason: Mapped[str | None] = mapped_column(String(40))
