"""A resolution recommending something to the Executive: its response is due two months after
the meeting (editable), recorded with its date and text, and chased when late."""
from __future__ import annotations

from datetime import date, datetime

import pytest
import time_machine

from tracker.actions.rules import Forbidden, RuleError
from tracker.chasing.responses import add_months, overdue_responses, record_recommendation
from tracker.extensions import db
from tracker.models import Action

TODAY = date(2026, 11, 10)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 11, 10, 10, 0), tick=False):
        yield


@pytest.mark.parametrize("start, expected", [
    (date(2026, 6, 10), date(2026, 8, 10)),
    (date(2026, 11, 30), date(2027, 1, 30)),
    (date(2026, 12, 31), date(2027, 2, 28)),
    (date(2027, 12, 31), date(2028, 2, 29)),  # a leap year
    (date(2026, 8, 31), date(2026, 10, 31)),
])
def test_two_months_after_the_meeting(start, expected):
    assert add_months(start, 2) == expected


@pytest.fixture
def world(make):
    panel = make.committee("Health Scrutiny Panel", slug="health", code="HSP")
    meeting = make.meeting(panel, on=date(2026, 6, 10))
    return dict(
        panel=panel,
        meeting=meeting,
        scrutiny=make.user("scrutiny", name="Sam Okafor"),
        officer=make.user("officer"),
        resolution=make.action(meeting, kind="resolution", description="RECOMMEND to Cabinet that the respite review be published"),
        commitment=make.action(meeting, description="Circulate the briefing note"),
    )


def mark(action, user, **fields):
    fields.setdefault("is_recommendation", True)
    return record_recommendation(action, user, action.version, today=TODAY, **fields)


def test_the_response_is_due_two_months_after_the_meeting_by_default(world):
    action = world["resolution"]
    entry = mark(action, world["scrutiny"])
    db.session.commit()
    assert action.response_due == date(2026, 8, 10)
    assert entry.note == "Marked as a recommendation to the Executive; Executive response due 10 August 2026"
    assert entry.author_id == world["scrutiny"].id


def test_the_due_date_can_be_changed(world):
    action = world["resolution"]
    mark(action, world["scrutiny"], response_due=date(2026, 9, 30))
    assert action.response_due == date(2026, 9, 30)


def test_recording_the_response(world):
    action = world["resolution"]
    mark(action, world["scrutiny"])
    entry = mark(action, world["scrutiny"], response="accepted_in_part", response_date=date(2026, 8, 1),
                 response_text="Cabinet agreed to publish a summary of the review.")
    assert (action.response, action.response_date) == ("accepted_in_part", date(2026, 8, 1))
    assert entry.note == ("Response: none → Accepted in part; Date of the response: none → 1 August 2026; "
                          "Reasons: none → Cabinet agreed to publish a summary of the review.")
    assert action.recommendation is not None  # its life beyond the response has a row
    assert action.status == "open"  # delivery is tracked apart from the response


@pytest.mark.parametrize("fields, field, message", [
    ({"response": "accepted"}, "response_date", "Enter the date of the Executive's response"),
    ({"response_date": date(2026, 8, 1)}, "response", "Choose the Executive's response"),
    ({"response": "rejected", "response_date": date(2026, 11, 11)}, "response_date",
     "The date of the response must be today or in the past"),
    ({"response_due": date(2026, 6, 1)}, "response_due", "The response due date must be on or after the meeting"),
    ({"is_recommendation": False, "response": "noted", "response_date": date(2026, 8, 1)}, "is_recommendation",
     "Tick recommendation to the Executive to record its response"),
])
def test_incomplete_or_impossible_responses_are_refused(world, fields, field, message):
    with pytest.raises(RuleError) as refused:
        mark(world["resolution"], world["scrutiny"], **fields)
    assert (refused.value.field, refused.value.message) == (field, message)


def test_every_change_of_response_is_kept_old_and_new(world):
    action = world["resolution"]
    mark(action, world["scrutiny"], response="noted", response_date=date(2026, 8, 1), response_text="Noted only")
    entry = mark(action, world["scrutiny"], response="accepted", response_date=date(2026, 9, 1),
                 response_text="", decision_maker="Cabinet, 1 September 2026", response_url="https://example.gov.uk/r")
    db.session.commit()
    assert entry.note == ("Response: Noted → Accepted; Date of the response: 1 August 2026 → 1 September 2026; "
                          "Reasons: Noted only → none; Decision-maker: none → Cabinet, 1 September 2026; "
                          "Published response: none → https://example.gov.uk/r")
    assert len(action.updates) == 3  # marked, noted, accepted: nothing overwritten


def test_only_a_resolution_can_be_a_recommendation(world):
    with pytest.raises(RuleError, match="Only a resolution"):
        mark(world["commitment"], world["scrutiny"])


def test_only_scrutiny_officers_record_responses(world):
    with pytest.raises(Forbidden):
        mark(world["resolution"], world["officer"])


def test_overdue_responses(make, world):
    late = world["resolution"]
    mark(late, world["scrutiny"])  # due 10 August
    answered = make.action(world["meeting"], kind="resolution", description="RECOMMEND a review of charges")
    mark(answered, world["scrutiny"])
    mark(answered, world["scrutiny"], response="rejected", response_date=date(2026, 9, 1),
         response_text="No budget this year")
    not_yet_due = make.action(world["meeting"], kind="resolution", description="RECOMMEND more funding")
    mark(not_yet_due, world["scrutiny"], response_due=date(2026, 12, 1))
    withdrawn = make.action(world["meeting"], kind="resolution", description="RECOMMEND a pilot", status="withdrawn")
    mark(withdrawn, world["scrutiny"])
    db.session.commit()
    assert overdue_responses(TODAY) == [late]
    assert overdue_responses(TODAY, world["panel"].id) == [late]
    assert overdue_responses(date(2026, 8, 10)) == []  # due that day: not late yet


# ------------------------------------------------------------------ through the pages

def form(action, **fields):
    data = {"is_recommendation": "y", "response_due": "", "response": "", "response_date": "",
            "response_text": "", "version": str(action.version)}
    data.update(fields)
    return data


def test_a_scrutiny_officer_records_a_response_on_the_action_page(browser, world, frozen):
    action = world["resolution"]
    browser.login(world["scrutiny"])
    page = browser.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "Mark as a recommendation to the Executive" in page
    response = browser.post(f"/actions/{action.id}/recommendation",
                            data=form(action, response="accepted", response_date="2026-08-01",
                                      response_text="Cabinet accepted the recommendation."))
    assert response.status_code == 303
    page = browser.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "Accepted" in page and "Cabinet accepted the recommendation." in page
    assert "Response: none → Accepted" in page  # in the history, old and new


def test_a_bad_form_keeps_what_was_typed(browser, world, snapshot, frozen):
    action = world["resolution"]
    browser.login(world["scrutiny"])
    before = snapshot()
    response = browser.post(f"/actions/{action.id}/recommendation",
                            data=form(action, response="accepted", response_date="1 Aug",
                                      response_text="Typed with care"))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a real date, like 2027-01-31" in body and "Typed with care" in body
    tampered = browser.post(f"/actions/{action.id}/recommendation", data=form(action, response="ignored"))
    assert tampered.status_code == 422 and "Choose one of the responses" in tampered.get_data(as_text=True)
    assert snapshot() == before


def test_a_response_saved_from_an_old_page_is_a_conflict(browser, world, frozen):
    action = world["resolution"]
    old_version = action.version
    mark(action, world["scrutiny"])
    db.session.commit()
    browser.login(world["scrutiny"])
    response = browser.post(f"/actions/{action.id}/recommendation",
                            data=form(action, version=str(old_version), response_text="Mine"))
    assert response.status_code == 409 and "Mine" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["officer", "member"])
def test_other_roles_cannot_record_responses(browser, world, snapshot, make, role):
    action = world["resolution"]
    browser.login(make.user(role))
    before = snapshot()
    assert browser.get(f"/actions/{action.id}/recommendation").status_code == 403
    assert browser.post(f"/actions/{action.id}/recommendation", data=form(action)).status_code == 403
    assert snapshot() == before
    assert "Mark as a recommendation" not in browser.get(f"/actions/{action.id}").get_data(as_text=True)


def test_the_committee_page_shows_overdue_responses(browser, world, make, frozen):
    mark(world["resolution"], world["scrutiny"])
    db.session.commit()
    browser.login(make.user("member"))
    body = browser.get("/committees/health").get_data(as_text=True)
    late = body.split('id="overdue-responses"')[1].split('id="meetings"')[0]
    assert world["resolution"].reference in late and "10 Aug 2026" in late
    action_page = browser.get(f"/actions/{world['resolution'].id}").get_data(as_text=True)
    assert "Response overdue" in action_page


def test_the_page_records_whom_it_is_addressed_to_the_decision_maker_and_the_link(browser, world, frozen):
    from tracker.models import AddressedBody

    trust = AddressedBody(name="Hospitals NHS Trust", kind="outside")
    db.session.add(trust)
    db.session.commit()
    action = world["resolution"]
    browser.login(world["scrutiny"])
    bad = browser.post(f"/actions/{action.id}/recommendation",
                       data=form(action, addressed_to_id=str(trust.id), response_url="not a link",
                                 decision_maker="Trust board"))
    assert bad.status_code == 422 and "Enter a web address" in bad.get_data(as_text=True)
    assert "Trust board" in bad.get_data(as_text=True)
    saved = browser.post(f"/actions/{action.id}/recommendation",
                         data=form(action, addressed_to_id=str(trust.id), response="rejected",
                                   response_date="2026-08-01", decision_maker="Trust board",
                                   response_url="https://example.nhs.uk/response"))
    assert saved.status_code == 422 and "Enter the reasons the recommendation was rejected" in saved.get_data(as_text=True)
    saved = browser.post(f"/actions/{action.id}/recommendation",
                         data=form(action, addressed_to_id=str(trust.id), response="rejected",
                                   response_date="2026-08-01", response_text="The trust has no beds to spare",
                                   decision_maker="Trust board", response_url="https://example.nhs.uk/response"))
    assert saved.status_code == 303
    db.session.expire_all()
    details = db.session.get(Action, action.id).recommendation
    assert (details.addressed_to.name, details.decision_maker) == ("Hospitals NHS Trust", "Trust board")
    assert "Addressed to: none → Hospitals NHS Trust" in browser.get(f"/actions/{action.id}").get_data(as_text=True)
