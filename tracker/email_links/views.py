"""The page a one-click update link opens. Opening it changes nothing (mail scanners open
links too); saving the form is the update."""
from __future__ import annotations

from flask import Blueprint, flash, get_flashed_messages, render_template, request, url_for
from sqlalchemy.exc import IntegrityError

from tracker.actions.rules import Forbidden, RuleError, StaleVersion, change_status
from tracker.email_links.forms import EmailUpdateForm
from tracker.email_links.tokens import LinkRefused, check_link
from tracker.extensions import db
from tracker.htmx import redirect_after_post
from tracker.models import Action, UsedUpdateLink
from tracker.timeutil import today

bp = Blueprint("email_links", __name__, url_prefix="/update")

VIA = "email link"


@bp.after_request
def _private(response):
    # The token is in the address: keep it out of caches and search engines (the app-wide
    # Referrer-Policy, same-origin, keeps it out of other sites' logs).
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _refused(refusal: LinkRefused):
    return render_template("email_links/refused.html", refusal=refusal), refusal.status


def _page(action: Action, form: EmailUpdateForm, status: int = 200, conflict: str | None = None):
    return render_template("email_links/update.html", action=action, form=form, day=today(),
                           conflict=conflict), status


@bp.route("/<int:action_id>/<token>", methods=["GET", "POST"])
def update(action_id: int, token: str):
    """Set the status of, or add a note to, an action from a reminder email."""
    try:
        claim = check_link(token, action_id)
    except LinkRefused as refusal:
        return _refused(refusal)
    action = claim.action
    if request.method == "GET":
        form = EmailUpdateForm(formdata=None, status=action.status, version=action.version)
        return _page(action, form)

    form = EmailUpdateForm()
    if not form.validate():
        return _page(action, form, 422)
    try:
        db.session.add(UsedUpdateLink(token_id=claim.token_id, action_id=action.id))
        change_status(action, claim.owner, form.status.data, form.note.data, form.version.data, via=VIA)
        db.session.commit()
    except StaleVersion as stale:
        db.session.rollback()
        current = db.session.get(Action, stale.action.id)
        form.version.data = current.version
        message = (f"{current.reference} was updated by someone else while you had this page open: it is "
                   f"now {current.status_enum.label.lower()}. Your note is kept below: check it and save again.")
        return _page(current, form, 409, conflict=message)
    except RuleError as error:
        db.session.rollback()
        getattr(form, error.field or "note").errors.append(error.message)
        return _page(db.session.get(Action, action_id), form, 422)
    except Forbidden as refusal:
        db.session.rollback()
        return _refused(LinkRefused(403, "This link cannot make that change", str(refusal)))
    except IntegrityError:
        # The same link saved twice at once: the first one won.
        db.session.rollback()
        return _refused(LinkRefused(410, "This link has already been used",
                                    "Your update was saved once; this second save was not."))
    flash(f"{action.reference} saved: {action.status_enum.label.lower()}. Thank you.", "success")
    return redirect_after_post(url_for("email_links.done"))


@bp.get("/done")
def done():
    """After an update from an email link: what was saved."""
    messages = get_flashed_messages(category_filter=["success"])
    return render_template("email_links/done.html", saved=messages)
