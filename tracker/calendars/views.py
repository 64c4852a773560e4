from __future__ import annotations

from flask import Response, abort, current_app, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.api.auth import token_user
from tracker.calendars import bp
from tracker.calendars.feeds import actions_feed, meetings_feed
from tracker.extensions import db, login_manager
from tracker.models import LIVE_STATUSES, Action, Committee, Meeting, TokenKind

CALENDAR_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(body: bytes, filename: str, cache: str) -> Response:
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = CALENDAR_TYPE
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = cache
    return response


@bp.get("/committees/<slug>/meetings.ics")
def committee_meetings(slug: str):
    """The committee's meetings as an iCalendar feed. Needs a sign-in unless the public
    action log is on: meeting dates and venues are published anyway, so then calendar apps
    (which cannot sign in) may subscribe."""
    public = current_app.config.get("TRACKER_PUBLIC_ACTION_LOG", False)
    if not public and not current_user.is_authenticated:
        return login_manager.unauthorized()
    committee = db.first_or_404(select(Committee).where(Committee.slug == slug))
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.committee_id == committee.id).order_by(Meeting.starts_at)
    ).all()
    body = meetings_feed(committee, meetings, request.host.split(":")[0],
                         lambda m: url_for("meetings.show", meeting_id=m.id, _external=True))
    return _calendar_response(body, f"{committee.slug}-meetings.ics",
                              "public, max-age=900" if public else "private, max-age=900")


@bp.get("/calendar/<secret>.ics")
def mine(secret: str):
    """A person's private feed of their live actions' due dates, read with the secret in its
    address (calendar apps cannot sign in); revoking the link on the profile page stops it."""
    user = token_user(secret, TokenKind.CALENDAR)
    if user is None:
        abort(404)
    actions = db.session.scalars(
        select(Action)
        .options(joinedload(Action.committee))
        .where(
            Action.owner_id == user.id,
            Action.due_date.is_not(None),
            Action.status.in_([s.value for s in LIVE_STATUSES]),
        )
        .order_by(Action.due_date, Action.id)
    ).all()
    body = actions_feed(user.name, actions, request.host.split(":")[0],
                        lambda a: url_for("actions.show", action_id=a.id, _external=True))
    response = _calendar_response(body, "my-actions.ics", "private, no-cache")
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
