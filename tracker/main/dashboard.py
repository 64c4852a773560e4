"""What the home page shows, as plain functions: a user's own actions, the committees they
follow, per-committee counts and actions opened and closed per quarter. Each is a fixed
number of queries however many actions there are."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from tracker.actions.queries import ActionFilters, counts, filtered, ordered
from tracker.chasing.committees import followed_committee_ids
from tracker.committees.membership import member_committee_ids
from tracker.chasing.staleness import cutoffs_for, stale_clause
from tracker.extensions import db
from tracker.models import LIVE_STATUSES, Action, ActionStatus, Committee, Meeting, Role, User
from tracker.reminders.workdays import holiday_list_warning

MY_ACTIONS_SHOWN = 10
QUARTERS_SHOWN = 8


@dataclass
class CommitteeCounts:
    committee: Committee
    open: int = 0
    overdue: int = 0
    stale: int = 0
    awaiting: int = 0  # completed, awaiting the committee's confirmation


def committee_counts(day: date) -> list[CommitteeCounts]:
    """Every committee with its counts of open (live), overdue, stale and completed actions:
    three queries (the committees' last meetings, the counts, the committees)."""
    live = Action.status.in_([s.value for s in LIVE_STATUSES])
    rows = db.session.execute(
        select(
            Action.committee_id,
            func.count().filter(live),
            func.count().filter(Action.overdue_clause(day)),
            func.count().filter(stale_clause(cutoffs_for(day))),
            func.count().filter(Action.status == ActionStatus.COMPLETED.value),
        ).group_by(Action.committee_id)
    ).all()
    by_committee = {row[0]: row[1:] for row in rows}
    committees = db.session.scalars(select(Committee).order_by(Committee.name)).all()
    return [CommitteeCounts(c, *by_committee.get(c.id, (0, 0, 0, 0))) for c in committees]


def financial_quarter(day: date) -> tuple[int, int]:
    """(year, quarter) of the council's financial year: quarter 1 is April to June."""
    months_in = (day.month - 4) % 12
    return (day.year if day.month >= 4 else day.year - 1), months_in // 3 + 1


def _quarter_start(year: int, quarter: int) -> date:
    month = 4 + (quarter - 1) * 3
    return date(year + (month > 12), (month - 1) % 12 + 1, 1)


QUARTER_MONTHS = {1: ("Apr", "Jun"), 2: ("Jul", "Sep"), 3: ("Oct", "Dec"), 4: ("Jan", "Mar")}


@dataclass
class Quarter:
    year: int
    quarter: int
    opened: int = 0
    closed: int = 0

    @property
    def start(self) -> date:
        return _quarter_start(self.year, self.quarter)

    @property
    def months(self) -> str:
        first, last = QUARTER_MONTHS[self.quarter]
        return f"{first}–{last}"

    @property
    def label(self) -> str:
        return f"{self.months} {self.start.year}"


def quarterly_activity(day: date, quarters: int = QUARTERS_SHOWN) -> list[Quarter]:
    """Actions opened (by the date of the meeting they arose at) and closed (by the date of
    the meeting that confirmed them) in each of the last `quarters` financial quarters, this
    one included. Two queries, grouped by meeting: their size follows the number of meetings."""
    year, quarter = financial_quarter(day)
    result = []
    for _ in range(quarters):
        result.append(Quarter(year, quarter))
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
    result.reverse()
    by_key = {(q.year, q.quarter): q for q in result}
    since = result[0].start
    for column, attribute in ((Action.meeting_id, "opened"), (Action.closed_at_meeting_id, "closed")):
        rows = db.session.execute(
            select(Meeting.starts_at, func.count(Action.id))
            .join(Action, column == Meeting.id)
            .where(Meeting.starts_at >= since)
            .group_by(Meeting.id, Meeting.starts_at)
        )
        for starts_at, number in rows:
            bucket = by_key.get(financial_quarter(starts_at.date()))
            if bucket is not None:
                setattr(bucket, attribute, getattr(bucket, attribute) + number)
    return result


def my_actions(user: User, day: date):
    """The user's own live actions, overdue first, and how many there are in all."""
    filters = ActionFilters(owner="me", status=[s.value for s in LIVE_STATUSES])
    query = filtered(filters, user, day)
    shown = db.session.scalars(ordered(query, day).limit(MY_ACTIONS_SHOWN)).unique().all()
    return shown, counts(query, day)


def home_page(user: User, day: date) -> dict:
    """Everything the home page shows for `user`."""
    everything = committee_counts(day)
    sitting = member_committee_ids(user.id)
    yours = sitting | followed_committee_ids(user) | {c.committee.id for c in everything
                                                      if c.committee.scrutiny_officer_id == user.id}
    context = dict(
        day=day,
        # The committees they sit on first, then those they follow or look after.
        your_committees=sorted((c for c in everything if c.committee.id in yours),
                               key=lambda c: c.committee.id not in sitting),
        sitting=sitting,
        other_committees=[c for c in everything if c.committee.id not in yours],
        quarters=quarterly_activity(day),
        mine=None,
        my_counts=None,
    )
    if user.role != Role.MEMBER.value:
        context["mine"], context["my_counts"] = my_actions(user, day)
    context["holiday_warning"] = holiday_list_warning(day) if user.role == Role.SCRUTINY.value else None
    return context
