"""Who may do what. Checked on the server in every view or rule, never only in a template."""
from __future__ import annotations

from dataclasses import dataclass
from functools import wraps

from flask import abort, g, has_request_context
from flask_login import current_user
from sqlalchemy import or_, select, true

from tracker.extensions import db
from tracker.models import OFFICER_STATUSES, Action, ActionStatus, CommitteeMember, Role, User

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
    # Officers and members differ one from another: what they may update, and which exempt
    # actions they may read (their own, their committees').
    return role.value if role == Role.SCRUTINY else f"{role.value}:{user.id}"


# What someone not entitled to an exempt action reads instead of its details.
EXEMPT_RESTRICTED = "Exempt: details restricted"


@dataclass(frozen=True)
class ExemptAccess:
    """The one rule for exempt (confidential) actions, as councils apply it: their details
    are for the committee's members, its scrutiny officers and the action's owner. Everyone
    else sees the reference, the committee, the due date and the status.

    `may_read` decides for a loaded action, `clause` the same in SQL (search, exports, API)."""

    everything: bool
    user_id: int | None
    committee_ids: frozenset[int]

    def may_read(self, action: Action) -> bool:
        return (not action.exempt or self.everything or (self.user_id is not None and action.owner_id == self.user_id)
                or action.committee_id in self.committee_ids)

    def clause(self):
        if self.everything:
            return true()
        return or_(Action.exempt.is_(False), Action.owner_id == self.user_id,
                   Action.committee_id.in_(self.committee_ids))


NOBODY = ExemptAccess(False, None, frozenset())


def exempt_access(user: User | None) -> ExemptAccess:
    """What `user` may read of exempt actions (one query for a member or officer)."""
    if user is None or not user.is_authenticated:
        return NOBODY
    if user.role == Role.SCRUTINY:
        return ExemptAccess(True, user.id, frozenset())
    sitting = db.session.scalars(select(CommitteeMember.committee_id).where(CommitteeMember.user_id == user.id))
    return ExemptAccess(False, user.id, frozenset(sitting))


def current_exempt_access() -> ExemptAccess:
    """exempt_access(current_user), worked out once per request."""
    if "exempt_access" not in g:
        g.exempt_access = exempt_access(current_user if has_request_context() else None)
    return g.exempt_access


def may_read(action: Action, user: User | None = None) -> bool:
    """May `user` (the signed-in user by default) read this action's details?"""
    access = current_exempt_access() if user is None else exempt_access(user)
    return access.may_read(action)
