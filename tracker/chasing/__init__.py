"""Chasing: staleness, recommendations and the Executive's response, following committees and
naming their scrutiny officer. The reminder emails are in tracker/reminders, the one-click
update links in tracker/email_links."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from flask_login import current_user

    from tracker import reminders
    from tracker.chasing import committees, responses, staleness
    from tracker.chasing.views import bp, recommendation_form
    from tracker.models import ExecutiveResponse
    from tracker.timeutil import today

    from tracker.email_links.views import bp as email_links_bp

    app.register_blueprint(bp)
    app.register_blueprint(email_links_bp)
    reminders.init_app(app)
    app.add_template_global(staleness.action_is_stale, "is_stale")
    app.add_template_global(lambda committee: staleness.owed_update_summary(today(), committee.id), "owed_updates")
    app.add_template_global(lambda committee: responses.overdue_responses(today(), committee.id), "overdue_responses")
    app.add_template_global(lambda action: responses.response_overdue(action, today()), "response_overdue")
    app.add_template_global(lambda committee: committees.is_following(current_user, committee), "is_following")
    app.add_template_global(recommendation_form, "recommendation_form_for")
    app.add_template_global(lambda value: ExecutiveResponse(value).label, "response_label")
