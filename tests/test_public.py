"""The public action log: off by default; when on, no sign-in, no exempt actions, no notes,
no names or emails, and its own cache headers."""
from __future__ import annotations

from datetime import date

import pytest

from tracker.actions.rules import change_status
from tracker.extensions import db


@pytest.fixture
def public(app):
    app.config["TRACKER_PUBLIC_ACTION_LOG"] = True
    yield
    app.config["TRACKER_PUBLIC_ACTION_LOG"] = False


@pytest.fixture
def panel(make):
    committee = make.committee("Stronger Communities Scrutiny Panel", slug="stronger-communities", code="SCSP")
    june = make.meeting(committee, on=date(2026, 6, 10))
    priya = make.user("officer", name="Priya Shah", job_title="Head of Community Safety", email="priya.shah@example.gov.uk")
    tom = make.user("officer", name="Tom Bryant", email="tom.bryant@example.gov.uk")
    a = dict(
        open=make.action(june, owner=priya, due=date(2027, 1, 1), description="Circulate the knife crime briefing note"),
        role=make.action(june, owner_role="Chief Inspector", description="Provide knife bin figures"),
        nameless=make.action(june, owner=tom, description="Report back on CCTV"),
        done=make.action(june, owner=priya, status="completed", description="Report the survey results"),
        secret=make.action(june, owner=priya, exempt=True, description="Settle the Acme contract dispute"),
        closed=make.action(june, owner=priya, status="closed", description="Write to the commissioner"),
    )
    scrutiny = make.user("scrutiny")
    change_status(a["open"], scrutiny, "in_progress", "Internal: waiting on legal advice", a["open"].version)
    db.session.commit()
    return dict(committee=committee, actions=a)


def get(app, url):
    db.session.commit()
    with app.app_context():
        return app.test_client().get(url)


def test_the_public_log_is_off_by_default(app, panel):
    assert app.config["TRACKER_PUBLIC_ACTION_LOG"] is False
    assert get(app, "/public/committees/stronger-communities").status_code == 404
    assert get(app, "/public/committees").status_code == 404


def test_residents_read_the_log_without_signing_in(app, panel, public):
    response = get(app, "/public/committees/stronger-communities")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    a = panel["actions"]
    for key in ("open", "role", "nameless", "done"):
        assert a[key].reference in body and a[key].description in body
    assert "Head of Community Safety" in body and "Chief Inspector" in body and "Council officer" in body
    assert "Awaiting the committee" in body


def test_exempt_actions_never_appear(app, panel, public):
    body = get(app, "/public/committees/stronger-communities").get_data(as_text=True)
    secret = panel["actions"]["secret"]
    assert secret.reference not in body and "Acme" not in body
    assert panel["actions"]["closed"].reference not in body


def test_no_notes_names_or_emails(app, panel, public):
    body = get(app, "/public/committees/stronger-communities").get_data(as_text=True)
    assert "waiting on legal advice" not in body
    assert "Priya Shah" not in body and "Tom Bryant" not in body
    assert "@example.gov.uk" not in body


def test_its_own_cache_headers_and_no_session(app, panel, public):
    response = get(app, "/public/committees/stronger-communities")
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert "Set-Cookie" not in response.headers
    assert 'name="csrf-token"' not in response.get_data(as_text=True)


def test_the_index_lists_committees_and_unknown_ones_are_404(app, panel, public):
    assert 'href="/public/committees/stronger-communities"' in get(app, "/public/committees").get_data(as_text=True)
    assert get(app, "/public/committees/nope").status_code == 404


def test_the_public_page_costs_the_same_queries_for_more_actions(app, make, panel, public, count_queries):
    with count_queries() as few:
        get(app, "/public/committees/stronger-communities")
    meeting = make.meeting(panel["committee"], on=date(2026, 9, 9))
    for n in range(10):
        make.action(meeting, owner=make.user("officer", job_title=f"Head of Service {n}"), description=f"Action {n}",
                    agenda_item=make.agenda_item(meeting, number=str(n)))
    with count_queries() as many:
        body = get(app, "/public/committees/stronger-communities").get_data(as_text=True)
    assert "Head of Service 9" in body
    assert few() == many()
