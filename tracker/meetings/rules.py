"""Rules for meetings: saving one keeps "due at the next meeting" actions in step."""
from __future__ import annotations

from tracker.actions.rules import resolve_next_meeting_dues
from tracker.extensions import db
from tracker.models import Meeting


def save_meeting(meeting: Meeting, form) -> int:
    """Copy the form onto the meeting and re-resolve the committee's next-meeting due dates.
    Returns how many actions' due dates moved."""
    meeting.starts_at = form.starts_at()
    meeting.venue = form.venue.data or ""
    meeting.status = form.status.data
    meeting.minutes_url = form.minutes_url.data or None
    db.session.add(meeting)
    db.session.flush()
    return resolve_next_meeting_dues(meeting.committee_id)
