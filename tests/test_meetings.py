"""Meetings: logging actions one after another, scheduling meetings, closing confirmed actions."""
from __future__ import annotations

import re
from datetime import date

import pytest

from tracker.extensions import db
from tracker.models import Action, AgendaItem, Meeting


@pytest.fixture
def setting(make):
    panel = make.committee("Stronger Communities Scrutiny Panel", slug="safety", code="SCSP")
    meeting = make.meeting(panel, on=date(2026, 6, 10))
    item = make.agenda_item(meeting, number="5", title="Crime reduction strategy - update")
    return dict(panel=panel, meeting=meeting, item=item, scrutiny=make.user("scrutiny"),
                officer=make.user("officer", name="Priya Shah", job_title="Head of Community Safety"))


def test_htmx_adds_actions_one_after_another(browser, setting):
    """Each add returns a fresh form with focus in it, and the actions table out of band."""
    browser.login(setting["scrutiny"])
    url = f"/meetings/{setting['meeting'].id}/actions"
    first = browser.post(url, {"description": "Circulate the briefing note", "kind": "commitment",
                               "owner_id": setting["officer"].id, "due_date": "2026-07-01",
                               "agenda_item_id": setting["item"].id}, htmx=True)
    second = browser.post(url, {"description": "Report progress to a future meeting", "kind": "resolution",
                                "owner_role": "Head of Community Safety", "due_next_meeting": "y"}, htmx=True)
    assert first.status_code == second.status_code == 200
    body = second.get_data(as_text=True)
    assert body.lstrip().startswith('<section id="add-action"')
    assert "Added SCSP 26/27-02" in body and 'autofocus' in body
    assert '<div id="meeting-actions" hx-swap-oob="true">' in body
    assert body.count('id="action-row-') == 2
    assert "Next meeting (not yet scheduled)" in body
    actions = db.session.scalars(db.select(Action).order_by(Action.id)).all()
    assert [(a.reference, a.kind, a.agenda_item_id) for a in actions] == [
        ("SCSP 26/27-01", "commitment", setting["item"].id), ("SCSP 26/27-02", "resolution", None)]


def test_without_javascript_adding_redirects_to_the_meeting(browser, setting):
    browser.login(setting["scrutiny"])
    response = browser.post(f"/meetings/{setting['meeting'].id}/actions",
                            {"description": "Provide figures", "kind": "commitment", "owner_role": "Chief Inspector"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/meetings/{setting['meeting'].id}#actions"


@pytest.mark.parametrize("htmx", [True, False])
def test_form_errors_are_shown_next_to_fields_with_the_input_kept(browser, setting, snapshot, htmx):
    browser.login(setting["scrutiny"])
    before = snapshot()
    response = browser.post(f"/meetings/{setting['meeting'].id}/actions",
                            {"description": "", "kind": "commitment", "owner_role": "Chief Inspector",
                             "due_date": "31/02/2027"}, htmx=htmx)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in body
    assert "Enter what must be done" in body
    assert "Enter a real date, like 2027-01-31" in body
    assert 'value="Chief Inspector"' in body and 'value="31/02/2027"' in body
    assert snapshot() == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"description": "x", "kind": "commitment"}, "Choose an owner or type the owner"),
        ({"description": "x", "kind": "wish", "owner_role": "y"}, "Not a valid choice"),
        ({"description": "x", "kind": "commitment", "owner_id": "99999"}, "Choose an owner from the list"),
        ({"description": "x", "kind": "commitment", "owner_id": "abc"}, "Choose an owner from the list"),
        ({"description": "x", "kind": "commitment", "owner_role": "y", "agenda_item_id": "-1"}, "Choose an agenda item of this meeting"),
        ({"description": "x", "kind": "commitment", "owner_role": "y", "due_date": "2027-01-01", "due_next_meeting": "y"}, "not both"),
        ({"description": "x", "kind": "commitment", "owner_role": "y", "due_date": "1066-10-14"}, "between 2000 and 2100"),
        ({"description": "x" * 2001, "kind": "commitment", "owner_role": "y"}, "2000 characters or fewer"),
    ],
)
def test_bad_action_input_gets_422_and_a_specific_message(browser, setting, snapshot, data, message):
    browser.login(setting["scrutiny"])
    before = snapshot()
    response = browser.post(f"/meetings/{setting['meeting'].id}/actions", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert snapshot() == before


def test_scheduling_a_meeting_sets_next_meeting_due_dates(browser, setting, make):
    """No manual step: the action due "at the next meeting" takes the new meeting's date."""
    action = make.action(setting["meeting"], due_next_meeting=True)
    assert action.due_date is None
    browser.login(setting["scrutiny"])
    response = browser.post("/committees/safety/meetings/new", {"date": "2026-09-16", "time": "18:30", "status": "scheduled", "venue": "Civic Centre"})
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Action, action.id).due_date == date(2026, 9, 16)
    page = browser.get(f"/actions/{action.id}").get_data(as_text=True)
    assert "Next meeting, 16 Sep 2026" in page

    # Moving it moves the due date; cancelling it puts the action back to "not yet scheduled".
    new_meeting = db.session.scalar(db.select(Meeting).where(Meeting.starts_at > setting["meeting"].starts_at))
    browser.post(f"/meetings/{new_meeting.id}/edit", {"date": "2026-09-23", "time": "18:30", "status": "scheduled"})
    db.session.expire_all()
    assert db.session.get(Action, action.id).due_date == date(2026, 9, 23)
    browser.post(f"/meetings/{new_meeting.id}/edit", {"date": "2026-09-23", "time": "18:30", "status": "cancelled"})
    db.session.expire_all()
    assert db.session.get(Action, action.id).due_date is None


@pytest.mark.parametrize(
    "data, message",
    [
        ({"date": "", "time": "18:00", "status": "scheduled"}, "Enter the date of the meeting"),
        ({"date": "2026-13-01", "time": "18:00", "status": "scheduled"}, "Enter a real date"),
        ({"date": "2026-12-01", "time": "25:00", "status": "scheduled"}, "Enter the start time as hours and minutes"),
        ({"date": "2026-12-01", "time": "18:00", "status": "postponed"}, "Choose scheduled, held or cancelled"),
        ({"date": "2026-12-01", "time": "18:00", "status": "scheduled", "minutes_url": "javascript:alert(1)"}, "starting with https://"),
    ],
)
def test_bad_meeting_input_gets_422(browser, setting, snapshot, data, message):
    browser.login(setting["scrutiny"])
    before = snapshot()
    response = browser.post("/committees/safety/meetings/new", data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert snapshot() == before


def test_closing_the_actions_a_meeting_confirmed(browser, setting, make):
    done = make.action(setting["meeting"], status="completed")
    also_done = make.action(setting["meeting"], status="completed")
    later = make.meeting(setting["panel"], on=date(2026, 9, 16))
    browser.login(setting["scrutiny"])
    page = browser.get(f"/meetings/{later.id}").get_data(as_text=True)
    assert done.reference in page and "awaiting confirmation" in page
    response = browser.post(f"/meetings/{later.id}/close-actions", {"action_ids": [str(done.id)]})
    assert response.status_code == 303
    db.session.expire_all()
    closed = db.session.get(Action, done.id)
    assert (closed.status, closed.closed_at_meeting_id) == ("closed", later.id)
    assert db.session.get(Action, also_done.id).status == "completed"
    assert "Closed 1 action" in browser.get(response.headers["Location"]).get_data(as_text=True)
    # Closed actions leave the outstanding list.
    assert done.reference not in browser.get("/actions").get_data(as_text=True)


@pytest.mark.parametrize("ids", [[], ["abc"], ["99999"]])
def test_closing_with_bad_selection_is_refused(browser, setting, make, snapshot, ids):
    make.action(setting["meeting"], status="completed")
    browser.login(setting["scrutiny"])
    before = snapshot()
    response = browser.post(f"/meetings/{setting['meeting'].id}/close-actions", {"action_ids": ids})
    assert response.status_code == 422
    assert snapshot() == before


def test_adding_an_agenda_item(browser, setting):
    browser.login(setting["scrutiny"])
    response = browser.post(f"/meetings/{setting['meeting'].id}/agenda-items",
                            {"number": "6", "title": "Safer City Partnership performance", "presenter": "Chief Inspector"})
    assert response.status_code == 303
    titles = db.session.scalars(db.select(AgendaItem.title).order_by(AgendaItem.id)).all()
    assert titles == ["Crime reduction strategy - update", "Safer City Partnership performance"]


def test_committee_page_lists_meetings_and_outstanding_actions(browser, setting, make):
    open_action = make.action(setting["meeting"], description="Open one")
    closed = make.action(setting["meeting"], description="Closed one", status="closed")
    browser.login(make.user("member"))
    body = browser.get("/committees/safety").get_data(as_text=True)
    assert open_action.reference in body and closed.reference not in body
    assert "10 June 2026" in body


def test_committee_slug_and_code_must_be_unique(browser, setting, snapshot):
    browser.login(setting["scrutiny"])
    before = snapshot()
    response = browser.post("/committees/new", {"name": "Another", "slug": "safety", "code": "SCSP"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "already uses this web address name" in body and "already uses this reference code" in body
    assert snapshot() == before


def test_committees_list_counts(browser, setting, make):
    make.action(setting["meeting"], due=date(2020, 1, 1))
    browser.login(make.user("member"))
    body = browser.get("/committees").get_data(as_text=True)
    cells = re.findall(r'govuk-table__cell--numeric">(?:<a[^>]*>)?(\d+)', body)
    assert cells == ["1", "1"]
