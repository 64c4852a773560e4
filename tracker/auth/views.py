from __future__ import annotations

from flask import Flask, current_app, flash, make_response, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker import mailer
from tracker.auth import bp
from tracker.auth.emails import link_email
from tracker.auth.forms import LoginForm, NewPasswordForm, ResetRequestForm
from tracker.auth.passwords import (RESETS_PER_ACCOUNT_PER_HOUR, LinkProblem, check_link,
                                    resets_sent_recently, set_password)
from tracker.auth.sessions import end_current_session, load_session_user, start_session
from tracker.extensions import db, login_manager
from tracker.htmx import client_redirect, redirect_after_post, safe_next, wants_fragment
from tracker.models import LinkPurpose, User
from tracker.security import failed_sign_in_limits, reset_request_limits

# One message for an unknown email and a wrong password, so the form does not reveal who has an account.
BAD_LOGIN = "Enter a correct email address and password"


def init_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Sign in to see this page"
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not (user_id.isascii() and user_id.isdigit()) or len(user_id) > 10:
            return None
        # Only while the session is live on the server: signing out ends it for every copy.
        return load_session_user(int(user_id))

    @login_manager.unauthorized_handler
    def unauthorized():
        login_url = url_for("auth.login", next=request.full_path.rstrip("?"))
        if wants_fragment():
            # A redirect would swap the sign-in page into a table cell: send the browser there.
            return client_redirect(login_url, status=401)
        flash(login_manager.login_message, "info")
        return redirect_after_post(login_url)


@bp.route("/login", methods=["GET", "POST"])
@failed_sign_in_limits
def login():
    """Sign in with email and password."""
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if current_user.is_authenticated and request.method == "GET":
        return redirect_after_post(safe_next(form.next.data))
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.email == form.email.data.strip().lower()))
        if user is not None and user.active and user.check_password(form.password.data):
            start_session(user)
            return redirect_after_post(safe_next(form.next.data))
        form.email.errors.append(BAD_LOGIN)
        status = 401
    else:
        status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    """Sign out and end the session."""
    end_current_session()
    flash("You have been signed out", "info")
    return redirect_after_post(url_for("auth.login"))


def _no_store(response):
    # Pages reached through a secret link, and the ones that take passwords: never kept.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/password/reset", methods=["GET", "POST"])
@reset_request_limits
def reset_password():
    """Ask for a password reset link: the same answer whether or not the account exists."""
    form = ResetRequestForm()
    if not form.validate_on_submit():
        status = 400 if form.errors else 200
        return render_template("auth/reset_request.html", form=form), status
    email = form.email.data.strip().lower()
    user = db.session.scalar(select(User).where(User.email == email))
    if user is not None and user.active and resets_sent_recently(user) < RESETS_PER_ACCOUNT_PER_HOUR:
        _url, message = link_email(user, LinkPurpose.RESET)
        db.session.commit()
        try:
            mailer.send(message)
        except Exception as error:  # noqa: BLE001 - the page must not say whether there was anyone to send to
            current_app.logger.warning("Could not send a password reset to %s: %s", email, error)
    return _no_store(make_response(render_template("auth/reset_sent.html", email=email)))


@bp.route("/password/new/<secret>", methods=["GET", "POST"])
def new_password(secret: str):
    """Set a password from an invitation or reset link, then sign in."""
    try:
        link = check_link(secret)
    except LinkProblem as problem:
        return _no_store(make_response(render_template("auth/link_refused.html", problem=problem), problem.status))
    form = NewPasswordForm()
    if form.validate_on_submit() and form.check_new_password(link.user):
        user = link.user
        set_password(user, form.password.data)
        db.session.commit()
        start_session(user)
        flash("Your password has been set and you are signed in", "success")
        return redirect_after_post(url_for("main.home"))
    status = 422 if form.errors else 200
    return _no_store(make_response(render_template("auth/new_password.html", form=form, link=link), status))
