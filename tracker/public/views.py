from __future__ import annotations

from flask import abort, current_app, g, make_response, render_template
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker.extensions import db, login_manager
from tracker.models import Action, AgendaItem, Committee, Meeting
from tracker.public import bp
from tracker.reports.log import log_query
from tracker.timeutil import today

# Residents' browsers and the council's CDN may keep the page for five minutes: the log
# changes a few times a week, and the cache takes the load of a busy evening meeting.
PUBLIC_CACHE = "public, max-age=300"


@bp.before_request
def _only_when_enabled():
    if not current_app.config.get("TRACKER_PUBLIC_ACTION_LOG"):
        abort(404)
    # Everyone gets the same page, signed in or not: the user is never loaded, so nothing
    # personal can reach a page that shared caches keep, and no session is started.
    g._login_user = login_manager.anonymous_user()


def public_owner(action: Action) -> str:
    """The owner as residents see it: the role, never a person's name or email."""
    if action.owner_role:
        return action.owner_role
    if action.owner is not None and action.owner.job_title:
        return action.owner.job_title
    return "Council officer"


def _public(body: str):
    response = make_response(body)
    response.headers["Cache-Control"] = PUBLIC_CACHE
    return response


@bp.get("/committees")
def committees():
    """The committees whose action logs residents can read."""
    found = db.session.scalars(select(Committee).order_by(Committee.name)).all()
    return _public(render_template("public/index.html", committees=found))


@bp.get("/committees/<slug>")
def committee(slug: str):
    """A committee's outstanding actions that are not exempt: no notes, no names, no emails."""
    found = db.first_or_404(select(Committee).where(Committee.slug == slug))
    actions = db.session.scalars(
        log_query(found, exempt=False)
        .options(joinedload(Action.meeting), joinedload(Action.owner), joinedload(Action.agenda_item))
        .order_by(Meeting.starts_at, Meeting.id, AgendaItem.position.nulls_last(), Action.municipal_year, Action.sequence)
    ).unique().all()
    return _public(render_template("public/committee.html", committee=found, actions=actions, day=today(),
                                   owner=public_owner))
