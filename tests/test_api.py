"""The read-only JSON API: tokens, filters, pagination, exempt actions, errors, and the
OpenAPI document checked with schemathesis."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from tracker.actions.rules import change_status
from tracker.extensions import db
from tracker.models import PersonalToken, TokenKind

TODAY = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def issue(user, kind=TokenKind.API, name="Dashboard") -> str:
    _token, secret = PersonalToken.issue(user, kind, name)
    db.session.commit()
    return secret


class Api:
    """Calls the API with a bearer token, as a program would (no cookies, no CSRF)."""

    def __init__(self, app, secret=None):
        self.client, self.app, self.secret = app.test_client(), app, secret

    def _call(self, method, url, headers=None, **kwargs):
        db.session.commit()
        headers = dict(headers or {})
        if self.secret is not None:
            headers.setdefault("Authorization", f"Bearer {self.secret}")
        with self.app.app_context():
            return getattr(self.client, method)(url, headers=headers, **kwargs)

    def get(self, url, **kwargs):
        return self._call("get", url, **kwargs)


@pytest.fixture
def council(make):
    panel = make.committee("Stronger Communities Scrutiny Panel", slug="stronger-communities", code="SCSP")
    health = make.committee("Health Scrutiny Panel", slug="health", code="HSP")
    priya = make.user("officer", name="Priya Shah", job_title="Head of Community Safety", email="priya@example.gov.uk")
    june = make.meeting(panel, on=date(2026, 6, 10))
    july = make.meeting(health, on=date(2026, 7, 1))
    scrutiny = make.user("scrutiny")
    a = dict(
        overdue=make.action(june, owner=priya, due=date(2026, 10, 1), description="Circulate the knife crime briefing note"),
        later=make.action(june, owner_role="Chief Inspector", due=date(2027, 3, 1), description="Provide knife bin figures"),
        secret=make.action(june, owner=priya, exempt=True, description="Settle the Acme contract dispute"),
        health=make.action(july, owner=priya, due=date(2026, 12, 1), description="Report the survey results"),
        closed=make.action(july, owner=priya, status="closed", description="Write to the commissioner"),
    )
    change_status(a["overdue"], scrutiny, "in_progress", "Draft with the police", a["overdue"].version)
    db.session.commit()
    return dict(panel=panel, priya=priya, scrutiny=scrutiny, june=june, actions=a)


# ------------------------------------------------------------------ tokens

def test_no_token_is_401_with_a_bearer_challenge(app, council):
    response = Api(app).get("/api/v1/actions")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.is_json and response.json["status"] == 401


@pytest.mark.parametrize("header", ["Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Bearer sat_not-a-real-token", "Bearer " + "x" * 500])
def test_a_wrong_token_is_401(app, council, header):
    response = Api(app).get("/api/v1/actions", headers={"Authorization": header})
    assert response.status_code == 401
    assert "Bearer" in response.headers["WWW-Authenticate"]


def test_a_revoked_token_is_401(app, make, council):
    member = make.user("member")
    secret = issue(member)
    api = Api(app, secret)
    assert api.get("/api/v1/actions").status_code == 200
    token = db.session.scalar(select(PersonalToken))
    token.revoked_at = datetime(2026, 11, 22)
    db.session.commit()
    response = api.get("/api/v1/actions")
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_a_deactivated_users_token_is_401(app, make, council):
    officer = make.user("officer")
    api = Api(app, issue(officer))
    officer.active = False
    db.session.commit()
    assert api.get("/api/v1/actions").status_code == 401


def test_a_calendar_token_is_not_an_api_token(app, make, council):
    assert Api(app, issue(make.user("member"), kind=TokenKind.CALENDAR)).get("/api/v1/actions").status_code == 401


def test_a_browser_session_is_not_enough(browser, make, council):
    """Only a bearer token opens the API: a page on another site cannot ride on the cookie."""
    browser.login(make.user("scrutiny"))
    assert browser.get("/api/v1/actions").status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/v1/actions", "/api/v1/actions/1", "/api/v1/committees"])
def test_a_member_token_reads_but_cannot_write(app, make, council, snapshot, method, url):
    api = Api(app, issue(make.user("member")))
    before = snapshot()
    response = api._call(method, url.replace("/1", f"/{council['actions']['overdue'].id}"), json={"status": "closed"})
    assert response.status_code == 405
    assert response.is_json and response.json["status"] == 405
    assert "GET" in response.headers["Allow"] and method.upper() not in response.headers["Allow"]
    assert snapshot() == before


def test_tokens_are_stored_only_as_a_hash(make, council):
    secret = issue(make.user("member"))
    token = db.session.scalar(select(PersonalToken))
    assert secret.startswith("sat_") and len(secret) > 40
    assert secret not in (token.token_hash, token.hint) and token.hint == secret[:8]


# ------------------------------------------------------------------ reading

def test_actions_list_filters_like_the_page(app, make, council, frozen):
    api = Api(app, issue(make.user("member")))
    a = council["actions"]
    body = api.get("/api/v1/actions").json
    assert [i["reference"] for i in body["items"]] == [a["overdue"].reference, a["health"].reference, a["later"].reference]
    assert body["total"] == 3 and body["page"] == 1 and body["next"] is None
    first = body["items"][0]
    assert first["rag"] == {"colour": "red", "label": "Overdue"} and first["overdue"] is True
    assert first["owner"] == {"id": council["priya"].id, "name": "Priya Shah", "job_title": "Head of Community Safety"}
    assert "priya@example.gov.uk" not in str(body)
    only = api.get("/api/v1/actions?committee=stronger-communities&q=knife&overdue=1").json
    assert [i["reference"] for i in only["items"]] == [a["overdue"].reference]
    closed = api.get("/api/v1/actions?status=closed").json
    assert [i["reference"] for i in closed["items"]] == [a["closed"].reference]


def test_exempt_actions_only_for_scrutiny_tokens(app, make, council):
    secret_action = council["actions"]["secret"]
    member = Api(app, issue(make.user("member")))
    assert secret_action.reference not in str(member.get("/api/v1/actions").json)
    assert member.get(f"/api/v1/actions/{secret_action.id}").status_code == 404
    scrutiny = Api(app, issue(council["scrutiny"]))
    assert secret_action.reference in [i["reference"] for i in scrutiny.get("/api/v1/actions").json["items"]]
    assert scrutiny.get(f"/api/v1/actions/{secret_action.id}").json["exempt"] is True


def test_one_action_with_its_updates(app, make, council):
    api = Api(app, issue(make.user("member")))
    action = council["actions"]["overdue"]
    body = api.get(f"/api/v1/actions/{action.id}").json
    assert body["reference"] == action.reference
    assert [(u["old_status"], u["new_status"], u["note"]) for u in body["updates"]] == [
        ("open", "in_progress", "Draft with the police"), (None, "open", "Action logged")]


def test_pagination_links(app, make, council):
    api = Api(app, issue(make.user("member")))
    first = api.get("/api/v1/actions?per_page=2").json
    assert len(first["items"]) == 2 and first["pages"] == 2
    assert re.search(r"/api/v1/actions\?.*page=2", first["next"])
    second = api.get(first["next"].split("localhost", 1)[1]).json
    assert len(second["items"]) == 1 and second["next"] is None and second["prev"]


def test_committees_and_meetings(app, make, council):
    api = Api(app, issue(make.user("member")))
    committees = api.get("/api/v1/committees").json
    assert [c["slug"] for c in committees["items"]] == ["health", "stronger-communities"]
    meetings = api.get("/api/v1/meetings?committee=stronger-communities").json
    assert [m["starts_at"] for m in meetings["items"]] == ["2026-06-10T18:00"]
    assert api.get(f"/api/v1/meetings/{council['june'].id}").json["committee"]["slug"] == "stronger-communities"
    assert api.get("/api/v1/meetings?committee=nope").status_code == 404


@pytest.mark.parametrize("url, status, field", [
    ("/api/v1/actions?due_before=soon", 400, "due_before"),
    ("/api/v1/actions?per_page=1000", 400, "per_page"),
    ("/api/v1/actions?page=0", 400, "page"),
    ("/api/v1/committees?page=x", 400, "page"),
    ("/api/v1/actions?page=" + "9" * 5000, 400, "page"),  # too long for Python to read
    ("/api/v1/actions/99999999", 404, None),
    ("/api/v1/actions/99999999999999", 404, None),
    ("/api/v1/nothing-here", 404, None),
])
def test_errors_are_json(app, make, council, url, status, field):
    response = Api(app, issue(make.user("member"))).get(url)
    assert response.status_code == status
    assert response.is_json and response.json["status"] == status and response.json["message"]
    if field:
        assert field in response.json["errors"]


def test_the_openapi_document_needs_no_token(app, ctx):
    body = Api(app).get("/api/v1/openapi.json").json
    assert body["openapi"].startswith("3.") and "/actions" in body["paths"]


def test_the_list_costs_the_same_queries_for_3_actions_as_for_30(app, make, count_queries):
    api = Api(app, issue(make.user("member")))
    panel = make.committee()
    officers = [make.user("officer") for _ in range(3)]
    for n in range(3):
        meeting = make.meeting(panel, on=date(2026, 5, 1 + n))
        make.action(meeting, owner=officers[n], agenda_item=make.agenda_item(meeting, number=str(n)))
    api.get("/api/v1/committees")  # the token's first use is recorded once; not part of the count
    with count_queries() as few:
        assert len(api.get("/api/v1/actions?per_page=100").json["items"]) == 3
    for n in range(27):
        meeting = make.meeting(panel, on=date(2026, 1 + n % 12, 1 + n % 28))
        make.action(meeting, owner=officers[n % 3], agenda_item=make.agenda_item(meeting, number=str(n)))
    with count_queries() as many:
        assert len(api.get("/api/v1/actions?per_page=100").json["items"]) == 30
    assert few() == many()


# ------------------------------------------------------------------ the profile page

def test_a_token_is_made_shown_once_and_revoked_on_the_profile_page(app, browser, make, council):
    member = make.user("member")
    browser.login(member)
    response = browser.post("/profile/tokens", data={"name": "Power BI"})
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    secret = re.search(r'id="new-token">(sat_[^<]+)<', response.get_data(as_text=True)).group(1)
    assert Api(app, secret).get("/api/v1/actions").status_code == 200
    page = browser.get("/profile").get_data(as_text=True)
    assert "Power BI" in page and secret not in page
    token = db.session.scalar(select(PersonalToken))
    assert browser.post(f"/profile/tokens/{token.id}/revoke").status_code == 303
    assert Api(app, secret).get("/api/v1/actions").status_code == 401


def test_a_token_needs_a_name(browser, make):
    browser.login(make.user("member"))
    response = browser.post("/profile/tokens", data={"name": "  "})
    assert response.status_code == 422
    assert "Enter what the token is for" in response.get_data(as_text=True)


def test_nobody_revokes_another_persons_token(browser, make, council, snapshot):
    owner = make.user("officer")
    issue(owner)
    token = db.session.scalar(select(PersonalToken))
    browser.login(make.user("scrutiny"))
    before = snapshot()
    assert browser.post(f"/profile/tokens/{token.id}/revoke").status_code == 404
    assert snapshot() == before
    db.session.refresh(token)
    assert token.revoked_at is None


def test_revoking_without_the_csrf_token_is_refused(browser, make):
    user = make.user("member")
    issue(user)
    token = db.session.scalar(select(PersonalToken))
    browser.login(user)
    assert browser.post(f"/profile/tokens/{token.id}/revoke", csrf=False).status_code == 400
    db.session.refresh(token)
    assert token.revoked_at is None


# ------------------------------------------------------------------ schemathesis

@pytest.fixture
def api_schema(app, make, council):
    import schemathesis

    secret = issue(council["scrutiny"])
    with app.app_context():
        schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    return schema, secret


def test_the_api_conforms_to_its_openapi_document(app, api_schema):
    """A handful of generated requests per operation: no 5xx, and every response (including
    the 400s and 404s) matches the document."""
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    schema, secret = api_schema
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    operations = list(schema.get_all_operations())
    assert len(operations) == 5
    for result in operations:
        operation = result.ok()

        @settings(max_examples=15, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            db.session.rollback()
            with app.app_context():
                # identity: the WSGI transport does not undo the app's gzip compression.
                response = case.call(headers={"Authorization": f"Bearer {secret}", "Accept-Encoding": "identity"})
            case.validate_response(response, checks=checks)

        check()
