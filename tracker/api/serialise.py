"""Actions, committees and meetings as the API gives them: no email addresses, dates as ISO 8601."""
from __future__ import annotations

from datetime import date, datetime

from flask import url_for

from tracker.models import Action, Committee, Meeting, Update


def _utc(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") + "Z" if value else None


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def action(a: Action, today: date, updates: list[Update] | None = None) -> dict:
    rag = a.rag(today)
    data = {
        "id": a.id,
        "reference": a.reference,
        "url": url_for("actions.show", action_id=a.id, _external=True),
        "committee": {"slug": a.committee.slug, "name": a.committee.name},
        "meeting": {"id": a.meeting_id, "date": _day(a.meeting.starts_at.date())},
        "minute": a.agenda_item.number if a.agenda_item else None,
        "kind": a.kind,
        "description": a.description,
        "owner": {"id": a.owner.id, "name": a.owner.name, "job_title": a.owner.job_title} if a.owner else None,
        "owner_role": a.owner_role,
        "owner_label": a.owner_label,
        "due_date": _day(a.due_date),
        "due_next_meeting": a.due_next_meeting,
        "due_label": a.due_label,
        "status": a.status,
        "status_label": a.status_enum.label,
        "rag": {"colour": rag.colour, "label": rag.label},
        "overdue": a.is_overdue(today),
        "exempt": a.exempt,
        "created_at": _utc(a.created_at),
        "updated_at": _utc(a.updated_at),
    }
    if updates is not None:
        data["updates"] = [
            {
                "id": u.id,
                "created_at": _utc(u.created_at),
                "author": u.author.name if u.author else None,
                "old_status": u.old_status,
                "new_status": u.new_status,
                "note": u.note,
                "via": u.via,
            }
            for u in updates
        ]
    return data


def committee(c: Committee) -> dict:
    return {
        "slug": c.slug,
        "name": c.name,
        "code": c.code,
        "description": c.description,
        "url": url_for("committees.show", slug=c.slug, _external=True),
    }


def meeting(m: Meeting) -> dict:
    return {
        "id": m.id,
        "committee": {"slug": m.committee.slug, "name": m.committee.name},
        # Wall-clock time in the council's time zone, as the meeting is advertised.
        "starts_at": m.starts_at.isoformat(timespec="minutes"),
        "status": m.status,
        "venue": m.venue,
        "minutes_url": m.minutes_url,
        "url": url_for("meetings.show", meeting_id=m.id, _external=True),
    }
