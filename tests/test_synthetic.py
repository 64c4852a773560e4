"""The synthetic council (`flask demo --synthetic N`): bulk-loaded, but the same shapes as
actions logged and updated through the rules."""
from __future__ import annotations

import re
from collections import defaultdict

import pytest
from sqlalchemy import func, select

from tracker.actions import search
from tracker.actions.rules import create_action, resolve_next_meeting_dues
from tracker.extensions import db
from tracker.models import (
    LIVE_STATUSES,
    OUTSTANDING_STATUSES,
    Action,
    Committee,
    Meeting,
    Update,
    User,
    municipal_year,
    municipal_year_label,
)
from tracker.synthetic import NotEmpty, load_synthetic
from tracker.timeutil import today

N = 600


@pytest.fixture
def council(ctx):
    counts = load_synthetic(N)
    return counts


def test_the_council_has_the_size_asked_for(council):
    assert council["actions"] == N == db.session.scalar(select(func.count()).select_from(Action))
    assert council["committees"] == 40
    assert council["users"] == 2000
    assert council["meetings"] >= 80
    assert 4 <= council["action_updates"] / N <= 6  # about five history entries per action


def test_references_are_numbered_per_committee_and_municipal_year(council):
    rows = db.session.execute(
        select(Action.reference, Action.committee_id, Action.municipal_year, Action.sequence, Committee.code,
               Meeting.starts_at)
        .join(Committee, Action.committee_id == Committee.id).join(Meeting, Action.meeting_id == Meeting.id)
    ).all()
    sequences = defaultdict(list)
    for reference, committee_id, year, sequence, code, starts_at in rows:
        assert year == municipal_year(starts_at.date())
        assert reference == f"{code} {municipal_year_label(year)}-{sequence:02d}"
        sequences[(committee_id, year)].append(sequence)
    assert all(sorted(numbers) == list(range(1, len(numbers) + 1)) for numbers in sequences.values())


def test_versions_and_history_tell_each_actions_story(council):
    history = defaultdict(list)
    for update in db.session.scalars(select(Update).order_by(Update.action_id, Update.created_at, Update.id)):
        history[update.action_id].append(update)
    for action in db.session.scalars(select(Action)):
        entries = history[action.id]
        assert action.version == len(entries)
        assert (entries[0].old_status, entries[0].new_status, entries[0].note) == (None, "open", "Action logged")
        assert all(later.old_status == earlier.new_status for earlier, later in zip(entries, entries[1:]))
        assert entries[-1].new_status == action.status
        assert action.updated_at == entries[-1].created_at


def test_closed_actions_record_a_later_meeting_of_their_committee(council):
    closed = db.session.scalars(select(Action).where(Action.status == "closed")).all()
    assert closed
    for action in closed:
        assert action.closed_at_meeting.committee_id == action.committee_id
        assert action.closed_at_meeting.starts_at > action.meeting.starts_at


def test_next_meeting_due_dates_are_what_the_rules_would_set(council):
    assert db.session.scalar(select(func.count()).select_from(Action).where(Action.due_next_meeting))
    for committee_id in db.session.scalars(select(Committee.id)):
        assert resolve_next_meeting_dues(committee_id) == 0  # nothing to correct


def test_a_realistic_share_is_outstanding_and_overdue(council):
    def share(*conditions):
        return db.session.scalar(select(func.count()).select_from(Action).where(*conditions)) / N

    outstanding = share(Action.status.in_([s.value for s in OUTSTANDING_STATUSES]))
    overdue = share(Action.overdue_clause(today()))
    assert 0.03 <= outstanding <= 0.25
    assert 0.01 <= overdue <= outstanding
    assert share(Action.status.in_([s.value for s in LIVE_STATUSES]), Action.due_date >= today()) > 0


def test_search_finds_synthetic_actions(council):
    """The full-text index was filled as the rows went in."""
    topic = db.session.scalar(select(Action.description).order_by(Action.id.desc()).limit(1)).split()[-1]
    found = db.session.scalar(select(func.count()).select_from(Action).where(search.matching(topic)))
    assert found >= 1


def test_the_app_carries_on_after_the_bulk_load(council):
    """Ids were chosen by the loader: the next action logged the ordinary way gets a fresh one
    (PostgreSQL's sequences were moved on) and the next number of its committee's year."""
    meeting = db.session.scalars(select(Meeting).where(Meeting.status == "held").order_by(Meeting.starts_at.desc())).first()
    year = municipal_year(meeting.starts_at.date())
    last = db.session.scalar(select(func.max(Action.sequence)).where(
        Action.committee_id == meeting.committee_id, Action.municipal_year == year))
    action = create_action(meeting=meeting, author=None, description="Logged after the load", owner_role="Clerk")
    db.session.commit()
    assert action.id == N + 1
    assert action.sequence == last + 1


def test_the_demo_logins_work(council, browser):
    scrutiny = db.session.scalar(select(User).where(User.email == "scrutiny@example.gov.uk"))
    browser.login(scrutiny, password="demo-password")
    page = browser.get("/actions")
    assert page.status_code == 200
    assert re.search(r'href="/actions/\d+">[A-Z]+ \d\d/\d\d-\d\d</a>', page.get_data(as_text=True))


def test_it_refuses_a_database_with_data(make, snapshot):
    make.user("scrutiny")
    before = snapshot()
    with pytest.raises(NotEmpty):
        load_synthetic(50)
    assert snapshot() == before


def test_the_command(runner, ctx):
    result = runner.invoke(args=["demo", "--synthetic", "120"])
    assert result.exit_code == 0, result.output
    assert "Synthetic council loaded" in result.output and "120 actions" in result.output
    again = runner.invoke(args=["demo", "--synthetic", "120"])
    assert again.exit_code != 0 and "already has data" in again.output
