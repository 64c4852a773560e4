from __future__ import annotations

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block
from markupsafe import Markup
from sqlalchemy import select

from tracker import permissions
from tracker.actions.queries import ActionFilters, filtered, ordered
from tracker.caching import kept
from tracker.extensions import db
from tracker.models import Action, Committee, Meeting
from tracker.reports import bp
from tracker.reports.cells import columns
from tracker.reports.formats import Sheet, to_csv, to_docx, to_xlsx
from tracker.reports.log import ActionLog, build_log, latest_notes
from tracker.security import whole_number
from tracker.timeutil import today

AGENDA_CHOICES = 24  # meetings offered in the action log's "For the agenda of"

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _download(body: bytes, fmt: str, filename: str) -> Response:
    response = Response(body, mimetype=FORMATS[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    # Exports can hold exempt items: keep them out of shared caches and the browser's disk cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _wants_exempt() -> bool:
    """`?exempt=1` asks for the exempt version: scrutiny officers only."""
    value = request.args.get("exempt", "")
    if value not in ("", "0", "1"):
        abort(400, description="exempt must be 1 or left out")
    if value == "1" and not permissions.can_manage(current_user):
        abort(403, description="Only a scrutiny officer can see the exempt version of the action log.")
    return value == "1"


def _log_page() -> int | None:
    """`?page=N` of the log on screen (1 when left out); `?all=1` the whole log, to print."""
    if request.args.get("all", "") not in ("", "0", "1"):
        abort(400, description="all must be 1 or left out")
    if request.args.get("all") == "1":
        return None
    page = whole_number(request.args.get("page", "1"))
    if page is None:
        abort(400, description="Choose a page of the log from its page links.")
    return page


def _log_for(slug: str, page: int | None = None, build: bool = True) -> ActionLog:
    """The log the address asks for (committee, ?meeting=, ?exempt=1); `build=False` gives
    only its heading (no rows)."""
    committee = db.first_or_404(select(Committee).where(Committee.slug == slug))
    meeting = None
    meeting_arg = request.args.get("meeting", "")
    if meeting_arg:
        meeting_id = whole_number(meeting_arg)
        if meeting_id is None:
            abort(400, description="Choose a meeting of the committee from its page.")
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None or meeting.committee_id != committee.id:
            abort(404, description=f"{committee.name} has no such meeting.")
    if not build:
        return ActionLog(committee=committee, day=today(), exempt=_wants_exempt(), for_meeting=meeting)
    return build_log(committee, today(), for_meeting=meeting, exempt=_wants_exempt(), page=page,
                     per_page=current_app.config["ACTION_LOG_PER_PAGE"])


@bp.get("/committees/<slug>/action-log")
@login_required
def action_log(slug: str):
    """The committee's action log as a page, printable for the agenda pack."""
    page = _log_page()
    heading = _log_for(slug, build=False)
    # The log's rows are the same for everyone allowed to see them (the exempt version:
    # scrutiny officers, checked above) until the data changes.
    body = kept(("action-log", request.full_path), lambda: _log_body(heading, page))
    # The agendas to choose from: the committee's latest meetings (ten years of them made a
    # select nobody scrolls), and the chosen one however old.
    chosen = heading.for_meeting.id if heading.for_meeting else 0
    meetings = db.session.execute(
        select(Meeting.id, Meeting.starts_at, Meeting.status)
        .where(Meeting.committee_id == heading.committee.id)
        .order_by((Meeting.id == chosen).desc(), Meeting.starts_at.desc())
        .limit(AGENDA_CHOICES + 1)
    ).all()
    meetings = sorted(meetings[:AGENDA_CHOICES] if not chosen else meetings, key=lambda m: m.starts_at, reverse=True)
    response = Response(render_template("reports/action_log.html", log=heading, meetings=meetings,
                                        log_body=Markup(body)))  # nosec B704: rendered by Jinja, escaped there
    if heading.exempt:
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _log_body(heading: ActionLog, page: int | None) -> str:
    log = build_log(heading.committee, heading.day, for_meeting=heading.for_meeting, exempt=heading.exempt,
                    page=page, per_page=current_app.config["ACTION_LOG_PER_PAGE"])
    if log.page and log.page > log.pages:
        abort(404, description=f"The action log has {log.pages} page{'s' if log.pages != 1 else ''}.")
    return render_block("reports/action_log.html", "log_body", log=log)


@bp.get("/committees/<slug>/action-log.<any(docx, xlsx, csv):fmt>")
@login_required
def action_log_file(slug: str, fmt: str):
    """The action log as a Word document, a spreadsheet or CSV."""
    log = _log_for(slug)
    if fmt == "docx":
        return _download(to_docx(log, current_app.config["COUNCIL_NAME"]), fmt, log.filename)
    sheet = Sheet(
        title=log.title,
        subtitle=log.subtitle,
        columns=columns(with_exempt=log.exempt),
        records=[(row.action, row.latest_update) for row in log.rows],
        day=log.day,
        exempt=log.exempt,
    )
    body = to_xlsx(sheet) if fmt == "xlsx" else to_csv(sheet)
    return _download(body, fmt, log.filename)


@bp.get("/actions/export.<any(xlsx, csv):fmt>")
@login_required
def actions_export(fmt: str):
    """"Download these results": every action matching the /actions filters (all pages).

    Exempt actions go only to those entitled to them (the committee's members, scrutiny
    officers, the owner), with an Exempt column to say which they are."""
    filters = ActionFilters.from_args(request.args)
    filters.errors.pop("page", None)  # a download is every page
    if filters.errors:
        abort(400, description="Check the filters: " + "; ".join(filters.errors.values()))
    day = today()
    access = permissions.current_exempt_access()
    # The one rule (tracker.permissions.ExemptAccess): exempt rows only for those entitled.
    query = filtered(filters, current_user, day).where(access.clause())
    actions = db.session.scalars(ordered(query, day)).unique().all()
    exempt = any(a.exempt for a in actions)  # then a column says which rows are
    notes = latest_notes(query.with_only_columns(Action.id)) if actions else {}
    sheet = Sheet(
        title="Actions",
        subtitle=f"Downloaded {day:%-d %B %Y}",
        columns=columns(with_exempt=exempt),
        records=[(a, notes.get(a.id)) for a in actions],
        day=day,
    )
    body = to_xlsx(sheet) if fmt == "xlsx" else to_csv(sheet)
    return _download(body, fmt, f"actions-{day:%Y-%m-%d}")
