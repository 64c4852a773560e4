"""Recommendations to the Executive/Cabinet and the Executive's response, tracked apart from
delivery: a recommendation can be delivered and still be waiting for its formal response."""
from __future__ import annotations

import calendar
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from tracker import permissions
from tracker.actions.rules import Forbidden, RuleError, StaleVersion, flush_checking_version
from tracker.extensions import db
from tracker.models import Action, ActionKind, ActionStatus, ExecutiveResponse, Update, User

# The Executive is expected to respond within two months of the meeting (the statutory
# guidance on overview and scrutiny asks for a response within two months).
RESPONSE_MONTHS = 2


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day
    (31 December + 2 months = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_response_due(action: Action) -> date:
    return add_months(action.meeting.starts_at.date(), RESPONSE_MONTHS)


def response_overdue(action: Action, day: date) -> bool:
    return (
        action.is_recommendation
        and action.response is None
        and action.response_due is not None
        and action.response_due < day
        and action.status != ActionStatus.WITHDRAWN.value
    )


def overdue_responses_query(day: date, committee_id: int | None = None) -> Select:
    """Recommendations whose response is due before `day` and has not arrived."""
    query = (
        select(Action)
        .options(joinedload(Action.committee), joinedload(Action.meeting))
        .where(
            Action.is_recommendation.is_(True),
            Action.response.is_(None),
            Action.response_due < day,
            Action.status != ActionStatus.WITHDRAWN.value,
        )
        .order_by(Action.response_due, Action.id)
    )
    if committee_id is not None:
        query = query.where(Action.committee_id == committee_id)
    return query


def overdue_responses(day: date, committee_id: int | None = None) -> list[Action]:
    return list(db.session.scalars(overdue_responses_query(day, committee_id)).unique())


def record_recommendation(
    action: Action,
    user: User,
    version: int,
    *,
    is_recommendation: bool,
    response_due: date | None = None,
    response: str | None = None,
    response_date: date | None = None,
    response_text: str | None = None,
    today: date,
) -> Update | None:
    """Mark a resolution as a recommendation to the Executive and record its response
    (scrutiny officers only). The history says what changed. Returns None if nothing did."""
    if not permissions.can_manage(user):
        raise Forbidden("Only a scrutiny officer can record recommendations and responses.")
    if version != action.version:
        raise StaleVersion(action)
    response_text = (response_text or "").strip() or None
    response = ExecutiveResponse(response).value if response else None
    if not is_recommendation:
        if response or response_date or response_text:
            raise RuleError("Tick recommendation to the Executive to record its response", "is_recommendation")
        response_due = None
    else:
        if action.kind != ActionKind.RESOLUTION.value:
            raise RuleError("Only a resolution can be a recommendation to the Executive: change its kind first",
                            "is_recommendation")
        response_due = response_due or action.response_due or default_response_due(action)
        if response_due < action.meeting.starts_at.date():
            raise RuleError("The response due date must be on or after the meeting", "response_due")
        if response and response_date is None:
            raise RuleError("Enter the date of the Executive's response", "response_date")
        if (response_date or response_text) and not response:
            raise RuleError("Choose the Executive's response", "response")
        if response_date and response_date > today:
            raise RuleError("The date of the response must be today or in the past", "response_date")
        if response_date and response_date < action.meeting.starts_at.date():
            raise RuleError("The date of the response must be on or after the meeting", "response_date")

    described = []
    before = (action.is_recommendation, action.response_due, action.response, action.response_date,
              action.response_text)
    after = (is_recommendation, response_due, response, response_date, response_text)
    if before == after:
        return None
    if before[0] != after[0]:
        described.append("Marked as a recommendation to the Executive" if is_recommendation
                         else "No longer a recommendation to the Executive")
    if is_recommendation and before[1] != after[1]:
        described.append(f"Executive response due {response_due:%-d %B %Y}")
    if before[2:] != after[2:]:
        if response:
            described.append(f"Executive response: {ExecutiveResponse(response).label.lower()} "
                             f"({response_date:%-d %B %Y})")
        elif before[2]:
            described.append("Executive response removed")
    (action.is_recommendation, action.response_due, action.response, action.response_date,
     action.response_text) = after
    entry = Update(
        action=action,
        author_id=user.id,
        old_status=action.status,
        new_status=action.status,
        note="; ".join(described) or "Executive response text changed",
    )
    db.session.add(entry)
    flush_checking_version(action)
    return entry
