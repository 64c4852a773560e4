"""A recommendation's whole life: response, implementation plan, reviews, sign-off, impact."""
from __future__ import annotations

from flask import Flask


def check_settings(app: Flask) -> None:
    """Refuse to start on a response period, review months or RAG key the rules cannot read."""
    from tracker.recommendations import rules

    rules.parse_period(app.config["TRACKER_RESPONSE_PERIOD"])
    rules.parse_review_months(app.config["TRACKER_REVIEW_MONTHS"])
    rules.parse_rag_key(app.config["TRACKER_RECOMMENDATION_RAG"])


def init_app(app: Flask) -> None:
    from tracker.recommendations.views import bp

    app.register_blueprint(bp)
