"""The rules for actions, as plain functions: views call them, tests call them directly.

Each function changes the session and flushes; the caller commits, so a view can do several
things in one transaction.
"""
from __future__ import annotations

import bisect
from datetime import date

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from tracker import permissions
from tracker.extensions import db
from tracker.timeutil import utcnow
from tracker.models import (
    Action,
    ActionKind,
    ActionStatus,
    AgendaItem,
    Committee,
    Meeting,
    MeetingStatus,
    Update,
    User,
    municipal_year,
    municipal_year_label,
)


class RuleError(ValueError):
    """The request breaks a rule; `field` names the form field to show it against."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message, self.field = message, field


class Forbidden(PermissionError):
    pass


class StaleVersion(Exception):
    """Someone else changed the action after the user loaded it."""

    def __init__(self, action: Action):
        super().__init__(f"{action.reference} has changed since it was loaded")
        self.action = action


# ---------------------------------------------------------------- references

def format_reference(committee: Committee, year: int, sequence: int) -> str:
    return f"{committee.code} {municipal_year_label(year)}-{sequence:02d}"


def _next_sequence(committee_id: int, year: int) -> int:
    current = db.session.scalar(
        select(func.max(Action.sequence)).where(
            Action.committee_id == committee_id, Action.municipal_year == year
        )
    )
    return (current or 0) + 1


# ---------------------------------------------------------------- due dates

def next_meeting_after(committee_id: int, after) -> Meeting | None:
    """The first meeting of the committee, not cancelled, that starts after `after`."""
    return db.session.scalar(
        select(Meeting)
        .where(
            Meeting.committee_id == committee_id,
            Meeting.starts_at > after,
            Meeting.status != MeetingStatus.CANCELLED.value,
        )
        .order_by(Meeting.starts_at)
        .limit(1)
    )


def resolve_next_meeting_dues(committee_id: int) -> int:
    """Give every "due at the next meeting" action of the committee the date of the first
    meeting after the one it arose at (NULL while none is scheduled). Call after any meeting
    of the committee is added, moved or cancelled. Returns how many actions changed.

    A bulk UPDATE on purpose: this follows the calendar, it is nobody's edit, so it neither
    bumps the actions' versions (which would give their owners a false conflict) nor writes
    to their history."""
    meetings = db.session.execute(
        select(Meeting.starts_at)
        .where(Meeting.committee_id == committee_id, Meeting.status != MeetingStatus.CANCELLED.value)
        .order_by(Meeting.starts_at)
    ).scalars().all()
    rows = db.session.execute(
        select(Action.id, Action.due_date, Meeting.starts_at)
        .join(Meeting, Action.meeting_id == Meeting.id)
        .where(Action.committee_id == committee_id, Action.due_next_meeting.is_(True))
    ).all()
    changes: dict[date | None, list[int]] = {}
    for action_id, current_due, arose_at in rows:
        index = bisect.bisect_right(meetings, arose_at)
        due = meetings[index].date() if index < len(meetings) else None
        if due != current_due:
            changes.setdefault(due, []).append(action_id)
    for due, ids in changes.items():
        db.session.execute(
            update(Action).where(Action.id.in_(ids)).values(due_date=due),
            execution_options={"synchronize_session": "fetch"},
        )
    return sum(len(ids) for ids in changes.values())


# ---------------------------------------------------------------- creating

def create_action(
    *,
    meeting: Meeting,
    author: User | None,
    description: str,
    kind: str = ActionKind.COMMITMENT.value,
    owner: User | None = None,
    owner_role: str | None = None,
    due_date: date | None = None,
    due_next_meeting: bool = False,
    agenda_item: AgendaItem | None = None,
    exempt: bool = False,
    quote: str | None = None,
) -> Action:
    """Log an action arising from `meeting`, numbered in the committee's municipal year."""
    if author is not None and not permissions.can_manage(author):
        raise Forbidden("Only a scrutiny officer can log actions.")
    description = (description or "").strip()
    if not description:
        raise RuleError("Enter what must be done", "description")
    if owner is None and not (owner_role or "").strip():
        raise RuleError("Choose an owner or type the owner's role", "owner_role")
    if owner is not None and (not owner.active or owner.role == "member"):
        raise RuleError("Choose an active officer as the owner", "owner_id")
    if agenda_item is not None and agenda_item.meeting_id != meeting.id:
        raise RuleError("Choose an agenda item of this meeting", "agenda_item_id")
    if due_next_meeting and due_date is not None:
        raise RuleError("Enter a due date or tick next meeting, not both", "due_date")
    kind = ActionKind(kind).value

    if due_next_meeting:
        following = next_meeting_after(meeting.committee_id, meeting.starts_at)
        due_date = following.starts_at.date() if following else None

    year = municipal_year(meeting.starts_at.date())
    committee = meeting.committee
    # Two officers logging actions for the same committee at once can pick the same number;
    # the unique constraint catches it and we take the next one.
    for _attempt in range(5):
        sequence = _next_sequence(committee.id, year)
        action = Action(
            committee_id=committee.id,
            meeting_id=meeting.id,
            agenda_item_id=agenda_item.id if agenda_item else None,
            reference=format_reference(committee, year, sequence),
            municipal_year=year,
            sequence=sequence,
            kind=kind,
            description=description,
            quote=(quote or "").strip() or None,
            owner_id=owner.id if owner else None,
            owner_role=(owner_role or "").strip() or None,
            due_date=due_date,
            due_next_meeting=due_next_meeting,
            status=ActionStatus.OPEN.value,
            exempt=exempt,
            created_by_id=author.id if author else None,
        )
        try:
            with db.session.begin_nested():
                db.session.add(action)
                db.session.flush()
        except IntegrityError:
            continue
        db.session.add(
            Update(
                action_id=action.id,
                author_id=author.id if author else None,
                old_status=None,
                new_status=ActionStatus.OPEN.value,
                note="Action logged",
            )
        )
        db.session.flush()
        return action
    raise RuleError("Could not number the action: try again", "description")


# ---------------------------------------------------------------- updating

def change_status(
    action: Action,
    user: User,
    new_status: str,
    note: str,
    version: int,
    via: str | None = None,
) -> Update:
    """The inline update: a new status and/or a progress note, recorded in the history.

    Raises Forbidden when the user may not update the action or set that status,
    StaleVersion when `version` is not the action's current one, RuleError for an empty update."""
    refusal = permissions.update_refusal(user, action)
    if refusal:
        raise Forbidden(refusal)
    status = ActionStatus(new_status)
    if status not in permissions.statuses_for(user, action):
        raise Forbidden(f"You cannot set {action.reference} to {status.label.lower()}.")
    if version != action.version:
        raise StaleVersion(action)
    note = (note or "").strip()
    old = action.status_enum
    if status is old and not note:
        raise RuleError("Choose a new status or add a progress note", "note")
    if status is ActionStatus.CLOSED and old is not ActionStatus.CLOSED:
        raise Forbidden("Close actions from the meeting that confirmed them.")

    action.status = status.value
    if old is ActionStatus.CLOSED and status is not ActionStatus.CLOSED:
        action.closed_at_meeting_id = None  # reopened by the scrutiny officer
    entry = Update(
        action=action,
        author_id=user.id,
        old_status=old.value,
        new_status=status.value,
        note=note,
        via=via,
    )
    db.session.add(entry)
    flush_checking_version(action)
    return entry


def flush_checking_version(*actions: Action) -> None:
    """Flush; if another request saved one of the actions in between, say so instead of
    overwriting it (the UPDATE checks the version it read)."""
    now = utcnow()
    for action in actions:
        action.updated_at = now  # every update bumps the version, notes included
    # Read before the flush: after a failed flush the objects cannot be read until rollback.
    ids = [a.id for a in actions]
    try:
        db.session.flush()
    except StaleDataError:
        db.session.rollback()
        fresh = db.session.get(Action, ids[0])
        raise StaleVersion(fresh) from None


EDITABLE_FIELDS = (
    ("description", "Description"),
    ("kind", "Kind"),
    ("owner_id", "Owner"),
    ("owner_role", "Owner's role"),
    ("due_date", "Due date"),
    ("due_next_meeting", "Due at next meeting"),
    ("agenda_item_id", "Agenda item"),
    ("exempt", "Exempt"),
    ("quote", "Quote"),
)


def edit_action(action: Action, user: User, version: int, note: str = "", **changes) -> Update | None:
    """Change an action's details (scrutiny officers only); the history records what changed."""
    if not permissions.can_manage(user):
        raise Forbidden("Only a scrutiny officer can edit an action's details.")
    if version != action.version:
        raise StaleVersion(action)
    if "description" in changes and not (changes["description"] or "").strip():
        raise RuleError("Enter what must be done", "description")
    owner_id = changes.get("owner_id", action.owner_id)
    owner_role = changes.get("owner_role", action.owner_role)
    if owner_id is None and not (owner_role or "").strip():
        raise RuleError("Choose an owner or type the owner's role", "owner_role")
    if owner_id is not None and owner_id != action.owner_id:
        owner = db.session.get(User, owner_id)
        if owner is None or not owner.active or owner.role == "member":
            raise RuleError("Choose an active officer as the owner", "owner_id")
    item_id = changes.get("agenda_item_id", action.agenda_item_id)
    if item_id is not None:
        item = db.session.get(AgendaItem, item_id)
        if item is None or item.meeting_id != action.meeting_id:
            raise RuleError("Choose an agenda item of this meeting", "agenda_item_id")
    if changes.get("due_next_meeting", action.due_next_meeting) and changes.get("due_date"):
        raise RuleError("Enter a due date or tick next meeting, not both", "due_date")

    described = []
    for field, label in EDITABLE_FIELDS:
        if field not in changes:
            continue
        value = changes[field]
        if isinstance(value, str):
            value = value.strip() or (None if field in ("owner_role", "quote") else value)
        if field == "kind":
            value = ActionKind(value).value
        if getattr(action, field) != value:
            if field == "due_date" and changes.get("due_next_meeting", action.due_next_meeting):
                continue  # the next meeting decides the date
            described.append(f"{label} changed")
            setattr(action, field, value)
    if action.due_next_meeting:
        meeting = action.meeting
        following = next_meeting_after(meeting.committee_id, meeting.starts_at)
        action.due_date = following.starts_at.date() if following else None
    note = (note or "").strip()
    if not described and not note:
        return None
    entry = Update(
        action=action,
        author_id=user.id,
        old_status=action.status,
        new_status=action.status,
        note="; ".join(filter(None, [", ".join(described), note])),
    )
    db.session.add(entry)
    flush_checking_version(action)
    return entry


def close_actions(meeting: Meeting, user: User, action_ids: list[int], note: str = "") -> list[Action]:
    """Close the completed actions of the meeting's committee that the committee confirmed at
    `meeting`, recording the meeting on each."""
    if not permissions.can_manage(user):
        raise Forbidden("Only a scrutiny officer can close actions.")
    if not action_ids:
        raise RuleError("Select the actions the committee confirmed", "action_ids")
    actions = db.session.scalars(
        select(Action).where(Action.id.in_(action_ids)).order_by(Action.id)
    ).all()
    if len(actions) != len(set(action_ids)):
        raise RuleError("Some of the selected actions no longer exist: reload the page", "action_ids")
    for action in actions:
        if action.committee_id != meeting.committee_id:
            raise RuleError(f"{action.reference} belongs to another committee", "action_ids")
        if action.status != ActionStatus.COMPLETED.value:
            raise RuleError(
                f"{action.reference} is not completed: only completed actions can be closed",
                "action_ids",
            )
    note = (note or "").strip()
    for action in actions:
        action.status = ActionStatus.CLOSED.value
        action.closed_at_meeting_id = meeting.id
        db.session.add(
            Update(
                action=action,
                author_id=user.id,
                old_status=ActionStatus.COMPLETED.value,
                new_status=ActionStatus.CLOSED.value,
                note=note or f"Confirmed by the committee at its meeting on {meeting.starts_at:%-d %B %Y}",
            )
        )
    flush_checking_version(*actions)
    return list(actions)
