"""What goes in a committee's action log, and the latest progress notes of many actions at once."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from tracker.extensions import db
from tracker.models import OUTSTANDING_STATUSES, Action, ActionStatus, AgendaItem, Committee, Meeting, Update


@dataclass
class LogRow:
    action: Action
    latest_update: str | None

    @property
    def awaiting_confirmation(self) -> bool:
        """Completed by the owner, shown once more so the committee can confirm and close it."""
        return self.action.status == ActionStatus.COMPLETED.value

    @property
    def minute(self) -> str:
        return self.action.agenda_item.number if self.action.agenda_item else ""


@dataclass
class LogGroup:
    meeting: Meeting
    rows: list[LogRow]


@dataclass
class ActionLog:
    committee: Committee
    day: date
    exempt: bool
    # The meeting whose agenda pack this log is for: only actions from earlier meetings.
    for_meeting: Meeting | None = None
    groups: list[LogGroup] = field(default_factory=list)
    # One page of the log (page, per_page) or, when None, the whole of it.
    page: int | None = None
    per_page: int | None = None
    total: int = 0

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page)) if self.per_page else 1

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.page and self.total else 1

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1

    @property
    def rows(self) -> list[LogRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def title(self) -> str:
        return f"Action log: {self.committee.name}"

    @property
    def subtitle(self) -> str:
        parts = []
        if self.for_meeting is not None:
            parts.append(f"For the meeting of {self.for_meeting.starts_at:%-d %B %Y}")
        parts.append(f"Report date {self.day:%-d %B %Y}")
        return ". ".join(parts)

    @property
    def filename(self) -> str:
        meeting = f"-{self.for_meeting.starts_at:%Y-%m-%d}" if self.for_meeting else ""
        exempt = "-EXEMPT" if self.exempt else ""
        return f"action-log-{self.committee.slug}{meeting}{exempt}"


EXEMPT_MARK = "EXEMPT: not for publication"


def log_query(committee: Committee, for_meeting: Meeting | None = None, exempt: bool = False) -> Select:
    """The committee's actions not yet closed or withdrawn (completed ones included, awaiting
    confirmation), unordered (build_log orders them)."""
    query = (
        select(Action)
        .join(Meeting, Action.meeting_id == Meeting.id)
        .outerjoin(AgendaItem, Action.agenda_item_id == AgendaItem.id)
        .where(
            Action.committee_id == committee.id,
            Action.status.in_([s.value for s in OUTSTANDING_STATUSES]),
        )
    )
    if not exempt:
        query = query.where(Action.exempt.is_(False))
    if for_meeting is not None:
        query = query.where(Meeting.starts_at < for_meeting.starts_at)
    return query


def latest_notes(action_ids: Select | list[int]) -> dict[int, str]:
    """The most recent progress note of each action, in one query (a window over the
    history) rather than one per row. The entry that logged the action is not a progress
    note, so it is left out."""
    ranked = (
        select(
            Update.action_id,
            Update.note,
            func.row_number()
            .over(partition_by=Update.action_id, order_by=(Update.created_at.desc(), Update.id.desc()))
            .label("n"),
        )
        .where(Update.action_id.in_(action_ids), Update.note != "", Update.old_status.is_not(None))
        .subquery()
    )
    return dict(db.session.execute(select(ranked.c.action_id, ranked.c.note).where(ranked.c.n == 1)).all())


def build_log(committee: Committee, day: date, for_meeting: Meeting | None = None, exempt: bool = False,
              page: int | None = None, per_page: int = 50) -> ActionLog:
    """The action log, grouped by the meeting each action arose at: the whole of it in two
    queries, or one page of it (`page`) in three, whatever its size."""
    query = log_query(committee, for_meeting, exempt)
    log = ActionLog(committee=committee, day=day, exempt=exempt, for_meeting=for_meeting)
    ordered = query.options(
        joinedload(Action.meeting), joinedload(Action.owner), joinedload(Action.agenda_item),
        joinedload(Action.committee),
    ).order_by(
        Meeting.starts_at, Meeting.id, AgendaItem.position.nulls_last(), Action.municipal_year, Action.sequence
    )
    if page is not None:
        log.page, log.per_page = page, per_page
        log.total = db.session.scalar(query.with_only_columns(func.count(Action.id)).order_by(None))
        ordered = ordered.limit(per_page).offset((page - 1) * per_page)
    actions = db.session.scalars(ordered).unique().all()
    if page is None:
        log.total = len(actions)
    ids = query.with_only_columns(Action.id) if page is None else [a.id for a in actions]
    notes = latest_notes(ids) if actions else {}
    for meeting, members in groupby(actions, key=lambda a: a.meeting):
        log.groups.append(LogGroup(meeting, [LogRow(a, notes.get(a.id)) for a in members]))
    return log
