"""Who may do what. Checked on the server in every view or rule, never only in a template."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from tracker.models import OFFICER_STATUSES, Action, ActionStatus, Role, User

# The scrutiny officer may set any status inline but "closed": closing records the meeting
# that confirmed the action, so it is done from that meeting's page.
SCRUTINY_INLINE_STATUSES = (*OFFICER_STATUSES, ActionStatus.WITHDRAWN)


def role_required(*roles: Role):
    """403 unless the signed-in user has one of `roles` (the login check runs first)."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                from tracker.extensions import login_manager

                return login_manager.unauthorized()
            if current_user.role not in {r.value for r in roles}:
                abort(403, description=_role_message(roles))
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _role_message(roles) -> str:
    names = " or ".join(r.label.lower() for r in roles)
    return f"Only a {names} can do this."


def can_manage(user: User) -> bool:
    """Committees, meetings, agenda items, users, and creating and editing actions."""
    return user.is_authenticated and user.role == Role.SCRUTINY


def can_update(user: User, action: Action) -> bool:
    """Change the status of, or add a note to, this action."""
    if not user.is_authenticated:
        return False
    if user.role == Role.SCRUTINY:
        return True
    return user.role == Role.OFFICER and action.owner_id == user.id


def statuses_for(user: User, action: Action) -> tuple[ActionStatus, ...]:
    """The statuses this user may choose for this action (the current one always included,
    so the form can show it)."""
    if not can_update(user, action):
        return ()
    allowed = SCRUTINY_INLINE_STATUSES if user.role == Role.SCRUTINY else OFFICER_STATUSES
    current = action.status_enum
    return allowed if current in allowed else (current, *allowed)


def update_refusal(user: User, action: Action) -> str | None:
    """Why this user may not update this action, in words for the 403 page; None if they may."""
    if can_update(user, action):
        return None
    if user.role == Role.MEMBER:
        return "Members can read actions but not change them."
    return f"Only the action's owner or a scrutiny officer can update {action.reference}."


def list_scope(user: User) -> str:
    """Who sees a list of actions alike, for keeping its rows (tracker.caching): every
    scrutiny officer may update every row, no member any; an officer only their own."""
    role = Role(user.role)
    return f"officer:{user.id}" if role == Role.OFFICER else role.value
