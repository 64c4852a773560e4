"""Following a committee, and naming its scrutiny officer."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from tracker import permissions
from tracker.actions.rules import Forbidden, RuleError
from tracker.extensions import db
from tracker.models import Committee, CommitteeFollow, Role, User


def is_following(user: User, committee: Committee) -> bool:
    return db.session.get(CommitteeFollow, (user.id, committee.id)) is not None


def followed_committee_ids(user: User) -> set[int]:
    return set(db.session.scalars(select(CommitteeFollow.committee_id).where(CommitteeFollow.user_id == user.id)))


def follow(user: User, committee: Committee) -> bool:
    """Follow the committee; True if this changed anything (following twice is harmless)."""
    if is_following(user, committee):
        return False
    try:
        with db.session.begin_nested():
            db.session.add(CommitteeFollow(user_id=user.id, committee_id=committee.id))
    except IntegrityError:  # a double click that got in first
        return False
    return True


def unfollow(user: User, committee: Committee) -> bool:
    result = db.session.execute(
        delete(CommitteeFollow).where(
            CommitteeFollow.user_id == user.id, CommitteeFollow.committee_id == committee.id
        )
    )
    return bool(result.rowcount)


def scrutiny_officer_choices() -> list[User]:
    return db.session.scalars(
        select(User).where(User.active.is_(True), User.role == Role.SCRUTINY.value).order_by(User.name)
    ).all()


def set_scrutiny_officer(committee: Committee, user: User, officer: User | None) -> None:
    """Name who receives the committee's chasing summary (None: nobody)."""
    if not permissions.can_manage(user):
        raise Forbidden("Only a scrutiny officer can choose a committee's scrutiny officer.")
    if officer is not None and (not officer.active or officer.role != Role.SCRUTINY.value):
        raise RuleError("Choose an active scrutiny officer", "scrutiny_officer_id")
    committee.scrutiny_officer_id = officer.id if officer else None
    db.session.flush()
