"""Committee membership as plain functions: who sits on a committee, and the committees a
person sits on. Scrutiny officers manage it by hand; a connector (ModernGov) may keep it in
step, marking its rows with its own `source`."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from tracker import permissions
from tracker.actions.rules import Forbidden, RuleError
from tracker.extensions import db
from tracker.models import Committee, CommitteeMember, Role, User

POSITION_MAX = 60


def member_committee_ids(user_id: int | None) -> set[int]:
    """The ids of the committees this person sits on (one query)."""
    if user_id is None:
        return set()
    return set(db.session.scalars(select(CommitteeMember.committee_id).where(CommitteeMember.user_id == user_id)))


def is_member(user_id: int | None, committee_id: int) -> bool:
    return user_id is not None and db.session.get(CommitteeMember, (committee_id, user_id)) is not None


def members_of(committee_id: int) -> list[CommitteeMember]:
    """The committee's members, the chair and vice-chair first, then by name."""
    rows = db.session.scalars(
        select(CommitteeMember).join(User, User.id == CommitteeMember.user_id)
        .where(CommitteeMember.committee_id == committee_id).order_by(User.name)
    ).all()
    rank = {"chair": 0, "vice-chair": 1, "vice chair": 1}
    return sorted(rows, key=lambda m: rank.get((m.position or "").strip().lower(), 2))


def member_choices(committee_id: int) -> list[User]:
    """Active councillors who do not yet sit on the committee."""
    sitting = select(CommitteeMember.user_id).where(CommitteeMember.committee_id == committee_id)
    return db.session.scalars(
        select(User).where(User.active.is_(True), User.role == Role.MEMBER.value, User.id.not_in(sitting))
        .order_by(User.name)
    ).all()


def add_member(committee: Committee, member: User, by: User | None, position: str | None = None,
               source: str = "manual") -> bool:
    """Seat `member` on `committee`; True if this changed anything (adding twice is harmless,
    and a second add only updates the position). `by` None is a connector or a command."""
    if by is not None and not permissions.can_manage(by):
        raise Forbidden("Only a scrutiny officer can change a committee's members.")
    if member.role != Role.MEMBER.value:
        raise RuleError(f"{member.name} is not a councillor: only members (councillors) sit on committees", "user_id")
    position = (position or "").strip() or None
    if position is not None and len(position) > POSITION_MAX:
        raise RuleError(f"The position must be {POSITION_MAX} characters or fewer", "position")
    existing = db.session.get(CommitteeMember, (committee.id, member.id))
    if existing is not None:
        if existing.position == position:
            return False
        existing.position = position
        db.session.flush()
        return True
    try:
        with db.session.begin_nested():
            db.session.add(CommitteeMember(committee_id=committee.id, user_id=member.id, position=position,
                                           source=source, added_by_id=by.id if by else None))
    except IntegrityError:  # a double click that got in first
        return False
    return True


def remove_member(committee: Committee, member_id: int, by: User | None) -> bool:
    """Take a person off the committee; True if they sat on it."""
    if by is not None and not permissions.can_manage(by):
        raise Forbidden("Only a scrutiny officer can change a committee's members.")
    result = db.session.execute(
        delete(CommitteeMember).where(CommitteeMember.committee_id == committee.id, CommitteeMember.user_id == member_id)
    )
    return bool(result.rowcount)
