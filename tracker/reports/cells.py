"""The columns every spreadsheet and CSV export shares, and the guard against formula injection."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from tracker.models import Action
from tracker.text import xml_safe

# A spreadsheet treats a cell starting with one of these as a formula (or, for tab and
# carriage return, as the start of one once re-parsed): a description typed as
# =HYPERLINK(...) must reach the reader as text, never run.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Action, str | None, date], object]
    width: int = 14
    is_date: bool = False


def status_text(action: Action) -> str:
    """The status in words; a completed action is waiting for the committee to confirm it."""
    if action.status == "completed":
        return "Completed, awaiting confirmation"
    return action.status_enum.label


def _owner(action: Action, _note, _day) -> str:
    return action.owner_label


COLUMNS = (
    Column("Reference", lambda a, n, d: a.reference, 16),
    Column("Committee", lambda a, n, d: a.committee.name, 28),
    Column("Meeting", lambda a, n, d: a.meeting.starts_at.date(), 13, is_date=True),
    Column("Minute", lambda a, n, d: a.agenda_item.number if a.agenda_item else "", 8),
    Column("Action", lambda a, n, d: a.description, 60),
    Column("Owner", _owner, 28),
    Column("Due date", lambda a, n, d: a.due_date, 13, is_date=True),
    Column("Due", lambda a, n, d: a.due_label, 22),
    Column("Status", lambda a, n, d: status_text(a), 20),
    Column("RAG", lambda a, n, d: a.rag(d).label, 12),
    Column("Latest update", lambda a, n, d: n or "", 60),
)
EXEMPT_COLUMN = Column("Exempt", lambda a, n, d: "Exempt" if a.exempt else "", 10)


def columns(with_exempt: bool) -> tuple[Column, ...]:
    return (*COLUMNS, EXEMPT_COLUMN) if with_exempt else COLUMNS


def row_values(action: Action, note: str | None, day: date, cols) -> list:
    """One action as typed cell values (dates stay dates), text neutralised and kept to what
    a spreadsheet file can hold (whatever is stored)."""
    return [neutralise(xml_safe(col.value(action, note, day))) for col in cols]
