"""What an imported spreadsheet becomes: the plan shown in the preview, and the import itself.

Confirming runs every valid row in the caller's one transaction; the stable key of each row
(committee, meeting date, minute number, owner and normalised action text) makes a second
import of the same file create nothing twice, while two different actions in the same words
at one meeting (for two officers, or under two minutes) both import."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from tracker.actions.rules import RuleError, create_action, resolve_next_meeting_dues
from tracker.extensions import db
from tracker.imports.parse import Checked, ParsedRow, RowError, Table, check_rows, normalise_action
from tracker.models import (
    Action,
    ActionStatus,
    AgendaItem,
    Committee,
    ImportedAction,
    Meeting,
    MeetingStatus,
    Role,
    Update,
    User,
)
from tracker.timeutil import today

# A spreadsheet gives the meeting's date, not its time: created meetings start at 6pm, the
# usual time of an evening scrutiny meeting, and can be edited afterwards.
IMPORTED_MEETING_TIME = time(18, 0)


def import_key(committee: Committee, meeting_date: date, minute: str, owner: str, description: str) -> str:
    """`owner` as owner_identity gives it, so "Priya Shah" and her job title are one owner."""
    raw = "\x1f".join((str(committee.id), meeting_date.isoformat(), normalise_action(minute or ""),
                       owner, normalise_action(description)))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def owner_identity(user_id: int | None, role: str | None) -> str:
    return f"user {user_id}" if user_id is not None else f"role {normalise_action(role or '')}"


def _existing_keys(committee: Committee, by_name, by_title) -> dict[str, str]:
    """The key of every action already logged for the committee, by hand or imported, to its
    reference. One logged by hand without a minute number is keyed without one, and its
    typed role resolved to an account the way a file's would be."""
    found: dict[str, str] = {}
    rows = db.session.execute(
        select(Action.reference, Action.description, Meeting.starts_at, AgendaItem.number,
               Action.owner_id, Action.owner_role)
        .join(Meeting, Action.meeting_id == Meeting.id)
        .outerjoin(AgendaItem, Action.agenda_item_id == AgendaItem.id)
        .where(Action.committee_id == committee.id)
    )
    for reference, description, starts_at, minute, owner_id, owner_role in rows:
        if owner_id is None:
            user, owner_role = match_owner(owner_role or "", by_name, by_title)
            owner_id = user.id if user else None
        key = import_key(committee, starts_at.date(), minute or "", owner_identity(owner_id, owner_role), description)
        found[key] = reference
    return found


@dataclass
class PlannedRow:
    row: ParsedRow
    key: str
    owner: User | None
    owner_role: str | None

    @property
    def owner_label(self) -> str:
        if self.owner is None:
            return self.owner_role or ""
        return self.owner.display_name


@dataclass
class Skipped:
    number: int
    reason: str


@dataclass
class ImportPlan:
    committee: Committee
    source: str
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    new_meetings: list[date] = field(default_factory=list)
    new_agenda_items: list[tuple[date, str]] = field(default_factory=list)

    @property
    def error_rows(self) -> int:
        return len({e.number for e in self.errors})


def _owners() -> tuple[dict[str, list[User]], dict[str, list[User]]]:
    people = db.session.scalars(
        select(User).where(User.active.is_(True), User.role != Role.MEMBER.value)
    ).all()
    by_name: dict[str, list[User]] = {}
    by_title: dict[str, list[User]] = {}
    for person in people:
        by_name.setdefault(" ".join(person.name.casefold().split()), []).append(person)
        if person.job_title:
            by_title.setdefault(" ".join(person.job_title.casefold().split()), []).append(person)
    return by_name, by_title


def match_owner(text: str, by_name, by_title) -> tuple[User | None, str | None]:
    """An account whose name or job title is exactly the text (any case); otherwise the
    text is kept as the owner's role. Two people with the same name or title: kept as text."""
    key = " ".join(text.casefold().split())
    for table in (by_name, by_title):
        people = table.get(key, [])
        if len(people) == 1:
            return people[0], None
    return None, text


def plan_import(committee: Committee, table: Table, mapping: dict[str, int | None], source: str) -> ImportPlan:
    """What confirming would do, without writing anything."""
    checked: Checked = check_rows(table, mapping)
    plan = ImportPlan(committee=committee, source=source, errors=list(checked.errors))

    meetings = _meetings_by_date(committee)
    items = _agenda_items(committee)
    imported = set(db.session.scalars(select(ImportedAction.key).where(ImportedAction.committee_id == committee.id)))
    by_name, by_title = _owners()
    existing = _existing_keys(committee, by_name, by_title)
    seen: dict[str, int] = {}
    new_meetings: set[date] = set()
    new_items: set[tuple[date, str]] = set()
    for row in checked.rows:
        owner, role = match_owner(row.owner, by_name, by_title)
        identity = owner_identity(owner.id if owner else None, role)
        key = import_key(committee, row.meeting_date, row.minute, identity, row.description)
        # An action logged by hand without its minute number is the same action.
        unnumbered = import_key(committee, row.meeting_date, "", identity, row.description)
        found = key if key in existing else unnumbered
        if key in imported or found in existing:
            where = f" as {existing[found]}" if found in existing else ""
            plan.skipped.append(Skipped(row.number, f"Already in the tracker{where}"))
            continue
        if key in seen:
            plan.skipped.append(Skipped(row.number, f"The same action as row {seen[key]}"))
            continue
        seen[key] = row.number
        plan.rows.append(PlannedRow(row=row, key=key, owner=owner, owner_role=role if owner is None else None))
        if row.meeting_date not in meetings:
            new_meetings.add(row.meeting_date)
        if row.minute and (row.meeting_date, row.minute.casefold()) not in items:
            new_items.add((row.meeting_date, row.minute))
    plan.new_meetings = sorted(new_meetings)
    plan.new_agenda_items = sorted(new_items)
    return plan


def _meetings_by_date(committee: Committee) -> dict[date, Meeting]:
    found: dict[date, Meeting] = {}
    for meeting in db.session.scalars(
        select(Meeting).where(Meeting.committee_id == committee.id).order_by(Meeting.starts_at)
    ):
        # A cancelled meeting on the same day does not count: actions arise at held ones.
        if meeting.status != MeetingStatus.CANCELLED.value:
            found.setdefault(meeting.starts_at.date(), meeting)
    return found


def _agenda_items(committee: Committee) -> dict[tuple[date, str], AgendaItem]:
    rows = db.session.execute(
        select(AgendaItem, Meeting.starts_at)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(Meeting.committee_id == committee.id, Meeting.status != MeetingStatus.CANCELLED.value)
    ).all()
    return {(starts_at.date(), item.number.casefold()): item for item, starts_at in rows if item.number}


def run_import(plan: ImportPlan, user: User | None, on_row: Callable[[], None] | None = None) -> list[Action]:
    """Create the planned meetings, agenda items and actions (with their status and latest
    update in the history). Flushes; the caller commits, so it is all or nothing."""
    committee = plan.committee
    meetings = _meetings_by_date(committee)
    day = today()
    for meeting_date in plan.new_meetings:
        if meeting_date not in meetings:
            meeting = Meeting(
                committee_id=committee.id,
                committee=committee,
                starts_at=datetime.combine(meeting_date, IMPORTED_MEETING_TIME),
                status=(MeetingStatus.HELD if meeting_date <= day else MeetingStatus.SCHEDULED).value,
                venue="",
            )
            db.session.add(meeting)
            meetings[meeting_date] = meeting
    db.session.flush()
    resolve_next_meeting_dues(committee.id)
    items = _agenda_items(committee)

    created: list[Action] = []
    for planned in plan.rows:
        row = planned.row
        meeting = meetings[row.meeting_date]
        item = None
        if row.minute:
            item = items.get((row.meeting_date, row.minute.casefold()))
            if item is None:
                item = AgendaItem(meeting_id=meeting.id, number=row.minute, title=f"Minute {row.minute}",
                                  position=len(meeting.agenda_items) + 1)
                db.session.add(item)
                db.session.flush()
                items[(row.meeting_date, row.minute.casefold())] = item
        action = create_action(
            meeting=meeting,
            author=user,
            description=row.description,
            owner=planned.owner,
            owner_role=planned.owner_role,
            due_date=row.due_date,
            due_next_meeting=row.due_next_meeting,
            agenda_item=item,
            exempt=row.exempt,
        )
        if row.status is not ActionStatus.OPEN or row.update:
            action.status = row.status.value
            if row.status is ActionStatus.CLOSED:
                # The spreadsheet does not say which meeting confirmed it: record the one it arose at.
                action.closed_at_meeting_id = meeting.id
            db.session.add(Update(
                action=action,
                author_id=user.id if user else None,
                old_status=ActionStatus.OPEN.value,
                new_status=row.status.value,
                note=row.update or f"Status imported from {plan.source}",
                via="import",
            ))
        db.session.add(ImportedAction(key=planned.key, committee_id=committee.id, action=action,
                                      source=plan.source[:255], imported_by_id=user.id if user else None))
        created.append(action)
        if on_row:
            on_row()
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise RuleError("Someone imported the same rows at the same time: nothing was imported. "
                        "Check the committee's actions, then try again.") from None
    return created
