"""The one-click update link in a reminder: the owner sets a status and adds a note without
signing in. Every way a link can be wrong is refused with a clear page and changes nothing."""
from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine

from tracker.actions.rules import edit_action
from tracker.email_links import make_link
from tracker.extensions import db
from tracker.models import Action, Update

SENT = datetime(2026, 11, 9, 7, 0)


@pytest.fixture
def world(make):
    meeting = make.meeting(make.committee("Stronger Communities Scrutiny Panel", slug="safety", code="SCSP"),
                           on=date(2026, 10, 1))
    priya = make.user("officer", name="Priya Shah")
    return dict(
        priya=priya,
        scrutiny=make.user("scrutiny", name="Sam Okafor"),
        action=make.action(meeting, owner=priya, due=date(2026, 11, 30), description="Circulate the knife crime briefing"),
        other=make.action(meeting, owner=priya, due=date(2026, 12, 30), description="Share the training plan"),
    )


def link(action) -> str:
    with time_machine.travel(SENT, tick=False):
        return f"/update/{action.id}/{make_link(action)}"


def save(browser, url, **fields):
    """Open the link's page (which sets up the CSRF token, like a browser) and submit the form."""
    page = browser.get(url)
    if page.status_code == 200:
        browser.fetch_token(url)
    data = {"status": "in_progress", "note": "Briefing drafted; out on Friday", "version": fields.pop("version", None)}
    if data["version"] is None:
        data["version"] = str(db.session.get(Action, int(url.split("/")[2])).version)
    data.update(fields)
    return browser.post(url, data=data)


def test_the_owner_updates_from_the_link_without_signing_in(browser, world, snapshot):
    url = link(world["action"])
    before = snapshot()
    page = browser.get(url)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Update SCSP" in body and "Circulate the knife crime briefing" in body
    assert page.headers["Cache-Control"] == "no-store"
    assert snapshot() == before  # opening the link (as a mail scanner would) changes nothing

    response = save(browser, url)
    assert response.status_code == 303 and response.headers["Location"] == "/update/done"
    assert "SCSP" in browser.get("/update/done").get_data(as_text=True)
    action = db.session.get(Action, world["action"].id)
    latest = action.updates[0]
    assert action.status == "in_progress"
    assert (latest.author_id, latest.via, latest.note) == (world["priya"].id, "email link", "Briefing drafted; out on Friday")


def test_the_history_says_by_email_link(browser, world):
    assert save(browser, link(world["action"])).status_code == 303
    browser.login(world["scrutiny"])
    page = browser.get(f"/actions/{world['action'].id}").get_data(as_text=True)
    assert "Priya Shah (by email link)" in page


def refused(response, status, title, snapshot_before, snapshot):
    body = response.get_data(as_text=True)
    assert response.status_code == status, body[:300]
    assert title in body and "Nothing has been changed." in body
    assert snapshot() == snapshot_before


def test_a_used_link_is_refused(browser, world, snapshot):
    url = link(world["action"])
    assert save(browser, url).status_code == 303
    before = snapshot()
    refused(browser.get(url), 410, "This link has already been used", before, snapshot)
    refused(browser.post(url, data={"status": "completed", "note": "Again", "version": "2"}), 410,
            "This link has already been used", before, snapshot)


def test_an_expired_link_is_refused(browser, world, snapshot):
    url = link(world["action"])
    with time_machine.travel(SENT + timedelta(days=13, hours=23), tick=False):
        assert browser.get(url).status_code == 200
    before = snapshot()
    with time_machine.travel(SENT + timedelta(days=14, minutes=1), tick=False):
        refused(browser.get(url), 410, "This link has expired", before, snapshot)


@pytest.mark.parametrize("damage", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature changed
    lambda token: token.split(".")[0],  # cut short
    lambda token: "x" + token,  # payload changed
])
def test_a_tampered_link_is_refused(browser, world, snapshot, damage):
    prefix, token = link(world["action"]).rsplit("/", 1)
    before = snapshot()
    refused(browser.get(f"{prefix}/{damage(token)}"), 400, "This link is not valid", before, snapshot)


def test_a_link_for_another_action_is_refused(browser, world, snapshot):
    token = link(world["action"]).rsplit("/", 1)[1]
    before = snapshot()
    refused(browser.get(f"/update/{world['other'].id}/{token}"), 400, "This link is for a different action",
            before, snapshot)


@pytest.mark.parametrize("status", ["closed", "withdrawn", "anything"])
def test_only_the_statuses_an_officer_may_set(browser, world, snapshot, status):
    url = link(world["action"])
    browser.fetch_token(url)
    before = snapshot()
    response = save(browser, url, status=status, note="Kept for you")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Choose open, in progress, deferred or completed" in body and "Kept for you" in body
    assert snapshot() == before
    assert browser.get(url).status_code == 200  # a refused save does not use the link up


def test_a_link_stops_working_when_the_owner_changes(browser, world, make, snapshot):
    url = link(world["action"])
    action = world["action"]
    edit_action(action, world["scrutiny"], action.version, owner_id=make.user("officer").id)
    db.session.commit()
    browser.fetch_token("/login")
    before = snapshot()
    refused(browser.get(url), 403, "This action has a new owner", before, snapshot)
    refused(browser.post(url, data={"status": "completed", "version": str(action.version)}), 403,
            "This action has a new owner", before, snapshot)


def test_a_closed_action_cannot_be_updated_from_a_link(browser, world, snapshot):
    url = link(world["action"])
    action = world["action"]
    action.status, action.closed_at_meeting_id = "closed", action.meeting_id
    db.session.commit()
    before = snapshot()
    refused(browser.get(url), 409, "is closed", before, snapshot)


def test_csrf_still_applies(browser, world, snapshot):
    url = link(world["action"])
    browser.get(url)
    before = snapshot()
    response = browser.post(url, data={"status": "completed", "version": str(world["action"].version)}, csrf=False)
    assert response.status_code == 400
    assert snapshot() == before


def test_a_save_from_an_out_of_date_page_keeps_the_note(browser, world):
    url = link(world["action"])
    old_version = world["action"].version
    assert save(browser, link(world["action"]), status="deferred", note="First").status_code == 303
    response = save(browser, url, version=str(old_version), note="Second thoughts")
    assert response.status_code == 409 and "Second thoughts" in response.get_data(as_text=True)
    assert db.session.query(Update).filter_by(via="email link").count() == 1
