"""Security headers, the sign-in rate limit, password hashing, ids in URLs, and what happens
when the database is out of reach."""
from __future__ import annotations

import re
from datetime import date

import pytest
from flask_login.utils import _create_identifier

from conftest import PASSWORD
from tracker import create_app
from tracker.models import User
from tracker.extensions import db
from tracker.security import LOCKOUT_MINUTES, limiter


@pytest.fixture
def world(make):
    panel = make.committee(slug="safety", code="SCSP")
    meeting = make.meeting(panel, on=date(2026, 6, 10))
    owner = make.user("officer")
    return {
        "meeting": meeting,
        "owner": owner,
        "action": make.action(meeting, owner=owner),
        "scrutiny": make.user("scrutiny"),
    }


def _pages(world):
    """Every kind of page a signed-in scrutiny officer sees, with full pages and fragments."""
    action, meeting = world["action"], world["meeting"]
    return [
        ("/actions", False),
        ("/actions?q=briefing", True),
        ("/actions?owner=me", False),
        (f"/actions/{action.id}", False),
        (f"/actions/{action.id}/edit", False),
        (f"/meetings/{meeting.id}", False),
        (f"/meetings/{meeting.id}/edit", False),
        ("/committees", False),
        ("/committees/safety", False),
        ("/committees/new", False),
        ("/users", False),
        ("/users/new", False),
        ("/actions/999999", False),  # 404 page
    ]


# ---------------------------------------------------------------- headers

def _assert_security_headers(response):
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_every_kind_of_response_carries_the_security_headers(app, browser, world):
    anonymous = app.test_client()
    for response in (
        anonymous.get("/login"),
        anonymous.get("/healthz"),
        anonymous.get("/static/app.css"),
        anonymous.get("/actions"),  # the redirect to sign in
        anonymous.post("/logout"),  # refused: no CSRF token
    ):
        _assert_security_headers(response)
        response.close()  # the static file's handle
    browser.login(world["scrutiny"])
    for url, htmx in _pages(world):
        _assert_security_headers(browser.get(url, htmx=htmx))
    _assert_security_headers(browser.post(f"/actions/{world['action'].id}/status", {"status": "bogus", "version": "1"}, htmx=True))


NONCE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9_-]+)'")


def test_the_one_inline_script_carries_this_requests_nonce(app):
    """GOV.UK's template marks the page js-enabled with an inline script: the CSP lets it
    run by a nonce that changes on every request, and nothing else inline."""
    client = app.test_client()
    first, second = client.get("/login"), client.get("/login")
    nonce = NONCE.search(first.headers["Content-Security-Policy"]).group(1)
    assert nonce != NONCE.search(second.headers["Content-Security-Policy"]).group(1)
    inline = re.findall(r"<script(?![^>]*\ssrc=)([^>]*)>", first.get_data(as_text=True))
    assert inline == [f' nonce="{nonce}"']


# Markup the CSP would block: inline scripts without the nonce, style attributes and
# <style> elements, event-handler attributes, javascript: links.
BLOCKED_BY_CSP = re.compile(r"<style|\sstyle=|\son[a-z]+=|javascript:", re.IGNORECASE)


def test_no_page_or_fragment_has_markup_the_csp_would_block(browser, world):
    browser.login(world["scrutiny"])
    for url, htmx in [*_pages(world), ("/login", False)]:
        response = browser.get(url, htmx=htmx)
        nonce = NONCE.search(response.headers["Content-Security-Policy"]).group(1)
        html = response.get_data(as_text=True)
        assert not BLOCKED_BY_CSP.findall(html), url
        for attributes in re.findall(r"<script(?![^>]*\ssrc=)([^>]*)>", html):
            assert f'nonce="{nonce}"' in attributes, url


def test_production_sends_hsts_and_secure_httponly_samesite_cookies(app):
    production = create_app(
        "production", SECRET_KEY="x" * 32, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"]
    )
    response = production.test_client().get("/login", base_url="https://tracker.example.gov.uk")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert production.config["REMEMBER_COOKIE_SECURE"] and production.config["REMEMBER_COOKIE_HTTPONLY"]


def test_development_sends_no_hsts(app):
    assert "Strict-Transport-Security" not in app.test_client().get("/login").headers


# ---------------------------------------------------------------- sign-in limit

def _sign_in(browser, email, password):
    browser.fetch_token("/login")
    return browser.post("/login", {"email": email, "password": password})


def test_repeated_failures_lock_the_account_with_a_clear_429(browser, make):
    """Five wrong passwords for an account, then even the right one is refused for a while."""
    officer = make.user("officer")
    for _ in range(5):
        assert _sign_in(browser, officer.email, "wrong-guess").status_code == 401
    locked = _sign_in(browser, officer.email.upper(), PASSWORD)
    body = locked.get_data(as_text=True)
    assert locked.status_code == 429
    assert "Too many attempts" in body and f"Wait {LOCKOUT_MINUTES} minutes" in body
    assert locked.headers["Retry-After"] == str(LOCKOUT_MINUTES * 60)
    # Someone else at the same address is not locked out of their own account.
    assert _sign_in(browser, make.user("member").email, PASSWORD).status_code == 303


def test_repeated_failures_from_one_address_lock_that_address(browser, make):
    """Guessing across many accounts from one address is stopped too."""
    for n in range(30):
        assert _sign_in(browser, f"guess{n}@example.gov.uk", "password1").status_code == 401
    assert _sign_in(browser, make.user("member").email, PASSWORD).status_code == 429


def test_successful_sign_ins_are_not_counted(browser, make):
    officer = make.user("officer")
    for _ in range(8):
        assert _sign_in(browser, officer.email, PASSWORD).status_code == 303
        browser.fetch_token("/committees")  # signing in gave a new CSRF secret
        assert browser.post("/logout").status_code == 303


def test_passwords_are_stored_with_scrypt(runner, ctx):
    from tracker.extensions import db

    result = runner.invoke(args=["user", "create", "a.khan@example.gov.uk", "--name", "Aisha Khan",
                                 "--role", "officer", "--password", "a-long-passphrase"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(db.select(User).where(User.email == "a.khan@example.gov.uk"))
    assert user.password_hash.startswith("scrypt:")
    assert "a-long-passphrase" not in user.password_hash
    assert user.check_password("a-long-passphrase") and not user.check_password("a-long-passphrasE")


# ---------------------------------------------------------------- ids in URLs

@pytest.mark.parametrize("action_id", ["99999999999999999999", "2147483648", "-1", "0x10", "1.5", "%EF%BC%91"])
def test_ids_that_cannot_exist_are_404_not_a_database_error(browser, world, snapshot, action_id):
    browser.login(world["scrutiny"])
    before = snapshot()
    assert browser.get(f"/actions/{action_id}").status_code == 404
    assert browser.post(f"/actions/{action_id}/status", {"status": "completed", "version": "1"}, htmx=True).status_code == 404
    assert snapshot() == before


# ---------------------------------------------------------------- database out of reach

@pytest.fixture
def unreachable(app):
    """The app pointed at a PostgreSQL port where nothing listens (connection refused)."""
    broken = create_app("testing", SQLALCHEMY_DATABASE_URI="postgresql+psycopg://tracker@127.0.0.1:9/tracker")
    broken.logger.disabled = True  # the warnings are expected here
    return broken


def _signed_in_client(app):
    client = app.test_client()
    # Flask-Login's "strong" session protection ties the session to the address and browser.
    with app.test_request_context(environ_base=client.environ_base):
        identifier = _create_identifier()
    with client.session_transaction() as session:
        # "sid": a session id, so loading the user asks the database whether it is still live.
        session.update({"_user_id": "1", "_fresh": True, "_id": identifier, "sid": "a-session-id"})
    return client


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_a_database_that_refuses_connections_gets_a_503_page_not_a_stack_trace(unreachable, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    unreachable.config["WTF_CSRF_ENABLED"] = False  # so the sign-in reaches the database
    responses = {
        "loading the signed-in user": _signed_in_client(unreachable).get("/actions", headers=headers),
        "signing in": unreachable.test_client().post(
            "/login", data={"email": "a@example.gov.uk", "password": PASSWORD}, headers=headers
        ),
    }
    for what, response in responses.items():
        body = response.get_data(as_text=True)
        assert response.status_code == 503, what
        assert "Sorry, the service is unavailable" in body and "Traceback" not in body, what
        assert response.headers["Retry-After"] == "30"
        _assert_security_headers(response)


def test_healthz_says_503_when_the_database_refuses_connections(unreachable):
    response = unreachable.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_data(as_text=True) == "database unavailable"


REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own on a local Redis


def test_with_redis_configured_the_counts_outlive_the_process_memory(app, make):
    """Several servers share failed sign-ins through Redis: the counts are there, not in the
    process, so a freshly started app (here: a new app object) still refuses."""
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    officer = make.user("officer")
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    try:
        first = create_app("testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_STORAGE_URI=REDIS_URL)
        limiter.reset()
        for _ in range(5):
            assert _plain_sign_in(first, officer.email, "wrong-guess").status_code == 401
        assert client.keys("LIMITS*")
        second = create_app("testing", SQLALCHEMY_DATABASE_URI=url, RATELIMIT_STORAGE_URI=REDIS_URL)
        assert _plain_sign_in(second, officer.email, PASSWORD).status_code == 429
    finally:
        limiter.reset()
        for extra in ("first", "second"):
            if extra in locals():
                with locals()[extra].app_context():
                    db.engine.dispose()
        # Back to memory, as every other test expects.
        create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")


def _plain_sign_in(flask_app, email, password):
    client = flask_app.test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token})


@pytest.mark.parametrize("owner", ["2147483648", "99999999999", "9" * 5000])
def test_an_owner_filter_no_database_integer_can_hold_is_a_message(browser, world, owner):
    """On PostgreSQL a 10-digit id overflows the INTEGER it is compared with (a 500 before)."""
    browser.login(world["scrutiny"])
    response = browser.get(f"/actions?owner={owner}")
    assert response.status_code == 400
    assert "Choose an owner from the list" in response.get_data(as_text=True)


def test_a_digit_that_is_not_a_number_is_an_owner_name_not_an_id(browser, world):
    """"²" is a digit int() refuses: it is looked for as a name (and found nowhere)."""
    browser.login(world["scrutiny"])
    response = browser.get("/actions?owner=²")
    assert response.status_code == 200
    assert "No actions match these filters." in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "method, url, data",
    [
        ("post", "/login", {"email": "a\x00b@example.gov.uk", "password": "whatever-password"}),
        ("get", "/actions?q=knife\x00crime", None),
        ("get", "/actions?committee=a%00b", None),
    ],
)
def test_a_nul_character_anywhere_is_a_400_not_a_database_error(browser, make, snapshot, method, url, data):
    """PostgreSQL refuses NUL in text: found by the hypothesis test as a rare 500 at sign-in."""
    if url != "/login":
        browser.login(make.user("member"))
    else:
        browser.fetch_token("/login")
    before = snapshot()
    response = browser.post(url, data) if method == "post" else browser.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)
    assert snapshot() == before
