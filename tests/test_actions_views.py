"""The actions list, one action's page, and the inline update, through HTTP."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine

from tracker.extensions import db
from tracker.models import Action

TODAY = datetime(2026, 11, 22, 10, 0)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def refs(response) -> list[str]:
    """The action references listed in a page or fragment, in order."""
    return re.findall(r'href="/actions/\d+">([A-Z0-9]+ \d\d/\d\d-\d\d)</a>', response.get_data(as_text=True))


@pytest.fixture
def council(make):
    """Two committees, two officers, actions in several states (today is 22 Nov 2026)."""
    safety = make.committee("Stronger Communities Scrutiny Panel", slug="stronger-communities", code="SCSP")
    health = make.committee("Health Scrutiny Panel", slug="health", code="HSP")
    priya = make.user("officer", name="Priya Shah", job_title="Head of Community Safety")
    tom = make.user("officer", name="Tom Bryant")
    m1 = make.meeting(safety, on=date(2026, 6, 10))
    m2 = make.meeting(health, on=date(2026, 7, 1))
    a = dict(
        overdue=make.action(m1, owner=priya, due=date(2026, 10, 1), description="Circulate the knife crime briefing note"),
        soon=make.action(m1, owner=tom, due=date(2026, 12, 1), description="Share the training plan", status="in_progress"),
        later=make.action(m1, owner_role="Chief Inspector", due=date(2027, 3, 1), description="Provide knife bin figures"),
        done=make.action(m2, owner=priya, due=date(2026, 9, 1), status="completed", description="Report the survey results"),
        closed=make.action(m2, owner=tom, due=date(2026, 8, 1), status="closed", description="Write to the commissioner"),
        withdrawn=make.action(m2, owner=priya, status="withdrawn", description="Arrange a visit"),
        undated=make.action(m2, owner=tom, description="Report back to the Panel", status="deferred"),
    )
    return dict(safety=safety, health=health, priya=priya, tom=tom, actions=a)


def test_the_list_shows_outstanding_actions_overdue_first(browser, make, council, frozen):
    browser.login(make.user("member"))
    response = browser.get("/actions")
    assert response.status_code == 200
    a = council["actions"]
    assert refs(response) == [a["overdue"].reference, a["done"].reference, a["soon"].reference,
                              a["later"].reference, a["undated"].reference]
    body = response.get_data(as_text=True)
    assert "Stronger Communities Scrutiny Panel" in body and "Health Scrutiny Panel" in body


def test_counts_at_the_top(browser, make, council, frozen):
    browser.login(make.user("member"))
    body = browser.get("/actions").get_data(as_text=True)
    counts = re.findall(r'<span class="app-count">(\d+)</span> (open|overdue|due in the next 14 days)', body)
    assert counts == [("4", "open"), ("1", "overdue"), ("1", "due in the next 14 days")]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("committee=health", ["done", "undated"]),
        ("status=closed&status=withdrawn", ["closed", "withdrawn"]),
        ("status=completed", ["done"]),
        ("overdue=1", ["overdue"]),
        ("due_before=2026-12-02", ["overdue", "done", "soon"]),
        ("q=knife", ["overdue", "later"]),
        ("q=chief+inspector", ["later"]),
        ("q=tom+bryant", ["soon", "undated"]),
        ("q=SCSP+26/27-02", ["soon"]),
        ("committee=stronger-communities&overdue=1", ["overdue"]),
    ],
)
def test_filters(browser, make, council, frozen, query, expected):
    browser.login(make.user("member"))
    if "SCSP" in query:
        query = "q=" + council["actions"]["soon"].reference.replace(" ", "+")
    response = browser.get(f"/actions?{query}")
    assert response.status_code == 200
    assert refs(response) == [council["actions"][name].reference for name in expected]


def test_owner_filter_by_name_as_typed_or_as_offered(browser, make, council, frozen):
    """The owner filter takes a name: as its list offers it ("name, job title"), or part of
    it (any case); an id (from links) shows as the name."""
    a = council["actions"]
    priya = council["priya"]
    make.user("officer", name="Nobody Owns")  # owns nothing outstanding
    browser.login(make.user("member"))
    priyas = [a["overdue"].reference, a["done"].reference]
    offered = browser.get("/actions/owners").get_data(as_text=True)
    assert f'<option value="{priya.display_name}"></option>' in offered
    assert "Nobody Owns" not in offered  # only people who own outstanding actions
    for typed in (priya.display_name, "priya shah", "Priya", " PRIYA  SHAH "):
        assert refs(browser.get("/actions", query_string={"owner": typed})) == priyas, typed
    assert refs(browser.get("/actions?owner=Nobody+by+that+name")) == []
    page = browser.get(f"/actions?owner={priya.id}").get_data(as_text=True)
    assert f'value="{priya.display_name}"' in page


def test_owner_filter_by_id_and_me(browser, make, council, frozen):
    a = council["actions"]
    browser.login(council["tom"])
    assert refs(browser.get("/actions?owner=me")) == [a["soon"].reference, a["undated"].reference]
    assert refs(browser.get(f"/actions?owner={council['priya'].id}")) == [a["overdue"].reference, a["done"].reference]


def test_search_treats_wildcards_as_text(browser, make, council, frozen):
    browser.login(make.user("member"))
    assert refs(browser.get("/actions?q=%25")) == []
    assert refs(browser.get("/actions?q=_")) == []


@pytest.mark.parametrize(
    "query, message",
    [
        ("due_before=31-12-2026", "Enter the due-before date as a real date"),
        ("status=finished", "Choose statuses from the list"),
        ("owner=1234567890", "Choose an owner from the list"),
        ("owner=" + "x" * 201, "Enter at most 200 characters for the owner"),
        ("page=-3", "Page must be a whole number"),
        ("page=99999999999999999999", "Page must be a whole number"),
        ("overdue=yes", "Overdue must be ticked or not"),
        ("q=" + "x" * 500, "Search for 200 characters or fewer"),
    ],
)
def test_bad_filters_get_a_clear_400(browser, make, council, query, message):
    browser.login(make.user("member"))
    response = browser.get(f"/actions?{query}")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_bad_filters_in_an_htmx_request_get_the_message_in_the_fragment(browser, make, council):
    browser.login(make.user("member"))
    response = browser.get("/actions?due_before=tomorrow", htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert body.lstrip().startswith('<div id="results">') and "real date" in body


def test_pages_of_actions(app, browser, make, council, frozen):
    meeting = make.meeting(council["safety"], on=date(2026, 9, 1))
    for n in range(30):
        make.action(meeting, due=date(2027, 1, 1), description=f"Extra action {n}")
    browser.login(make.user("member"))
    first, second = browser.get("/actions"), browser.get("/actions?page=2")
    per_page = app.config["ACTIONS_PER_PAGE"]
    assert len(refs(first)) == per_page
    assert len(refs(second)) == 35 - per_page
    assert not set(refs(first)) & set(refs(second))
    assert "Page 1 of 2" in first.get_data(as_text=True)


def test_htmx_gets_the_results_fragment_and_everyone_else_the_page(browser, make, council):
    browser.login(make.user("member"))
    fragment = browser.get("/actions?committee=health", htmx=True)
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200
    assert body.lstrip().startswith('<div id="results">') and "<html" not in body
    assert "HX-Request" in fragment.headers["Vary"]

    boosted = browser.get("/actions?committee=health", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)
    restore = browser.get("/actions", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in restore.get_data(as_text=True)
    assert "<html" in browser.get("/actions?committee=health").get_data(as_text=True)


def test_the_list_costs_the_same_queries_for_5_rows_as_for_50(app, browser, make, count_queries):
    """No query per row: owners, committees and meetings come with the actions."""
    browser.login(make.user("scrutiny"))
    panel = make.committee()
    meeting = make.meeting(panel)
    officers = [make.user("officer") for _ in range(5)]
    for n in range(5):
        make.action(meeting, owner=officers[n % 5], due=date(2027, 1, n + 1))
    with count_queries() as five:
        assert len(refs(browser.get("/actions"))) == 5
    for n in range(45):
        make.action(make.meeting(panel, on=date(2026, 1, 1 + n % 28)), owner=officers[n % 5])
    app.config["ACTIONS_PER_PAGE"] = 50
    try:
        with count_queries() as fifty:
            assert len(refs(browser.get("/actions"))) == 50
    finally:
        app.config["ACTIONS_PER_PAGE"] = 25
    assert five() == fifty()


def test_the_action_page_shows_where_it_arose_and_its_history(browser, make):
    panel = make.committee("Stronger Communities Scrutiny Panel")
    meeting = make.meeting(panel, on=date(2026, 6, 10))
    item = make.agenda_item(meeting, number="5", title="Crime reduction strategy - update")
    action = make.action(meeting, agenda_item=item, quote="She offered to circulate the note.")
    browser.login(make.user("member"))
    body = browser.get(f"/actions/{action.id}").get_data(as_text=True)
    assert action.reference in body
    assert "5. Crime reduction strategy - update" in body
    assert "She offered to circulate the note." in body
    assert "Action logged" in body
    assert 'name="status"' not in body  # members get no update form


def test_unknown_action_is_404(browser, make):
    browser.login(make.user("member"))
    assert browser.get("/actions/999999").status_code == 404


# ------------------------------------------------------------------ the inline update

def test_htmx_update_returns_the_row_and_announces_it(browser, make):
    owner = make.user("officer")
    action = make.action(owner=owner)
    browser.login(owner)
    response = browser.post(f"/actions/{action.id}/status",
                            {"status": "in_progress", "note": "Draft with partners", "version": action.version},
                            htmx=True, headers={"HX-Target": f"action-row-{action.id}"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tr class="govuk-table__row" id="action-row-{action.id}">')
    assert 'hx-swap-oob="innerHTML"' in body and f"{action.reference} saved: in progress" in body
    assert 'class="app-saved' in body and 'name="status"' not in body  # saved: the plain row again
    assert f'hx-get="/actions/{action.id}/update"' in body
    db.session.expire_all()
    assert db.session.get(Action, action.id).status == "in_progress"
    # The next update's form carries the new version.
    again = browser.get(f"/actions/{action.id}/update", htmx=True, headers={"HX-Target": f"action-row-{action.id}"})
    assert 'name="version" value="2"' in again.get_data(as_text=True)


def test_rows_fetch_their_update_form_when_asked(browser, make):
    """A list's rows carry an "Update" link, not a form; htmx swaps in the row with the form,
    and "Cancel" swaps the plain row back."""
    owner = make.user("officer")
    action = make.action(owner=owner, description="Circulate the briefing note")
    browser.login(owner)
    page = browser.get("/actions?owner=me").get_data(as_text=True)
    assert "<select" not in page.split('id="results"')[1] and "Save update" not in page
    assert f'href="/actions/{action.id}/update?next=/actions%3Fowner%3Dme"' in page

    response = browser.get(f"/actions/{action.id}/update", htmx=True,
                           headers={"HX-Current-URL": "http://localhost/actions?owner=me"})
    row = response.get_data(as_text=True)
    assert response.status_code == 200
    assert row.lstrip().startswith(f'<tr class="govuk-table__row" id="action-row-{action.id}">')
    assert f'hx-post="/actions/{action.id}/status"' in row and 'name="version" value="1"' in row
    assert 'name="next" value="/actions?owner=me"' in row
    assert "<html" not in row

    cancel = browser.get(f"/actions/{action.id}/row", htmx=True).get_data(as_text=True)
    assert 'name="status"' not in cancel and f'hx-get="/actions/{action.id}/update"' in cancel
    assert browser.get(f"/actions/{action.id}/row").status_code == 302  # a fragment only


def test_without_javascript_update_is_a_page_that_returns_to_the_list(browser, make):
    owner = make.user("officer")
    action = make.action(owner=owner)
    browser.login(owner)
    page = browser.get(f"/actions/{action.id}/update?next=/actions%3Fowner%3Dme")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in body
    assert f"Update {action.reference}" in body
    assert 'name="next" value="/actions?owner=me"' in body
    assert browser.get(f"/actions/{action.id}/update?next=https://evil.example/").get_data(
        as_text=True).count('name="next" value="/actions/') == 1  # off-site: back to the action


def test_only_those_who_may_update_get_the_form(browser, other_browser, make):
    action = make.action(owner=make.user("officer"))
    # A member, and an officer who does not own it.
    for client, role in ((browser, "member"), (other_browser, "officer")):
        client.login(make.user(role))
        assert client.get(f"/actions/{action.id}/update", htmx=True).status_code == 403
        listed = client.get("/actions").get_data(as_text=True)
        assert action.reference in listed and f"/actions/{action.id}/update" not in listed


def test_htmx_update_from_the_action_page_returns_the_card(browser, make):
    owner = make.user("officer")
    action = make.action(owner=owner)
    browser.login(owner)
    response = browser.post(f"/actions/{action.id}/status", {"status": "completed", "note": "", "version": 1},
                            htmx=True, headers={"HX-Target": f"action-card-{action.id}"})
    body = response.get_data(as_text=True)
    assert body.lstrip().startswith(f'<section id="action-card-{action.id}"')
    assert "Status changed from open to completed" in body


def test_plain_form_post_redirects_back(browser, make):
    owner = make.user("officer")
    action = make.action(owner=owner)
    browser.login(owner)
    response = browser.post(f"/actions/{action.id}/status",
                            {"status": "completed", "note": "Sent", "version": 1, "next": "/actions?owner=me"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/actions?owner=me"
    follow = browser.get("/actions?owner=me")
    assert f"{action.reference} saved: completed" in follow.get_data(as_text=True)


def test_plain_form_post_never_redirects_off_site(browser, make):
    owner = make.user("officer")
    action = make.action(owner=owner)
    browser.login(owner)
    response = browser.post(f"/actions/{action.id}/status",
                            {"status": "completed", "version": 1, "next": "//evil.example/x"})
    assert response.headers["Location"] == f"/actions/{action.id}"


@pytest.mark.parametrize("htmx", [True, False])
def test_a_stale_version_answers_409_and_keeps_the_note(browser, other_browser, make, snapshot, htmx):
    """Two people open the same action; the second to save is told, and their note is kept."""
    owner, scrutiny = make.user("officer"), make.user("scrutiny", name="Sam Okafor")
    action = make.action(owner=owner)
    browser.login(owner)
    other_browser.login(scrutiny)
    first = other_browser.post(f"/actions/{action.id}/status", {"status": "deferred", "note": "Waiting for the police", "version": 1}, htmx=True)
    assert first.status_code == 200
    before = snapshot()

    note = "Briefing note <sent> to all members on 3 November"
    stale = browser.post(f"/actions/{action.id}/status", {"status": "completed", "note": note, "version": 1}, htmx=htmx)
    body = stale.get_data(as_text=True)
    assert stale.status_code == 409
    assert "Briefing note &lt;sent&gt; to all members on 3 November" in body
    assert "Sam Okafor updated" in body and "it is now deferred" in body
    assert 'name="version" value="2"' in body
    assert snapshot() == before


@pytest.mark.parametrize(
    "data, message",
    [
        ({"status": "open", "note": ""}, "Choose a new status or add a progress note"),
        ({"status": "finished", "note": "x"}, "Choose a status you are allowed to set"),
        ({"status": "open", "note": "x" * 5001}, "Progress note must be 5000 characters or fewer"),
        ({"status": "completed", "note": "x", "version": "abc"}, "missing its version"),
    ],
)
def test_invalid_updates_get_422_with_the_message_and_nothing_changes(browser, make, snapshot, data, message):
    owner = make.user("officer")
    action = make.action(owner=owner)
    browser.login(owner)
    before = snapshot()
    data = {"version": action.version, **data}
    response = browser.post(f"/actions/{action.id}/status", data, htmx=True)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert snapshot() == before


def test_text_is_escaped_in_fragments(browser, make):
    owner = make.user("officer")
    action = make.action(owner=owner, description="<script>alert(1)</script>")
    browser.login(owner)
    body = browser.post(f"/actions/{action.id}/status", {"status": "open", "note": "<b>bold</b>", "version": 1}, htmx=True).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in body and "&lt;script&gt;" in body
