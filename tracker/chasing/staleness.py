"""Staleness: worked out from the history, never stored.

An action is stale when it is still live (open, in progress or deferred) and its owner has
not updated it since the committee's last meeting, or for 30 days when the committee has
not met yet. "Last meeting" is the latest one, not cancelled, before today: a meeting counts
from the day after it, so an officer updating on the afternoon of the meeting is not chased
that evening. For an action owned by a role with no account (e.g. "Chief Inspector"), any
update recorded on it counts, because someone enters those on the owner's behalf.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import g
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import joinedload

from tracker.extensions import db
from tracker.models import LIVE_STATUSES, Action, Committee, Meeting, MeetingStatus, Update
from tracker.timeutil import council_timezone, today

STALE_WITHOUT_MEETING_DAYS = 30


@dataclass(frozen=True)
class Cutoffs:
    """Per committee, the moment (naive UTC, as updates are stored) since which its owners
    owe an update; `default` for committees with no meeting yet."""

    by_committee: dict[int, datetime]
    default: datetime

    def for_committee(self, committee_id: int) -> datetime:
        return self.by_committee.get(committee_id, self.default)


def _local_to_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=council_timezone()).astimezone(UTC).replace(tzinfo=None)


def last_meetings(day: date, committee_id: int | None = None) -> dict[int, datetime]:
    """Each committee's last meeting (not cancelled) before `day`, local time, in one query."""
    # Per committee, the newest meeting before the day, read backwards along the
    # (committee, starts_at) index: a GROUP BY over every meeting grew with the years.
    latest = (
        select(Meeting.starts_at)
        .where(
            Meeting.committee_id == Committee.id,
            Meeting.starts_at < datetime.combine(day, time.min),
            Meeting.status != MeetingStatus.CANCELLED.value,
        )
        .order_by(Meeting.starts_at.desc())
        .limit(1)
        .correlate(Committee)
        .scalar_subquery()
    )
    query = select(Committee.id, latest)
    if committee_id is not None:
        query = query.where(Committee.id == committee_id)
    return {committee_id: start for committee_id, start in db.session.execute(query) if start is not None}


def cutoffs_for(day: date, committee_id: int | None = None) -> Cutoffs:
    default = datetime.combine(day - timedelta(days=STALE_WITHOUT_MEETING_DAYS), time.min)
    return Cutoffs(
        {cid: _local_to_utc(start) for cid, start in last_meetings(day, committee_id).items()},
        _local_to_utc(default),
    )


def last_owner_activity():
    """When the owner last updated the action (its logging, if they never have)."""
    owner_update = (
        select(func.max(Update.created_at))
        .where(
            Update.action_id == Action.id,
            or_(Action.owner_id.is_(None), Update.author_id == Action.owner_id),
        )
        .correlate(Action)
        .scalar_subquery()
    )
    return func.coalesce(owner_update, Action.created_at)


def stale_clause(cutoffs: Cutoffs):
    """The staleness rule as a WHERE clause on Action."""
    if cutoffs.by_committee:
        limit = case(cutoffs.by_committee, value=Action.committee_id, else_=cutoffs.default)
    else:
        limit = cutoffs.default
    return and_(
        Action.status.in_([s.value for s in LIVE_STATUSES]),
        last_owner_activity() < limit,
    )


def stale_filter(day: date):
    """The clause for "stale on `day`" (one query to find the committees' last meetings)."""
    return stale_clause(cutoffs_for(day))


def is_stale(action: Action, day: date) -> bool:
    """One action, checked on its own (for rules and tests; pages use stale_ids)."""
    return bool(db.session.scalar(
        select(func.count()).select_from(Action).where(
            Action.id == action.id, stale_clause(cutoffs_for(day, action.committee_id))
        )
    ))


def stale_ids(day: date | None = None) -> set[int]:
    """Ids of every stale action, worked out once per request, so pages that show a Stale
    tag on each row cost two queries however many rows there are."""
    day = day or today()
    cached = g.get("_stale_ids")
    if cached is None or cached[0] != day:
        ids = set(db.session.scalars(select(Action.id).where(stale_filter(day))))
        cached = g._stale_ids = (day, ids)
    return cached[1]


def preload_stale(actions, day: date | None = None) -> None:
    """Work out the Stale tag of just these actions (a page of rows) in one query; without it
    the first tag works out every stale action of the council, which at a large council's
    size costs more than the rest of the page."""
    day = day or today()
    ids = {action.id for action in actions}
    found = set(db.session.scalars(select(Action.id).where(Action.id.in_(ids), stale_filter(day)))) if ids else set()
    g._stale_shown = (day, ids, found)


def action_is_stale(action: Action) -> bool:
    """For templates: the Stale tag."""
    shown = g.get("_stale_shown")
    if shown is not None and shown[0] == today() and action.id in shown[1]:
        return action.id in shown[2]
    return action.id in stale_ids()


@dataclass
class OwedUpdate:
    """One owner and the actions of a committee they have not updated."""

    owner: str
    email: str | None
    actions: list[Action]


def owed_updates(day: date, committee_id: int | None = None) -> list[OwedUpdate]:
    """Who owes updates, with their stale actions, by owner name; for one committee or all."""
    query = (
        select(Action)
        .options(joinedload(Action.owner), joinedload(Action.committee))
        .where(stale_clause(cutoffs_for(day, committee_id)))
        .order_by(Action.committee_id, Action.due_date.asc().nulls_last(), Action.id)
    )
    if committee_id is not None:
        query = query.where(Action.committee_id == committee_id)
    groups: dict[tuple, OwedUpdate] = {}
    for action in db.session.scalars(query).unique():
        key = ("user", action.owner_id) if action.owner_id else ("role", (action.owner_role or "").lower())
        if key not in groups:
            groups[key] = OwedUpdate(
                owner=action.owner_label,
                email=action.owner.email if action.owner else None,
                actions=[],
            )
        groups[key].actions.append(action)
    return sorted(groups.values(), key=lambda o: (-len(o.actions), o.owner.lower()))
