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
from sqlalchemy import String, and_, case, cast, func, literal_column, or_, select
from sqlalchemy.orm import joinedload

from tracker.extensions import db
from tracker.models import LIVE_STATUSES, Action, Committee, Meeting, MeetingStatus, Update, User
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
    total: int | None = None  # all their stale actions, when `actions` lists only the first few
    owner_id: int | None = None

    @property
    def count(self) -> int:
        return len(self.actions) if self.total is None else self.total

    @property
    def more(self) -> int:
        return self.count - len(self.actions)


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


@dataclass
class OwedSummary:
    """Who owes a committee updates, for its page: the owners with most stale actions first,
    each with their first few; `others` owners more are left to the stale actions list."""

    owners: list[OwedUpdate]
    others: int = 0


def owed_update_summary(day: date, committee_id: int, owners: int = 10, shown: int = 5) -> OwedSummary:
    """owed_updates for one committee's page, bounded: `owners` owners, `shown` actions each,
    in three queries however many actions are stale (listing them all grew with the years)."""
    stale = and_(Action.committee_id == committee_id, stale_clause(cutoffs_for(day, committee_id)))
    # One owner: an account, or a role with no account (e.g. "Chief Inspector").
    key = case((Action.owner_id.is_not(None), literal_column("'user:'", String) + cast(Action.owner_id, String)),
               else_=literal_column("'role:'", String) + func.lower(func.coalesce(Action.owner_role, "")))
    owners_of_stale = (
        select(key.label("key"), func.lower(func.coalesce(User.name, Action.owner_role, "")).label("name"))
        .select_from(Action).outerjoin(User, User.id == Action.owner_id).where(stale)
        .subquery()
    )
    ranked_owners = db.session.execute(
        select(owners_of_stale.c.key, func.count(), func.min(owners_of_stale.c.name))
        .group_by(owners_of_stale.c.key)
        .order_by(func.count().desc(), func.min(owners_of_stale.c.name), owners_of_stale.c.key)
    ).all()
    chosen = {owner_key: total for owner_key, total, _ in ranked_owners[:owners]}
    if not chosen:
        return OwedSummary([])
    position = func.row_number().over(
        partition_by=key, order_by=(Action.due_date.asc().nulls_last(), Action.id)
    ).label("position")
    first_few = select(Action.id, position).where(stale, key.in_(list(chosen))).subquery()
    actions = db.session.scalars(
        select(Action).join(first_few, first_few.c.id == Action.id).where(first_few.c.position <= shown)
        .options(joinedload(Action.owner), joinedload(Action.committee))
        .order_by(Action.due_date.asc().nulls_last(), Action.id)
    ).unique().all()
    groups: dict[str, OwedUpdate] = {}
    for action in actions:
        owner_key = f"user:{action.owner_id}" if action.owner_id else f"role:{(action.owner_role or '').lower()}"
        group = groups.get(owner_key)
        if group is None:
            group = groups[owner_key] = OwedUpdate(
                owner=action.owner_label, email=action.owner.email if action.owner else None, actions=[],
                total=chosen.get(owner_key, 0), owner_id=action.owner_id,
            )
        group.actions.append(action)
    ordered = [groups[owner_key] for owner_key in chosen if owner_key in groups]
    return OwedSummary(ordered, others=len(ranked_owners) - len(ordered))
