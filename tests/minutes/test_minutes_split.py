"""Splitting minutes text into agenda items."""
from __future__ import annotations

from tracker.minutes import split_agenda_items

AGENDA_STYLE = (
    "Agenda item\n\nLibrary Opening Hours\n\n[Jo Bell, Head of Libraries, to present report]\n\nMinutes:\n\n"
    "The Head of Libraries presented the report.\u00a0 Members welcomed it.\n\n\u00a0\n\n"
    "Resolved:\n\nThat the report be noted.\n\n\u00a0\n\n"
    "Agenda item\n\nParks Maintenance\n\nMinutes:\n\nThe Parks Manager gave an update.\n\n"
    "Meeting closed at 7:30pm.\n\n\u00a0\n\nSupporting documents:"
)


def test_agenda_item_blocks_give_titles_and_offsets():
    """Each "Agenda item" line starts an item whose title is the next non-blank line."""
    items = split_agenda_items(AGENDA_STYLE)
    assert [(i.number, i.title) for i in items] == [("", "Library Opening Hours"), ("", "Parks Maintenance")]
    for item in items:
        assert AGENDA_STYLE[item.start:item.end].startswith("Agenda item")
        assert item.actions == []
    assert items[0].end <= items[1].start
    assert "Resolved" in items[0].minutes and "Parks" not in items[0].minutes


def test_presenter_bracket_line_gives_role():
    """A "[Name, Role, to present report]" line makes the role the presenter."""
    items = split_agenda_items(AGENDA_STYLE)
    assert items[0].presenter == "Head of Libraries"


def test_presenter_from_presented_sentence():
    """Without a bracket line, "X presented/gave an update" names the presenter."""
    items = split_agenda_items(AGENDA_STYLE)
    assert items[1].presenter == "Parks Manager"
    text = "Agenda item\nGrants\nMinutes:\nAnna Lee, Grants Officer, provided a presentation on the scheme."
    assert split_agenda_items(text)[0].presenter == "Grants Officer"


def test_supporting_documents_trailer_stays_inside_last_item():
    """The trailer belongs to the last item and does not create a new item."""
    items = split_agenda_items(AGENDA_STYLE)
    assert len(items) == 2
    assert items[-1].end == len(AGENDA_STYLE)


def test_numbered_minutes_headings():
    """Numbered headings like "5.", "12a", "13" and "Item 7:" split items; the council header is not an item."""
    text = (
        "NORTHBY COUNCIL\r\nHealth Scrutiny Committee\r\n7 February 2024\r\n\r\n"
        "5. Declarations of Interest\r\nNone.\r\n\r\n"
        "12a Hospital Discharge\r\nThe Director presented the report.\r\n"
        "RESOLVED:\r\n1. That the report be noted.\r\n2. That an update be brought to the next meeting.\r\n\r\n"
        "12b GP Access\r\nDiscussion took place.\r\n\r\n13 Work Programme\r\nNoted.\r\n"
        "Item 14: Any Other Business\r\nNone.\r\n"
    )
    items = split_agenda_items(text)
    assert [(i.number, i.title) for i in items] == [
        ("5", "Declarations of Interest"),
        ("12a", "Hospital Discharge"),
        ("12b", "GP Access"),
        ("13", "Work Programme"),
        ("14", "Any Other Business"),
    ]


def test_numbered_resolutions_and_lists_are_not_headings():
    """"1. That ..." sub-resolutions and lower-numbered lists inside an item are not new items."""
    text = (
        "7. Budget Monitoring\nThe priorities were:\n1. Reducing costs\n2. Protecting services\n"
        "RESOLVED:\n1. That the report be noted.\n2. That officers report back in June.\n"
        "8. Work Programme\nAgreed."
    )
    items = split_agenda_items(text)
    assert [i.number for i in items] == ["7", "8"]


def test_text_without_headings_is_one_item():
    """Plain text with no "Agenda item" and no numbered headings is one item numbered ""."""
    text = "  The Panel discussed the grants scheme.\nResolved: That the update be noted.\n"
    items = split_agenda_items(text)
    assert len(items) == 1
    assert (items[0].number, items[0].title) == ("", "")
    assert text[items[0].start:items[0].end] == text.strip()


def test_agenda_item_with_numbered_title():
    """"Agenda item" followed by "5. Title" keeps the minute number."""
    text = "Agenda item\n5. Crime reduction strategy - update\nMinutes:\nText."
    items = split_agenda_items(text)
    assert (items[0].number, items[0].title) == ("5", "Crime reduction strategy - update")


def test_empty_text_has_no_items():
    """Blank input gives no items."""
    assert split_agenda_items(" \n\u00a0\n") == []


def test_slash_minute_numbers():
    """Minute references like "45/23" are headings and keep their number."""
    text = "45/23 Budget Monitoring\nText.\n46/23 Housing Register\nText.\n"
    assert [(i.number, i.title) for i in split_agenda_items(text)] == [
        ("45/23", "Budget Monitoring"), ("46/23", "Housing Register")]
