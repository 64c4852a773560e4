from __future__ import annotations

from flask import abort, flash, make_response, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from tracker.auth.forms import ChangePasswordForm
from tracker.auth.passwords import set_password
from tracker.extensions import db
from tracker.htmx import redirect_after_post
from tracker.models import PersonalToken, TokenKind
from tracker.profile import bp
from tracker.profile.forms import PlainForm, TokenForm
from tracker.timeutil import utcnow

# A person with more live tokens than this is probably not revoking old ones.
MAX_LIVE_TOKENS = 20


def _tokens(kind: TokenKind) -> list[PersonalToken]:
    return db.session.scalars(
        select(PersonalToken)
        .where(PersonalToken.user_id == current_user.id, PersonalToken.kind == kind.value)
        .order_by(PersonalToken.revoked_at.is_not(None), PersonalToken.created_at.desc(), PersonalToken.id.desc())
    ).all()


def _page(status: int = 200, form: TokenForm | None = None, new_secret: str | None = None,
          new_calendar: str | None = None):
    calendars = [t for t in _tokens(TokenKind.CALENDAR) if t.active]
    response = make_response(render_template(
        "profile/show.html",
        form=form or TokenForm(formdata=None),
        plain=PlainForm(),
        tokens=_tokens(TokenKind.API),
        calendar=calendars[0] if calendars else None,
        new_secret=new_secret,
        new_calendar=new_calendar,
    ), status)
    # A page showing a secret must not be kept by the browser or anything in between.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
@login_required
def show():
    """Your API tokens and calendar link."""
    return _page()


@bp.post("/tokens")
@login_required
def create_token():
    """Make an API token; its secret is shown once, on the page this answers with."""
    form = TokenForm()
    if not form.validate_on_submit():
        return _page(422, form=form)
    live = sum(1 for t in _tokens(TokenKind.API) if t.active)
    if live >= MAX_LIVE_TOKENS:
        form.name.errors.append(f"You have {live} tokens: revoke one you no longer use first")
        return _page(422, form=form)
    _token, secret = PersonalToken.issue(current_user, TokenKind.API, form.name.data)
    db.session.commit()
    # Answered directly, not redirected: the secret must not travel through the session cookie.
    return _page(201, new_secret=secret)


def _own_token(token_id: int, kind: TokenKind) -> PersonalToken:
    token = db.session.get(PersonalToken, token_id)
    if token is None or token.user_id != current_user.id or token.kind != kind.value:
        abort(404)
    return token


@bp.post("/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int):
    """Stop a token working, at once."""
    if not PlainForm().validate_on_submit():
        abort(400)
    token = _own_token(token_id, TokenKind.API)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.commit()
    flash(f"Token “{token.name}” revoked: programs using it can no longer read the tracker", "success")
    return redirect_after_post(url_for("profile.show"))


def _revoke_calendars() -> None:
    for token in _tokens(TokenKind.CALENDAR):
        if token.revoked_at is None:
            token.revoked_at = utcnow()


@bp.post("/calendar")
@login_required
def create_calendar():
    """Make (or replace) your private calendar link; an old link stops working."""
    if not PlainForm().validate_on_submit():
        abort(400)
    _revoke_calendars()
    _token, secret = PersonalToken.issue(current_user, TokenKind.CALENDAR, "Calendar feed")
    db.session.commit()
    return _page(201, new_calendar=url_for("calendars.mine", secret=secret, _external=True))


@bp.post("/calendar/revoke")
@login_required
def revoke_calendar():
    """Turn your calendar link off."""
    if not PlainForm().validate_on_submit():
        abort(400)
    _revoke_calendars()
    db.session.commit()
    flash("Calendar link turned off", "success")
    return redirect_after_post(url_for("profile.show"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change your own password: the current one first."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current_password.data):
            form.current_password.errors.append(
                "Your current password is not right" if current_user.has_password
                else "You have no password yet: use ‘Forgotten your password?’ on the sign-in page to set one")
        if form.check_new_password(current_user) and not form.current_password.errors:
            if form.password.data == form.current_password.data:
                form.password.errors.append("The new password must be different from your current one")
            else:
                set_password(current_user, form.password.data)
                db.session.commit()
                flash("Your password has been changed", "success")
                return redirect_after_post(url_for("profile.show"))
    status = 422 if form.errors else 200
    response = make_response(render_template("profile/password.html", form=form), status)
    response.headers["Cache-Control"] = "no-store"
    return response
