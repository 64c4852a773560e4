"""A recommendation's life after the meeting: to whom it is addressed, the review report it
came from, the implementation plan and status, and the committee's reviews. The recommendation
itself is an Action (is_recommendation) and keeps its response on the action (migration 0003);
this table holds the rest, one row per recommendation."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Date, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from tracker.extensions import db
from tracker.models.core import Action, Committee, Meeting, User
from tracker.timeutil import utcnow


def _in(values) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


class BodyKind(StrEnum):
    EXECUTIVE = "executive"
    COUNCIL = "council"
    OUTSIDE = "outside"

    @property
    def label(self) -> str:
        return {BodyKind.EXECUTIVE: "The Executive", BodyKind.COUNCIL: "Council",
                BodyKind.OUTSIDE: "An outside body"}[self]


class ImplementationStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    PARTLY_IMPLEMENTED = "partly_implemented"
    NOT_IMPLEMENTED = "not_implemented"
    NO_LONGER_FEASIBLE = "no_longer_feasible"
    SUPERSEDED = "superseded"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class ReviewVerdict(StrEnum):
    """What the committee concluded when it reviewed a recommendation's implementation."""

    SIGN_OFF = "sign_off"
    CONTINUE = "continue"
    ESCALATE = "escalate"

    @property
    def label(self) -> str:
        return {ReviewVerdict.SIGN_OFF: "Satisfied: signed off",
                ReviewVerdict.CONTINUE: "Keep monitoring",
                ReviewVerdict.ESCALATE: "Not satisfied: escalate"}[self]


class AddressedBody(db.Model):
    """Whom a recommendation is made to: Cabinet, a Cabinet Member, Council, the NHS trust..."""

    __tablename__ = "addressed_bodies"
    __table_args__ = (CheckConstraint(f"kind IN ({_in(BodyKind)})", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=BodyKind.EXECUTIVE.value)


class ReviewReport(db.Model):
    """A task group's (or review's) report: several numbered recommendations made at one meeting."""

    __tablename__ = "review_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(500))

    committee: Mapped[Committee] = relationship()
    meeting: Mapped[Meeting] = relationship()


# The tracker's actions that deliver an accepted recommendation.
recommendation_actions = Table(
    "recommendation_actions",
    db.metadata,
    Column("recommendation_id", ForeignKey("recommendations.action_id"), primary_key=True),
    Column("action_id", ForeignKey("actions.id"), primary_key=True, index=True),
)


class Recommendation(db.Model):
    __tablename__ = "recommendations"
    __table_args__ = (
        CheckConstraint(f"implementation_status IN ({_in(ImplementationStatus)})", name="implementation_status"),
        CheckConstraint("rag IS NULL OR rag IN ('green', 'amber', 'red')", name="rag"),
    )

    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"), primary_key=True)
    addressed_to_id: Mapped[int | None] = mapped_column(ForeignKey("addressed_bodies.id"), index=True)
    review_report_id: Mapped[int | None] = mapped_column(ForeignKey("review_reports.id"), index=True)
    # Its number in the review report, as printed ("3", "4b").
    number: Mapped[str | None] = mapped_column(String(10))
    # The response's who and where (the response itself is on the action).
    decision_maker: Mapped[str | None] = mapped_column(String(200))
    response_url: Mapped[str | None] = mapped_column(String(500))
    # The implementation plan: a lead officer (an account, or a name typed when they have none).
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lead_name: Mapped[str | None] = mapped_column(String(200))
    target_date: Mapped[date | None] = mapped_column(Date)
    implementation_status: Mapped[str] = mapped_column(String(30), default=ImplementationStatus.NOT_STARTED.value)
    rag: Mapped[str | None] = mapped_column(String(10))
    latest_update: Mapped[str | None] = mapped_column(Text)

    action: Mapped[Action] = relationship(backref=db.backref("recommendation", uselist=False))
    addressed_to: Mapped[AddressedBody | None] = relationship()
    review_report: Mapped[ReviewReport | None] = relationship()
    lead: Mapped[User | None] = relationship()
    delivering_actions: Mapped[list[Action]] = relationship(secondary=recommendation_actions,
                                                            order_by="Action.id")
    reviews: Mapped[list[RecommendationReview]] = relationship(
        back_populates="recommendation", order_by="RecommendationReview.id")

    @property
    def lead_label(self) -> str:
        if self.lead is not None:
            return self.lead.display_name
        return self.lead_name or ""


class RecommendationReview(db.Model):
    """The committee's verdict when it reviewed a recommendation at a meeting."""

    __tablename__ = "recommendation_reviews"
    __table_args__ = (CheckConstraint(f"verdict IN ({_in(ReviewVerdict)})", name="verdict"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendations.action_id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"))
    # Which review this was: 6 or 12 months after the response (the council's setting).
    months: Mapped[int] = mapped_column(Integer)
    verdict: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="reviews")
    meeting: Mapped[Meeting] = relationship()
