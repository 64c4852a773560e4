"""Starting, checking and ending signed-in sessions (the rows are tracker.models.UserSession).

`end_sessions(user_id, except_current=False)` is the one call for "end every session of this
person": a password change or reset, a deactivation, "Sign out everywhere"."""
from __future__ import annotations

import secrets

from flask import session
from flask_login import login_user, logout_user
from sqlalchemy import func, select, update

from tracker.extensions import db
from tracker.models import PersonalToken, User, UserSession, hash_session_id
from tracker.timeutil import utcnow

SESSION_KEY = "sid"


def start_session(user: User) -> None:
    """Sign `user` in with a brand-new session: whatever the cookie held before (a session
    id planted by someone else, the old CSRF secret) is thrown away."""
    session.clear()  # Flask-WTF keeps its CSRF secret in the session: a new one is made
    secret = secrets.token_urlsafe(32)
    db.session.add(UserSession(id=hash_session_id(secret), user_id=user.id))
    db.session.commit()
    session[SESSION_KEY] = secret
    login_user(user)


def load_session_user(user_id: int) -> User | None:
    """The user of this request's session, if the session is still live on the server and
    the account active (one query)."""
    secret = session.get(SESSION_KEY)
    if not isinstance(secret, str):
        return None
    return db.session.scalar(
        select(User).join(UserSession, UserSession.user_id == User.id).where(
            User.id == user_id, User.active.is_(True),
            UserSession.id == hash_session_id(secret), UserSession.ended_at.is_(None),
        )
    )


def current_session_id() -> str | None:
    secret = session.get(SESSION_KEY)
    return hash_session_id(secret) if isinstance(secret, str) else None


def end_current_session(reason: str = "signed out") -> None:
    """Sign out: the session ends on the server, so a copy of the cookie no longer works."""
    sid = current_session_id()
    if sid is not None:
        db.session.execute(update(UserSession).where(UserSession.id == sid, UserSession.ended_at.is_(None))
                           .values(ended_at=utcnow(), ended_reason=reason))
        db.session.commit()
    logout_user()
    session.clear()


def end_sessions(user_id: int, except_current: bool = False, reason: str = "signed out everywhere") -> int:
    """End every live session of `user_id` (but this request's own, with except_current);
    how many ended. The caller commits."""
    query = update(UserSession).where(UserSession.user_id == user_id, UserSession.ended_at.is_(None))
    sid = current_session_id()
    if except_current and sid is not None:
        query = query.where(UserSession.id != sid)
    return db.session.execute(query.values(ended_at=utcnow(), ended_reason=reason)).rowcount


def live_sessions(user_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(UserSession).where(
        UserSession.user_id == user_id, UserSession.ended_at.is_(None)))


def revoke_tokens(user_id: int) -> int:
    """Revoke every API and calendar token of `user_id`; how many. The caller commits."""
    return db.session.execute(
        update(PersonalToken).where(PersonalToken.user_id == user_id, PersonalToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    ).rowcount
