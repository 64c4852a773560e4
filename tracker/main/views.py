from __future__ import annotations

from flask import Response, render_template
from flask_login import current_user, login_required
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tracker.extensions import db
from tracker.main import bp
from tracker.main.chart import quarter_chart
from tracker.main.dashboard import home_page
from tracker.moderngov.views import pending_suggestions
from tracker.timeutil import today


@bp.get("/healthz")
def healthz():
    """200 "ok" when the database answers; 503 otherwise (for load balancers and monitoring)."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return Response("database unavailable", status=503, mimetype="text/plain")
    return Response("ok", mimetype="text/plain")


@bp.get("/")
@login_required
def home():
    """At a glance: your own actions (officers) or the committees you follow, every
    committee's counts, and actions opened and closed per quarter."""
    context = home_page(current_user, today())
    # A scrutiny officer's published minutes from ModernGov with suggestions still to review.
    context["minutes_to_review"] = pending_suggestions() if current_user.is_scrutiny else []
    return render_template("main/home.html", chart=quarter_chart(context["quarters"]), **context)
