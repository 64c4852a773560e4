"""Resolutions and commitments found by extract(), with owners and quotes."""
from __future__ import annotations

from datetime import date

from tracker.minutes import FoundAction, extract

MEETING = date(2023, 3, 14)


def actions(text: str, meeting_date: date | None = MEETING, next_meeting: date | None = None) -> list[FoundAction]:
    found = [a for item in extract(text, meeting_date, next_meeting) for a in item.actions]
    for a in found:
        assert a.quote == text[a.start:a.end]
        assert 0 < len(a.description) <= 500
    return found


def item(body: str, presenter: str = "") -> str:
    head = "Agenda item\n\nHousing Update\n\n"
    if presenter:
        head += f"[{presenter}, to present report]\n\n"
    return head + "Minutes:\n\n" + body


# ------------------------------------------------------------------ resolutions
def test_received_and_reported_to_future_meeting_is_one_resolution():
    """"received and progress ... reported to a future meeting" is one action owned by the presenter."""
    text = item(
        "The Head of Housing gave an update.\n\nResolved\n\n\u00a0\n\n"
        "That the update is received and progress relating to the priorities reported to a future meeting.",
        "Karen Smith, Head of Housing",
    )
    [a] = actions(text)
    assert a.kind == "resolution"
    assert a.owner == "Head of Housing"
    assert a.due_next_meeting and a.due is None and a.due_text == "a future meeting"
    assert a.quote.startswith("That the update is received")
    assert a.description == "Report progress relating to the priorities to a future meeting"


def test_next_meeting_date_used_when_given():
    """A next-meeting action gets the next meeting's date when the caller knows it."""
    text = item("Resolved: That a report be brought back to the next meeting.")
    [a] = actions(text, next_meeting=date(2023, 4, 20))
    assert a.due == date(2023, 4, 20) and a.due_next_meeting


def test_note_only_resolutions_are_not_actions():
    """Resolutions that only note, receive, endorse, approve or confirm give nothing."""
    for clause in (
        "That the report be noted.",
        "That the update is received.",
        "That the annual report be endorsed.",
        "That the work programme be approved.",
        "That the minutes of the meeting held on 2 March 2023 be confirmed as a correct record.",
        "That the Panel notes the report and thanks officers for their work.",
    ):
        assert actions(item(f"RESOLVED: {clause}")) == [], clause


def test_resolved_dash_and_numbered_sub_resolutions():
    """"RESOLVED -" and numbered sub-resolutions: each actionable clause is one action, quote without the number."""
    text = item(
        "RESOLVED:\n1. That the report be noted.\n"
        "2. That the Director of Finance provide a breakdown of the savings by directorate.\n"
        "3. That the Cabinet Member for Housing be asked to write to the Minister about the grant.\n"
    )
    found = actions(text)
    assert [a.owner for a in found] == ["Director of Finance", "Cabinet Member for Housing"]
    assert found[0].quote.startswith("That the Director of Finance")
    assert found[1].description == "Write to the Minister about the grant"


def test_lettered_sub_resolutions_on_one_line():
    """"(a) ...; (b) ...; and (c) ..." in one paragraph are separate clauses."""
    text = item(
        "RESOLVED - (a) that the report be noted; (b) that officers provide the figures to the next meeting; "
        "and (c) that the Panel receives a briefing on void properties in June.",
        "Sam Ode, Housing Manager",
    )
    found = actions(text)
    assert len(found) == 2
    assert found[0].quote == "that officers provide the figures to the next meeting"
    assert found[0].owner == "Housing Manager"
    assert found[1].due == date(2023, 6, 30)


def test_report_be_brought_back_and_officers_provide():
    """"That a report be brought back" and "That officers provide" are actions."""
    assert len(actions(item("RESOLVED: That a further report be brought back in six months."))) == 1
    assert len(actions(item("Resolved: That officers provide Members with the complaint figures."))) == 1
    assert len(actions(item("RESOLVED: That the Panel receives a briefing on fire safety."))) == 1


# ------------------------------------------------------------------ commitments
def test_commitment_forms():
    """Offered/agreed/undertook/promised to, would circulate/report back, Action:, to be circulated.

    Passive forms with nobody named fall back to the item's presenter.
    """
    sentences = [
        "The Head of Housing offered to meet the residents' association.",
        "The Head of Housing agreed to provide the void figures.",
        "The Head of Housing undertook to look into the complaint.",
        "The Head of Housing promised to send the list to Cllr Green.",
        "The Head of Housing said she would circulate the figures to the Panel.",
        "The Head of Housing would report back on the outcome.",
        "The Head of Housing would follow up with the contractor.",
        "It was agreed that a briefing note would be circulated to Members.",
        "Details of the scheme to be circulated to the Panel.",
        "Action: Head of Housing to share the inspection results with Members.",
    ]
    for s in sentences:
        found = actions(item(s, "Jo Bell, Head of Housing"))
        assert len(found) == 1, s
        assert found[0].kind == "commitment"
        assert found[0].owner == "Head of Housing", s
        assert found[0].quote == s


def test_false_positives_are_not_commitments():
    """Agreeing with a statement, awards, "would complement", past offers and reported plans are not actions."""
    for s in (
        "The Chief Inspector agreed that there had been a rise in burglary.",
        "The Council had been awarded £500,000 from the fund.",
        "The new hub would complement the work of the partnership.",
        "The Council had offered support to families in 2019.",
        "The service had agreed to fund two posts last year.",
        "The draft strategy would be circulated for consultation in the autumn.",
        "The annual report would be published in June.",
        "A Member asked whether officers would provide more detail.",
        "She did not agree to the proposal.",
        "The Director did not have the figures.",
        "Members agreed to the recommendations.",
    ):
        assert actions(item(s)) == [], s


def test_pronoun_owner_resolves_to_last_named_subject():
    """"She offered ..." belongs to the last role named as a subject, not to a Member who asked."""
    text = item(
        "A Member asked about knife crime.\u00a0 The Chief Inspector said the figures were rising.\u00a0 "
        "The Head of Community Safety said a briefing note had been prepared for the Leader.\u00a0 "
        "She offered to arrange for this to be circulated to the Panel."
    )
    [a] = actions(text)
    assert a.owner == "Head of Community Safety"
    assert a.description == "Circulate the briefing note to the Panel"


def test_he_and_they_pronouns():
    """"He agreed" and "They would" take the owner from earlier sentences; Members are skipped."""
    text = item(
        "The Highways Manager explained the programme. Members asked about gullies. "
        "He agreed to send the gully schedule to ward members.\n\n"
        "The Head of Transport apologised for the delays. They would report back within two weeks."
    )
    found = actions(text)
    assert [a.owner for a in found] == ["Highways Manager", "Head of Transport"]


def test_named_person_owner_and_councillor_normalised():
    """Person subjects keep their title; "Councillor" becomes "Cllr"."""
    [a] = actions(item("Inspector Mark Davies offered to attend a future meeting."))
    assert a.owner == "Inspector Mark Davies" and a.due_next_meeting
    [b] = actions(item("Councillor Jane Doe agreed to raise the matter with the Leader."))
    assert b.owner == "Cllr Jane Doe"


def test_subject_after_leading_phrase():
    """"In response to Cllr X, the Director undertook to ..." belongs to the Director."""
    [a] = actions(item("In response to a question from Cllr Amy Ward, the Director of Adult Services "
                       "undertook to share the discharge data."))
    assert a.owner == "Director of Adult Services"


def test_resolution_owner_named_in_clause_beats_presenter():
    """A role named in the resolution owns it; the presenter is the fallback."""
    text = item("RESOLVED: That the Chair write to the Secretary of State about dentistry.", "Al Roy, Head of Health")
    [a] = actions(text)
    assert a.owner == "Chair"


def test_owner_none_when_nobody_named():
    """A resolution with no named role and no presenter has no owner."""
    [a] = actions("The Panel discussed parking.\nResolved: That a report on parking be brought to a future meeting.")
    assert a.owner is None


def test_resolved_section_does_not_double_count():
    """A resolution clause is not also reported as a commitment."""
    found = actions(item("RESOLVED: That officers circulate the figures to the Panel."))
    assert [a.kind for a in found] == ["resolution"]


def test_to_dict_keys_and_json_ready():
    """to_dict has exactly the documented keys (reason added beside the stable ones); due is ISO text."""
    [it] = extract(item("He would circulate the figures to the Panel by 3 February 2024."), MEETING)
    d = it.to_dict()
    assert set(d) == {"number", "title", "presenter", "start", "end", "actions"}
    a = d["actions"][0]
    assert set(a) == {"kind", "description", "owner", "due", "due_text", "due_next_meeting", "quote", "start", "end", "reason"}
    assert a["reason"].startswith("someone said they would")
    assert a["due"] == "2024-02-03"


def test_conditional_and_reported_plans_are_not_commitments():
    """"If funding was secured, officers would ..." and "the Trust would write to patients" are not actions."""
    for s in (
        "If funding was secured, officers would arrange additional clinics.",
        "The Director said that the Trust would write to all patients affected.",
        "The Head of Planning reported that the Council will publish the Local Plan in May.",
        "The Director explained that officers would be reviewing the contract.",
        "She would like to see more progress.",
    ):
        assert actions(item(s)) == [], s


def test_passive_commitment_owner_is_the_speaker_not_the_audience():
    """"Members were advised that the information would be sent ..." belongs to the last speaker."""
    text = item("The Head of Finance explained the grant. "
                "Members were advised that the information would be sent out with the agenda for the next meeting.")
    [a] = actions(text)
    assert a.owner == "Head of Finance" and a.due_next_meeting


def test_name_role_apposition_subject():
    """"Mr Evans, Chief Executive, confirmed he would share ..." is owned by the Chief Executive."""
    [a] = actions(item("Mr Evans, Chief Executive, confirmed he would share the recovery plan with Members."))
    assert a.owner == "Chief Executive"


def test_panel_request_in_discussion():
    """"The Panel requested that the Head of Housing provide ..." is a request owned by the named role."""
    [a] = actions(item("The Panel requested that the Head of Housing provide an update at the next meeting."))
    assert a.kind == "resolution" and a.owner == "Head of Housing" and a.due_next_meeting
    assert a.description == "Provide an update at the next meeting"
    assert actions(item("The Panel agreed that the new policy was fairer.")) == []


def test_more_resolution_verbs():
    """Concerns "conveyed", officers "invited to attend", "requested that officers provide" are actions."""
    text = item(
        "Resolved:\n1. That the Panel's concerns be conveyed to the Health Board in writing.\n"
        "2. That the Medical Director be invited to attend the Panel in six months' time.\n"
        "3. The Panel noted the report and requested that officers provide a list of sites.\n",
        "Ann Lee, Medical Director",
    )
    found = actions(text)
    assert len(found) == 3
    assert found[1].due == date(2023, 9, 14)
    assert found[2].description == "Provide a list of sites"


def test_one_megabyte_of_minutes_is_read_whole():
    """1 MB of minutes gives every action in it (how fast is for benchmarks/extraction.py)."""
    base = item(
        "The Head of Housing presented the report. She agreed to circulate the figures to the Panel by "
        "3 February 2024. A Member asked whether the Council had offered support in 2019.\n\n"
        "RESOLVED:\n1. That the report be noted.\n2. That officers report back to a future meeting.\n\n"
    )
    copies = 1_000_000 // len(base) + 1
    items = extract(base * copies, MEETING)
    assert len(items) > 1000


def test_questioner_is_not_the_pronoun_owner():
    """After "Cllr Grant asked ...", "She agreed to ..." belongs to the officer who spoke before."""
    text = item("The Finance Manager presented the report. Cllr Grant asked if the slides would be circulated. "
                "She agreed to circulate the data and to report back within 10 days.")
    [a] = actions(text)
    assert a.owner == "Finance Manager"
    assert a.due == date(2023, 3, 24)
    assert a.description == "Circulate the data and report back within 10 days"


def test_unlabelled_action_line():
    """"Officers to circulate ..." / "Democratic Services to ..." lines are actions; "Members to note" is not."""
    text = item("Officers to circulate the presentation slides to all Members.\n"
                "Democratic Services to arrange a site visit.\nMembers to note the timetable.", "Jo Bell, Head of Housing")
    found = actions(text)
    assert [a.owner for a in found] == ["Head of Housing", "Democratic Services"]
    assert found[0].description == "Circulate the presentation slides to all Members"


def test_panel_requests_and_asks_in_resolutions():
    """"(b) requests a further update ..." and "(c) asks the Cabinet Member ... to review ..." are actions."""
    text = item("RESOLVED \u2013 that the Panel:\n(a) notes the report;\n"
                "(b) requests a further update on the housing register in March.\n"
                "(c) asks the Cabinet Member for Housing to review the banding scheme.")
    found = actions(text)
    assert [a.description for a in found] == [
        "Provide a further update on the housing register in March",
        "Review the banding scheme",
    ]
    assert found[1].owner == "Cabinet Member for Housing"


def test_resolved_inside_a_paragraph():
    """"After discussion it was RESOLVED that a further update be provided ..." is found mid-paragraph."""
    [a] = actions(item("After discussion it was RESOLVED that a further update be provided to the Committee in June."))
    assert a.kind == "resolution" and a.due == date(2023, 6, 30)


def test_hard_wrapped_lines_as_in_pdf_text():
    """Lines wrapped mid-sentence (PDF text) are joined for analysis; quotes keep the original line breaks."""
    text = (
        "Agenda item\nLibrary Services\nMinutes:\n"
        "The Head of Libraries presented the report on opening hours across the\n"
        "borough. Members asked about the mobile library service and the Head of\n"
        "Libraries agreed to circulate the revised timetable to the Panel by the\n"
        "end of March.\n"
        "RESOLVED: That the report be noted and a further report be brought to the\n"
        "Panel in September 2024.\n"
    )
    found = actions(text)
    assert [(a.kind, a.owner) for a in found] == [("commitment", "Head of Libraries"), ("resolution", "Head of Libraries")]
    assert "\n" in found[0].quote and found[0].due_text == "the end of March"
    assert found[0].due == date(2023, 3, 31)
    assert found[1].description == "Bring a further report to the Panel in September 2024"


def test_officers_they_do_so_and_kept_informed():
    """"Officers ... they would" goes to the presenter; "agreed to do so" reuses the verb; "kept informed" is an action."""
    text = item(
        "The Chair thanked the officers and asked that the Committee be kept informed of progress.\n"
        "Officers confirmed that they would look into the matter raised by Councillor Ahmed.\n"
        "Cllr Ahmed asked whether the Director would provide the figures; the Director agreed to do so by Friday.\n"
        "The Head of Service offered to share the data, which was welcomed by the Committee.\n",
        "Kim Lo, Director of Children's Services",
    )
    found = actions(text)
    assert [a.description for a in found] == [
        "Keep the Committee informed of progress",
        "Look into the matter raised by Councillor Ahmed",
        "Provide the figures by Friday",
        "Share the data",
    ]
    assert found[1].owner == "Director of Children's Services"
    assert found[2].due == date(2023, 3, 17)  # the Friday after Tuesday 14 March 2023


def test_decisions_written_as_statements():
    """Decisions without "That": "The report was noted." is nothing; "Officers would provide ..." is an action."""
    text = item("RESOLVED:\n1. The report was noted.\n2. Officers would provide a breakdown of costs.\n",
                "Ed Fox, Head of Finance")
    [a] = actions(text)
    assert a.kind == "resolution" and a.owner == "Head of Finance"
    assert a.description == "Provide a breakdown of costs"


def test_bare_name_subject_and_month_meeting_due():
    """"Karen Jones said she would ..." is owned by Karen Jones; "the June meeting" is due at the end of June."""
    [a] = actions(item("Karen Jones said she would bring the revised figures to the June meeting."))
    assert a.owner == "Karen Jones"
    assert a.due == date(2023, 6, 30) and a.due_text == "the June meeting"
