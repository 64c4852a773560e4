"""The domain: committees, meetings, agenda items, actions and their updates, and users.

Invariants that hold whatever the caller are kept here; the rules that change several rows
together (creating an action, changing its status, closing at a meeting) are plain functions
in tracker/actions/rules.py.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    and_,
    event,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates
from werkzeug.security import check_password_hash, generate_password_hash

from tracker.extensions import db
from tracker.text import xml_safe
from tracker.timeutil import utcnow

# How close a due date must be for an action to show amber ("due soon").
DUE_SOON_DAYS = 14


class Role(StrEnum):
    SCRUTINY = "scrutiny"
    OFFICER = "officer"
    MEMBER = "member"

    @property
    def label(self) -> str:
        return {
            Role.SCRUTINY: "Scrutiny officer",
            Role.OFFICER: "Officer",
            Role.MEMBER: "Member (councillor)",
        }[self]


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DEFERRED = "deferred"
    COMPLETED = "completed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {
            ActionStatus.OPEN: "Open",
            ActionStatus.IN_PROGRESS: "In progress",
            ActionStatus.DEFERRED: "Deferred",
            ActionStatus.COMPLETED: "Completed",
            ActionStatus.CLOSED: "Closed",
            ActionStatus.WITHDRAWN: "Withdrawn",
        }[self]


# The owner still has work to do: only these can be overdue.
LIVE_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DEFERRED)
# What /actions shows by default: everything the committee has not yet signed off.
OUTSTANDING_STATUSES = (*LIVE_STATUSES, ActionStatus.COMPLETED)
# An officer may move their own action between these; closing and withdrawing are the
# scrutiny officer's, because only the committee can agree an action is finished.
OFFICER_STATUSES = (*LIVE_STATUSES, ActionStatus.COMPLETED)


class ActionKind(StrEnum):
    RESOLUTION = "resolution"
    COMMITMENT = "commitment"

    @property
    def label(self) -> str:
        return "Resolution" if self is ActionKind.RESOLUTION else "Commitment"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class ExecutiveResponse(StrEnum):
    """The Executive's answer to a scrutiny recommendation."""

    ACCEPTED = "accepted"
    ACCEPTED_IN_PART = "accepted_in_part"
    REJECTED = "rejected"
    NOTED = "noted"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def _in(values) -> str:
    return ", ".join(f"'{v.value}'" for v in values)


def municipal_year(day: date) -> int:
    """The year a council's municipal year starts in: it runs from April to March."""
    return day.year if day.month >= 4 else day.year - 1


def municipal_year_label(start_year: int) -> str:
    return f"{start_year % 100:02d}/{(start_year + 1) % 100:02d}"


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({_in(Role)})", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # Stored lower-cased, so uniqueness is case-insensitive on every database.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    job_title: Mapped[str | None] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20))
    # Empty until the person sets a password from their invitation.
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    @validates("role")
    def _check_role(self, _key: str, value: str) -> str:
        return Role(value).value

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def has_password(self) -> bool:
        """False for an invited person who has not yet set one (or signs in only by single sign-on)."""
        return bool(self.password_hash)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to deactivated accounts
        return self.active

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_scrutiny(self) -> bool:
        return self.role == Role.SCRUTINY

    @property
    def display_name(self) -> str:
        return f"{self.name}, {self.job_title}" if self.job_title else self.name

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class Committee(db.Model):
    __tablename__ = "committees"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    # Short code that starts every action reference, e.g. "SCSP" in "SCSP 24/25-07".
    code: Mapped[str] = mapped_column(String(12), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # Who receives the committee's chasing summary (stale actions, overdue responses).
    scrutiny_officer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The committee's id in the council's ModernGov, once linked (tracker/moderngov).
    moderngov_id: Mapped[int | None] = mapped_column(Integer, unique=True)

    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="committee", order_by="Meeting.starts_at"
    )
    scrutiny_officer: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Committee {self.slug}>"


class Meeting(db.Model):
    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint(f"status IN ({_in(MeetingStatus)})", name="status"),
        Index("ix_meetings_committee_starts", "committee_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    # Wall-clock time in the council's time zone: meetings are local events.
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    venue: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default=MeetingStatus.SCHEDULED.value)
    minutes_url: Mapped[str | None] = mapped_column(String(500))
    # Filled by a ModernGov sync: its meeting id, the meeting's page there, and when a sync
    # last found the meeting gone from ModernGov (flagged, never deleted).
    moderngov_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    moderngov_url: Mapped[str | None] = mapped_column(String(500))
    moderngov_missing_since: Mapped[datetime | None] = mapped_column(DateTime)

    committee: Mapped[Committee] = relationship(back_populates="meetings")
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position, AgendaItem.id"
    )

    @property
    def status_enum(self) -> MeetingStatus:
        return MeetingStatus(self.status)

    @property
    def title(self) -> str:
        return f"{self.committee.name}, {self.starts_at:%-d %B %Y}"

    def __repr__(self) -> str:
        return f"<Meeting {self.committee_id} {self.starts_at:%Y-%m-%d}>"


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    # The minute reference as printed, e.g. "5" or "12a".
    number: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(String(300))
    presenter: Mapped[str | None] = mapped_column(String(200))
    minutes: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    moderngov_id: Mapped[int | None] = mapped_column(Integer, unique=True)
    # Taken in private (ModernGov's restricted items): its actions are exempt from publication.
    exempt: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class Action(db.Model):
    __tablename__ = "actions"
    __table_args__ = (
        CheckConstraint(f"status IN ({_in(ActionStatus)})", name="status"),
        CheckConstraint(f"kind IN ({_in(ActionKind)})", name="kind"),
        # A closed action records the meeting that confirmed it; nothing else does.
        CheckConstraint(
            "(status = 'closed') = (closed_at_meeting_id IS NOT NULL)", name="closed_has_meeting"
        ),
        UniqueConstraint("committee_id", "municipal_year", "sequence", name="uq_actions_number"),
        Index("ix_actions_status_due", "status", "due_date"),
        # The lists' sort (status, due date, id) read from the index alone: PostgreSQL's
        # indexes do not carry the row id as SQLite's do (migration 0004).
        Index("ix_actions_status_due_id", "status", "due_date", "id"),
        Index("ix_actions_committee_status", "committee_id", "status"),
        Index("ix_actions_owner_status", "owner_id", "status"),
        CheckConstraint(f"response IS NULL OR response IN ({_in(ExecutiveResponse)})", name="response"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The committee is the meeting's, copied here because references are numbered per
    # committee and the unique constraint needs it in this table.
    committee_id: Mapped[int] = mapped_column(ForeignKey("committees.id"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_items.id"), index=True)
    # Issued once and printed in agenda packs, so stored rather than recomputed.
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    municipal_year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default=ActionKind.COMMITMENT.value)
    description: Mapped[str] = mapped_column(Text)
    quote: Mapped[str | None] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    owner_role: Mapped[str | None] = mapped_column(String(200))
    # When due_next_meeting is set, due_date is the date of the committee's next meeting
    # (kept in step by resolve_next_meeting_dues) or NULL until one is scheduled.
    due_date: Mapped[date | None] = mapped_column(Date)
    due_next_meeting: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.OPEN.value)
    closed_at_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meetings.id"))
    exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    # Optimistic locking: every UPDATE checks and bumps it, so two people saving the same
    # action at once cannot overwrite each other silently.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # A resolution recommending something to the Executive/Cabinet: its response is tracked
    # apart from delivery (tracker/chasing/responses.py holds the rules).
    is_recommendation: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    response_due: Mapped[date | None] = mapped_column(Date)
    response: Mapped[str | None] = mapped_column(String(20))
    response_date: Mapped[date | None] = mapped_column(Date)
    response_text: Mapped[str | None] = mapped_column(Text)

    committee: Mapped[Committee] = relationship()
    meeting: Mapped[Meeting] = relationship(foreign_keys=[meeting_id])
    agenda_item: Mapped[AgendaItem | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    closed_at_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[closed_at_meeting_id])
    # passive_deletes="all": the ORM never rewrites history rows on its own.
    updates: Mapped[list[Update]] = relationship(
        back_populates="action",
        order_by="Update.created_at.desc(), Update.id.desc()",
        passive_deletes="all",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def status_enum(self) -> ActionStatus:
        return ActionStatus(self.status)

    @property
    def kind_enum(self) -> ActionKind:
        return ActionKind(self.kind)

    @property
    def owner_label(self) -> str:
        """Who owns it, as the action log prints it."""
        parts = []
        if self.owner is not None:
            parts.append(self.owner.name)
        if self.owner_role:
            parts.append(self.owner_role)
        elif self.owner is not None and self.owner.job_title:
            parts.append(self.owner.job_title)
        return ", ".join(parts) or "No owner"

    @property
    def due_label(self) -> str:
        if self.due_next_meeting and self.due_date is None:
            return "Next meeting (not yet scheduled)"
        if self.due_date is None:
            return "No due date"
        text = f"{self.due_date:%-d %b %Y}"
        return f"Next meeting, {text}" if self.due_next_meeting else text

    def is_overdue(self, today: date) -> bool:
        return (
            self.due_date is not None
            and self.due_date < today
            and self.status in {s.value for s in LIVE_STATUSES}
        )

    @classmethod
    def overdue_clause(cls, today: date):
        """The same rule as is_overdue, for queries."""
        return and_(
            cls.due_date.is_not(None),
            cls.due_date < today,
            cls.status.in_([s.value for s in LIVE_STATUSES]),
        )

    def rag(self, today: date) -> Rag:
        return rag_for(self.status, self.due_date, today)

    def __repr__(self) -> str:
        return f"<Action {self.reference} {self.status}>"


class Rag:
    """A RAG rating as the GOV.UK tag shows it: colour and the words that carry it."""

    __slots__ = ("colour", "label")

    def __init__(self, colour: str, label: str):
        self.colour, self.label = colour, label

    @property
    def tag_class(self) -> str:
        return f"govuk-tag--{self.colour}"

    def __eq__(self, other) -> bool:
        return isinstance(other, Rag) and (self.colour, self.label) == (other.colour, other.label)

    def __repr__(self) -> str:
        return f"Rag({self.colour!r}, {self.label!r})"


def rag_for(status: str, due: date | None, today: date) -> Rag:
    status = ActionStatus(status)
    if status is ActionStatus.WITHDRAWN:
        return Rag("grey", "Withdrawn")
    if status is ActionStatus.CLOSED:
        return Rag("green", "Closed")
    if status is ActionStatus.COMPLETED:
        return Rag("green", "Completed")
    if due is not None and due < today:
        return Rag("red", "Overdue")
    if status is ActionStatus.DEFERRED:
        return Rag("yellow", "Deferred")
    if due is not None and due <= today + timedelta(days=DUE_SOON_DAYS):
        return Rag("yellow", "Due soon")
    return Rag("blue", "On track")


class Update(db.Model):
    """One entry in an action's history: append-only, never edited or deleted."""

    __tablename__ = "action_updates"
    __table_args__ = (Index("ix_action_updates_action_created", "action_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    old_status: Mapped[str | None] = mapped_column(String(20))
    new_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    # How the update arrived when not through a signed-in page, e.g. "email link".
    via: Mapped[str | None] = mapped_column(String(40))

    action: Mapped[Action] = relationship(back_populates="updates")
    author: Mapped[User | None] = relationship()

    @property
    def status_changed(self) -> bool:
        return self.new_status is not None and self.new_status != self.old_status

    @property
    def old_status_label(self) -> str | None:
        return ActionStatus(self.old_status).label if self.old_status else None

    @property
    def new_status_label(self) -> str | None:
        return ActionStatus(self.new_status).label if self.new_status else None


class HistoryIsAppendOnly(Exception):
    pass


@event.listens_for(Update, "before_update")
def _refuse_update_edit(_mapper, _connection, target: Update) -> None:
    raise HistoryIsAppendOnly(f"Update {target.id} is part of the history and cannot be edited")


@event.listens_for(Update, "before_delete")
def _refuse_update_delete(_mapper, _connection, target: Update) -> None:
    raise HistoryIsAppendOnly(f"Update {target.id} is part of the history and cannot be deleted")


@event.listens_for(Action, "before_delete")
def _refuse_action_delete(_mapper, _connection, target: Action) -> None:
    raise HistoryIsAppendOnly(f"Action {target.reference} cannot be deleted: withdraw it instead")


_TEXT_ATTRIBUTES: dict = {}


def _text_attributes(mapper) -> tuple[str, ...]:
    keys = _TEXT_ATTRIBUTES.get(mapper)
    if keys is None:
        keys = _TEXT_ATTRIBUTES[mapper] = tuple(
            mapper.get_property_by_column(column).key for column in mapper.columns
            if isinstance(column.type, String))  # Text is a String
    return keys


@event.listens_for(db.Model, "before_insert", propagate=True)
@event.listens_for(db.Model, "before_update", propagate=True)
def _only_text_every_file_can_hold(mapper, _connection, target) -> None:
    """The last line: whatever way a row arrives (a form, an import, a command, the API),
    nothing is stored that would break the Word and Excel downloads (tracker.text)."""
    for key in _text_attributes(mapper):
        value = getattr(target, key)
        cleaned = xml_safe(value)
        if cleaned is not value:
            setattr(target, key, cleaned)
