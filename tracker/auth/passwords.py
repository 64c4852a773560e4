"""Passwords and the single-use links that set them. Plain functions: the pages, the CLI and
the tests call them.

A link is a random secret in the address; the table keeps its SHA-256 only. It works once,
until it expires (an invitation after 7 days, a reset after an hour), and a newer link of the
same kind, or a password being set, makes the older ones void.
"""
from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import func, select, update

from tracker.auth.sessions import end_sessions
from tracker.extensions import db
from tracker.models import LinkPurpose, PasswordLink, User, hash_token
from tracker.timeutil import utcnow

PASSWORD_MIN = 10
PASSWORD_MAX = 200
LIFETIMES = {LinkPurpose.INVITATION: timedelta(days=7), LinkPurpose.RESET: timedelta(hours=1)}
# Reset emails one account can be sent an hour: more asked for get the same page and no email,
# so a stranger cannot fill someone's inbox (or learn anything from the answer).
RESETS_PER_ACCOUNT_PER_HOUR = 3


@cache
def common_passwords() -> frozenset[str]:
    """The 30,000 most common passwords of zxcvbn's list (from leaked password sets), lower case."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """What is wrong with `password` as a new password, in words for the person, or None."""
    if len(password) < PASSWORD_MIN:
        return f"Password must be at least {PASSWORD_MIN} characters"
    if len(password) > PASSWORD_MAX:
        return f"Password must be {PASSWORD_MAX} characters or fewer"
    folded = password.casefold()
    if folded in common_passwords() or folded.strip("0123456789!?.") in common_passwords():
        return "This is one of the most commonly used passwords: choose one that is harder to guess"
    if len(set(folded)) <= 2:
        return "Password must not be one or two characters repeated"
    own = {email.casefold(), email.casefold().partition("@")[0], name.casefold(), name.casefold().replace(" ", "")}
    if folded in own - {""}:
        return "Password must not be your name or email address"
    return None


class LinkProblem(Exception):
    """Why a link cannot be used, as the page tells its holder, with the HTTP status."""

    def __init__(self, status: int, title: str, message: str):
        super().__init__(message)
        self.status, self.title, self.message = status, title, message


def issue_link(user: User, purpose: LinkPurpose, now: datetime | None = None) -> str:
    """A new link's secret for `user`; older unused links of the same kind stop working."""
    now = now or utcnow()
    _void_links(user, now, purpose)
    secret = secrets.token_urlsafe(32)
    db.session.add(PasswordLink(user_id=user.id, purpose=LinkPurpose(purpose).value,
                                token_hash=hash_token(secret), created_at=now,
                                expires_at=now + LIFETIMES[LinkPurpose(purpose)]))
    return secret


def resets_sent_recently(user: User, now: datetime | None = None) -> int:
    now = now or utcnow()
    return db.session.scalar(
        select(func.count()).select_from(PasswordLink).where(
            PasswordLink.user_id == user.id, PasswordLink.purpose == LinkPurpose.RESET.value,
            PasswordLink.created_at > now - timedelta(hours=1))
    )


def check_link(secret: str, now: datetime | None = None) -> PasswordLink:
    """The unused, unexpired link for `secret`, or LinkProblem saying why not."""
    now = now or utcnow()
    link = None
    if 20 <= len(secret) <= 100:
        link = db.session.scalar(select(PasswordLink).where(PasswordLink.token_hash == hash_token(secret)))
    if link is None:
        raise LinkProblem(404, "This link is not valid",
                          "The link may have been copied incompletely. Use the link in the email as it was sent.")
    again = ("Ask your scrutiny officer to send a new invitation." if link.purpose == LinkPurpose.INVITATION
             else "Ask for a new link on the ‘Forgotten your password?’ page.")
    if link.used_at is not None:
        raise LinkProblem(410, "This link has already been used",
                          f"Each link works once, and a newer link replaces an older one. {again}")
    if link.expires_at <= now:
        lifetime = "7 days" if link.purpose == LinkPurpose.INVITATION else "one hour"
        raise LinkProblem(410, "This link has expired", f"The link worked for {lifetime}. {again}")
    if not link.user.active:
        raise LinkProblem(403, "This account is deactivated", "Contact your scrutiny team.")
    return link


def _void_links(user: User, now: datetime, purpose: LinkPurpose | None = None) -> None:
    query = update(PasswordLink).where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))
    if purpose is not None:
        query = query.where(PasswordLink.purpose == LinkPurpose(purpose).value)
    db.session.execute(query.values(used_at=now))


def set_password(user: User, password: str, now: datetime | None = None) -> None:
    """Give `user` a new password: every link still out for them stops working, and so does
    every session they have elsewhere. The caller commits."""
    user.set_password(password)
    _void_links(user, now or utcnow())
    # A copy of any of their cookies stops working; the session setting it stays (a reset
    # then signs in afresh).
    end_sessions(user.id, except_current=True, reason="password changed")
