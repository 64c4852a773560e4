"""Sessions end on the server: a copy of the cookie stops working when its session is
signed out, when the password changes, when the account is deactivated, and after a scrutiny
officer's "Sign out everywhere". Every sign-in gets a new session and a new CSRF secret."""
from __future__ import annotations

import pytest

from conftest import PASSWORD
from tracker.auth.sessions import end_sessions, live_sessions
from tracker.extensions import db
from tracker.models import PersonalToken, TokenKind, User


def _copy_cookie(browser, into):
    """A thief's copy of the session cookie, in another client."""
    into.client.set_cookie("session", browser.client.get_cookie("session").value)
    return into


def _signed_in(browser) -> bool:
    response = browser.get("/actions")
    return response.status_code == 200


@pytest.fixture
def officer(make):
    return make.user("officer", email="officer@example.gov.uk")


def test_signing_out_ends_the_session_for_a_copy_of_the_cookie(browser, other_browser, officer):
    browser.login(officer)
    copy = _copy_cookie(browser, other_browser)
    assert _signed_in(copy)
    assert browser.post("/logout").status_code == 303
    assert not _signed_in(copy)
    assert live_sessions(officer.id) == 0


def test_every_sign_in_is_a_new_session_with_a_new_csrf_secret(browser, other_browser, officer):
    before = browser.fetch_token("/login")
    planted = _copy_cookie(browser, other_browser)  # a cookie fixed before the victim signs in
    browser.login(officer)
    assert browser.token != before
    # The pre-sign-in cookie is not signed in, and the new token is not the old one.
    assert not _signed_in(planted)
    first = browser.client.get_cookie("session").value
    browser.post("/logout")
    browser.login(officer)
    assert browser.client.get_cookie("session").value != first
    assert live_sessions(officer.id) == 1


def test_a_deactivation_ends_every_session(browser, other_browser, make, officer):
    browser.login(officer)
    scrutiny = make.user("scrutiny")
    admin = other_browser.login(scrutiny)
    fields = {"name": officer.name, "email": officer.email, "role": "officer", "active": "y"}
    assert admin.post(f"/users/{officer.id}/edit", {**fields, "active": ""}).status_code == 303
    assert admin.post(f"/users/{officer.id}/edit", fields).status_code == 303
    assert not _signed_in(browser)
    assert db.session.get(User, officer.id).active


def test_changing_your_password_ends_your_other_sessions_but_not_this_one(browser, other_browser, officer):
    """(Scrutiny officers no longer set passwords: people change their own, or reset it;
    tests/test_accounts.py has the reset.)"""
    browser.login(officer)
    other_browser.login(officer)
    other_browser.fetch_token("/profile/password")
    changed = other_browser.post("/profile/password", {"current_password": PASSWORD, "password": "violet kettle harbour",
                                                       "confirm": "violet kettle harbour"})
    assert changed.status_code == 303
    assert not _signed_in(browser)
    assert _signed_in(other_browser)


def test_an_edit_that_changes_neither_keeps_the_sessions(browser, other_browser, make, officer):
    browser.login(officer)
    admin = other_browser.login(make.user("scrutiny"))
    fields = {"name": "Renamed", "email": officer.email, "role": "officer", "active": "y"}
    assert admin.post(f"/users/{officer.id}/edit", fields).status_code == 303
    assert _signed_in(browser)


def test_sign_out_everywhere_can_revoke_the_tokens_too(browser, other_browser, make, officer):
    browser.login(officer)
    PersonalToken.issue(officer, TokenKind.API, "Spreadsheet")
    PersonalToken.issue(officer, TokenKind.CALENDAR, "Calendar")
    db.session.commit()
    admin = other_browser.login(make.user("scrutiny"))
    page = admin.get(f"/users/{officer.id}/edit").get_data(as_text=True)
    assert "is signed in on 1 device" in page
    response = admin.post(f"/users/{officer.id}/sign-out-everywhere", {"revoke_tokens": "y"})
    assert response.status_code == 303
    assert not _signed_in(browser)
    assert all(not t.active for t in db.session.query(PersonalToken).filter_by(user_id=officer.id))
    page = admin.get(f"/users/{officer.id}/edit").get_data(as_text=True)
    assert "1 session ended, 2 API and calendar tokens revoked" in page


def test_end_sessions_can_keep_the_current_one(browser, other_browser, app, officer):
    browser.login(officer)
    other_browser.login(officer)
    with app.test_request_context():
        assert end_sessions(officer.id, except_current=False) == 2
        db.session.commit()
    assert not _signed_in(browser) and not _signed_in(other_browser)


def test_a_scrutiny_officer_signing_themself_out_everywhere_keeps_this_session(browser, other_browser, make):
    scrutiny = make.user("scrutiny")
    browser.login(scrutiny)
    other_browser.login(scrutiny)
    assert browser.post(f"/users/{scrutiny.id}/sign-out-everywhere", {}).status_code == 303
    assert _signed_in(browser) and not _signed_in(other_browser)
