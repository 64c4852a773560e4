"""What each reminder says, as plain functions: who gets a digest and which actions are in it.
Sending is in send.py; these only read."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload

from tracker.chasing.responses import overdue_responses
from tracker.chasing.staleness import OwedUpdate, owed_updates
from tracker.extensions import db
from tracker.models import LIVE_STATUSES, Action, Committee, User
from tracker.reminders.workdays import agenda_published

# How far ahead a reminder looks: due dates, and agendas about to be published.
LOOKAHEAD_DAYS = 7
# Actions due at a meeting more than this far ahead cannot have an agenda published within
# the look-ahead (five working days is never more than three weeks, even over Christmas).
MEETING_HORIZON_DAYS = LOOKAHEAD_DAYS + 21

OWNER = "owner"
SCRUTINY = "scrutiny"


@dataclass
class DigestItem:
    action: Action
    why: str  # "Overdue: was due 1 Oct 2026", "Due 14 Nov 2026", "Due at the meeting on ..."
    overdue: bool = False


@dataclass
class OwnerDigest:
    """One officer's reminder: their actions that are overdue or coming up."""

    recipient: User
    items: list[DigestItem]
    kind: str = OWNER

    @property
    def subject(self) -> str:
        overdue = sum(item.overdue for item in self.items)
        count = len(self.items)
        text = f"{count} action{'s' if count != 1 else ''} to update"
        return text + (f", {overdue} overdue" if overdue else "")


@dataclass
class CommitteeSummary:
    committee: Committee
    owed: list[OwedUpdate] = field(default_factory=list)
    late_responses: list[Action] = field(default_factory=list)


@dataclass
class ScrutinyDigest:
    """A scrutiny officer's summary: for each of their committees, who has not updated and
    which Executive responses are overdue."""

    recipient: User
    committees: list[CommitteeSummary]
    kind: str = SCRUTINY

    @property
    def items(self) -> list:
        return [a for c in self.committees for o in c.owed for a in o.actions] + [
            a for c in self.committees for a in c.late_responses
        ]

    @property
    def subject(self) -> str:
        stale = sum(len(o.actions) for c in self.committees for o in c.owed)
        late = sum(len(c.late_responses) for c in self.committees)
        parts = []
        if stale:
            parts.append(f"{stale} action{'s' if stale != 1 else ''} without an update")
        if late:
            parts.append(f"{late} Executive response{'s' if late != 1 else ''} overdue")
        return "Chasing summary: " + ", ".join(parts)


def why_due(action: Action, today: date) -> tuple[str, bool] | None:
    """Why the action is in its owner's reminder on `today`, or None if it is not."""
    due = action.due_date
    if due is None or action.status not in {s.value for s in LIVE_STATUSES}:
        return None
    if due < today:
        return f"Overdue: was due {due:%-d %b %Y}", True
    if due <= today + timedelta(days=LOOKAHEAD_DAYS):
        when = "today" if due == today else f"{due:%A %-d %b %Y}"
        return f"Due {when}", False
    if action.due_next_meeting:
        published = agenda_published(due)
        if today <= published <= today + timedelta(days=LOOKAHEAD_DAYS):
            return (f"Due at the meeting on {due:%A %-d %b %Y}: the agenda is published on "
                    f"{published:%A %-d %b}"), False
    return None


def owner_digests(today: date) -> list[OwnerDigest]:
    """One digest per owner with an account (active, with an email address) who has actions
    overdue, due in the next 7 days, or due at a meeting whose agenda is published in the
    next 7 days. One query."""
    query = (
        select(Action)
        .join(User, Action.owner_id == User.id)
        .options(joinedload(Action.owner), joinedload(Action.committee))
        .where(
            User.active.is_(True),
            User.email != "",
            Action.status.in_([s.value for s in LIVE_STATUSES]),
            or_(
                Action.due_date <= today + timedelta(days=LOOKAHEAD_DAYS),
                and_(Action.due_next_meeting.is_(True),
                     Action.due_date <= today + timedelta(days=MEETING_HORIZON_DAYS)),
            ),
        )
        .order_by(Action.owner_id, Action.due_date, Action.id)
    )
    by_owner: dict[int, OwnerDigest] = {}
    for action in db.session.scalars(query).unique():
        reason = why_due(action, today)
        if reason is None:
            continue
        digest = by_owner.setdefault(action.owner_id, OwnerDigest(recipient=action.owner, items=[]))
        digest.items.append(DigestItem(action=action, why=reason[0], overdue=reason[1]))
    return sorted(by_owner.values(), key=lambda d: d.recipient.name.lower())


def scrutiny_digests(today: date) -> list[ScrutinyDigest]:
    """One summary per scrutiny officer named on a committee, when any of their committees has
    owners who owe updates or overdue Executive responses."""
    committees = db.session.scalars(
        select(Committee)
        .join(User, Committee.scrutiny_officer_id == User.id)
        .options(joinedload(Committee.scrutiny_officer))
        .where(User.active.is_(True))
        .order_by(Committee.name)
    ).all()
    if not committees:
        return []
    owed_by_committee: dict[int, list[OwedUpdate]] = defaultdict(list)
    for owed in owed_updates(today):
        # owed_updates groups by owner across committees: split it again per committee.
        for committee_id in {a.committee_id for a in owed.actions}:
            owed_by_committee[committee_id].append(
                OwedUpdate(owner=owed.owner, email=owed.email,
                           actions=[a for a in owed.actions if a.committee_id == committee_id])
            )
    late_by_committee: dict[int, list[Action]] = defaultdict(list)
    for action in overdue_responses(today):
        late_by_committee[action.committee_id].append(action)

    digests: dict[int, ScrutinyDigest] = {}
    for committee in committees:
        summary = CommitteeSummary(committee, owed_by_committee.get(committee.id, []),
                                   late_by_committee.get(committee.id, []))
        if not (summary.owed or summary.late_responses):
            continue
        officer = committee.scrutiny_officer
        digests.setdefault(officer.id, ScrutinyDigest(recipient=officer, committees=[])).committees.append(summary)
    return sorted(digests.values(), key=lambda d: d.recipient.name.lower())
