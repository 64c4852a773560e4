"""Finding actions: the filters of /actions, parsed and checked, and the queries behind them."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Select, case, func, select
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from tracker.chasing.staleness import stale_filter
from tracker import permissions
from tracker.actions import search
from tracker.extensions import db
from tracker.models import (
    DUE_SOON_DAYS,
    LIVE_STATUSES,
    OUTSTANDING_STATUSES,
    Action,
    ActionStatus,
    Committee,
    User,
)

Q_MAX = 200
OWNER_MAX = 200
PAGE_MAX = 100_000


@dataclass
class ActionFilters:
    """What the user asked /actions for. Field names are the query parameters."""

    committee: str | None = None
    owner: str | None = None  # "me", a user id, or a name (as the filter's list offers it)
    status: list[str] = field(default_factory=list)
    overdue: bool = False
    stale: bool = False  # no update from the owner since the committee's last meeting
    due_before: date | None = None
    q: str = ""
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args) -> ActionFilters:
        """Parse query parameters; anything unusable is kept out and explained in `errors`."""
        f = cls()
        committee = (args.get("committee") or "").strip()
        if committee:
            if len(committee) > 80 or not committee.replace("-", "").isalnum():
                f.errors["committee"] = "Choose a committee from the list"
            else:
                f.committee = committee
        owner = " ".join((args.get("owner") or "").split())
        if owner:
            if owner.isdecimal() and len(owner) > 9:  # an id, beyond an INTEGER column
                f.errors["owner"] = "Choose an owner from the list"
            elif len(owner) > OWNER_MAX:
                f.errors["owner"] = f"Enter at most {OWNER_MAX} characters for the owner"
            else:
                f.owner = owner
        valid = {s.value for s in ActionStatus}
        for value in args.getlist("status"):
            if value in valid:
                if value not in f.status:
                    f.status.append(value)
            elif value:
                f.errors["status"] = "Choose statuses from the list"
        overdue = args.get("overdue", "")
        if overdue not in ("", "0", "1"):
            f.errors["overdue"] = "Overdue must be ticked or not"
        f.overdue = overdue == "1"
        stale = args.get("stale", "")
        if stale not in ("", "0", "1"):
            f.errors["stale"] = "Stale must be ticked or not"
        f.stale = stale == "1"
        due_before = (args.get("due_before") or "").strip()
        if due_before:
            try:
                f.due_before = datetime.strptime(due_before, "%Y-%m-%d").date()
            except ValueError:
                f.errors["due_before"] = "Enter the due-before date as a real date, like 2027-01-31"
        q = " ".join((args.get("q") or "").split())
        q = "".join(ch for ch in q if ord(ch) >= 32)
        if len(q) > Q_MAX:
            f.errors["q"] = f"Search for {Q_MAX} characters or fewer"
            q = q[:Q_MAX]
        f.q = q
        page = (args.get("page") or "1").strip()
        if page.isdecimal() and len(page) <= 6 and 1 <= int(page) <= PAGE_MAX:
            f.page = int(page)
        else:
            f.errors["page"] = "Page must be a whole number from 1"
        return f

    def to_args(self, **changes) -> dict:
        """The query parameters for these filters (e.g. for pagination links)."""
        args = {
            "committee": self.committee,
            "owner": self.owner,
            "status": self.status or None,
            "overdue": "1" if self.overdue else None,
            "stale": "1" if self.stale else None,
            "due_before": self.due_before.isoformat() if self.due_before else None,
            "q": self.q or None,
            "page": self.page if self.page > 1 else None,
        }
        args.update(changes)
        return {k: v for k, v in args.items() if v not in (None, "", [])}

    def error_list(self) -> list[dict]:
        """The errors as a GOV.UK error summary lists them, each linking to its field."""
        anchors = {"status": "status", "overdue": "overdue", "stale": "stale", "page": "results-summary"}
        return [{"text": text, "href": "#" + anchors.get(name, name)} for name, text in self.errors.items()]

    @property
    def active(self) -> bool:
        return bool(self.to_args(page=None))


def filtered(filters: ActionFilters, user: User, today: date) -> Select:
    """The actions matching `filters`, without order or paging (counts use it too)."""
    query = select(Action)
    if filters.status:
        query = query.where(Action.status.in_(filters.status))
    else:
        query = query.where(Action.status.in_([s.value for s in OUTSTANDING_STATUSES]))
    if filters.committee:
        query = query.join(Committee, Action.committee_id == Committee.id).where(
            Committee.slug == filters.committee
        )
    if filters.owner == "me":
        query = query.where(Action.owner_id == user.id)
    elif filters.owner and filters.owner.isdecimal():
        query = query.where(Action.owner_id == int(filters.owner))
    elif filters.owner:
        query = query.where(Action.owner_id.in_(owners_named(filters.owner)))
    if filters.overdue:
        query = query.where(Action.overdue_clause(today))
    if filters.stale:
        query = query.where(stale_filter(today))
    if filters.due_before:
        query = query.where(Action.due_date < filters.due_before)
    if filters.q:
        # Full-text index on both databases. Words match only the details the reader may
        # read: a search must not tell who is not entitled what an exempt action says.
        query = query.where(search.matching(filters.q), permissions.current_exempt_access().clause())
    return query


def owners_named(text: str) -> list[int]:
    """The accounts a typed owner means: those whose name, or "name, job title" (as the
    filter's list offers them), is `text` in any case; failing that, those whose name holds
    its first part."""
    wanted = text.casefold()
    name_part = text.split(",")[0].strip()
    like = name_part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    people = db.session.execute(
        select(User.id, User.name, User.job_title).where(User.name.ilike(f"%{like}%", escape="\\"))
    ).all()
    exact = [person_id for person_id, name, job_title in people
             if wanted in (name.casefold(), f"{name}, {job_title}".casefold())]
    return exact or [person_id for person_id, *_ in people]


def owner_label(owner: str | None) -> str:
    """What the owner filter shows for `owner`: the person's name and job title for an id."""
    if not owner or not owner.isdecimal():
        return owner or ""
    person = db.session.execute(select(User.name, User.job_title).where(User.id == int(owner))).first()
    if person is None:
        return owner
    return f"{person.name}, {person.job_title}" if person.job_title else person.name


def _list_order(today: date) -> tuple:
    return (case((Action.overdue_clause(today), 0), else_=1), Action.due_date.asc().nulls_last(), Action.id)


def ordered(query: Select, today: date) -> Select:
    """Overdue first, then by due date (undated last), with everything a row shows loaded
    in the same query: a page of actions costs one query, not one per row."""
    return query.options(
        joinedload(Action.committee), joinedload(Action.owner), joinedload(Action.meeting)
    ).order_by(*_list_order(today))


def one_page(query: Select, today: date, limit: int, offset: int = 0) -> list[Action]:
    """`limit` actions of `query` in list order, with what their rows show, in one query.
    The page is chosen by sorting the actions' ids alone (the status and due-date index has
    all the sort needs), and only its rows are then joined: sorting the joined rows read
    every outstanding action of a large council on every page."""
    ids = query.with_only_columns(Action.id).order_by(*_list_order(today)).limit(limit).offset(offset).subquery()
    return db.session.scalars(ordered(select(Action).join(ids, Action.id == ids.c.id), today)).unique().all()


class ActionPage(Pagination):
    """A page of /actions, as db.paginate gives, with its rows from one_page and its total
    from counts() (worked out with the other counts, in the same query)."""

    def _query_items(self) -> list[Action]:
        args = self._query_args
        return one_page(args["query"], args["today"], self.per_page, self._query_offset)

    def _query_count(self) -> int:
        return self._query_args["total"]


def paginate(query: Select, today: date, page: int, per_page: int, total: int) -> ActionPage:
    return ActionPage(page=page, per_page=per_page, max_per_page=None, error_out=False,
                      query=query, today=today, total=total)


@dataclass
class ActionCounts:
    open: int = 0
    overdue: int = 0
    due_soon: int = 0
    total: int = 0  # every action `query` selects, for the pages


def counts(query: Select, today: date) -> ActionCounts:
    """Open, overdue and due in the next 14 days among the actions `query` selects, in one query."""
    sub = query.with_only_columns(Action.status, Action.due_date).order_by(None).subquery()
    live = sub.c.status.in_([s.value for s in LIVE_STATUSES])
    row = db.session.execute(
        select(
            func.count().filter(live),
            func.count().filter(live & (sub.c.due_date < today)),
            func.count().filter(
                live
                & (sub.c.due_date >= today)
                & (sub.c.due_date <= today + timedelta(days=DUE_SOON_DAYS))
            ),
            func.count(),
        )
    ).one()
    return ActionCounts(*(value or 0 for value in row))
