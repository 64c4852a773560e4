"""Clocks. Everything that asks "what day is it?" asks here, so tests can freeze time."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Europe/London"


def council_timezone() -> ZoneInfo:
    name = current_app.config.get("TRACKER_TIMEZONE") if has_app_context() else None
    return ZoneInfo(name or DEFAULT_TIMEZONE)


def utcnow() -> datetime:
    """Naive UTC, as stored: SQLite keeps no time zone, so we store one convention everywhere."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """Today in the council's time zone: an action due today is not overdue until midnight there."""
    return datetime.now(council_timezone()).date()


def local_time(stored_utc: datetime | None) -> datetime | None:
    if stored_utc is None:
        return None
    return stored_utc.replace(tzinfo=UTC).astimezone(council_timezone())
