"""Turning extracted minutes into proposals, and proposals into agenda items and actions."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from tracker import minutes
from tracker.actions.rules import Forbidden, RuleError, create_action, next_meeting_after
from tracker.extensions import db
from tracker.models import Action, AgendaItem, Meeting, Role, User
from tracker.permissions import can_manage

# Pasted minutes longer than this are refused: a year of a panel's minutes is well under it.
MAX_MINUTES_CHARS = 2_000_000


@dataclass
class Proposal:
    """One action the tracker suggests, as the review screen shows it."""

    index: int
    item_index: int
    kind: str
    description: str
    owner_text: str | None
    owner_id: int | None
    owner_role: str | None
    due_date: date | None
    due_text: str | None
    due_next_meeting: bool
    quote: str
    start: int
    end: int
    already: Action | None = None  # logged before from the same quote

    @property
    def accept_by_default(self) -> bool:
        return self.already is None


@dataclass
class Review:
    text: str
    items: list[minutes.MinutesItem]
    proposals: list[Proposal] = field(default_factory=list)


def owner_people() -> list[tuple[int, str, str | None]]:
    return [
        (u.id, u.name, u.job_title)
        for u in db.session.scalars(
            select(User).where(User.active.is_(True), User.role.in_([Role.OFFICER.value, Role.SCRUTINY.value]))
        )
    ]


def extract_for(meeting: Meeting, text: str) -> list[minutes.MinutesItem]:
    """Run the extractor with this meeting's date and its committee's next meeting."""
    following = next_meeting_after(meeting.committee_id, meeting.starts_at)
    return minutes.extract(
        text,
        meeting_date=meeting.starts_at.date(),
        next_meeting=following.starts_at.date() if following else None,
    )


def review(meeting: Meeting, text: str) -> Review:
    """What the tracker found in `text`, with owners matched to accounts and earlier
    imports of the same minutes recognised."""
    items = extract_for(meeting, text)
    people = owner_people()
    logged = {
        a.quote.strip(): a
        for a in db.session.scalars(select(Action).where(Action.meeting_id == meeting.id, Action.quote.is_not(None)))
    }
    result = Review(text=text, items=items)
    for item_index, item in enumerate(items):
        for found in item.actions:
            owner_id = minutes.match_owner(found.owner, people)
            result.proposals.append(
                Proposal(
                    index=len(result.proposals),
                    item_index=item_index,
                    kind=found.kind,
                    description=found.description,
                    owner_text=found.owner,
                    owner_id=owner_id,
                    owner_role=None if owner_id else found.owner,
                    due_date=None if found.due_next_meeting else found.due,
                    due_text=found.due_text,
                    due_next_meeting=found.due_next_meeting,
                    quote=found.quote,
                    start=found.start,
                    end=found.end,
                    already=logged.get(found.quote.strip()),
                )
            )
    return result


def highlight(text: str, proposals: list[Proposal]) -> list[tuple[str, list[int]]]:
    """The minutes cut into runs, each with the proposals whose quote covers it, so the
    review screen can mark every quote (overlapping quotes share a run)."""
    cuts = {0, len(text)}
    for p in proposals:
        cuts.update((p.start, p.end))
    points = sorted(c for c in cuts if 0 <= c <= len(text))
    runs: list[tuple[str, list[int]]] = []
    for start, end in zip(points, points[1:]):
        covering = [p.index for p in proposals if p.start <= start and end <= p.end]
        if runs and not covering and not runs[-1][1]:
            runs[-1] = (runs[-1][0] + text[start:end], [])
        else:
            runs.append((text[start:end], covering))
    return runs


@dataclass
class Accepted:
    """A proposal the scrutiny officer kept, as edited on the review screen."""

    item_index: int | None
    kind: str
    description: str
    owner_id: int | None
    owner_role: str | None
    due_date: date | None
    due_next_meeting: bool
    start: int
    end: int


def confirm(meeting: Meeting, author: User, text: str, accepted: list[Accepted]) -> tuple[list[Action], int]:
    """Create the agenda items and the accepted actions, each with its quote. The caller
    commits, so it all lands in one transaction or not at all. Returns the new actions and
    how many were skipped as already logged from the same quote."""
    if not can_manage(author):
        raise Forbidden("Only a scrutiny officer can log actions.")
    items = extract_for(meeting, text)
    existing_items = {(i.number, i.title): i for i in meeting.agenda_items}
    created_items: dict[int, AgendaItem] = {}

    def agenda_item_for(index: int | None) -> AgendaItem | None:
        if index is None or not 0 <= index < len(items) or not items[index].title:
            return None
        if index not in created_items:
            found = items[index]
            item = existing_items.get((found.number, found.title[:300]))
            if item is None:
                item = AgendaItem(
                    meeting_id=meeting.id,
                    number=found.number[:20],
                    title=found.title[:300],
                    presenter=(found.presenter or None) and found.presenter[:200],
                    minutes=found.minutes,
                    position=len(meeting.agenda_items) + len(created_items) + 1,
                )
                db.session.add(item)
                db.session.flush()
            created_items[index] = item
        return created_items[index]

    logged = {
        quote.strip()
        for quote in db.session.scalars(
            select(Action.quote).where(Action.meeting_id == meeting.id, Action.quote.is_not(None))
        )
    }
    actions, skipped = [], 0
    for choice in accepted:
        if not (0 <= choice.start < choice.end <= len(text)):
            raise RuleError("The minutes changed since the review: paste them again", "minutes_text")
        quote = text[choice.start:choice.end].strip()
        if quote in logged:
            skipped += 1
            continue
        owner = db.session.get(User, choice.owner_id) if choice.owner_id else None
        actions.append(
            create_action(
                meeting=meeting,
                author=author,
                description=choice.description,
                kind=choice.kind,
                owner=owner,
                owner_role=choice.owner_role,
                due_date=None if choice.due_next_meeting else choice.due_date,
                due_next_meeting=choice.due_next_meeting,
                agenda_item=agenda_item_for(choice.item_index),
                quote=quote,
            )
        )
        logged.add(quote)
    # Agenda items are worth keeping even where no action was accepted.
    for index in range(len(items)):
        agenda_item_for(index)
    return actions, skipped
