from __future__ import annotations

from flask import flash, render_template, request, url_for
from flask_login import current_user
from jinja2_fragments.flask import render_block

from tracker.actions.rules import RuleError
from tracker.actions.views import owner_choices
from tracker.capture import bp
from tracker.capture.forms import MinutesForm, ReviewForm
from tracker.capture.rules import MAX_MINUTES_CHARS, Accepted, Review, confirm, highlight, review
from tracker.extensions import db
from tracker.htmx import client_redirect, redirect_after_post, wants_fragment
from tracker.minutes.files import MAX_UPLOAD_BYTES, MinutesFileError, read_minutes_file
from tracker.models import Meeting, Role
from tracker.text import xml_safe
from tracker.permissions import role_required

TEMPLATE = "capture/capture.html"


def _render(meeting: Meeting, status: int = 200, **context):
    """The capture page, or for htmx the part that changes (the form or the review)."""
    context.setdefault("form", None)
    context.setdefault("result", None)
    if wants_fragment():
        return render_block(TEMPLATE, "capture", meeting=meeting, **context), status
    return render_template(TEMPLATE, meeting=meeting, **context), status


def _minutes_from(form: MinutesForm) -> str | None:
    """The minutes text from the upload or the paste box; None with a field error if unusable."""
    upload = form.minutes_file.data
    if upload is not None and getattr(upload, "filename", ""):
        try:
            text = read_minutes_file(upload.filename, upload.read(MAX_UPLOAD_BYTES + 1), MAX_UPLOAD_BYTES)
        except MinutesFileError as problem:
            form.minutes_file.errors = [str(problem)]
            return None
    else:
        text = xml_safe((form.minutes_text.data or "").replace("\x00", ""))
        if not text.strip():
            form.minutes_text.errors = ["Paste the minutes, or choose a file to upload"]
            return None
    # Browsers send a textarea's line breaks as CRLF but give back a hidden field's as LF: one
    # form from the start, so the quotes' offsets still point at the same text on confirm.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_MINUTES_CHARS:
        field = form.minutes_file if upload is not None and upload.filename else form.minutes_text
        field.errors = [f"The minutes are too long: up to {MAX_MINUTES_CHARS:,} characters at a time"]
        return None
    return text


def _review_form(result: Review) -> ReviewForm:
    form = ReviewForm(formdata=None, data={
        "minutes_text": result.text,
        "proposals": [
            {
                "decision": "accept" if p.accept_by_default else "reject",
                "kind": p.kind,
                "description": p.description,
                "owner_id": p.owner_id,
                "owner_role": p.owner_role,
                "due_date": p.due_date,
                "due_next_meeting": p.due_next_meeting,
                "item_index": str(p.item_index),
                "start": str(p.start),
                "end": str(p.end),
            }
            for p in result.proposals
        ],
    })
    form.set_owner_choices(owner_choices())
    return form


@bp.route("", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def new(meeting_id: int):
    """Paste or upload the minutes; the answer is the review of the actions found."""
    meeting = db.get_or_404(Meeting, meeting_id)
    form = MinutesForm()
    if request.method == "POST" and form.validate_on_submit():
        text = _minutes_from(form)
        if text is not None:
            result = review(meeting, text)
            return _render(meeting, result=result, review_form=_review_form(result),
                           runs=highlight(text, result.proposals))
    status = 422 if request.method == "POST" else 200
    return _render(meeting, status, form=form)


@bp.post("/confirm")
@role_required(Role.SCRUTINY)
def confirm_actions(meeting_id: int):
    """Log the accepted proposals (as edited) and the agenda items, in one transaction."""
    meeting = db.get_or_404(Meeting, meeting_id)
    form = ReviewForm()
    form.set_owner_choices(owner_choices())
    text = xml_safe(form.minutes_text.data or "")
    if not text.strip() or len(text) > MAX_MINUTES_CHARS:
        minutes_form = MinutesForm(formdata=None)
        minutes_form.minutes_text.errors = ["The minutes did not arrive with the review: paste them again"]
        return _render(meeting, 422, form=minutes_form)
    if form.validate():
        accepted = [
            Accepted(
                item_index=entry.form.int_or_none("item_index"),
                kind=entry.form.kind.data,
                description=entry.form.description.data,
                owner_id=entry.form.owner_id.data,
                owner_role=entry.form.owner_role.data,
                due_date=entry.form.due_date.data,
                due_next_meeting=entry.form.due_next_meeting.data,
                start=entry.form.int_or_none("start"),
                end=entry.form.int_or_none("end"),
            )
            for entry in form.proposals
            if entry.form.decision.data == "accept"
        ]
        try:
            actions, skipped = confirm(meeting, current_user, text, accepted)
        except RuleError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            message = f"Logged {len(actions)} action{'s' if len(actions) != 1 else ''} from the minutes"
            if actions:
                message += ": " + ", ".join(a.reference for a in actions)
            if skipped:
                message += f". {skipped} had been logged already and were not logged again"
            flash(message, "success")
            target = url_for("meetings.show", meeting_id=meeting.id) + "#actions"
            return client_redirect(target) if wants_fragment() else redirect_after_post(target)
    result = review(meeting, text)
    return _render(meeting, 422, result=result, review_form=form, runs=highlight(text, result.proposals))

