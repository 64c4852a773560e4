"""The impact of scrutiny's recommendations by municipal year (the annual report's figures)."""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import login_required
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import Action, ActionStatus, Committee, Meeting, Recommendation, municipal_year, municipal_year_label
from tracker.recommendations import rules
from tracker.timeutil import today

bp = Blueprint("recommendations", __name__)

FIGURES = [
    ("made", "Recommendations made"),
    ("responded_on_time", "Responses on time"),
    ("responded_late", "Responses late"),
    ("awaiting_response", "Awaiting a response"),
    ("overdue_response", "Response overdue"),
    ("median_days_to_respond", "Median days to respond"),
    ("accepted", "Accepted"),
    ("accepted_in_part", "Accepted in part"),
    ("rejected", "Rejected"),
    ("noted", "Noted"),
    ("implemented", "Implemented"),
    ("not_implemented", "Not implemented"),
    ("still_open", "Still open"),
]


def recommendation_facts() -> list[rules.RecommendationFacts]:
    """Every recommendation as plain values, in one query."""
    rows = db.session.execute(
        select(Committee.name, Meeting.starts_at, Action.response_due, Action.response, Action.response_date,
               Recommendation.implementation_status, Action.status)
        .join(Meeting, Meeting.id == Action.meeting_id)
        .join(Committee, Committee.id == Action.committee_id)
        .outerjoin(Recommendation, Recommendation.action_id == Action.id)
        .where(Action.is_recommendation.is_(True), Action.status != ActionStatus.WITHDRAWN.value)
    )
    return [rules.RecommendationFacts(name, starts.date(), due, response, responded,
                                      status or "not_started", action_status == ActionStatus.CLOSED.value)
            for name, starts, due, response, responded, status, action_status in rows]


@bp.get("/impact")
@login_required
def impact():
    """Recommendations made in a municipal year, their responses and what came of them."""
    day = today()
    text = request.args.get("year", "").strip()
    if text and not (text.isdecimal() and len(text) == 4):
        abort(400, description="Enter the year the municipal year starts in, like 2026")
    year = int(text) if text else municipal_year(day)
    facts = recommendation_facts()
    return render_template("recommendations/impact.html", year=year, label=municipal_year_label(year),
                           total=rules.impact_figures(facts, year, day),
                           committees=rules.impact_by_committee(facts, year, day), figures=FIGURES)
