"""One rule for exempt (confidential) actions: their details are for the committee's members,
its scrutiny officers and the action's owner. Everyone else, on every page, fragment, search,
export and the API, sees the reference, committee, due date and status, and "Exempt: details
restricted"; the one-click update link shows the reference only until its holder signs in."""
from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import select

from tracker.actions.rules import change_status
from tracker.committees import membership
from tracker.email_links import make_link
from tracker.extensions import db
from tracker.models import Action, PersonalToken, TokenKind
from tracker.permissions import EXEMPT_RESTRICTED, exempt_access

SECRET = "Settle the Acme contract dispute"
NOTE = "Acme have offered forty thousand"


@pytest.fixture
def world(make):
    panel = make.committee("Audit Committee", slug="audit", code="AUD")
    meeting = make.meeting(panel, on=date(2026, 10, 1))
    owner = make.user("officer", name="Priya Shah")
    action = make.action(meeting, owner=owner, exempt=True, description=SECRET, due=date(2026, 12, 30))
    change_status(action, owner, "in_progress", NOTE, action.version)
    db.session.commit()
    sitting, other_member = make.user("member", name="Cllr Sitting"), make.user("member", name="Cllr Elsewhere")
    membership.add_member(panel, sitting, None)
    db.session.commit()
    return dict(panel=panel, action=action, owner=owner, sitting=sitting, other_member=other_member,
                other_officer=make.user("officer", name="Omar Other"), scrutiny=make.user("scrutiny"))


ENTITLED = ["owner", "sitting", "scrutiny"]
NOT_ENTITLED = ["other_member", "other_officer"]


@pytest.mark.parametrize("who", ENTITLED + NOT_ENTITLED)
def test_the_rule_decides_alike_for_a_row_and_in_sql(world, who):
    access = exempt_access(world[who])
    readable = db.session.scalars(select(Action.id).where(access.clause())).all()
    assert access.may_read(world["action"]) is (who in ENTITLED)
    assert (world["action"].id in readable) is (who in ENTITLED)


@pytest.mark.parametrize("who", ENTITLED + NOT_ENTITLED)
def test_pages_and_fragments_show_details_only_to_those_entitled(browser, world, who):
    browser.login(world[who])
    action = world["action"]
    pages = {
        "action page": browser.get(f"/actions/{action.id}"),
        "action list": browser.get("/actions?committee=audit"),
        "list fragment": browser.get("/actions?committee=audit", htmx=True, headers={"HX-Target": "action-list"}),
        "committee page": browser.get("/committees/audit"),
        "meeting page": browser.get(f"/meetings/{action.meeting_id}"),
    }
    for what, response in pages.items():
        body = response.get_data(as_text=True)
        assert response.status_code == 200, what
        assert action.reference in body, what
        if who in ENTITLED:
            assert SECRET in body, what
        else:
            assert SECRET not in body and NOTE not in body, what
            assert EXEMPT_RESTRICTED in body, what


@pytest.mark.parametrize("who", ENTITLED + NOT_ENTITLED)
def test_search_finds_exempt_words_only_for_those_entitled(browser, world, who):
    browser.login(world[who])
    body = browser.get("/actions?q=Acme").get_data(as_text=True)
    assert (world["action"].reference in body) is (who in ENTITLED)


@pytest.mark.parametrize("who", ENTITLED + NOT_ENTITLED)
def test_downloads_and_the_api_follow_the_same_rule(app, browser, world, who):
    browser.login(world[who])
    sheet = load_workbook(io.BytesIO(browser.get("/actions/export.xlsx").data)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert (SECRET in cells) is (who in ENTITLED)
    _token, secret = PersonalToken.issue(world[who], TokenKind.API, "Dashboard")
    db.session.commit()
    with app.app_context():
        response = app.test_client().get("/api/v1/actions", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert (SECRET in response.get_data(as_text=True)) is (who in ENTITLED)


def test_the_one_click_link_shows_an_exempt_action_by_reference_only(browser, world):
    action = world["action"]
    with time_machine.travel(date(2026, 11, 20), tick=False):
        url = f"/update/{action.id}/{make_link(action)}"
    with time_machine.travel(date(2026, 11, 21), tick=False):
        body = browser.get(url).get_data(as_text=True)
    assert action.reference in body and SECRET not in body
    assert EXEMPT_RESTRICTED in body and "Sign in to read it" in body
