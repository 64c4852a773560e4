from __future__ import annotations

from flask import Response, redirect, url_for
from flask_login import current_user, login_required
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from tracker.extensions import db
from tracker.main import bp
from tracker.models import Role


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
    """Officers start at their own actions; everyone else at the outstanding list."""
    if current_user.role == Role.OFFICER:
        return redirect(url_for("actions.index", owner="me"))
    return redirect(url_for("actions.index"))
