"""Who is calling the API: a personal token in `Authorization: Bearer ...`, nothing else
(a signed-in browser's cookie does not count, so a page on another site cannot read it)."""
from __future__ import annotations

from datetime import timedelta

from flask import g, jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from tracker.extensions import db
from tracker.models import PersonalToken, TokenKind, User, hash_token
from tracker.timeutil import utcnow

# Recording every use would make every read a write; once an hour is enough to show
# "last used" on the profile page.
LAST_USED_PRECISION = timedelta(hours=1)


def unauthorized(message: str, invalid: bool = False):
    response = jsonify(error="Unauthorized", message=message, status=401)
    response.status_code = 401
    challenge = 'Bearer realm="api"'
    if invalid:
        challenge += ', error="invalid_token"'
    response.headers["WWW-Authenticate"] = challenge
    return response


def token_user(secret: str, kind: TokenKind) -> User | None:
    """The active user a live token of this kind belongs to, or None."""
    if not secret or len(secret) > 200:
        return None
    token = db.session.scalar(
        select(PersonalToken).where(PersonalToken.token_hash == hash_token(secret), PersonalToken.kind == kind.value)
    )
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        try:
            token.last_used_at = now
            db.session.commit()
        except SQLAlchemyError:  # a busy database must not refuse the read itself
            db.session.rollback()
    return token.user


def authenticate():
    """Before every API request but the OpenAPI document: 401 unless a live API token is sent."""
    if request.endpoint == "api.openapi":
        return None
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return unauthorized("Send a personal API token as 'Authorization: Bearer <token>'. Make one on your profile page.")
    user = token_user(secret.strip(), TokenKind.API)
    if user is None:
        return unauthorized("This token is not valid: it may have been revoked.", invalid=True)
    g.api_user = user
    return None
