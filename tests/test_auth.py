"""Signing in and out."""
from __future__ import annotations

import pytest

from conftest import PASSWORD


@pytest.fixture
def officer(make):
    return make.user("officer", email="Priya.Shah@Council.gov.uk")


def _login(browser, email, password, next_url=""):
    browser.fetch_token("/login")
    return browser.post("/login", {"email": email, "password": password, "next": next_url})


def test_sign_in_is_case_insensitive_on_email(browser, officer):
    response = _login(browser, "PRIYA.SHAH@council.gov.uk", PASSWORD)
    assert response.status_code == 303
    assert browser.get("/actions").status_code == 200


def test_unknown_email_and_wrong_password_get_the_same_message(browser, officer):
    unknown = _login(browser, "nobody@council.gov.uk", PASSWORD)
    wrong = _login(browser, officer.email, "not-the-password")
    assert unknown.status_code == wrong.status_code == 401
    message = "Enter a correct email address and password"
    assert message in unknown.get_data(as_text=True) and message in wrong.get_data(as_text=True)


def test_a_deactivated_account_cannot_sign_in(browser, make):
    user = make.user("officer", active=False)
    assert _login(browser, user.email, PASSWORD).status_code == 401


def test_empty_fields_get_their_own_messages(browser):
    response = _login(browser, "", "")
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter your email address" in body and "Enter your password" in body


def test_next_goes_back_to_the_page_asked_for(browser, officer):
    response = _login(browser, officer.email, PASSWORD, "/committees")
    assert response.headers["Location"] == "/committees"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"])
def test_next_cannot_leave_the_site(browser, officer, target):
    response = _login(browser, officer.email, PASSWORD, target)
    assert response.headers["Location"] == "/actions"


def test_logging_out_ends_the_session(browser, officer):
    browser.login(officer)
    assert browser.post("/logout").status_code == 303
    assert browser.get("/actions").status_code in (302, 303)


def test_logout_needs_post(browser, officer):
    browser.login(officer)
    response = browser.get("/logout")
    assert response.status_code == 405 and "POST" in response.headers["Allow"].split(", ")


def test_officers_start_at_their_own_actions(browser, officer, make):
    """The home page puts an officer's own actions first; "My actions" stays a link away."""
    browser.login(officer)
    home = browser.get("/").get_data(as_text=True)
    assert 'id="your-actions"' in home and 'href="/actions?owner=me"' in home
    member = browser.__class__(browser.client.application.test_client(), browser.app).login(make.user("member"))
    assert 'id="your-actions"' not in member.get("/").get_data(as_text=True)
