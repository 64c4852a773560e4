"""Building the iCalendar documents (RFC 5545) with the icalendar package."""
from __future__ import annotations

from datetime import UTC, timedelta

from icalendar import Calendar, Event

from tracker.models import Action, Committee, Meeting, MeetingStatus
from tracker.timeutil import council_timezone, utcnow

# Agendas rarely give an end time; two hours is a typical scrutiny meeting.
MEETING_LENGTH = timedelta(hours=2)


def _calendar(name: str, description: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Scrutiny Action Tracker//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", description)
    # Calendar apps poll a subscribed feed; ask for about every few hours.
    cal.add("refresh-interval", timedelta(hours=4), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT4H")
    return cal


def meetings_feed(committee: Committee, meetings: list[Meeting], host: str, page_url) -> bytes:
    cal = _calendar(f"{committee.name} meetings", f"Meetings of the {committee.name}")
    zone = council_timezone()
    stamp = utcnow()
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.id}@{host}")
        event.add("dtstamp", stamp.replace(tzinfo=UTC))
        starts = meeting.starts_at.replace(tzinfo=zone)
        event.add("dtstart", starts)
        event.add("dtend", starts + MEETING_LENGTH)
        event.add("summary", committee.name)
        if meeting.venue:
            event.add("location", meeting.venue)
        event.add("url", page_url(meeting))
        cancelled = meeting.status == MeetingStatus.CANCELLED.value
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        if cancelled:
            event["summary"] = f"Cancelled: {committee.name}"
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def actions_feed(person_name: str, actions: list[Action], host: str, page_url) -> bytes:
    """One all-day event per action on its due date. Exempt actions appear by reference only:
    a calendar feed ends up in cloud calendars the council does not control."""
    cal = _calendar(f"My actions: {person_name}", "Due dates of the actions you own in the Scrutiny Action Tracker")
    stamp = utcnow()
    for action in actions:
        event = Event()
        event.add("uid", f"action-{action.id}-due@{host}")
        event.add("dtstamp", stamp.replace(tzinfo=UTC))
        event.add("dtstart", action.due_date)
        event.add("dtend", action.due_date + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        if action.exempt:
            event.add("summary", f"Due: {action.reference} (exempt action)")
        else:
            event.add("summary", f"Due: {action.reference} {_short(action.description)}")
            event.add("description", f"{action.description}\n\n{action.committee.name}. Status: {action.status_enum.label}.")
        event.add("url", page_url(action))
        cal.add_component(event)
    return cal.to_ical()


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
