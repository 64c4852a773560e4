"""Every state-changing route, role by role: the wrong role gets 403 and nothing changes;
no CSRF token gets 400 and nothing changes; nobody signed in is sent to sign in."""
from __future__ import annotations

from datetime import date

import pytest

ROUTES = {
    # name: (url template, form data)
    "update status": ("/actions/{action}/status", {"status": "completed", "note": "Done", "version": "1"}),
    "edit action": ("/actions/{action}/edit", {"description": "Changed", "kind": "commitment", "owner_role": "X", "version": "1"}),
    "add action": ("/meetings/{meeting}/actions", {"description": "New", "kind": "commitment", "owner_role": "Chief Inspector"}),
    "add agenda item": ("/meetings/{meeting}/agenda-items", {"number": "9", "title": "Any other business"}),
    "close actions": ("/meetings/{meeting}/close-actions", {"action_ids": "{completed}"}),
    "edit meeting": ("/meetings/{meeting}/edit", {"date": "2026-12-01", "time": "18:00", "status": "scheduled"}),
    "add committee": ("/committees/new", {"name": "Audit", "slug": "audit", "code": "AUD"}),
    "edit committee": ("/committees/{slug}/edit", {"name": "Renamed", "slug": "renamed", "code": "REN"}),
    "add meeting": ("/committees/{slug}/meetings/new", {"date": "2027-01-20", "time": "18:00", "status": "scheduled"}),
    "add user": ("/users/new", {"name": "New Person", "email": "new@example.gov.uk", "role": "officer"}),
    "resend invitation": ("/users/{officer}/invitation", {}),
    "edit user": ("/users/{officer}/edit", {"name": "Changed", "email": "changed@example.gov.uk", "role": "scrutiny"}),
    "record recommendation": ("/actions/{action}/recommendation", {"version": "1"}),
    "choose scrutiny officer": ("/committees/{slug}/scrutiny-officer", {"scrutiny_officer_id": ""}),
    "capture minutes": ("/meetings/{meeting}/minutes", {"minutes_text": "5. Crime update\nRESOLVED: that the Head of Community Safety circulate the briefing note."}),
    "confirm captured actions": ("/meetings/{meeting}/minutes/confirm", {"minutes_text": ""}),
    "import a file": ("/imports/new", {"committee": "{slug}"}),
    "confirm an import": ("/imports/no-such-upload", {}),
    "sign out everywhere": ("/users/{officer}/sign-out-everywhere", {"revoke_tokens": "y"}),
    "add committee member": ("/committees/{slug}/members", {"user_id": "{member}", "position": "Chair"}),
    "remove committee member": ("/committees/{slug}/members/{member}/remove", {}),
    "follow committee": ("/committees/{slug}/follow", {}),
    "unfollow committee": ("/committees/{slug}/unfollow", {}),
    "create API token": ("/profile/tokens", {"name": "My spreadsheet"}),
    "create calendar feed": ("/profile/calendar", {}),
    "revoke calendar feed": ("/profile/calendar/revoke", {}),
    "revoke API token": ("/profile/tokens/{action}/revoke", {}),  # nobody's token: refusals only
    "link to ModernGov": ("/moderngov/committees/{slug}/link", {"moderngov_id": ""}),
    "sync from ModernGov": ("/moderngov/committees/{slug}/sync", {}),
    "match a ModernGov member": ("/moderngov/committees/{slug}/people/999999", {}),  # nobody: refusals only
    "change own password": ("/profile/password", {"current_password": "wrong", "password": "x", "confirm": "x"}),
}
# What a scrutiny officer's accepted request answers, where it is not a 303 redirect; None
# where these few fields cannot make a valid request (a file upload, a review of
# extracted minutes): their own tests cover success, this table the refusals.
SUCCESS = {"capture minutes": 200, "create API token": 201, "create calendar feed": 201, "confirm captured actions": None,
           "import a file": None, "confirm an import": None, "revoke API token": None,
           # tests/moderngov cover these against a stand-in of ModernGov
           "link to ModernGov": None, "match a ModernGov member": None,
           "change own password": None}
# State-changing routes with their own rules, tested elsewhere: signing in and out
# (test_auth.py), the one-click links in reminder emails, which carry a token instead of
# a session, and the password reset and invitation pages (test_accounts.py).
ELSEWHERE = {"auth.login", "auth.logout", "email_links.update", "auth.reset_password", "auth.new_password"}
EVERYONE = {"follow committee", "unfollow committee", "create API token", "create calendar feed", "revoke calendar feed",
            "revoke API token", "change own password"}

# Who may do what: everything else must be refused with 403.
ALLOWED = {
    "scrutiny": set(ROUTES),
    "officer": {"update status"} | EVERYONE,  # status: only on their own actions
    "member": EVERYONE,
}


@pytest.fixture
def world(make):
    panel = make.committee(slug="safety", code="SCSP")
    meeting = make.meeting(panel, on=date(2026, 6, 10))
    owner = make.user("officer")
    return {
        "panel": panel,
        "meeting": meeting,
        "owner": owner,
        "action": make.action(meeting, owner=owner),
        "completed": make.action(meeting, owner=owner, status="completed"),
        "users": {role: make.user(role) for role in ("scrutiny", "officer", "member")},
    }


def _fill(world, template):
    values = {"action": world["action"].id, "meeting": world["meeting"].id, "slug": world["panel"].slug,
              "completed": world["completed"].id, "officer": world["owner"].id,
              "member": world["users"]["member"].id}
    return template.format(**values)


def _request(world, name):
    url, data = ROUTES[name]
    return _fill(world, url), {key: _fill(world, value) for key, value in data.items()}


CASES = [(role, name) for role in ALLOWED for name in ROUTES if name not in ALLOWED[role]]


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
@pytest.mark.parametrize("role, route", CASES)
def test_the_wrong_role_gets_403_and_nothing_changes(browser, world, snapshot, role, route, htmx):
    browser.login(world["users"][role])
    url, data = _request(world, route)
    before = snapshot()
    response = browser.post(url, data, htmx=htmx)
    assert response.status_code == 403
    assert "permission" in response.get_data(as_text=True).lower()
    assert snapshot() == before


def test_an_officer_cannot_update_an_action_that_is_not_theirs(browser, world, make, snapshot):
    """Changing the id in the URL does not help."""
    someone_elses = make.action(world["meeting"], owner=make.user("officer"))
    browser.login(world["owner"])
    before = snapshot()
    response = browser.post(f"/actions/{someone_elses.id}/status", {"status": "completed", "version": "1"}, htmx=True)
    assert response.status_code == 403
    assert "Only the action&#39;s owner or a scrutiny officer" in response.get_data(as_text=True)
    assert snapshot() == before


def test_the_owner_can_update_their_own_action(browser, world):
    browser.login(world["owner"])
    url, data = _request(world, "update status")
    assert browser.post(url, data).status_code == 303


@pytest.mark.parametrize("route", sorted(r for r in ROUTES if SUCCESS.get(r, 303)))
def test_scrutiny_officers_can_use_every_route(browser, world, route):
    browser.login(world["users"]["scrutiny"])
    url, data = _request(world, route)
    response = browser.post(url, data)
    assert response.status_code == SUCCESS.get(route, 303), response.get_data(as_text=True)[:2000]


def test_every_state_changing_route_is_in_this_table(app, world):
    """A new route that changes something is added to ROUTES (or ELSEWHERE) to be tested."""
    adapter = app.url_map.bind("localhost")
    tabled = {adapter.match(_request(world, name)[0], method="POST")[0] for name in ROUTES}
    changing = {rule.endpoint for rule in app.url_map.iter_rules() if rule.methods & {"POST", "PUT", "PATCH", "DELETE"}}
    assert changing - tabled - ELSEWHERE == set()


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_without_a_csrf_token_the_answer_is_400_and_nothing_changes(browser, world, snapshot, route, htmx):
    browser.login(world["users"]["scrutiny"])
    url, data = _request(world, route)
    before = snapshot()
    response = browser.post(url, data, htmx=htmx, csrf=False)
    assert response.status_code == 400
    assert "nothing was saved" in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_forged_csrf_token_is_refused(browser, world, snapshot):
    browser.login(world["users"]["scrutiny"])
    url, data = _request(world, "add action")
    before = snapshot()
    response = browser.post(url, {**data, "csrf_token": "forged"}, csrf=False)
    assert response.status_code == 400
    assert snapshot() == before


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_nobody_signed_in_is_sent_to_sign_in(app, world, snapshot, route):
    url, data = _request(world, route)
    before = snapshot()
    client = app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False  # so the login check, not CSRF, is what answers
    try:
        plain = client.post(url, data=data)
        htmx = client.post(url, data=data, headers={"HX-Request": "true"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = True
    assert plain.status_code == 303 and plain.headers["Location"].startswith("/login?next=")
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"].startswith("/login?next=")
    assert snapshot() == before


@pytest.mark.parametrize("url", ["/", "/actions", "/actions/1", "/committees", "/committees/safety", "/meetings/1", "/users"])
def test_anonymous_visitors_see_only_login_and_healthz(app, world, url):
    client = app.test_client()
    assert client.get(url).status_code in (302, 303)
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("role", ["officer", "member"])
@pytest.mark.parametrize("url", ["/users", "/users/new", "/committees/new", "/actions/{action}/edit", "/meetings/{meeting}/edit", "/committees/{slug}/meetings/new"])
def test_management_pages_are_forbidden_to_other_roles(browser, world, role, url):
    browser.login(world["users"][role])
    assert browser.get(_fill(world, url)).status_code == 403


def test_members_see_no_update_or_add_forms(browser, world):
    browser.login(world["users"]["member"])
    meeting_page = browser.get(f"/meetings/{world['meeting'].id}").get_data(as_text=True)
    list_page = browser.get("/actions").get_data(as_text=True)
    assert "Add an action" not in meeting_page
    assert "Save update" not in list_page and "app-update-link" not in list_page
    assert world["action"].reference in list_page
