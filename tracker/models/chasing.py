"""Tables for chasing: who follows which committee, which reminder digests went out, and
which one-click update links have been used."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from tracker.extensions import db
from tracker.timeutil import utcnow


class CommitteeFollow(db.Model):
    """A member (or anyone) following a committee: its counts come first on their home page."""

    __tablename__ = "committee_follows"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SentDigest(db.Model):
    """One reminder email sent (or being sent). The unique constraint is what stops a second
    run on the same day, even two cron jobs at once, from sending the same digest again."""

    __tablename__ = "sent_digests"
    __table_args__ = (UniqueConstraint("recipient_id", "kind", "sent_on", name="uq_sent_digests_once_a_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # "owner" (their own actions) or "scrutiny" (a committee summary for its scrutiny officer).
    kind: Mapped[str] = mapped_column(String(20))
    # The council's date the digest is for: the --today of the run.
    sent_on: Mapped[date] = mapped_column(Date)
    items: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class UsedUpdateLink(db.Model):
    """A one-click update link that has been used: each works once."""

    __tablename__ = "used_update_links"

    # The random id signed into the link, not the link itself (which would let anyone
    # with database read access use a link that was never used).
    token_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), index=True)
    used_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
