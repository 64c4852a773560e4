"""The signed link and the checks it must pass. Plain functions: the page and the tests call them.

A link carries the action's id, the owner it was sent to and a random id, signed with the
app's secret key and timed. It is refused when the signature is wrong, it is older than 14
days, it names another action, its random id has been used, or the action has another owner
(or none) now."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from tracker.extensions import db
from tracker.models import OFFICER_STATUSES, Action, Role, UsedUpdateLink, User

SALT = "tracker.email-update-link"
MAX_AGE_DAYS = 14


class LinkRefused(Exception):
    """Why a link cannot be used, as the page tells its holder, with the HTTP status."""

    def __init__(self, status: int, title: str, message: str):
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


@dataclass
class LinkClaim:
    action: Action
    owner: User
    token_id: str


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def make_link(action: Action) -> str:
    """A new signed token for the action's current owner (the caller builds the URL)."""
    if action.owner_id is None:
        raise ValueError(f"{action.reference} has no owner with an account to send a link to")
    return _serializer().dumps({"a": action.id, "o": action.owner_id, "t": secrets.token_urlsafe(16)})


def max_age_seconds() -> int:
    return int(current_app.config.get("EMAIL_LINK_MAX_AGE_DAYS", MAX_AGE_DAYS)) * 24 * 3600


def check_link(token: str, action_id: int) -> LinkClaim:
    """The action and owner the link is good for, or LinkRefused saying why not."""
    try:
        payload = _serializer().loads(token, max_age=max_age_seconds())
    except SignatureExpired:
        raise LinkRefused(
            410, "This link has expired",
            f"Update links work for {MAX_AGE_DAYS} days. Use the link in your latest reminder email, "
            "or sign in to update the action.",
        ) from None
    except BadSignature:
        raise LinkRefused(
            400, "This link is not valid",
            "The link may have been copied incompletely. Use the link in your reminder email as it "
            "was sent, or sign in to update the action.",
        ) from None
    if not (isinstance(payload, dict) and isinstance(payload.get("a"), int)
            and isinstance(payload.get("o"), int) and isinstance(payload.get("t"), str)):
        raise LinkRefused(400, "This link is not valid", "Sign in to update the action.")
    if payload["a"] != action_id:
        raise LinkRefused(
            400, "This link is for a different action",
            "Each update link works only for the action it was sent for. Use the link next to "
            "the action in your reminder email.",
        )
    action = db.session.get(Action, action_id)
    if action is None:
        raise LinkRefused(404, "This action no longer exists", "Sign in to see your actions.")
    if db.session.get(UsedUpdateLink, payload["t"]) is not None:
        raise LinkRefused(
            410, "This link has already been used",
            f"Each update link works once. Your update to {action.reference} was saved; to add "
            "another, use the link in your next reminder or sign in.",
        )
    owner = db.session.get(User, payload["o"])
    if action.owner_id != payload["o"] or owner is None:
        raise LinkRefused(
            403, "This action has a new owner",
            f"{action.reference} has been given to someone else since this link was sent, so "
            "the link no longer works.",
        )
    if not owner.active or owner.role == Role.MEMBER.value:
        raise LinkRefused(403, "This link no longer works",
                          "Your account is not active. Contact the scrutiny team.")
    if action.status_enum not in OFFICER_STATUSES:
        raise LinkRefused(
            409, f"{action.reference} is {action.status_enum.label.lower()}",
            "It can no longer be updated from an email link. Contact the scrutiny team if it "
            "needs to be reopened.",
        )
    return LinkClaim(action=action, owner=owner, token_id=payload["t"])
