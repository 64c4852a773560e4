"""Due dates taken from the action's own sentence."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.minutes import extract

MEETING = date(2016, 11, 29)


def due_of(sentence: str, meeting_date: date | None = MEETING) -> tuple[date | None, str | None, bool]:
    text = "Agenda item\nRepairs\nMinutes:\nThe Head of Housing presented the report. " + sentence
    [a] = [a for it in extract(text, meeting_date) for a in it.actions]
    return a.due, a.due_text, a.due_next_meeting


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("by 3 February 2017", date(2017, 2, 3)),
        ("by 3rd Feb 2017", date(2017, 2, 3)),
        ("by 03/02/2017", date(2017, 2, 3)),
        ("by February 3, 2017", date(2017, 2, 3)),
        ("by 14 January", date(2017, 1, 14)),
        ("by September", date(2017, 9, 30)),
        ("in December", date(2016, 12, 31)),
        ("by the end of March", date(2017, 3, 31)),
        ("in September 2017", date(2017, 9, 30)),
        ("in Oct - Dec 2017", date(2017, 12, 31)),
        ("during July \u2013 September 2017", date(2017, 9, 30)),
        ("within two weeks", MEETING + timedelta(weeks=2)),
        ("within 14 days", MEETING + timedelta(days=14)),
        ("within a month", date(2016, 12, 29)),
        ("within three months", date(2017, 2, 28)),
        ("by the end of the year", date(2016, 12, 31)),
        ("by the end of the financial year", date(2017, 3, 31)),
    ],
)
def test_due_forms(phrase, expected):
    """Each supported due phrase resolves against the meeting date."""
    due, due_text, next_meeting = due_of(f"He agreed to circulate the figures to the Panel {phrase}.")
    assert due == expected
    assert due_text and due_text in phrase
    assert next_meeting is False


def test_next_and_future_meeting():
    """"the next meeting" / "a future meeting" set due_next_meeting and no date without next_meeting."""
    for phrase in ("to the next meeting", "to a future meeting of the Panel", "at its next meeting"):
        due, due_text, nm = due_of(f"She agreed to bring the data {phrase}.")
        assert nm is True and due is None and due_text in phrase


def test_no_due():
    """No date phrase gives no due; "figures for October" is a period, not a deadline."""
    assert due_of("He agreed to share the figures for October with Members.") == (None, None, False)


def test_relative_due_uses_today_without_meeting_date():
    """Without a meeting date, "within two weeks" counts from today."""
    due, _, _ = due_of("He agreed to send the list within two weeks.", None)
    assert due == date.today() + timedelta(weeks=2)


def test_month_on_or_after_meeting():
    """"by November" at a November meeting is the end of that same month."""
    due, _, _ = due_of("He agreed to circulate the list by November.", date(2016, 11, 2))
    assert due == date(2016, 11, 30)


@pytest.mark.parametrize(
    ("phrase", "expected", "text", "next_meeting"),
    [
        ("following the meeting", MEETING + timedelta(days=14), "following the meeting", False),
        ("as soon as possible", MEETING + timedelta(days=14), "as soon as possible", False),
        ("in due course", None, "in due course", False),
        ("when ready", None, "when ready", False),
        ("as necessary", None, "as necessary", False),
        ("prior to the meeting", None, "prior to the meeting", True),
        ("in the autumn", date(2016, 11, 30), "the autumn", False),
        ("in Spring 2017", date(2017, 5, 31), "Spring 2017", False),
    ],
)
def test_loose_dues_map_as_documented(phrase, expected, text, next_meeting):
    """docs/capture.md's mapping: a loose wording is never dropped; it is a date, the next
    meeting, or kept as the due text with no date for the officer to settle."""
    due, due_text, nm = due_of(f"She agreed to circulate the figures to the Panel {phrase}.")
    assert (due, due_text, nm) == (expected, text, next_meeting)


def test_a_season_naming_a_plan_is_no_due():
    due, due_text, _ = due_of("She agreed to circulate the winter plan to the Panel.")
    assert due is None and due_text is None
