"""Accounts: the single-use links that let a person set their password (an invitation or a
reset). Only a hash of each link's secret is stored, as for personal tokens."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.core import User
from tracker.timeutil import utcnow


class LinkPurpose(StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


class PasswordLink(db.Model):
    __tablename__ = "password_links"
    __table_args__ = (
        CheckConstraint("purpose IN ('invitation', 'reset')", name="purpose"),
        Index("ix_password_links_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    # Set when used, or when a newer link or a password change makes it void.
    used_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
