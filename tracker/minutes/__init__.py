"""Pure extraction of proposed actions from council scrutiny minutes text.

No Flask and no database here: ``extract(text)`` returns agenda items, each with the
resolutions and commitments found in it, every one with an exact quote and its offsets.
"""
from __future__ import annotations

from .extract import extract
from .model import MinutesItem, FoundAction
from .owners import match_owner, normalise_owner
from .split import split_agenda_items

__all__ = ["MinutesItem", "FoundAction", "extract", "match_owner", "normalise_owner", "split_agenda_items"]
