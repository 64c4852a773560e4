"""What the ModernGov connection keeps of its own: a log of syncs, and the actions suggested
from published minutes until a scrutiny officer logs or rejects them."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.core import Committee, Meeting, _in
from tracker.timeutil import utcnow


class ModernGovSync(db.Model):
    """One sync of one committee: when, whether it worked, and what came in."""

    __tablename__ = "moderngov_syncs"
    __table_args__ = (Index("ix_moderngov_syncs_committee_started", "committee_id", "started_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    ok: Mapped[bool] = mapped_column(Boolean, default=True)
    meetings_added: Mapped[int] = mapped_column(Integer, default=0)
    meetings_changed: Mapped[int] = mapped_column(Integer, default=0)
    meetings_cancelled: Mapped[int] = mapped_column(Integer, default=0)
    meetings_missing: Mapped[int] = mapped_column(Integer, default=0)
    items_added: Mapped[int] = mapped_column(Integer, default=0)
    items_changed: Mapped[int] = mapped_column(Integer, default=0)
    minutes_published: Mapped[int] = mapped_column(Integer, default=0)
    suggestions: Mapped[int] = mapped_column(Integer, default=0)
    dues_moved: Mapped[int] = mapped_column(Integer, default=0)
    members_seated: Mapped[int] = mapped_column(Integer, default=0)
    people_unmatched: Mapped[int] = mapped_column(Integer, default=0)
    # The failure's message, for a sync that did not work.
    message: Mapped[str] = mapped_column(Text, default="")

    committee: Mapped[Committee] = relationship()


class SuggestionState(StrEnum):
    PENDING = "pending"
    LOGGED = "logged"
    REJECTED = "rejected"


class MinutesSuggestion(db.Model):
    """An action capture found in minutes published on ModernGov. Keyed by its quote, so a
    later sync never suggests again what was logged or rejected."""

    __tablename__ = "minutes_suggestions"
    __table_args__ = (
        CheckConstraint(f"state IN ({_in(SuggestionState)})", name="state"),
        UniqueConstraint("meeting_id", "quote_key", name="uq_minutes_suggestions_quote"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    # SHA-256 of the quote, stripped: the quote itself can be longer than an index allows.
    quote_key: Mapped[str] = mapped_column(String(64))
    quote: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default=SuggestionState.PENDING.value)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime)

    meeting: Mapped[Meeting] = relationship()


class ModernGovPerson(db.Model):
    """Someone ModernGov lists as sitting on a committee (chair, vice-chair, member), and the
    tracker account they are, once matched by name or linked by a scrutiny officer. A name no
    account matches waits here to be linked or ignored."""

    __tablename__ = "moderngov_people"
    __table_args__ = (UniqueConstraint("committee_id", "person_key", name="uq_moderngov_people_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    # ModernGov's member id where it gives one, else the name as it prints it, lower-cased.
    person_key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    position: Mapped[str | None] = mapped_column(String(60))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    ignored: Mapped[bool] = mapped_column(Boolean, default=False)
    seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    committee: Mapped[Committee] = relationship()
