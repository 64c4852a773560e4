"""`flask moderngov committees|link|sync` against the fake service."""
from __future__ import annotations

from sqlalchemy import select

from tests.moderngov.conftest import publish_minutes, wexcombe_communities
from tracker.extensions import db
from tracker.models import Committee, Meeting


def test_committees_one_a_line(runner, fake):
    result = runner.invoke(args=["moderngov", "committees"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "101\tCommunities Overview and Scrutiny Committee"
    assert lines[2] == "90\tEnvironment Task Group 2019\t(no longer current)"


def test_committees_with_a_refused_url(runner, fake):
    result = runner.invoke(args=["moderngov", "committees", "--url", "http://democracy.example.gov.uk"])
    assert result.exit_code == 1 and "must start https://" in result.output


def test_link_creates_the_committee_then_sync(runner, fake, ctx):
    meetings = wexcombe_communities(fake)
    result = runner.invoke(args=["moderngov", "link", "101", "--as", "communities"])
    assert result.exit_code == 0, result.output
    committee = db.session.scalar(select(Committee).where(Committee.slug == "communities"))
    assert (committee.name, committee.code, committee.moderngov_id) == (
        "Communities Overview and Scrutiny Committee", "COSC", 101)
    publish_minutes(meetings["held"])
    result = runner.invoke(args=["moderngov", "sync", "--from", "2026-01-01", "--to", "2027-06-30"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "Communities Overview and Scrutiny Committee: meetings 3 added, 0 changed, 0 cancelled, 0 gone from ModernGov; "
        "agenda items 5 added, 0 changed; minutes published for 2 items; 3 suggested actions to review; "
        "members 0 seated, 3 to match to an account")
    assert len(db.session.scalars(select(Meeting)).all()) == 3


def test_link_an_existing_committee_and_refuse_a_second(runner, fake, make):
    make.committee("Housing Panel", slug="housing", code="HSP")
    assert runner.invoke(args=["moderngov", "link", "102", "--as", "housing"]).exit_code == 0
    result = runner.invoke(args=["moderngov", "link", "102", "--as", "other-housing"])
    assert result.exit_code == 1 and "already linked to housing" in result.output
    result = runner.invoke(args=["moderngov", "link", "999", "--as", "nowhere"])
    assert result.exit_code == 1 and "ModernGov has no committee 999" in result.output
    result = runner.invoke(args=["moderngov", "link", "101", "--as", "Not A Slug"])
    assert result.exit_code == 2


def test_sync_fails_with_exit_1_and_a_clear_message(runner, fake, ctx):
    wexcombe_communities(fake)
    assert runner.invoke(args=["moderngov", "link", "101", "--as", "communities"]).exit_code == 0
    fake.misbehave = "500"
    result = runner.invoke(args=["moderngov", "sync"])
    assert result.exit_code == 1
    assert "Communities Overview and Scrutiny Committee: not synced, nothing changed: ModernGov GetMeetings: " \
           "the service answered with an error (HTTP 500)" in result.output
    assert db.session.scalars(select(Meeting)).all() == []


def test_sync_with_a_backwards_window(runner, fake):
    result = runner.invoke(args=["moderngov", "sync", "--from", "2027-01-01", "--to", "2026-01-01"])
    assert result.exit_code == 2 and "--to is before --from" in result.output
