from __future__ import annotations

from flask import abort, current_app, flash, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from tracker import mailer
from tracker.auth.emails import link_email
from tracker.auth.sessions import end_sessions, live_sessions, revoke_tokens
from tracker.extensions import db
from tracker.htmx import redirect_after_post
from tracker.models import LinkPurpose, Role, User
from tracker.profile.forms import PlainForm
from tracker.permissions import role_required
from tracker.users import bp
from tracker.users.forms import SignOutEverywhereForm, UserForm


@bp.get("")
@role_required(Role.SCRUTINY)
def index():
    """Every account, by name."""
    users = db.session.scalars(select(User).order_by(User.name)).all()
    return render_template("users/index.html", users=users)


def _save(form: UserForm, user: User | None):
    """Create or update from a validated form; None with a field error when the email is taken."""
    email = form.email.data.strip().lower()
    clash = db.session.scalar(select(User).where(User.email == email))
    if clash is not None and clash is not user:
        form.email.errors.append("Another account already uses this email address")
        return None
    if user is None:
        user = User()
        db.session.add(user)
    if user is current_user and (form.role.data != Role.SCRUTINY or not form.active.data):
        form.role.errors.append("You cannot remove your own scrutiny officer access")
        return None
    deactivated = user.id is not None and user.active and not form.active.data
    user.name = form.name.data
    user.email = email
    user.job_title = form.job_title.data or None
    user.role = form.role.data
    user.active = form.active.data
    if deactivated:
        # A copy of any of their cookies must stop working, not only the next sign-in.
        end_sessions(user.id, reason="deactivated")
    db.session.commit()
    return user


def send_invitation(user: User) -> str | None:
    """Email `user` a new invitation link (older ones stop working); why it failed, or None."""
    _url, message = link_email(user, LinkPurpose.INVITATION)
    db.session.commit()
    try:
        mailer.send(message)
    except Exception as error:  # noqa: BLE001 - any failure is the same to the officer: try again
        current_app.logger.warning("Could not send an invitation to %s: %s", user.email, error)
        return str(error) or type(error).__name__
    return None


def _flash_invitation(user: User, problem: str | None) -> None:
    if problem is None:
        flash(f"Invitation sent to {user.email}: the link works for 7 days", "success")
    else:
        flash(f"The invitation to {user.email} could not be sent ({problem}). "
              "Use ‘Resend invitation’ when email is working.", "error")


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def new():
    """Add a user account."""
    form = UserForm()
    if form.validate_on_submit():
        user = _save(form, None)
        if user is not None:
            flash(f"Account for {user.name} added", "success")
            _flash_invitation(user, send_invitation(user))
            return redirect_after_post(url_for("users.index"))
    status = 422 if form.errors else 200
    return render_template("users/form.html", form=form, user=None), status


@bp.route("/<int:user_id>/edit", methods=["GET", "POST"])
@role_required(Role.SCRUTINY)
def edit(user_id: int):
    """Change an account (name, email, job title, role, active)."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    if form.validate_on_submit():
        if _save(form, user) is not None:
            flash(f"Account for {user.name} saved", "success")
            return redirect_after_post(url_for("users.index"))
    status = 422 if form.errors else 200
    return render_template("users/form.html", form=form, user=user, sign_out_form=SignOutEverywhereForm(),
                           sessions=live_sessions(user.id)), status


@bp.post("/<int:user_id>/sign-out-everywhere")
@role_required(Role.SCRUTINY)
def sign_out_everywhere(user_id: int):
    """End every session of an account (a lost laptop, a shared password), and if asked
    revoke its API and calendar tokens."""
    user = db.get_or_404(User, user_id)
    form = SignOutEverywhereForm()
    if not form.validate_on_submit():
        return render_template("users/form.html", form=UserForm(obj=user), user=user, sign_out_form=form,
                               sessions=live_sessions(user.id)), 422
    # A scrutiny officer ending their own sessions keeps the one they are using.
    ended = end_sessions(user.id, except_current=user.id == current_user.id)
    revoked = revoke_tokens(user.id) if form.revoke_tokens.data else 0
    db.session.commit()
    message = f"{user.name}: {ended} session{'s' if ended != 1 else ''} ended"
    if form.revoke_tokens.data:
        message += f", {revoked} API and calendar token{'s' if revoked != 1 else ''} revoked"
    flash(message, "success")
    return redirect_after_post(url_for("users.edit", user_id=user.id))


@bp.post("/<int:user_id>/invitation")
@role_required(Role.SCRUTINY)
def resend_invitation(user_id: int):
    """Send the invitation again, with a new link (the old one stops working)."""
    if not PlainForm().validate_on_submit():
        abort(400)
    user = db.get_or_404(User, user_id)
    if user.has_password or not user.active:
        flash(f"{user.name} has already set a password" if user.active else f"{user.name}'s account is deactivated", "info")
    else:
        _flash_invitation(user, send_invitation(user))
    return redirect_after_post(url_for("users.index"))
