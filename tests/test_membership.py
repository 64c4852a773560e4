"""Committee membership: scrutiny officers manage who sits on a committee on its page, and a
councillor's home page shows the committees they sit on first."""
from __future__ import annotations

import re

import pytest

from tracker.actions.rules import Forbidden, RuleError
from tracker.committees import membership
from tracker.extensions import db


@pytest.fixture
def panel(make):
    return make.committee(name="Health Scrutiny Panel", slug="health", code="HSP")


def test_a_scrutiny_officer_seats_and_removes_a_councillor(browser, make, panel):
    scrutiny, councillor = make.user("scrutiny"), make.user("member", name="Cllr Ada Jones")
    browser.login(scrutiny)
    page = browser.get("/committees/health/members").get_data(as_text=True)
    assert "No members recorded yet." in page and "Cllr Ada Jones" in page  # offered in the select
    response = browser.post("/committees/health/members", {"user_id": councillor.id, "position": "Chair"})
    assert response.status_code == 303
    assert membership.member_committee_ids(councillor.id) == {panel.id}
    page = browser.get("/committees/health").get_data(as_text=True)
    assert re.search(r'id="committee-members-summary">Members:\s+Cllr Ada Jones \(Chair\)', page)
    assert browser.post(f"/committees/health/members/{councillor.id}/remove").status_code == 303
    assert membership.member_committee_ids(councillor.id) == set()


def test_only_councillors_can_be_seated_and_the_form_says_why(browser, make, panel):
    scrutiny, officer = make.user("scrutiny"), make.user("officer")
    browser.login(scrutiny)
    response = browser.post("/committees/health/members", {"user_id": officer.id})
    assert response.status_code == 422 and "Choose a councillor from the list" in response.get_data(as_text=True)
    response = browser.post("/committees/health/members", {"user_id": ""})
    assert response.status_code == 422 and "Choose a councillor" in response.get_data(as_text=True)
    with pytest.raises(RuleError):
        membership.add_member(panel, officer, scrutiny)


@pytest.mark.parametrize("role", ["officer", "member"])
def test_no_one_else_changes_membership(browser, make, panel, role, snapshot):
    councillor = make.user("member")
    membership.add_member(panel, councillor, None)
    db.session.commit()
    browser.login(make.user(role))
    before = snapshot()
    assert browser.post("/committees/health/members", {"user_id": councillor.id}).status_code == 403
    assert browser.post(f"/committees/health/members/{councillor.id}/remove").status_code == 403
    assert snapshot() == before
    page = browser.get("/committees/health/members").get_data(as_text=True)
    assert councillor.name in page and "Add a member" not in page and "Remove" not in page
    with pytest.raises(Forbidden):
        membership.remove_member(panel, councillor.id, make.user(role))


def test_adding_twice_changes_nothing_and_a_new_position_is_kept(make, panel):
    councillor = make.user("member")
    assert membership.add_member(panel, councillor, None) is True
    assert membership.add_member(panel, councillor, None) is False
    assert membership.add_member(panel, councillor, None, position="Vice-Chair") is True
    [seat] = membership.members_of(panel.id)
    assert seat.position == "Vice-Chair" and seat.source == "manual"


def test_a_councillors_home_page_shows_their_committees_first(browser, make, panel):
    make.committee(name="Audit Committee", slug="audit", code="AUD")
    make.committee(name="Children's Scrutiny", slug="children", code="CSC")
    councillor = make.user("member")
    membership.add_member(panel, councillor, None)
    db.session.commit()
    browser.login(councillor)
    body = browser.get("/").get_data(as_text=True)
    assert 'id="your-committees">Your committees<' in body
    yours = body.split('id="followed-committees"')[1].split("</table>")[0]
    assert re.findall(r'data-committee="([a-z]+)"', yours) == ["health"]
    assert "You sit on it" in yours
    assert browser.post("/committees/audit/follow").status_code == 303
    yours = browser.get("/").get_data(as_text=True).split('id="followed-committees"')[1].split("</table>")[0]
    assert re.findall(r'data-committee="([a-z]+)"', yours) == ["health", "audit"]  # sitting first
