"""The pages: link a committee, Sync now, the committee and meeting pages, and the published
minutes' suggestions reviewed on capture's screen."""
from __future__ import annotations


import pytest
from sqlalchemy import func, select

from tests.moderngov.conftest import publish_minutes, wexcombe_communities
from tests.test_capture import _confirm_data
from tracker.extensions import db
from tracker.models import Action, AgendaItem, Committee, CommitteeMember, Meeting, MinutesSuggestion, ModernGovPerson


@pytest.fixture
def officer(browser, make):
    browser.login(make.user("scrutiny"))
    return browser


@pytest.fixture
def committee(make):
    return make.committee("Communities Overview and Scrutiny", slug="communities", code="COS")


def test_link_page_lists_current_committees_first(officer, fake, committee):
    body = officer.get("/moderngov/committees/communities/link").get_data(as_text=True)
    assert body.index("Communities Overview and Scrutiny Committee") < body.index("Environment Task Group 2019 (no longer current)")
    response = officer.post("/moderngov/committees/communities/link", {"moderngov_id": "101"})
    assert response.status_code == 303
    assert db.session.get(Committee, committee.id).moderngov_id == 101


def test_link_refuses_a_tampered_choice_and_a_second_link(officer, fake, committee, make):
    response = officer.post("/moderngov/committees/communities/link", {"moderngov_id": "7777"})
    assert response.status_code == 422 and "Choose a committee from ModernGov" in response.get_data(as_text=True)
    other = make.committee("Housing", slug="housing", code="HSG")
    other.moderngov_id = 101
    db.session.commit()
    response = officer.post("/moderngov/committees/communities/link", {"moderngov_id": "101"})
    assert response.status_code == 422 and "Housing is already linked" in response.get_data(as_text=True)


def test_link_page_when_the_service_is_off(officer, fake, committee):
    fake.misbehave = "html"
    response = officer.get("/moderngov/committees/communities/link")
    assert response.status_code == 200
    assert "the web service may be off" in response.get_data(as_text=True)
    assert officer.post("/moderngov/committees/communities/link", {"moderngov_id": "101"}).status_code == 422


def test_sync_now_and_the_committee_page_says_what_came_in(officer, fake, committee):
    meetings = wexcombe_communities(fake)
    publish_minutes(meetings["held"])
    committee.moderngov_id = 101
    db.session.commit()
    response = officer.post("/moderngov/committees/communities/sync", {})
    assert response.status_code == 303
    page = officer.get("/committees/communities").get_data(as_text=True)
    assert "Synced. Communities Overview and Scrutiny: meetings 3 added" in page
    assert "Last synced 1 Dec 2026" in page
    assert "Minutes published: 3 suggested actions to review" in page
    meeting = db.session.scalar(select(Meeting).where(Meeting.moderngov_id == 501))
    page = officer.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Minutes published: 3 suggested actions to review" in page
    assert "The meeting&#39;s page on ModernGov" in page or "The meeting's page on ModernGov" in page
    assert "Exempt" in page


def test_a_failed_sync_now_says_so_and_changes_nothing(officer, fake, committee):
    wexcombe_communities(fake)
    committee.moderngov_id = 101
    db.session.commit()
    fake.misbehave = "500"
    officer.post("/moderngov/committees/communities/sync", {})
    page = officer.get("/committees/communities").get_data(as_text=True)
    assert "Not synced, nothing changed: ModernGov GetMeetings: the service answered with an error (HTTP 500)" in page
    assert "it failed, and nothing changed" in page
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


def test_review_confirm_two_reject_one_and_they_are_never_suggested_again(officer, fake, committee):
    meetings = wexcombe_communities(fake)
    publish_minutes(meetings["held"])
    committee.moderngov_id = 101
    db.session.commit()
    officer.post("/moderngov/committees/communities/sync", {})
    meeting = db.session.scalar(select(Meeting).where(Meeting.moderngov_id == 501))
    review = officer.get(f"/moderngov/meetings/{meeting.id}/suggestions").get_data(as_text=True)
    assert "3 actions found" in review
    data = _confirm_data(review)
    data["proposals-2-decision"] = "reject"
    response = officer.post(f"/meetings/{meeting.id}/minutes/confirm", data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    assert db.session.scalar(select(func.count()).select_from(Action)) == 2
    # capture recognised ModernGov's agenda items: none doubled
    assert db.session.scalar(select(func.count()).select_from(AgendaItem).where(AgendaItem.meeting_id == meeting.id)) == 4
    states = sorted(db.session.scalars(select(MinutesSuggestion.state)))
    assert states == ["logged", "logged", "rejected"]
    assert "Minutes published" not in officer.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    officer.post("/moderngov/committees/communities/sync", {})
    assert db.session.scalar(select(func.count()).select_from(MinutesSuggestion)) == 3
    assert "0 actions found" in officer.get(f"/moderngov/meetings/{meeting.id}/suggestions").get_data(as_text=True)


def test_officers_cannot_sync_or_link(browser, make, fake, committee):
    browser.login(make.user("officer"))
    assert browser.post("/moderngov/committees/communities/sync", {}).status_code == 403
    assert browser.get("/moderngov/committees/communities/link").status_code == 403


def test_unmatched_names_are_linked_or_ignored_on_the_committee_page(officer, fake, committee, make):
    wexcombe_communities(fake)
    committee.moderngov_id = 101
    db.session.commit()
    ada = make.user("member", name="Adaline Brennan-Hughes")
    officer.post("/moderngov/committees/communities/sync", {})
    page = officer.get("/committees/communities").get_data(as_text=True)
    assert "Members in ModernGov with no account matched" in page
    people = {p.name: p for p in db.session.scalars(select(ModernGovPerson))}
    ada_row, tom_row = people["Councillor Ada Brennan"], people["Councillor Tom Whitlow"]
    response = officer.post(f"/moderngov/committees/communities/people/{ada_row.id}",
                            {f"person-{ada_row.id}-user_id": str(ada.id), f"person-{ada_row.id}-link": "Link"})
    assert response.status_code == 303
    seat = db.session.get(CommitteeMember, (committee.id, ada.id))
    assert seat.position == "Member"
    officer.post(f"/moderngov/committees/communities/people/{tom_row.id}", {f"person-{tom_row.id}-ignore": "Ignore"})
    db.session.refresh(tom_row)
    assert tom_row.ignored
    page = officer.get("/committees/communities").get_data(as_text=True)
    assert "Councillor Tom Whitlow (Vice-Chair)" not in page and "Councillor Priya Natarajan (Chair)" in page
    # the link is remembered: the next sync seats Ada again without asking
    summary_page = officer.post("/moderngov/committees/communities/sync", {})
    assert summary_page.status_code == 303
    assert db.session.get(CommitteeMember, (committee.id, ada.id)) is not None


def test_the_scrutiny_officers_home_page_lists_minutes_to_review(officer, fake, committee, browser):
    meetings = wexcombe_communities(fake)
    publish_minutes(meetings["held"])
    committee.moderngov_id = 101
    db.session.commit()
    officer.post("/moderngov/committees/communities/sync", {})
    page = officer.get("/").get_data(as_text=True)
    assert "Minutes published: 3 suggested actions to review</strong> for Communities Overview and Scrutiny, 10 November 2026" in page


def test_the_edit_page_fetches_the_choice_once_loaded(officer, fake, committee):
    page = officer.get("/committees/communities/edit").get_data(as_text=True)
    assert 'hx-get="/moderngov/committees/communities/link" hx-trigger="load"' in page
    fragment = officer.get("/moderngov/committees/communities/link", htmx=True).get_data(as_text=True)
    assert fragment.lstrip().startswith('<div id="moderngov-link">')
    assert "Communities Overview and Scrutiny Committee" in fragment
