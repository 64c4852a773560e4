from __future__ import annotations

from flask import g, jsonify, request, url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from tracker.actions.queries import PAGE_MAX, ActionFilters, filtered, ordered
from tracker.api import bp, serialise
from tracker.api.auth import authenticate
from tracker.api.openapi import document
from tracker.extensions import db
from tracker.models import Action, Committee, Meeting, Update
from tracker.permissions import can_manage, exempt_access
from tracker.security import MAX_ID, whole_number
from tracker.timeutil import today

PER_PAGE_DEFAULT = 25
PER_PAGE_MAX = 100

bp.before_request(authenticate)


def bad_request(errors: dict[str, str]):
    response = jsonify(error="Bad Request", message="Check the query parameters", errors=errors, status=400)
    response.status_code = 400
    return response


def not_found(message: str):
    response = jsonify(error="Not Found", message=message, status=404)
    response.status_code = 404
    return response


def _number(name: str, default: int, maximum: int, errors: dict) -> int:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return default
    number = whole_number(raw, maximum)
    if number is not None:
        return number
    errors[name] = f"{name} must be a whole number from 1 to {maximum}"
    return default


def _paged(query, page: int, per_page: int, serialise_item, **args):
    result = db.paginate(query, page=page, per_page=per_page, error_out=False, count=True)
    items = result.items

    def link(number):
        return url_for(request.endpoint, **{**args, "page": number, "per_page": per_page}, _external=True)

    return jsonify(
        items=[serialise_item(item) for item in items],
        page=page,
        per_page=per_page,
        total=result.total,
        pages=result.pages,
        next=link(page + 1) if page < result.pages else None,
        prev=link(page - 1) if page > 1 and result.pages else None,
    )


def _visible(query):
    """Exempt actions only for the token holders entitled to them (tracker.permissions.ExemptAccess)."""
    return query.where(exempt_access(g.api_user).clause())


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3 description of this API (no token needed to read it)."""
    return jsonify(document(url_for("api.actions", _external=True).rsplit("/actions", 1)[0]))


@bp.get("/actions")
def actions():
    """Actions with the same filters as /actions, paginated."""
    filters = ActionFilters.from_args(request.args)
    errors = dict(filters.errors)
    per_page = _number("per_page", PER_PAGE_DEFAULT, PER_PAGE_MAX, errors)
    if errors:
        return bad_request(errors)
    day = today()
    query = _visible(filtered(filters, g.api_user, day))
    query = ordered(query, day).options(joinedload(Action.agenda_item))
    return _paged(query, filters.page, per_page, lambda a: serialise.action(a, day), **filters.to_args(page=None))


@bp.get("/actions/<int:action_id>")
def action(action_id: int):
    """One action with its whole history, newest first."""
    found = db.session.scalar(
        _visible(select(Action).where(Action.id == action_id)).options(
            joinedload(Action.committee), joinedload(Action.meeting), joinedload(Action.owner),
            joinedload(Action.agenda_item), selectinload(Action.updates).joinedload(Update.author),
        )
    )
    if found is None:
        return not_found(f"There is no action {action_id}")
    return jsonify(serialise.action(found, today(), updates=found.updates))


@bp.get("/committees")
def committees():
    """Every committee, by name."""
    errors: dict[str, str] = {}
    page = _number("page", 1, PAGE_MAX, errors)
    per_page = _number("per_page", PER_PAGE_DEFAULT, PER_PAGE_MAX, errors)
    if errors:
        return bad_request(errors)
    query = select(Committee).order_by(Committee.name, Committee.id)
    return _paged(query, page, per_page, serialise.committee)


@bp.get("/meetings")
def meetings():
    """Meetings, newest first, optionally of one committee."""
    errors: dict[str, str] = {}
    page = _number("page", 1, PAGE_MAX, errors)
    per_page = _number("per_page", PER_PAGE_DEFAULT, PER_PAGE_MAX, errors)
    slug = (request.args.get("committee") or "").strip()
    if len(slug) > 80:
        errors["committee"] = "committee must be a committee's slug"
    if errors:
        return bad_request(errors)
    query = select(Meeting).options(joinedload(Meeting.committee)).order_by(Meeting.starts_at.desc(), Meeting.id)
    args = {}
    if slug:
        committee = db.session.scalar(select(Committee).where(Committee.slug == slug))
        if committee is None:
            return not_found(f"There is no committee {slug!r}")
        query = query.where(Meeting.committee_id == committee.id)
        args["committee"] = slug
    return _paged(query, page, per_page, serialise.meeting, **args)


@bp.get("/meetings/<int:meeting_id>")
def meeting(meeting_id: int):
    """One meeting."""
    found = db.session.get(Meeting, meeting_id) if meeting_id <= MAX_ID else None
    if found is None:
        return not_found(f"There is no meeting {meeting_id}")
    return jsonify(serialise.meeting(found))
