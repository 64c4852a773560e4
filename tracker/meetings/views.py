from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required
from jinja2_fragments.flask import render_block, render_blocks
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from tracker import permissions
from tracker.actions.forms import ActionForm, CloseActionsForm
from tracker.actions.rules import RuleError, close_actions, create_action
from tracker.actions.views import owner_choices
from tracker.extensions import db
from tracker.htmx import redirect_after_post, wants_fragment
from tracker.meetings import bp
from tracker.meetings.forms import AgendaItemForm, MeetingForm
from tracker.meetings.rules import save_meeting
from tracker.moderngov.views import meeting_pending
from tracker.models import Action, ActionStatus, AgendaItem, Meeting, Role, User
from tracker.permissions import role_required
from tracker.timeutil import today


def _arising(meeting: Meeting) -> list[Action]:
    return db.session.scalars(
        select(Action)
        .where(Action.meeting_id == meeting.id)
        .options(joinedload(Action.committee), joinedload(Action.owner), joinedload(Action.meeting))
        .order_by(Action.sequence)
    ).all()


def _awaiting_confirmation(meeting: Meeting) -> list[Action]:
    """The committee's completed actions: what this meeting may confirm and close."""
    return db.session.scalars(
        select(Action)
        .where(
            Action.committee_id == meeting.committee_id,
            Action.status == ActionStatus.COMPLETED.value,
        )
        .options(joinedload(Action.owner))
        .order_by(Action.municipal_year, Action.sequence)
    ).all()


def _action_form(meeting: Meeting, formdata=None) -> ActionForm:
    return ActionForm(formdata=formdata, owners=owner_choices(), agenda_items=meeting.agenda_items)


def _page(meeting: Meeting, status: int = 200, **forms):
    manage = permissions.can_manage(current_user)
    context = dict(
        meeting=meeting,
        actions=_arising(meeting),
        day=today(),
        manage=manage,
        action_form=forms.get("action_form") or (_action_form(meeting) if manage else None),
        item_form=forms.get("item_form") or (AgendaItemForm() if manage else None),
        close_form=forms.get("close_form") or (CloseActionsForm() if manage else None),
        awaiting=_awaiting_confirmation(meeting) if manage else [],
        message=forms.get("message"),
        moderngov_pending=meeting_pending(meeting) if manage else 0,
    )
    return render_template("meetings/show.html", **context), status


@bp.get("/<int:meeting_id>")
@login_required
def show(meeting_id: int):
    """A meeting: its agenda items and the actions arising; scrutiny officers add actions here."""
    meeting = db.get_or_404(Meeting, meeting_id)
    return _page(meeting)


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def edit(meeting_id: int):
    """Reschedule, hold or cancel a meeting."""
    meeting = db.get_or_404(Meeting, meeting_id)
    form = MeetingForm(obj=meeting)
    if request.method == "GET":
        form.date.data = meeting.starts_at.date()
        form.time.data = f"{meeting.starts_at:%H:%M}"
    if form.validate_on_submit():
        changed = save_meeting(meeting, form)
        db.session.commit()
        flash(
            "Meeting saved"
            + (f"; due dates of {changed} action{'s' if changed != 1 else ''} moved with it" if changed else ""),
            "success",
        )
        return redirect_after_post(url_for("meetings.show", meeting_id=meeting.id))
    status = 422 if form.errors else 200
    return render_template("meetings/form.html", form=form, committee=meeting.committee, meeting=meeting), status


@bp.post("/<int:meeting_id>/actions")
@role_required(Role.SCRUTINY)
def add_action(meeting_id: int):
    """Log an action arising from the meeting; htmx gets a fresh form and the updated list."""
    meeting = db.get_or_404(Meeting, meeting_id)
    form = _action_form(meeting, formdata=request.form)
    action = None
    if form.validate():
        owner = db.session.get(User, form.owner_id.data) if form.owner_id.data else None
        item = db.session.get(AgendaItem, form.agenda_item_id.data) if form.agenda_item_id.data else None
        try:
            action = create_action(
                meeting=meeting,
                author=current_user,
                description=form.description.data,
                kind=form.kind.data,
                owner=owner,
                owner_role=form.owner_role.data,
                due_date=form.due_date.data,
                due_next_meeting=form.due_next_meeting.data,
                agenda_item=item,
                exempt=form.exempt.data,
                quote=form.quote.data,
            )
        except RuleError as error:
            db.session.rollback()
            getattr(form, error.field or "description").errors.append(error.message)
    if action is None:
        if wants_fragment():
            return render_block("meetings/show.html", "add_action", meeting=meeting, action_form=form), 422
        return _page(meeting, 422, action_form=form)
    db.session.commit()
    message = f"Action {action.reference} added"
    if wants_fragment():
        fresh = _action_form(meeting)
        # The form comes back empty with focus in it, ready for the next action.
        return render_blocks(
            "meetings/show.html",
            ["add_action", "arising", "announce"],
            meeting=meeting,
            action_form=fresh,
            actions=_arising(meeting),
            day=today(),
            message=message,
            added=action,
            oob=True,
        )
    flash(message, "success")
    return redirect_after_post(url_for("meetings.show", meeting_id=meeting.id) + "#actions")


@bp.post("/<int:meeting_id>/agenda-items")
@role_required(Role.SCRUTINY)
def add_agenda_item(meeting_id: int):
    """Add an agenda item to the meeting."""
    meeting = db.get_or_404(Meeting, meeting_id)
    form = AgendaItemForm()
    if not form.validate_on_submit():
        return _page(meeting, 422, item_form=form)
    position = len(meeting.agenda_items) + 1
    item = AgendaItem(
        meeting_id=meeting.id,
        number=form.number.data or "",
        title=form.title.data,
        presenter=form.presenter.data or None,
        minutes=form.minutes.data or None,
        position=position,
    )
    db.session.add(item)
    db.session.commit()
    flash(f"Agenda item {item.label} added", "success")
    return redirect_after_post(url_for("meetings.show", meeting_id=meeting.id) + "#agenda")


@bp.post("/<int:meeting_id>/close-actions")
@role_required(Role.SCRUTINY)
def close_confirmed(meeting_id: int):
    """Close the completed actions the committee confirmed at this meeting."""
    meeting = db.get_or_404(Meeting, meeting_id)
    form = CloseActionsForm()
    ids = []
    for value in request.form.getlist("action_ids"):
        if not value.isdecimal() or len(value) > 9:  # fits an INTEGER column
            form.action_ids.errors = ["Select actions from the list"]
            return _page(meeting, 422, close_form=form)
        ids.append(int(value))
    if not form.validate_on_submit():
        return _page(meeting, 422, close_form=form)
    try:
        closed = close_actions(meeting, current_user, ids, form.note.data)
    except RuleError as error:
        db.session.rollback()
        form.action_ids.errors = [error.message]
        return _page(meeting, 422, close_form=form)
    db.session.commit()
    flash(
        f"Closed {len(closed)} action{'s' if len(closed) != 1 else ''}: "
        + ", ".join(a.reference for a in closed),
        "success",
    )
    return redirect_after_post(url_for("meetings.show", meeting_id=meeting.id))
