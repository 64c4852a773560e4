"""Recommendations to the Executive/Cabinet and the Executive's response, tracked apart from
delivery: a recommendation can be delivered and still be waiting for its formal response."""
from __future__ import annotations

import calendar
from datetime import date

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from tracker import permissions
from tracker.actions.rules import Forbidden, RuleError, StaleVersion, flush_checking_version
from tracker.extensions import db
from tracker.models import (
    Action,
    ActionKind,
    ActionStatus,
    AddressedBody,
    ExecutiveResponse,
    Recommendation,
    Update,
    User,
)

def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day
    (31 December + 2 months = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_response_due(action: Action) -> date:
    """The council's response period (TRACKER_RESPONSE_PERIOD) after the meeting."""
    from tracker.recommendations.rules import response_due

    return response_due(action.meeting.starts_at.date(), current_app.config["TRACKER_RESPONSE_PERIOD"])


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


RESPONSE_FIELDS = {
    "response": "Response",
    "response_date": "Date of the response",
    "response_text": "Reasons",
    "decision_maker": "Decision-maker",
    "response_url": "Published response",
    "addressed_to_id": "Addressed to",
}


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
    decision_maker: str | None = None,
    response_url: str | None = None,
    addressed_to_id: int | None = None,
    today: date,
) -> Update | None:
    """Mark a resolution as a recommendation and record its response (scrutiny officers only).
    The history says what changed, old -> new. Returns None if nothing did."""
    from tracker.recommendations.rules import check_response, describe_changes

    if not permissions.can_manage(user):
        raise Forbidden("Only a scrutiny officer can record recommendations and responses.")
    if version != action.version:
        raise StaleVersion(action)
    response_text = (response_text or "").strip() or None
    decision_maker = (decision_maker or "").strip() or None
    response_url = (response_url or "").strip() or None
    response = ExecutiveResponse(response).value if response else None
    details = action.recommendation
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
        check_response(response, response_text, response_date, action.meeting.starts_at.date(), today)
        if addressed_to_id is not None and db.session.get(AddressedBody, addressed_to_id) is None:
            raise RuleError("Choose whom the recommendation is addressed to from the list", "addressed_to_id")

    def current(record: Recommendation | None) -> dict:
        return dict(response=action.response, response_date=action.response_date, response_text=action.response_text,
                    decision_maker=record.decision_maker if record else None,
                    response_url=record.response_url if record else None,
                    addressed_to_id=record.addressed_to_id if record else None)

    before = current(details)
    after = dict(response=response, response_date=response_date, response_text=response_text,
                 decision_maker=decision_maker, response_url=response_url,
                 addressed_to_id=addressed_to_id if is_recommendation else before["addressed_to_id"])
    if (action.is_recommendation, action.response_due, before) == (is_recommendation, response_due, after):
        return None
    described = []
    if action.is_recommendation != is_recommendation:
        described.append("Marked as a recommendation to the Executive" if is_recommendation
                         else "No longer a recommendation to the Executive")
    if is_recommendation and action.response_due != response_due:
        described.append(f"Executive response due {response_due:%-d %B %Y}")
    labels = dict(RESPONSE_FIELDS)
    if before["addressed_to_id"] != after["addressed_to_id"]:
        names = {b.id: b.name for b in db.session.scalars(select(AddressedBody))}
        before["addressed_to_id"] = names.get(before["addressed_to_id"])
        after["addressed_to_id"] = names.get(after["addressed_to_id"])
    described += describe_changes(labels, before, after)
    action.is_recommendation, action.response_due = is_recommendation, response_due
    action.response, action.response_date, action.response_text = response, response_date, response_text
    if is_recommendation:
        if details is None:
            details = Recommendation(action=action)
            db.session.add(details)
        details.decision_maker, details.response_url = decision_maker, response_url
        details.addressed_to_id = addressed_to_id if addressed_to_id is not None else details.addressed_to_id
    entry = Update(
        action=action,
        author_id=user.id,
        old_status=action.status,
        new_status=action.status,
        note="; ".join(described),
    )
    db.session.add(entry)
    flush_checking_version(action)
    return entry
