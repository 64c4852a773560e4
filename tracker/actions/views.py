from __future__ import annotations

from types import SimpleNamespace

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block
from markupsafe import Markup, escape
from sqlalchemy import select

from tracker import permissions
from tracker.actions import bp
from tracker.actions.forms import ActionEditForm, StatusForm
from tracker.actions.queries import ActionFilters, counts, filtered, owner_label, paginate
from tracker.actions.rules import Forbidden, RuleError, StaleVersion, change_status, edit_action
from tracker.caching import kept
from tracker.chasing.staleness import preload_stale
from tracker.extensions import db
from tracker.htmx import current_page, redirect_after_post, safe_next, wants_fragment
from tracker.models import OUTSTANDING_STATUSES, Action, ActionStatus, Committee, Role, User
from tracker.permissions import role_required
from tracker.timeutil import today


def owner_choices() -> list[tuple[int, str]]:
    """People who can own an action, as (id, name and job title): active officers and scrutiny
    officers. Plain rows: a large council has thousands of accounts."""
    rows = db.session.execute(
        select(User.id, User.name, User.job_title)
        .where(User.active.is_(True), User.role.in_([Role.OFFICER.value, Role.SCRUTINY.value]))
        .order_by(User.name, User.id)
    )
    return [(user_id, f"{name}, {job_title}" if job_title else name) for user_id, name, job_title in rows]


@bp.get("")
@login_required
def index():
    """The outstanding actions, filtered by the query parameters; htmx gets only the results."""
    filters = ActionFilters.from_args(request.args)
    day = today()
    status = 400 if filters.errors else 200
    # The results are the same for everyone who sees the list alike, until the data changes.
    scope = permissions.list_scope(current_user)
    if filters.owner == "me":
        scope += f":me={current_user.id}"
    results = kept(("actions", request.full_path, scope), lambda: _results(filters, day))
    if wants_fragment():
        return results, status
    mine = filters.owner == "me"
    # The filter form: the same for everyone of a role (members have no "Me"), until the data changes.
    form = kept(("actions-filters", request.full_path, str(current_user.role)),
                lambda: render_block("actions/index.html", "filter_form", choices=_filter_choices(filters),
                                     filters=filters, mine=mine))
    return render_template(  # both parts rendered by Jinja, escaped there
        "actions/index.html", filters=filters, mine=mine,
        filter_form=Markup(form), results=Markup(results),  # nosec B704
    ), status


def _results(filters: ActionFilters, day) -> str:
    """The results block: counts, a page of rows, pages."""
    query = filtered(filters, current_user, day)
    totals = counts(query, day)
    page = paginate(query, day, filters.page, current_app.config["ACTIONS_PER_PAGE"], totals.total)
    preload_stale(page.items, day)
    return render_block("actions/index.html", "results", filters=filters, page=page, counts=totals, day=day,
                        mine=filters.owner == "me")


def _filter_choices(filters: ActionFilters) -> dict[str, list[dict]]:
    """The options of the filter form, with the current filters selected."""
    committees = db.session.execute(select(Committee.slug, Committee.name).order_by(Committee.name)).all()
    return {
        "committees": [{"value": "", "text": "All committees"}]
        + [{"value": c.slug, "text": c.name, "selected": c.slug == filters.committee} for c in committees],
        "owner": owner_label(filters.owner),
        "statuses": [
            {"value": s.value, "text": s.label, "checked": s.value in filters.status} for s in ActionStatus
        ],
    }


@bp.get("/owners")
@login_required
def owner_names():
    """The owner filter's suggestions: everyone who owns an outstanding action, as
    <option>s of a <datalist>, fetched when the filter first gets focus. In every list
    page they were half its weight at a large council (1,144 people); a browser keeps this
    for five minutes, and typing a name works without it."""
    response = make_response(kept(("owner-names",), _owner_names_html))
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


def _owner_names_html() -> str:
    outstanding = select(Action.id).where(
        Action.owner_id == User.id, Action.status.in_([s.value for s in OUTSTANDING_STATUSES])
    )
    people = db.session.execute(
        select(User.name, User.job_title).where(outstanding.exists()).order_by(User.name, User.id)
    )
    return "".join(
        f'<option value="{escape(f"{name}, {job_title}" if job_title else name)}"></option>' for name, job_title in people
    )


@bp.get("/<int:action_id>")
@login_required
def show(action_id: int):
    """One action: where it arose, its owner and due date, and its whole history."""
    action = db.get_or_404(Action, action_id)
    form = status_form_for(action)
    preload_stale([action])
    return render_template("actions/show.html", action=action, form=form, day=today())


class BlankStatusForm:
    """What the status form's markup reads, for an action nobody has just posted: a page of
    rows built a WTForms form per row only to print its defaults, at a third of the rows' cost."""

    errors: dict = {}

    def __init__(self, action: Action, statuses):
        self.status = SimpleNamespace(choices=[(s.value, s.label) for s in statuses], data=action.status)
        self.version = SimpleNamespace(data=action.version)
        self.note = SimpleNamespace(data="")


def status_form_for(action: Action, formdata=None) -> StatusForm | BlankStatusForm | None:
    """The inline update form: to validate `formdata`, or (without) to show."""
    statuses = permissions.statuses_for(current_user, action)
    if not statuses:
        return None
    if formdata is None:
        return BlankStatusForm(action, statuses)
    return StatusForm(formdata=formdata, statuses=statuses)


def _render_update(action: Action, form: StatusForm | BlankStatusForm | None, status: int,
                   message: str | None = None, conflict: bool = False):
    """The action after an inline update attempt: the row or card htmx asked for, or the
    action's page for a plain form post that could not be saved. A row shows its form only
    while it is being edited (`form`); after a save it is the plain row again."""
    context = dict(action=action, form=form, day=today(), message=message, conflict=conflict)
    preload_stale([action])
    if wants_fragment():
        target = request.headers.get("HX-Target") or ""
        if target.startswith("action-card"):
            return render_block("actions/show.html", "action_card", **context), status
        editing = form if status >= 400 else None  # not saved: the form stays open, as typed
        return _render_row(action, editing, status, message=message, conflict=conflict)
    return render_template("actions/show.html", **context), status


def _render_row(action: Action, form, status: int = 200, message: str | None = None, conflict: bool = False):
    next_url = request.form.get("next") if request.method == "POST" else request.args.get("next")
    next_url = safe_next(next_url or current_page(), url_for("actions.show", action_id=action.id))
    return render_template(
        "actions/row.html", action=action, form=form, day=today(), message=message, conflict=conflict,
        updatable=permissions.can_update(current_user, action), next=next_url,
    ), status


@bp.get("/<int:action_id>/update")
@login_required
def update_form(action_id: int):
    """The inline update form, when someone asks for it: htmx swaps it into the action's row;
    without JavaScript it is a page of its own that returns to the list (`next`) after saving."""
    action = db.get_or_404(Action, action_id)
    refusal = permissions.update_refusal(current_user, action)
    if refusal:
        abort(403, description=refusal)
    form = status_form_for(action)
    preload_stale([action])
    if wants_fragment():
        return _render_row(action, form)
    next_url = safe_next(request.args.get("next"), url_for("actions.show", action_id=action.id))
    return render_template("actions/update.html", action=action, form=form, day=today(), next=next_url)


@bp.get("/<int:action_id>/row")
@login_required
def row(action_id: int):
    """The action's row without its form ("Cancel" on the inline update)."""
    action = db.get_or_404(Action, action_id)
    if not wants_fragment():
        return redirect(url_for("actions.show", action_id=action.id))
    preload_stale([action])
    return _render_row(action, None)


@bp.post("/<int:action_id>/status")
@login_required
def update_status(action_id: int):
    """The inline update: set the status and/or add a progress note."""
    action = db.get_or_404(Action, action_id)
    refusal = permissions.update_refusal(current_user, action)
    if refusal:
        abort(403, description=refusal)
    form = status_form_for(action, formdata=request.form)
    if not form.validate():
        return _render_update(action, form, 422)
    try:
        change_status(action, current_user, form.status.data, form.note.data, form.version.data)
    except StaleVersion as stale:
        db.session.rollback()
        current = db.session.get(Action, stale.action.id)
        form.version.data = current.version  # the next save is a deliberate one
        latest = current.updates[0] if current.updates else None
        who = latest.author.name if latest and latest.author else "someone else"
        message = (
            f"{who} updated {current.reference} while you were editing: it is now "
            f"{current.status_enum.label.lower()}. Your note has been kept below: check it and save again."
        )
        return _render_update(current, form, 409, message=message, conflict=True)
    except Forbidden as refusal:
        db.session.rollback()
        abort(403, description=str(refusal))
    except RuleError as error:
        db.session.rollback()
        getattr(form, error.field or "note").errors.append(error.message)
        return _render_update(action, form, 422)
    db.session.commit()
    message = f"{action.reference} saved: {action.status_enum.label.lower()}"
    if wants_fragment():
        return _render_update(action, status_form_for(action), 200, message=message)
    flash(message, "success")
    return redirect_after_post(safe_next(form.next.data, url_for("actions.show", action_id=action.id)))


@bp.route("/<int:action_id>/edit", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def edit(action_id: int):
    """Change an action's details (scrutiny officers)."""
    action = db.get_or_404(Action, action_id)
    form = ActionEditForm(
        obj=action if request.method == "GET" else None,
        owners=owner_choices(),
        agenda_items=action.meeting.agenda_items,
    )
    if request.method == "GET":
        form.version.data = action.version
        return render_template("actions/edit.html", action=action, form=form)
    if not form.validate():
        return render_template("actions/edit.html", action=action, form=form), 422
    fields = ("description", "kind", "owner_id", "owner_role", "due_date", "due_next_meeting",
              "agenda_item_id", "exempt", "quote")
    try:
        edit_action(action, current_user, form.version.data, note=form.note.data,
                    **{name: getattr(form, name).data for name in fields})
    except StaleVersion as stale:
        db.session.rollback()
        current = db.session.get(Action, stale.action.id)
        form.version.data = current.version
        conflict = (
            f"Someone else changed {current.reference} while you were editing. Your changes are "
            "kept below: compare them with the action's page and save again."
        )
        return render_template("actions/edit.html", action=current, form=form, conflict=conflict), 409
    except RuleError as error:
        db.session.rollback()
        getattr(form, error.field or "description").errors.append(error.message)
        return render_template("actions/edit.html", action=action, form=form), 422
    db.session.commit()
    flash(f"{action.reference} updated", "success")
    return redirect_after_post(url_for("actions.show", action_id=action.id))
