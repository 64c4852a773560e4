"""Applying what ModernGov says to the tracker's tables, through the tracker's own rules.

Two steps, so a failure leaves nothing half-written: `fetch` asks the service for everything
a committee needs (any failure raises before a row is touched), then `apply` writes it in the
caller's transaction. What a sync writes is ModernGov's side of the record only: meetings'
dates, times, venues and status, agenda items, and suggestions from published minutes.
Actions, updates and closures are the tracker's and a sync never removes or changes them;
a meeting gone from ModernGov is flagged, never deleted.
"""
from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor
import re
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from tracker.actions.rules import resolve_next_meeting_dues
from tracker.extensions import db
from tracker.models import (
    Action,
    AgendaItem,
    Committee,
    CommitteeMember,
    Meeting,
    MeetingStatus,
    MinutesSuggestion,
    ModernGovPerson,
    ModernGovSync,
    Role,
    SuggestionState,
    User,
)
from tracker.moderngov.client import Attendee, Client, MeetingDetail, MeetingSummary, ModernGovError, meeting_page_url
from tracker.moderngov.html import html_to_text

# The default window of a sync: a year back to a year ahead.
WINDOW_DAYS = 365
# Meetings' agendas asked for at once: quicker against a slow install, and still gentle on it.
FETCH_WORKERS = 4


@dataclass
class Fetched:
    """Everything ModernGov said about one committee's meetings in a window."""

    committee_id: int
    start: date
    end: date
    meetings: list[MeetingSummary]
    details: dict[int, MeetingDetail]


@dataclass
class Summary:
    meetings_added: int = 0
    meetings_changed: int = 0
    meetings_cancelled: int = 0
    meetings_missing: int = 0
    items_added: int = 0
    items_changed: int = 0
    minutes_published: int = 0
    suggestions: int = 0
    dues_moved: int = 0
    members_seated: int = 0
    people_unmatched: int = 0
    # Meetings whose minutes this sync found newly published.
    published_meetings: list[int] = field(default_factory=list)

    @property
    def nothing_new(self) -> bool:
        # Names still to match are a standing state, not news.
        return not any(getattr(self, f.name) for f in fields(self) if f.name not in ("published_meetings", "people_unmatched"))

    def line(self, name: str) -> str:
        """The one-line summary the command prints and the committee page shows."""
        return (
            f"{name}: meetings {self.meetings_added} added, {self.meetings_changed} changed, "
            f"{self.meetings_cancelled} cancelled, {self.meetings_missing} gone from ModernGov; "
            f"agenda items {self.items_added} added, {self.items_changed} changed; "
            f"minutes published for {self.minutes_published} item{'s' if self.minutes_published != 1 else ''}; "
            f"{self.suggestions} suggested action{'s' if self.suggestions != 1 else ''} to review; "
            f"members {self.members_seated} seated, {self.people_unmatched} to match to an account"
        )


def default_window(today: date) -> tuple[date, date]:
    return today - timedelta(days=WINDOW_DAYS), today + timedelta(days=WINDOW_DAYS)


def fetch(client: Client, moderngov_committee_id: int, start: date, end: date) -> Fetched:
    """Ask for the committee's meetings in the window and each meeting's agenda."""
    if end < start:
        raise ModernGovError("The end of the sync window is before its start")
    meetings = client.meetings(moderngov_committee_id, start, end)
    ids = [m.id for m in meetings]
    # A few agendas at a time: a slow self-hosted install answers each in seconds, and a
    # year's window holds a score of meetings. A client each, as a requests Session is not
    # shared between threads; the first failure is raised once the others have finished.
    with ThreadPoolExecutor(max_workers=max(1, min(FETCH_WORKERS, len(ids)))) as pool:
        found = list(pool.map(lambda meeting_id: client.copy().meeting(meeting_id), ids))
    return Fetched(moderngov_committee_id, start, end, meetings, dict(zip(ids, found)))


def meeting_status(moderngov_status: str, day: date, today: date) -> str:
    """Cancelled in ModernGov is cancelled here; anything else is held once past."""
    if moderngov_status.strip().lower().startswith("cancel"):
        return MeetingStatus.CANCELLED.value
    return MeetingStatus.HELD.value if day < today else MeetingStatus.SCHEDULED.value


def quote_key(quote: str) -> str:
    return hashlib.sha256(quote.strip().encode("utf-8")).hexdigest()


def apply(committee: Committee, fetched: Fetched, *, base_url: str, today: date, now: datetime) -> Summary:
    """Write what was fetched (the caller commits). Returns what changed."""
    summary = Summary()
    _refuse_ids_held_elsewhere(committee, fetched)
    existing = db.session.scalars(select(Meeting).where(Meeting.committee_id == committee.id)).all()
    linked = {m.moderngov_id: m for m in existing if m.moderngov_id is not None}
    # A meeting typed in before the committee was linked is the same meeting when it is on
    # the same day: it is adopted rather than doubled.
    typed_in = {m.starts_at.date(): m for m in existing if m.moderngov_id is None}
    seen: set[int] = set()
    for found in fetched.meetings:
        seen.add(found.id)
        detail = fetched.details.get(found.id)
        meeting = linked.get(found.id) or typed_in.pop(found.day, None)
        _apply_meeting(committee, meeting, found, detail, summary, base_url=base_url, today=today)
    for meeting in linked.values():
        gone = meeting.moderngov_id not in seen and fetched.start <= meeting.starts_at.date() <= fetched.end
        if gone and meeting.moderngov_missing_since is None:
            meeting.moderngov_missing_since = now
            summary.meetings_missing += 1
    db.session.flush()
    summary.dues_moved = resolve_next_meeting_dues(committee.id)
    apply_membership(committee, sitting(fetched, today), summary)
    for meeting_id in summary.published_meetings:
        summary.suggestions += suggest_from_minutes(db.session.get(Meeting, meeting_id))
    return summary


def _refuse_ids_held_elsewhere(committee: Committee, fetched: Fetched) -> None:
    """ModernGov's ids are unique in the tracker: a meeting already kept under another
    committee (a ModernGov committee linked to a second tracker committee after the first was
    synced) is not moved silently, with its actions, but reported."""
    meeting_ids = [m.id for m in fetched.meetings]
    elsewhere = db.session.scalar(select(Meeting).where(
        Meeting.moderngov_id.in_(meeting_ids), Meeting.committee_id != committee.id).limit(1)) if meeting_ids else None
    if elsewhere is not None:
        raise ModernGovError(f"ModernGov meeting {elsewhere.moderngov_id} is already in the calendar of "
                             f"{elsewhere.committee.name}: was this ModernGov committee linked to it before?")


def _apply_meeting(committee: Committee, meeting: Meeting | None, found: MeetingSummary,
                   detail: MeetingDetail | None, summary: Summary, *, base_url: str, today: date) -> None:
    starts_at = datetime.combine(found.day, found.time or (detail.time if detail else None) or time(0, 0))
    values = {
        "starts_at": starts_at,
        "status": meeting_status(found.status or (detail.status if detail else ""), found.day, today),
        "moderngov_id": found.id,
        "moderngov_url": meeting_page_url(base_url, found.committee_id, found.id),
        "moderngov_missing_since": None,
    }
    if detail is not None and detail.location:
        values["venue"] = detail.location
    if meeting is None:
        meeting = Meeting(committee_id=committee.id, committee=committee, **{"venue": "", **values})
        db.session.add(meeting)
        summary.meetings_added += 1
    else:
        changed = {k for k, v in values.items() if getattr(meeting, k) != v}
        if values["status"] == MeetingStatus.CANCELLED.value and meeting.status != values["status"]:
            summary.meetings_cancelled += 1
        elif changed - {"moderngov_id", "moderngov_url"}:
            summary.meetings_changed += 1
        for key in changed:
            setattr(meeting, key, values[key])
    if detail is not None:
        db.session.flush()
        _apply_items(meeting, detail, summary)


def _apply_items(meeting: Meeting, detail: MeetingDetail, summary: Summary) -> None:
    items = list(meeting.agenda_items)
    linked = {i.moderngov_id: i for i in items if i.moderngov_id is not None}
    # Agenda items recorded by capture before the link are adopted by their title.
    typed_in = {i.title.strip().lower(): i for i in items if i.moderngov_id is None}
    published = 0
    # An item ModernGov has moved to another meeting (deferred) stays where the tracker has it,
    # with its actions.
    ids = [i.id for i in detail.items]
    elsewhere = set(db.session.scalars(select(AgendaItem.moderngov_id).where(
        AgendaItem.moderngov_id.in_(ids), AgendaItem.meeting_id != meeting.id))) if ids else set()
    for info in detail.items:
        if info.id in elsewhere:
            continue
        # A restricted item's discussion is private: its minutes are not taken even when sent.
        minutes = "" if info.restricted else html_to_text(info.minutes_html)
        item = linked.get(info.id) or typed_in.pop(info.title.strip().lower(), None)
        values = {"moderngov_id": info.id, "number": info.number, "title": info.title,
                  "position": info.position, "exempt": info.restricted}
        if info.presenter:
            values["presenter"] = info.presenter
        if item is None:
            item = AgendaItem(meeting_id=meeting.id, minutes=minutes or None, **values)
            db.session.add(item)
            meeting.agenda_items.append(item)
            summary.items_added += 1
            published += bool(minutes)
            continue
        # Minutes once held are never blanked by a later answer without them.
        if minutes and minutes != (item.minutes or ""):
            published += not item.minutes
            values["minutes"] = minutes
        changed = {k for k, v in values.items() if getattr(item, k) != v}
        if changed - {"moderngov_id", "position"}:
            summary.items_changed += 1
        for key in changed:
            setattr(item, key, values[key])
    if published:
        summary.minutes_published += published
        summary.published_meetings.append(meeting.id)


# ------------------------------------------------------------------ membership

# Honorifics before a councillor's name, as ModernGov and account names may or may not carry them.
_TITLES = re.compile(r"^(?:(?:county|borough|city|district|town)\s+)?(?:councillor|cllr\.?|mr|mrs|ms|miss|dr|mx|sir|dame)\s+",
                     re.IGNORECASE)


def name_key(name: str) -> str:
    """A person's name for matching: no honorifics, punctuation or case."""
    name = " ".join(name.replace(".", " ").split())
    while True:
        shorter = _TITLES.sub("", name)
        if shorter == name:
            break
        name = shorter
    return " ".join(re.sub(r"[^\w\s'-]", " ", name).lower().split())


def position_for(role: str) -> str:
    role = role.strip().lower()
    if role.startswith("vice"):
        return "Vice-Chair"
    if role.startswith("chair"):
        return "Chair"
    return "Member"


def sitting(fetched: Fetched, today: date) -> list[Attendee]:
    """Who sits on the committee: the attendees with a committee role at its latest meeting
    held (or, before any is held, the first to come) that lists them."""
    def listed(detail: MeetingDetail) -> list[Attendee]:
        return [a for a in detail.attendees if a.sits_on_committee]

    details = sorted((d for d in fetched.details.values() if listed(d) and not d.status.lower().startswith("cancel")),
                     key=lambda d: d.day)
    held = [d for d in details if d.day <= today]
    chosen = held[-1] if held else (details[0] if details else None)
    return listed(chosen) if chosen else []


def apply_membership(committee: Committee, attendees: list[Attendee], summary: Summary) -> None:
    """Seat the committee's members, matched to councillors' accounts by name, through the
    membership rules (source "moderngov"). A membership typed in by hand is left as it is;
    nobody is taken off. Names no account matches are kept for the scrutiny officer."""
    from tracker.committees.membership import add_member

    if not attendees:
        return
    people = {p.person_key: p for p in db.session.scalars(
        select(ModernGovPerson).where(ModernGovPerson.committee_id == committee.id))}
    by_name: dict[str, User | None] = {}
    for user in db.session.scalars(select(User).where(User.active.is_(True), User.role == Role.MEMBER.value)):
        key = name_key(user.name)
        by_name[key] = None if key in by_name else user  # two councillors of one name: ask, do not guess
    for attendee in attendees:
        key = (f"id:{attendee.member_id}" if attendee.member_id else f"name:{name_key(attendee.name)}")[:200]
        position = position_for(attendee.role)
        person = people.get(key)
        if person is None:
            person = ModernGovPerson(committee_id=committee.id, person_key=key, name=attendee.name[:200], ignored=False)
            db.session.add(person)
            people[key] = person
        for field_name, value in (("name", attendee.name[:200]), ("position", position)):
            if getattr(person, field_name) != value:
                setattr(person, field_name, value)
        if person.user_id is None and not person.ignored:
            match = by_name.get(name_key(attendee.name))
            person.user_id = match.id if match else None
        if person.user_id is None:
            summary.people_unmatched += not person.ignored
            continue
        user = db.session.get(User, person.user_id)
        seat = db.session.get(CommitteeMember, (committee.id, user.id))
        if seat is not None and seat.source != "moderngov":
            continue
        if user.active and user.role == Role.MEMBER.value and add_member(committee, user, None, position, source="moderngov"):
            summary.members_seated += 1
    db.session.flush()


# ------------------------------------------------------------------ minutes to suggestions

def minutes_text(meeting: Meeting) -> str:
    """The meeting's published minutes as one text in the shape capture reads: each agenda
    item's heading, its presenter, and its minutes."""
    parts = []
    for item in sorted(meeting.agenda_items, key=lambda i: (i.position, i.id)):
        if item.exempt or not item.minutes:
            continue
        heading = f"Agenda item {item.number}. {item.title}" if item.number else f"Agenda item\n\n{item.title}"
        presenter = f"\n\n[{item.presenter}]" if item.presenter else ""
        parts.append(f"{heading}{presenter}\n\nMinutes:\n\n{item.minutes}\n")
    return "\n".join(parts)


def suggest_from_minutes(meeting: Meeting) -> int:
    """Run capture on the meeting's published minutes and keep, as pending, each suggestion
    not already logged (an action with the same quote) nor suggested before (whether it was
    logged or rejected since). Returns how many are new."""
    from tracker.capture.rules import review

    text = minutes_text(meeting)
    if not text.strip():
        return 0
    known = set(db.session.scalars(select(MinutesSuggestion.quote_key).where(MinutesSuggestion.meeting_id == meeting.id)))
    added = 0
    for proposal in review(meeting, text).proposals:
        key = quote_key(proposal.quote)
        if proposal.already is not None or key in known:
            continue
        known.add(key)
        db.session.add(MinutesSuggestion(meeting_id=meeting.id, quote_key=key, quote=proposal.quote.strip(),
                                         kind=proposal.kind, description=proposal.description[:5000]))
        added += 1
    db.session.flush()
    return added


def pending_keys(meeting_id: int) -> set[str]:
    """Quotes of the meeting's suggestions still to review: pending, and not logged since
    by some other way (an action with the same quote)."""
    logged = {quote_key(q) for q in db.session.scalars(
        select(Action.quote).where(Action.meeting_id == meeting_id, Action.quote.is_not(None)))}
    return {
        key for key in db.session.scalars(
            select(MinutesSuggestion.quote_key).where(MinutesSuggestion.meeting_id == meeting_id,
                                                      MinutesSuggestion.state == SuggestionState.PENDING.value))
        if key not in logged
    }


def settle(meeting_id: int, logged_quotes: list[str], rejected_quotes: list[str], now: datetime) -> int:
    """After a review of the meeting's minutes: the suggestions logged and those the scrutiny
    officer chose not to log are no longer pending. Returns how many were settled."""
    states = {quote_key(q): SuggestionState.REJECTED.value for q in rejected_quotes}
    states.update({quote_key(q): SuggestionState.LOGGED.value for q in logged_quotes})
    if not states:
        return 0
    settled = 0
    for suggestion in db.session.scalars(select(MinutesSuggestion).where(
            MinutesSuggestion.meeting_id == meeting_id, MinutesSuggestion.quote_key.in_(states),
            MinutesSuggestion.state == SuggestionState.PENDING.value)):
        suggestion.state = states[suggestion.quote_key]
        suggestion.decided_at = now
        settled += 1
    return settled


def record(committee: Committee, summary: Summary | None, started_at: datetime, message: str = "") -> ModernGovSync:
    """The sync log's line for this committee (the caller commits)."""
    entry = ModernGovSync(committee_id=committee.id, started_at=started_at, ok=summary is not None, message=message)
    if summary is not None:
        for name in ("meetings_added", "meetings_changed", "meetings_cancelled", "meetings_missing", "items_added",
                     "items_changed", "minutes_published", "suggestions", "dues_moved", "members_seated",
                     "people_unmatched"):
            setattr(entry, name, getattr(summary, name))
    db.session.add(entry)
    return entry


def sync_committee(committee: Committee, client: Client, start: date, end: date, *, today: date,
                   now: datetime) -> Summary:
    """Fetch and apply one committee's window in one transaction, and log it. On a failure
    nothing of the committee's is written (the failure alone is logged) and the
    ModernGovError is raised again for the caller to report."""
    if committee.moderngov_id is None:
        raise ModernGovError(f"{committee.name} is not linked to a ModernGov committee")
    try:
        summary = apply(committee, fetch(client, committee.moderngov_id, start, end),
                        base_url=client.base_url, today=today, now=now)
    except ModernGovError as problem:
        db.session.rollback()
        record(committee, None, now, str(problem))
        db.session.commit()
        raise
    except Exception:
        db.session.rollback()
        raise
    record(committee, summary, now)
    db.session.commit()
    return summary
