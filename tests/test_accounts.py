"""Invitations, password resets and changing your own password, with the emails sent through
a real SMTP server on loopback (conftest's inbox) and their links followed."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from conftest import BASE_URL, PASSWORD, Browser, free_port
from tracker.auth.passwords import password_problem
from tracker.extensions import db
from tracker.models import User

NEW_PASSWORD = "violet kettle harbour"
LINK = re.compile(re.escape(BASE_URL) + r"(/password/new/[\w-]+)")


def only_link(message) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    links = LINK.findall(text)
    assert len(links) == 1 and LINK.findall(html) == links
    return links[0]


def set_password(browser, path, password=NEW_PASSWORD, confirm=None):
    browser.fetch_token(path)
    return browser.post(path, {"password": password, "confirm": password if confirm is None else confirm})


def signed_in(browser) -> bool:
    return browser.get("/profile").status_code == 200


def sign_in(browser, email, password):
    """Signs in from a browser of its own, whoever `browser` has signed in."""
    fresh = Browser(browser.app.test_client(), browser.app)
    fresh.fetch_token("/login")
    return fresh.post("/login", {"email": email, "password": password})


# ------------------------------------------------------------------ the password rules

@pytest.mark.parametrize("password, problem", [
    ("short-one", "Password must be at least 10 characters"),
    ("1234567890", "This is one of the most commonly used passwords"),
    ("Football2024", "This is one of the most commonly used passwords"),  # a common word and digits
    ("QWERTYUIOP", "This is one of the most commonly used passwords"),  # any case
    ("aaaaaaaaaaaa", "Password must not be one or two characters repeated"),
    ("priya.shah.council", None),
    ("priyashah1", None),
    ("Priya Shah", "Password must not be your name or email address"),
    ("x" * 201, "Password must be 200 characters or fewer"),
    (NEW_PASSWORD, None),
])
def test_new_passwords_are_long_enough_and_not_common(password, problem):
    found = password_problem(password, email="priya.shah@council.gov.uk", name="Priya Shah")
    assert (found or None) == problem or (problem and found.startswith(problem))


# ------------------------------------------------------------------ invitations

@pytest.fixture
def scrutiny(make):
    return make.user("scrutiny", name="Sam Okafor", email="sam@council.gov.uk")


def invite(browser, scrutiny, email="priya.shah@council.gov.uk"):
    browser.login(scrutiny)
    browser.fetch_token("/users/new")
    return browser.post("/users/new", {"name": "Priya Shah", "email": email, "job_title": "Head of Community Safety",
                                       "role": "officer", "active": "y"})


def test_an_invited_person_sets_their_password_from_the_email_and_is_signed_in(browser, other_browser, scrutiny, inbox):
    response = invite(browser, scrutiny)
    assert response.status_code == 303
    assert "Invitation sent to priya.shah@council.gov.uk" in browser.get("/users").get_data(as_text=True)
    priya = db.session.scalar(select(User).where(User.email == "priya.shah@council.gov.uk"))
    assert priya.has_password is False
    [message] = inbox.to("priya.shah@council.gov.uk")
    assert message["Subject"].startswith("Your account on the scrutiny action tracker")
    path = only_link(message)

    page = other_browser.get(path)
    assert page.status_code == 200 and "Set your password" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    assert set_password(other_browser, path).status_code == 303
    assert signed_in(other_browser)
    assert sign_in(browser, "Priya.Shah@council.gov.uk", NEW_PASSWORD).status_code == 303


def test_an_invited_person_cannot_sign_in_before_setting_a_password(browser, scrutiny, inbox):
    invite(browser, scrutiny)
    assert sign_in(browser, "priya.shah@council.gov.uk", "").status_code == 400
    assert sign_in(browser, "priya.shah@council.gov.uk", "anything-at-all").status_code == 401


def test_a_used_invitation_is_refused(browser, other_browser, scrutiny, inbox):
    invite(browser, scrutiny)
    path = only_link(inbox.messages[0][1])
    set_password(other_browser, path)
    again = other_browser.get(path)
    assert again.status_code == 410
    assert "This link has already been used" in again.get_data(as_text=True)
    # The form cannot be replayed either: the password stays the one first set.
    set_password(other_browser, path, password="another sound password")
    assert sign_in(browser, "priya.shah@council.gov.uk", "another sound password").status_code == 401


def test_an_invitation_works_for_seven_days(browser, other_browser, scrutiny, inbox):
    start = datetime(2026, 11, 2, 9, 0)
    with time_machine.travel(start, tick=False):
        invite(browser, scrutiny)
    path = only_link(inbox.messages[0][1])
    with time_machine.travel(start + timedelta(days=7, seconds=-60), tick=False):
        assert other_browser.get(path).status_code == 200
    with time_machine.travel(start + timedelta(days=7, seconds=1), tick=False):
        expired = other_browser.get(path)
        assert expired.status_code == 410
        assert "The link worked for 7 days" in expired.get_data(as_text=True)
        assert set_password(other_browser, path).status_code == 410
    assert db.session.scalar(select(User).where(User.email == "priya.shah@council.gov.uk")).has_password is False


def test_resending_an_invitation_replaces_the_link(browser, other_browser, scrutiny, inbox):
    invite(browser, scrutiny)
    first = only_link(inbox.messages[0][1])
    priya = db.session.scalar(select(User).where(User.email == "priya.shah@council.gov.uk"))
    browser.fetch_token("/users")
    assert browser.post(f"/users/{priya.id}/invitation").status_code == 303
    second = only_link(inbox.messages[1][1])
    assert first != second
    assert other_browser.get(first).status_code == 410
    assert set_password(other_browser, second).status_code == 303


def test_a_new_password_is_checked_and_what_was_typed_in_the_other_field_kept(browser, other_browser, scrutiny, inbox):
    invite(browser, scrutiny)
    path = only_link(inbox.messages[0][1])
    common = set_password(other_browser, path, password="1234567890", confirm="my confirmation typed")
    body = common.get_data(as_text=True)
    assert common.status_code == 422
    assert "This is one of the most commonly used passwords" in body
    assert 'value="my confirmation typed"' in body and 'value="1234567890"' not in body
    short = set_password(other_browser, path, password="short", confirm="short")
    assert "Password must be at least 10 characters" in short.get_data(as_text=True)
    mismatch = set_password(other_browser, path, password=NEW_PASSWORD, confirm=NEW_PASSWORD + "x")
    body = mismatch.get_data(as_text=True)
    assert "The passwords do not match" in body and f'value="{NEW_PASSWORD}"' in body
    assert not signed_in(other_browser)


def test_an_invitation_that_cannot_be_sent_says_so_and_keeps_the_account(browser, scrutiny, monkeypatch, app):
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
    assert invite(browser, scrutiny).status_code == 303
    page = browser.get("/users").get_data(as_text=True)
    assert "could not be sent" in page and "Resend invitation" in page
    assert db.session.scalar(select(User).where(User.email == "priya.shah@council.gov.uk")) is not None


def test_the_invite_command_sends_the_invitation_and_prints_the_link(runner, ctx, inbox, browser):
    result = runner.invoke(args=["user", "invite", "Tom.Bryant@Council.gov.uk", "--name", "Tom Bryant",
                                 "--role", "officer", "--job-title", "Housing Manager"])
    assert result.exit_code == 0, result.output
    printed = LINK.findall(result.output)
    [message] = inbox.to("tom.bryant@council.gov.uk")
    assert printed == [only_link(message)]
    assert "Invitation emailed to tom.bryant@council.gov.uk" in result.output
    assert set_password(browser, printed[0]).status_code == 303
    tom = db.session.scalar(select(User).where(User.email == "tom.bryant@council.gov.uk"))
    assert (tom.role, tom.job_title) == ("officer", "Housing Manager")


# ------------------------------------------------------------------ password resets

@pytest.fixture
def priya(make):
    return make.user("officer", name="Priya Shah", email="priya@council.gov.uk")


def ask_for_reset(browser, email):
    browser.fetch_token("/password/reset")
    return browser.post("/password/reset", {"email": email})


def test_the_sign_in_page_offers_a_reset(browser):
    assert 'href="/password/reset"' in browser.get("/login").get_data(as_text=True)


def test_known_and_unknown_emails_get_the_same_page(browser, priya, inbox):
    known = ask_for_reset(browser, "Priya@Council.gov.uk")
    unknown = ask_for_reset(browser, "nobody@council.gov.uk")
    assert known.status_code == unknown.status_code == 200

    def page(response, email):
        body = response.get_data(as_text=True).replace(email, "EMAIL")
        return re.sub(r'(nonce|content)="[^"]*"', "", body)  # per-request values

    assert page(known, "priya@council.gov.uk") == page(unknown, "nobody@council.gov.uk")
    assert "Check your email" in known.get_data(as_text=True)
    assert len(inbox.to("priya@council.gov.uk")) == 1 and inbox.to("nobody@council.gov.uk") == []


def test_a_reset_sets_a_new_password_and_signs_in(browser, other_browser, priya, inbox):
    ask_for_reset(browser, priya.email)
    [message] = inbox.to(priya.email)
    assert message["Subject"].startswith("Reset your password")
    path = only_link(message)
    page = other_browser.get(path).get_data(as_text=True)
    assert "Choose a new password" in page
    assert set_password(other_browser, path).status_code == 303
    assert signed_in(other_browser)
    assert sign_in(browser, priya.email, PASSWORD).status_code == 401
    assert sign_in(browser, priya.email, NEW_PASSWORD).status_code == 303
    assert other_browser.get(path).status_code == 410


def test_a_reset_link_works_for_an_hour(browser, other_browser, priya, inbox):
    start = datetime(2026, 11, 2, 9, 0)
    with time_machine.travel(start, tick=False):
        ask_for_reset(browser, priya.email)
    path = only_link(inbox.messages[0][1])
    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        assert other_browser.get(path).status_code == 200
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        expired = other_browser.get(path)
        assert expired.status_code == 410 and "one hour" in expired.get_data(as_text=True)
        assert set_password(other_browser, path).status_code == 410
    assert sign_in(browser, priya.email, PASSWORD).status_code == 303


def test_a_newer_reset_link_replaces_the_older(browser, other_browser, priya, inbox):
    ask_for_reset(browser, priya.email)
    ask_for_reset(browser, priya.email)
    first, second = (only_link(m) for m in inbox.to(priya.email))
    assert other_browser.get(first).status_code == 410
    assert other_browser.get(second).status_code == 200


def test_a_made_up_link_is_refused(browser, priya):
    response = browser.get("/password/new/" + "A" * 43)
    assert response.status_code == 404 and "This link is not valid" in response.get_data(as_text=True)


def test_a_deactivated_account_gets_no_reset_and_its_old_link_stops(browser, other_browser, priya, inbox):
    ask_for_reset(browser, priya.email)
    path = only_link(inbox.messages[0][1])
    priya.active = False
    db.session.commit()
    assert other_browser.get(path).status_code == 403
    assert ask_for_reset(browser, priya.email).status_code == 200
    assert len(inbox.to(priya.email)) == 1


def test_one_account_is_sent_at_most_three_resets_an_hour(browser, priya, inbox):
    answers = [ask_for_reset(browser, priya.email).status_code for _ in range(5)]
    assert answers == [200] * 5  # the same page: the limit says nothing about the account
    assert len(inbox.to(priya.email)) == 3


def test_one_address_may_ask_ten_times_an_hour(browser, inbox):
    answers = [ask_for_reset(browser, f"person{n}@council.gov.uk").status_code for n in range(11)]
    assert answers == [200] * 10 + [429]
    assert "too many requests for password reset links" in ask_for_reset(browser, "x@council.gov.uk").get_data(as_text=True)


def test_a_reset_request_needs_a_real_email_address(browser, inbox):
    response = ask_for_reset(browser, "not an email")
    assert response.status_code == 400
    assert "Enter an email address in the correct format" in response.get_data(as_text=True)
    assert inbox.messages == []


# ------------------------------------------------------------------ changing your own password

def change(browser, current, new, confirm=None):
    browser.fetch_token("/profile/password")
    return browser.post("/profile/password", {"current_password": current, "password": new,
                                              "confirm": new if confirm is None else confirm})


def test_people_change_their_own_password_with_the_current_one(browser, other_browser, priya):
    browser.login(priya)
    assert 'href="/profile/password"' in browser.get("/profile").get_data(as_text=True)
    assert change(browser, PASSWORD, NEW_PASSWORD).status_code == 303
    assert sign_in(other_browser, priya.email, PASSWORD).status_code == 401
    assert sign_in(other_browser, priya.email, NEW_PASSWORD).status_code == 303


def test_a_wrong_current_password_is_refused_keeping_the_new_one_typed(browser, priya):
    browser.login(priya)
    response = change(browser, "not my password", NEW_PASSWORD)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Your current password is not right" in body
    assert f'value="{NEW_PASSWORD}"' in body and 'value="not my password"' not in body
    assert db.session.get(User, priya.id).check_password(PASSWORD)


def test_a_common_new_password_is_refused_keeping_the_current_one_typed(browser, priya):
    browser.login(priya)
    response = change(browser, PASSWORD, "password1234")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This is one of the most commonly used passwords" in body
    assert f'value="{PASSWORD}"' in body
    assert change(browser, PASSWORD, PASSWORD).status_code == 422  # the same one again


def test_changing_a_password_voids_a_reset_link_still_out(browser, other_browser, priya, inbox):
    ask_for_reset(other_browser, priya.email)
    path = only_link(inbox.messages[0][1])
    browser.login(priya)
    change(browser, PASSWORD, NEW_PASSWORD)
    assert other_browser.get(path).status_code == 410


def test_a_reset_ends_every_other_session_of_the_person(browser, other_browser, priya, inbox):
    browser.login(priya)
    ask_for_reset(other_browser, priya.email)
    assert set_password(other_browser, only_link(inbox.messages[0][1])).status_code == 303
    assert not signed_in(browser)
    assert signed_in(other_browser)
