"""Data in and out: personal tokens (API and calendar feeds) and the record of imported rows."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.core import Action, Committee, User
from tracker.timeutil import utcnow


class TokenKind(StrEnum):
    API = "api"
    CALENDAR = "calendar"


def hash_token(secret: str) -> str:
    """Tokens are long random strings, so a plain SHA-256 is enough (no salt or slow hash
    needed) and lets a request find its token by one indexed lookup."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class PersonalToken(db.Model):
    """A secret a user made for a program (the API) or a calendar app. Only its hash is
    stored: the secret is shown once, when it is made."""

    __tablename__ = "personal_tokens"
    __table_args__ = (
        CheckConstraint("kind IN ('api', 'calendar')", name="kind"),
        Index("ix_personal_tokens_user_kind", "user_id", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the secret, so the user can tell their tokens apart.
    hint: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()

    PREFIXES = {TokenKind.API: "sat_", TokenKind.CALENDAR: "cal_"}

    @classmethod
    def issue(cls, user: User, kind: TokenKind, name: str) -> tuple[PersonalToken, str]:
        """A new token and its secret (the only time the secret exists outside the caller)."""
        secret = cls.PREFIXES[TokenKind(kind)] + secrets.token_urlsafe(32)
        token = cls(user_id=user.id, kind=TokenKind(kind).value, name=name,
                    token_hash=hash_token(secret), hint=secret[:8])
        db.session.add(token)
        return token, secret

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ImportedAction(db.Model):
    """One spreadsheet row imported as an action. `key` is stable for the same row in the
    same committee (meeting date and normalised action text), so importing a file again
    creates nothing twice even after the action's wording is edited in the tracker."""

    __tablename__ = "imported_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    source: Mapped[str] = mapped_column(String(255))
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    imported_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    committee: Mapped[Committee] = relationship()
    action: Mapped[Action] = relationship()
