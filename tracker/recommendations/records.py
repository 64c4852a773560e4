"""The changes to a recommendation after its response: the implementation plan and status,
and the committee's review verdicts (sign-off closes it at the meeting). Each writes the
action's history, old -> new, and checks the version like every other change."""
from __future__ import annotations

from datetime import date

from flask import current_app
from sqlalchemy import select

from tracker import permissions
from tracker.actions.rules import Forbidden, RuleError, StaleVersion, flush_checking_version
from tracker.extensions import db
from tracker.models import (
    Action,
    ActionStatus,
    ExecutiveResponse,
    ImplementationStatus,
    Meeting,
    Recommendation,
    RecommendationReview,
    ReviewVerdict,
    Update,
    User,
)
from tracker.recommendations import rules

PLAN_FIELDS = {
    "lead": "Lead officer",
    "target_date": "Target date",
    "implementation_status": "Implementation status",
    "rag": "RAG",
    "latest_update": "Latest update",
    "delivering": "Actions that deliver it",
}


def review_months() -> tuple[int, ...]:
    return rules.parse_review_months(current_app.config["TRACKER_REVIEW_MONTHS"])


def rag_key() -> dict[str, str]:
    return rules.parse_rag_key(current_app.config["TRACKER_RECOMMENDATION_RAG"])


def details_of(action: Action) -> Recommendation:
    if not action.is_recommendation:
        raise RuleError("Mark the resolution as a recommendation first", "is_recommendation")
    if action.recommendation is None:
        action.recommendation = Recommendation(action=action)
    return action.recommendation


def _history(action: Action, user: User, note: str, new_status: str | None = None) -> Update:
    entry = Update(action=action, author_id=user.id, old_status=action.status,
                   new_status=new_status or action.status, note=note)
    db.session.add(entry)
    return entry


def record_plan(action: Action, user: User, version: int, *, lead_id: int | None, lead_name: str | None,
                target_date: date | None, implementation_status: str, rag: str | None,
                latest_update: str | None, delivering_ids: list[int], today: date) -> Update | None:
    """The implementation plan of an accepted (or partly accepted) recommendation."""
    if not permissions.can_manage(user):
        raise Forbidden("Only a scrutiny officer can record an implementation plan.")
    if version != action.version:
        raise StaleVersion(action)
    details = details_of(action)
    if action.response not in (ExecutiveResponse.ACCEPTED, ExecutiveResponse.ACCEPTED_IN_PART):
        raise RuleError("Only an accepted or partly accepted recommendation has an implementation plan",
                        "implementation_status")
    status = ImplementationStatus(implementation_status).value
    if rag is not None and rag not in rules.RAG_COLOURS:
        raise RuleError("Choose a RAG colour from the key", "rag")
    lead_name = (lead_name or "").strip() or None
    lead = db.session.get(User, lead_id) if lead_id is not None else None
    if lead_id is not None and (lead is None or not lead.active or lead.role == "member"):
        raise RuleError("Choose an active officer as the lead, or type the lead's name", "lead_id")
    delivering = list(db.session.scalars(select(Action).where(Action.id.in_(delivering_ids)).order_by(Action.id)))
    if len(delivering) != len(set(delivering_ids)) or action.id in delivering_ids:
        raise RuleError("Choose the delivering actions from the list", "delivering_ids")
    latest_update = (latest_update or "").strip() or None

    def refs(actions) -> str:
        return ", ".join(a.reference for a in actions) or None

    before = dict(lead=details.lead_label or None, target_date=details.target_date,
                  implementation_status=details.implementation_status, rag=details.rag,
                  latest_update=details.latest_update, delivering=refs(details.delivering_actions))
    after = dict(lead=(lead.display_name if lead else lead_name), target_date=target_date,
                 implementation_status=status, rag=rag, latest_update=latest_update, delivering=refs(delivering))
    changes = rules.describe_changes(PLAN_FIELDS, before, after)
    if not changes:
        return None
    details.lead_id, details.lead_name = (lead.id if lead else None), (None if lead else lead_name)
    details.target_date, details.implementation_status, details.rag = target_date, status, rag
    details.latest_update, details.delivering_actions = latest_update, delivering
    entry = _history(action, user, "; ".join(changes))
    flush_checking_version(action)
    return entry


def record_review(action: Action, user: User, version: int, *, meeting: Meeting, months: int, verdict: str,
                  note: str, today: date) -> RecommendationReview:
    """The committee's verdict at a review; signing off closes the recommendation at that meeting."""
    if not permissions.can_manage(user):
        raise Forbidden("Only a scrutiny officer can record the committee's verdict.")
    if version != action.version:
        raise StaleVersion(action)
    details = details_of(action)
    verdict = ReviewVerdict(verdict)
    if months not in review_months():
        raise RuleError("Choose which review this is", "months")
    refusal = rules.sign_off_refusal(verdict, meeting.status, meeting.starts_at.date(), today,
                                     meeting.committee_id == action.committee_id)
    if refusal:
        raise RuleError(refusal, "meeting_id")
    if action.status == ActionStatus.CLOSED:
        raise RuleError(f"{action.reference} is already signed off", "verdict")
    review = RecommendationReview(recommendation=details, meeting_id=meeting.id, months=months,
                                  verdict=verdict.value, note=(note or "").strip(), recorded_by_id=user.id)
    db.session.add(review)
    text = (f"{months}-month review at the meeting on {meeting.starts_at:%-d %B %Y}: {verdict.label}"
            + (f". {review.note}" if review.note else ""))
    if verdict is ReviewVerdict.SIGN_OFF:
        _history(action, user, text, new_status=ActionStatus.CLOSED.value)
        action.status, action.closed_at_meeting_id = ActionStatus.CLOSED.value, meeting.id
    else:
        _history(action, user, text)
    flush_checking_version(action)
    return review
