"""Calendar feeds: a committee's meetings, and each person's private, revocable feed of due dates."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from icalendar import Calendar
from sqlalchemy import select

from tracker.extensions import db
from tracker.models import PersonalToken


@pytest.fixture
def council(make):
    panel = make.committee("Stronger Communities Scrutiny Panel", slug="stronger-communities", code="SCSP")
    priya = make.user("officer", name="Priya Shah")
    june = make.meeting(panel, on=date(2026, 6, 10), venue="Committee Room 1")
    make.meeting(panel, on=date(2026, 9, 9), status="cancelled")
    a = dict(
        due=make.action(june, owner=priya, due=date(2026, 12, 1), description="Circulate the knife crime briefing note"),
        secret=make.action(june, owner=priya, due=date(2027, 1, 5), exempt=True, description="Settle the Acme contract dispute"),
        done=make.action(june, owner=priya, due=date(2026, 8, 1), status="completed", description="Report the survey"),
        undated=make.action(june, owner=priya, description="No date yet"),
        others=make.action(june, owner_role="Chief Inspector", due=date(2026, 12, 2), description="Someone else's"),
    )
    return dict(panel=panel, priya=priya, june=june, actions=a)


def events(data: bytes):
    return Calendar.from_ical(data).walk("VEVENT")


def test_a_committees_meetings_feed(browser, make, council):
    browser.login(make.user("member"))
    response = browser.get("/committees/stronger-communities/meetings.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    found = events(response.data)
    assert len(found) == 2
    june, september = found
    assert june["SUMMARY"] == "Stronger Communities Scrutiny Panel"
    assert june["LOCATION"] == "Committee Room 1"
    assert june.decoded("DTSTART") == datetime(2026, 6, 10, 18, 0, tzinfo=june.decoded("DTSTART").tzinfo)
    assert str(june.decoded("DTSTART").tzinfo) == "Europe/London"
    assert september["STATUS"] == "CANCELLED"
    assert b"BEGIN:VTIMEZONE" in response.data


def test_the_meetings_feed_needs_sign_in_unless_the_public_log_is_on(app, council):
    client = app.test_client()
    db.session.commit()
    with app.app_context():
        assert client.get("/committees/stronger-communities/meetings.ics").status_code in (302, 303)
    app.config["TRACKER_PUBLIC_ACTION_LOG"] = True
    try:
        with app.app_context():
            response = client.get("/committees/stronger-communities/meetings.ics")
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "public, max-age=900"
    finally:
        app.config["TRACKER_PUBLIC_ACTION_LOG"] = False


def _make_link(browser) -> str:
    response = browser.post("/profile/calendar")
    assert response.status_code == 201
    return re.search(r'id="new-calendar">https?://[^/]+(/calendar/cal_[^<]+\.ics)<', response.get_data(as_text=True)).group(1)


def test_my_private_feed_has_my_live_dated_actions(app, browser, council):
    browser.login(council["priya"])
    link = _make_link(browser)
    client = app.test_client()  # a calendar app: no cookies
    with app.app_context():
        response = client.get(link)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    found = {str(e["SUMMARY"]): e for e in events(response.data)}
    a = council["actions"]
    assert set(found) == {f"Due: {a['due'].reference} Circulate the knife crime briefing note",
                          f"Due: {a['secret'].reference} (exempt action)"}
    due = found[f"Due: {a['due'].reference} Circulate the knife crime briefing note"]
    assert due.decoded("DTSTART") == date(2026, 12, 1)
    assert b"Acme" not in response.data  # exempt actions by reference only


def test_replacing_or_turning_off_the_link_stops_the_old_one(app, browser, council):
    browser.login(council["priya"])
    first = _make_link(browser)
    second = _make_link(browser)
    client = app.test_client()
    with app.app_context():
        assert client.get(first).status_code == 404
        assert client.get(second).status_code == 200
    assert browser.post("/profile/calendar/revoke").status_code == 303
    with app.app_context():
        assert client.get(second).status_code == 404
    assert db.session.scalar(select(PersonalToken).where(PersonalToken.revoked_at.is_(None))) is None


@pytest.mark.parametrize("secret", ["nope", "sat_" + "x" * 43, "x" * 300])
def test_unknown_calendar_links_are_404(app, council, secret):
    db.session.commit()
    with app.app_context():
        assert app.test_client().get(f"/calendar/{secret}.ics").status_code == 404


def test_an_api_token_does_not_open_a_calendar(app, council):
    from tracker.models import TokenKind

    _token, secret = PersonalToken.issue(council["priya"], TokenKind.API, "x")
    db.session.commit()
    with app.app_context():
        assert app.test_client().get(f"/calendar/{secret}.ics").status_code == 404
