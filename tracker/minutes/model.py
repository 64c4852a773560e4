"""Data classes returned by the minutes extractor."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class FoundAction:
    """One proposed action found in minutes text.

    ``quote`` is always ``text[start:end]`` of the original input string.
    """

    kind: str  # "resolution" | "commitment"
    description: str
    owner: str | None
    due: date | None
    due_text: str | None
    due_next_meeting: bool
    quote: str
    start: int
    end: int
    # why it was chosen, in words a scrutiny officer reads as a hint on the review screen
    reason: str = ""

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "description": self.description,
            "owner": self.owner,
            "due": self.due.isoformat() if self.due else None,
            "due_text": self.due_text,
            "due_next_meeting": self.due_next_meeting,
            "quote": self.quote,
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
        }


@dataclass
class MinutesItem:
    """One agenda item (minute) of a meeting."""

    number: str
    title: str
    presenter: str | None
    start: int
    end: int
    minutes: str
    actions: list[FoundAction] = field(default_factory=list)
    # offset where the item's body starts (after the heading/title lines)
    body_start: int = 0

    def to_dict(self) -> dict:
        return {
            "number": self.number,
            "title": self.title,
            "presenter": self.presenter,
            "start": self.start,
            "end": self.end,
            "actions": [a.to_dict() for a in self.actions],
        }
