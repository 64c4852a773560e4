"""Who sits on which committee. Membership is what entitles a councillor to a committee's
exempt (confidential) items, and puts the committee first on their home page."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.core import Committee, User
from tracker.timeutil import utcnow


class CommitteeMember(db.Model):
    __tablename__ = "committee_members"

    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), primary_key=True)
    # Indexed on its own: "which committees does this person sit on" is asked on every page
    # that shows exempt items.
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    # As the council's constitution names it: "Chair", "Vice-Chair", "Member", "Co-opted member".
    position: Mapped[str | None] = mapped_column(String(60))
    # Where the membership came from: "manual" (a scrutiny officer) or a connector's name
    # ("moderngov"), so a sync can tell its own rows from hand-made ones.
    source: Mapped[str] = mapped_column(String(20), default="manual")
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    committee: Mapped[Committee] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])
