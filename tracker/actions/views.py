from __future__ import annotations

from flask import abort, current_app, flash, render_template, request, url_for
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block
from sqlalchemy import select

from tracker import permissions
from tracker.actions import bp
from tracker.actions.forms import ActionEditForm, StatusForm
from tracker.actions.queries import ActionFilters, counts, filtered, ordered
from tracker.actions.rules import Forbidden, RuleError, StaleVersion, change_status, edit_action
from tracker.extensions import db
from tracker.htmx import redirect_after_post, safe_next, wants_fragment
from tracker.models import Action, ActionStatus, Committee, Role, User
from tracker.permissions import role_required
from tracker.timeutil import today


def owner_choices() -> list[User]:
    """People who can own an action: active officers and scrutiny officers."""
    return db.session.scalars(
        select(User)
        .where(User.active.is_(True), User.role.in_([Role.OFFICER.value, Role.SCRUTINY.value]))
        .order_by(User.name)
    ).all()


@bp.get("")
@login_required
def index():
    """The outstanding actions, filtered by the query parameters; htmx gets only the results."""
    filters = ActionFilters.from_args(request.args)
    day = today()
    status = 400 if filters.errors else 200
    query = filtered(filters, current_user, day)
    page = db.paginate(
        ordered(query, day), page=filters.page,
        per_page=current_app.config["ACTIONS_PER_PAGE"], error_out=False, count=True
    )
    context = dict(
        filters=filters,
        page=page,
        counts=counts(query, day),
        day=day,
        mine=filters.owner == "me",
    )
    if wants_fragment():
        return render_block("actions/index.html", "results", **context), status
    return render_template("actions/index.html", choices=_filter_choices(filters), **context), status


def _filter_choices(filters: ActionFilters) -> dict[str, list[dict]]:
    """The options of the filter form, with the current filters selected."""
    committees = db.session.scalars(select(Committee).order_by(Committee.name)).all()
    owners = [{"value": "", "text": "Anyone"}]
    if current_user.role != Role.MEMBER:
        owners.append({"value": "me", "text": "Me", "selected": filters.owner == "me"})
    owners += [
        {"value": str(person.id), "text": person.name, "selected": filters.owner == str(person.id)}
        for person in owner_choices()
    ]
    return {
        "committees": [{"value": "", "text": "All committees"}]
        + [{"value": c.slug, "text": c.name, "selected": c.slug == filters.committee} for c in committees],
        "owners": owners,
        "statuses": [
            {"value": s.value, "text": s.label, "checked": s.value in filters.status} for s in ActionStatus
        ],
    }


@bp.get("/<int:action_id>")
@login_required
def show(action_id: int):
    """One action: where it arose, its owner and due date, and its whole history."""
    action = db.get_or_404(Action, action_id)
    form = status_form_for(action)
    return render_template("actions/show.html", action=action, form=form, day=today())


def status_form_for(action: Action, formdata=None) -> StatusForm | None:
    statuses = permissions.statuses_for(current_user, action)
    if not statuses:
        return None
    form = StatusForm(formdata=formdata, statuses=statuses)
    if formdata is None:
        form.status.data = action.status
        form.version.data = action.version
    return form


def _render_update(action: Action, form: StatusForm, status: int, message: str | None = None,
                   conflict: bool = False):
    """The action after an inline update attempt: the row or card htmx asked for, or the
    action's page for a plain form post that could not be saved."""
    context = dict(action=action, form=form, day=today(), message=message, conflict=conflict)
    if wants_fragment():
        target = request.headers.get("HX-Target") or ""
        if target.startswith("action-card"):
            return render_block("actions/show.html", "action_card", **context), status
        return render_template("actions/row.html", **context), status
    return render_template("actions/show.html", **context), status


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
        fresh_form = status_form_for(action)
        return _render_update(action, fresh_form, 200, message=message)
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

