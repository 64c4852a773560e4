"""General rules for minutes layouts seen in other councils: committee recommendation blocks,
section-marker lines, prefixed and number-only minute headings, short role forms and
passive requests to officers."""
from __future__ import annotations

from datetime import date

from tracker.minutes import FoundAction, extract, split_agenda_items

MEETING = date(2024, 5, 9)


def actions(text: str) -> list[FoundAction]:
    found = [a for item in extract(text, MEETING) for a in item.actions]
    for a in found:
        assert a.quote == text[a.start:a.end]
    return found


# ------------------------------------------------------------------ 1. recommendation blocks
SELECT_COMMITTEE = (
    "4. LIBRARY SERVICE REVIEW [Item 4]\n\n"
    "Witnesses:\nPriya Nair, Head of Libraries and Culture\n\n"
    "Key points raised during the discussion:\n\n"
    "1. The Head of Libraries and Culture introduced the report on opening hours.\n\n"
    "Recommendations:\n\n"
    "The Select Committee:\n\n"
    "1. Welcomes the extension of Saturday opening at the central library;\n\n"
    "2. Recommends that the Cabinet Member for Culture ensures that the mobile library route is kept under review; and\n\n"
    "3. Requests that figures on visitor numbers be provided to the Select Committee in October 2024.\n\n"
    "5. WORK PROGRAMME [Item 5]\n\n"
    "Recommendations:\n\nNone.\n"
)


def test_recommends_and_requests_lines_in_committee_block_are_resolutions():
    found = actions(SELECT_COMMITTEE)
    assert [(a.kind, a.quote[:14]) for a in found] == [
        ("resolution", "Recommends tha"), ("resolution", "Requests that "),
    ]
    rec, req = found
    assert rec.owner == "Cabinet Member for Culture"
    assert rec.description.startswith("Ensure that the mobile library route")
    assert req.owner == "Head of Libraries and Culture"
    assert req.due == date(2024, 10, 31)


def test_recommends_to_cabinet_inside_a_resolution_is_an_action():
    text = (
        "Agenda item 3\n\nParking Charges\n\nMinutes:\n\nThe Parking Manager presented the report.\n\n"
        "RESOLVED:\n(a) That the report be noted.\n"
        "(b) That the Panel recommends to Cabinet that evening charges in district car parks are withdrawn.\n"
    )
    [a] = actions(text)
    assert a.kind == "resolution" and a.quote.startswith("That the Panel recommends to Cabinet")
    assert a.owner == "Parking Manager"


def test_note_support_welcome_recommendations_give_nothing():
    text = (
        "6. LEISURE CONTRACT\n\nThe Leisure Contracts Manager introduced the report.\n\n"
        "Recommendations:\n\nThe Committee:\n\n"
        "1. Notes the performance of the leisure contract;\n"
        "2. Supports the proposed price freeze; and\n"
        "3. Welcomes the new swimming lessons offer.\n"
    )
    assert actions(text) == []


# ------------------------------------------------------------------ 2. section markers
def test_heading_line_ending_in_colon_is_not_an_action():
    text = (
        "8. ROADS MAINTENANCE\n\nThe Highways Manager presented the report.\n\n"
        "Follow-up information to be supplied to Members:\n\n"
        "1. Highways Manager to circulate the resurfacing list for 2024/25 to the Committee.\n"
    )
    [a] = actions(text)
    assert a.kind == "commitment" and a.quote.startswith("Highways Manager to circulate")
    assert a.owner == "Highways Manager"


# ------------------------------------------------------------------ 3. headings
def test_prefixed_minute_numbers_are_headings():
    text = (
        "Minutes of the Economy Scrutiny Committee\n\n"
        "ESC 12/23  APOLOGIES\n\nNone were received.\n\n"
        "ESC 13/23  TOWN CENTRE REGENERATION\n\nThe Regeneration Manager presented the update.\n"
    )
    items = split_agenda_items(text)
    assert [(i.number, i.title) for i in items] == [("12/23", "APOLOGIES"), ("13/23", "TOWN CENTRE REGENERATION")]


def test_title_starting_with_digits_and_item_tag_stripped():
    text = (
        "11. MINUTES [Item 11]\n\nAgreed.\n\n"
        "12. 999 RESPONSE TIMES [Item 12]\n\nThe Ambulance Service Manager presented the figures.\n\n"
        "13. ANY OTHER BUSINESS\n\nNone.\n"
    )
    items = split_agenda_items(text)
    assert [(i.number, i.title) for i in items] == [
        ("11", "MINUTES"), ("12", "999 RESPONSE TIMES"), ("13", "ANY OTHER BUSINESS"),
    ]


def test_number_only_line_takes_title_from_next_line():
    text = (
        "Agenda item\n\n3.\n\nBus Shelter Programme\n\nMinutes:\n\nThe Transport Officer gave an update.\n\n"
        "Agenda item\n\n4.\n\nWork Programme\n\nMinutes:\n\nNoted.\n"
    )
    items = split_agenda_items(text)
    assert [(i.number, i.title) for i in items] == [("3", "Bus Shelter Programme"), ("4", "Work Programme")]
    plain = "7.\nCEMETERY EXTENSION\n\nThe Bereavement Services Manager reported.\n\n8.\nWORK PLAN\n\nNoted.\n"
    assert [(i.number, i.title) for i in split_agenda_items(plain)] == [("7", "CEMETERY EXTENSION"), ("8", "WORK PLAN")]


def test_numbered_headings_where_agenda_item_markers_stop():
    text = (
        "Agenda item 2\n\nMinutes of the last meeting\n\nMinutes:\n\nApproved.\n\n"
        "3. TREE PLANTING STRATEGY\n\nThe Tree Officer presented the strategy.\n"
        "1. Members welcomed the targets.\n\n"
        "4. WORK PROGRAMME\n\nNoted.\n"
    )
    items = split_agenda_items(text)
    assert [(i.number, i.title) for i in items] == [
        ("2", "Minutes of the last meeting"), ("3", "TREE PLANTING STRATEGY"), ("4", "WORK PROGRAMME"),
    ]


def test_resolution_block_closes_at_presenter_line_and_next_heading():
    text = (
        "21/24  ALLOTMENTS\n\nRESOLVED: That the report be noted.\n\n"
        "[Parks Manager to present]\n\n"
        "The Parks Manager presented the waiting list figures. She offered to send the list to Members.\n\n"
        "22/24  PLAY AREAS\n\nThe Play Officer gave an update. He would circulate the inspection results to the Panel.\n"
    )
    found = actions(text)
    assert [(a.kind, a.owner) for a in found] == [("commitment", "Parks Manager"), ("commitment", "Play Officer")]


# ------------------------------------------------------------------ 4. owners
def test_short_role_form_expands_to_full_role_in_item():
    text = (
        "5. SOCIAL CARE BUDGET\n\nThe Director of Adult Services presented the report. Members asked about "
        "overtime. In reply, the Director agreed to provide the overtime figures to the Committee.\n\n"
        "6. FIRE SAFETY\n\nThe Deputy Commissioner for Fire gave an update. The Commissioner undertook "
        "to send the audit to Members.\n"
    )
    found = actions(text)
    assert [a.owner for a in found] == ["Director of Adult Services", "Deputy Commissioner for Fire"]


def test_short_role_form_found_in_attendance_before_first_item():
    text = (
        "Officers present: Assistant Director for Waste Services, Committee Clerk\n\n"
        "9. BIN COLLECTIONS\n\nMembers raised missed collections. The Assistant Director said he would "
        "provide ward figures to the Panel.\n"
    )
    [a] = actions(text)
    assert a.owner == "Assistant Director for Waste Services"


def test_passive_requests_to_officers_go_to_presenter():
    text = (
        "14. CAR PARKS\n\nThe Parking Services Manager presented the report. It was agreed that the Head of "
        "Legal would write to the landowner. Officers were asked to provide a map of the new bays.\n\n"
        "15. MARKETS\n\nThe Markets Officer presented the report. The Chair asked that the stall figures be "
        "circulated to Members.\n"
    )
    found = actions(text)
    assert [a.owner for a in found] == ["Head of Legal", "Parking Services Manager", "Markets Officer"]


def test_pronoun_is_subject_of_previous_clause_not_someone_mentioned():
    text = (
        "3. SCHOOL PLACES\n\nThe School Organisation Manager presented the report. The Head of Finance said "
        "that the Cabinet Member for Education had approved the capital bid. She agreed to share the bid "
        "with the Panel.\n"
    )
    [a] = actions(text)
    assert a.owner == "Head of Finance"


def test_new_item_resets_pronoun_context():
    text = (
        "3. SCHOOL PLACES\n\nThe Head of Finance explained the bid.\n\n"
        "4. YOUTH CLUBS\n\n[Youth Services Manager to present]\n\nMembers praised the clubs. "
        "She would circulate the opening times to the Panel.\n"
    )
    [a] = actions(text)
    assert a.owner == "Youth Services Manager"


# ------------------------------------------------------------------ 5. plans reported to Cabinet
def test_plans_reported_to_cabinet_are_not_commitments():
    text = (
        "2. HOUSING ALLOCATIONS\n\nThe Allocations Manager presented the review. Officers will consider "
        "the options and bring a report to Cabinet in the autumn.\n"
    )
    assert actions(text) == []


def test_numbered_action_lines_inside_agenda_items_are_not_headings():
    text = (
        "Agenda item 1\n\nApologies\n\nMinutes:\n\nNone.\n\n"
        "Agenda item 2\n\nVerge Cutting\n\nMinutes:\n\nThe Grounds Manager presented the report.\n\n"
        "Actions:\n\n3. Grounds Manager to send the cutting schedule to Members\n\n"
        "4. Extra funding for wildflower verges\n\nMembers discussed the verges.\n"
    )
    items = split_agenda_items(text)
    assert [(i.number, i.title) for i in items] == [("1", "Apologies"), ("2", "Verge Cutting")]


def test_request_in_discussion_to_circulate_information_is_a_commitment():
    """Information to be shared goes to the presenter who holds it; a report asked for names no
    owner unless its clause names one (the real corpus's annotators leave such owners empty)."""
    text = (
        "7. SPORTS GRANTS\n\nThe Sport Development Officer presented the report. The Vice-Chair asked that "
        "the list of funded clubs be shared with Members. Members requested that a review of the scheme be "
        "brought to the next meeting.\n"
    )
    found = actions(text)
    assert [(a.kind, a.owner) for a in found] == [
        ("commitment", "Sport Development Officer"), ("resolution", None),
    ]
    assert found[0].description == "Share the list of funded clubs with Members"


def test_short_role_form_left_alone_when_attendance_is_ambiguous():
    text = (
        "In attendance: Director of Finance, Director of Place\n\n"
        "9. CAPITAL PROGRAMME\n\nMembers asked about slippage. The Director said she would send the "
        "revised profile to the Committee.\n"
    )
    [a] = actions(text)
    assert a.owner == "Director"
