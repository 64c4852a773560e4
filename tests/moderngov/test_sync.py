"""Syncing a committee from the fake ModernGov, through the tracker's own rules; the clock is
frozen on 1 December 2026 (the Wexcombe meeting of 10 November is past, January's to come)."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from tests.conftest import table_snapshot
from tests.moderngov.conftest import publish_minutes, wexcombe_communities
from tracker.extensions import db
from tracker.committees.membership import add_member
from tracker.models import Action, AgendaItem, CommitteeMember, Meeting, MinutesSuggestion, ModernGovPerson, ModernGovSync
from tracker.moderngov import client_from_config
from tracker.moderngov.client import ModernGovError
from tracker.moderngov.sync import name_key, settle, sync_committee

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 9, 0)


@pytest.fixture
def council(fake, make):
    meetings = wexcombe_communities(fake)
    committee = make.committee("Communities Overview and Scrutiny", slug="communities", code="COS")
    committee.moderngov_id = 101
    db.session.commit()
    return committee, meetings


def run(committee, start=date(2025, 12, 1), end=date(2027, 12, 1)):
    return sync_committee(committee, client_from_config(), start, end, today=TODAY, now=NOW)


def meetings_of(committee):
    return db.session.scalars(select(Meeting).where(Meeting.committee_id == committee.id).order_by(Meeting.starts_at)).all()


def test_first_sync(council):
    committee, _ = council
    summary = run(committee)
    assert (summary.meetings_added, summary.items_added, summary.minutes_published, summary.suggestions) == (3, 5, 0, 0)
    held, january, march = meetings_of(committee)
    assert held.starts_at == datetime(2026, 11, 10, 18, 30) and held.status == "held"
    assert held.venue == "Council Chamber, Wexcombe Civic Centre"
    assert held.moderngov_url.endswith("/ieListDocuments.aspx?CId=101&MId=501")
    assert january.status == "scheduled" and march.starts_at.time() == time(10, 0)
    assert [(i.number, i.title) for i in held.agenda_items][:2] == [("1", "Apologies for absence"), ("5", "Play Areas and Parks")]
    assert held.agenda_items[1].presenter == "Head of Parks and Open Spaces"
    assert "meetings 3 added" in summary.line(committee.name)
    log = db.session.scalar(select(ModernGovSync))
    assert log.ok and log.meetings_added == 3


def test_resync_with_nothing_new_changes_nothing(council):
    committee, _ = council
    run(committee)
    before = table_snapshot()
    summary = run(committee)
    assert summary.nothing_new
    after = table_snapshot()
    assert after.pop("moderngov_syncs") == before.pop("moderngov_syncs") + 1
    assert after == before


def test_restricted_item_is_exempt_and_its_minutes_kept_out(council, fake):
    committee, meetings = council
    publish_minutes(meetings["held"])
    run(committee)
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.moderngov_id == 9004))
    assert item.exempt and item.minutes is None
    quotes = " ".join(db.session.scalars(select(MinutesSuggestion.quote)))
    assert "tender" not in quotes and "January 2027" not in quotes


def test_moved_and_cancelled_meetings_take_the_dues_with_them(council, fake, make):
    committee, meetings = council
    run(committee)
    held = meetings_of(committee)[0]
    due_next = make.action(held, due_next_meeting=True)
    assert due_next.due_date == date(2027, 1, 12)
    history = len(due_next.updates)
    meetings["january"].day = date(2027, 1, 19)
    summary = run(committee)
    assert summary.meetings_changed == 1 and summary.dues_moved == 1
    db.session.refresh(due_next)
    assert due_next.due_date == date(2027, 1, 19)
    meetings["january"].status = "Cancelled"
    summary = run(committee)
    assert summary.meetings_cancelled == 1
    db.session.refresh(due_next)
    assert due_next.due_date == date(2027, 3, 9)
    assert due_next.version == 1 and len(due_next.updates) == history  # followed the calendar, nobody's edit


def test_vanished_meeting_is_flagged_not_deleted(council, fake, make):
    committee, _ = council
    run(committee)
    march = meetings_of(committee)[2]
    action = make.action(march, description="Report on library opening hours")
    del fake.meetings[503]
    summary = run(committee)
    assert summary.meetings_missing == 1
    db.session.refresh(march)
    assert march.moderngov_missing_since == NOW and march.status == "scheduled"
    assert db.session.get(Action, action.id).description == "Report on library opening hours"


def test_minutes_published_between_syncs_suggest_once(council, fake):
    committee, meetings = council
    run(committee)
    assert db.session.scalar(select(MinutesSuggestion)) is None
    publish_minutes(meetings["held"])
    summary = run(committee)
    assert summary.minutes_published == 2 and summary.suggestions == 3
    descriptions = sorted(db.session.scalars(select(MinutesSuggestion.description)))
    assert descriptions[0].startswith("Bring a report on the cost of longer opening hours")
    assert all(s.state == "pending" for s in db.session.scalars(select(MinutesSuggestion)))
    again = run(committee)
    assert again.suggestions == 0 and again.minutes_published == 0
    assert len(db.session.scalars(select(MinutesSuggestion)).all()) == 3


def test_rejected_and_logged_are_never_suggested_again(council, fake):
    committee, meetings = council
    run(committee)
    publish_minutes(meetings["held"])
    run(committee)
    held = meetings_of(committee)[0]
    first, second, third = db.session.scalars(select(MinutesSuggestion).order_by(MinutesSuggestion.id)).all()
    settle(held.id, [first.quote], [second.quote], NOW)
    db.session.commit()
    # The minutes are corrected on ModernGov: capture runs again on the new text.
    meetings["held"].items[2].minutes_html += "<p>The Chair thanked the Manager.</p>"
    summary = run(committee)
    assert summary.suggestions == 0
    states = {s.id: s.state for s in db.session.scalars(select(MinutesSuggestion))}
    assert states == {first.id: "logged", second.id: "rejected", third.id: "pending"}


def test_sync_never_overwrites_what_the_tracker_holds(council, fake, make):
    committee, meetings = council
    run(committee)
    held = meetings_of(committee)[0]
    action = make.action(held, status="closed", description="Publish the play strategy")
    publish_minutes(meetings["held"])
    meetings["held"].items.clear()  # ModernGov loses the agenda
    run(committee)
    db.session.refresh(held)
    assert len(held.agenda_items) == 4  # kept
    saved = db.session.get(Action, action.id)
    assert (saved.status, saved.description, saved.closed_at_meeting_id) == ("closed", "Publish the play strategy", held.id)


def test_typed_in_meeting_is_adopted_not_doubled(council, make):
    committee, _ = council
    typed = make.meeting(committee, on=date(2027, 1, 12), status="scheduled", venue="")
    item = make.agenda_item(typed, number="1", title="Apologies for absence")
    summary = run(committee)
    assert summary.meetings_added == 2
    db.session.refresh(typed)
    assert typed.moderngov_id == 502 and [i.id for i in typed.agenda_items] == [item.id]


@pytest.mark.parametrize("failure", ["slow", "500", "html", "off", "malformed", "entities", "oversized", "encoding"])
def test_each_failure_changes_nothing(council, fake, failure, app, monkeypatch):
    committee, meetings = council
    run(committee)
    publish_minutes(meetings["held"])
    meetings["january"].day = date(2027, 1, 26)
    before = table_snapshot()
    if failure == "slow":
        monkeypatch.setitem(app.config, "TRACKER_MODERNGOV_TIMEOUT", 0.3)
        fake.misbehave, fake.slow_seconds = "slow", 3.0
    elif failure in ("500", "html"):
        fake.misbehave = failure
    elif failure == "off":
        fake.stop()
    else:
        fake.raw["GetMeeting"] = {
            "malformed": b"<meeting><meetingid>502</meetingid>",
            "entities": b'<!DOCTYPE m [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><meeting>&b;</meeting>',
            "oversized": b"<meeting>" + b"<x/>" * 60_000 + b"</meeting>",
            "encoding": '<?xml version="1.0" encoding="utf-8"?><meeting><meetinglocation>Salle des f\u00eates</meetinglocation></meeting>'.encode("latin-1"),
        }[failure]
    with pytest.raises(ModernGovError):
        run(committee)
    after = table_snapshot()
    assert after.pop("moderngov_syncs") == before.pop("moderngov_syncs") + 1
    assert after == before
    failed = db.session.scalar(select(ModernGovSync).order_by(ModernGovSync.id.desc()).limit(1))
    assert not failed.ok and failed.message


def test_membership_from_the_attendees_matched_by_name(council, make):
    committee, _ = council
    priya = make.user("member", name="Priya Natarajan")
    tom = make.user("member", name="Cllr Tom Whitlow")
    make.user("officer", name="Jo Finch")
    summary = run(committee)
    assert (summary.members_seated, summary.people_unmatched) == (2, 1)
    seats = {m.user_id: (m.position, m.source) for m in db.session.scalars(select(CommitteeMember))}
    assert seats == {priya.id: ("Chair", "moderngov"), tom.id: ("Vice-Chair", "moderngov")}
    waiting = db.session.scalars(select(ModernGovPerson).where(ModernGovPerson.user_id.is_(None))).all()
    assert [p.name for p in waiting] == ["Councillor Ada Brennan"]
    again = run(committee)
    assert again.members_seated == 0 and again.nothing_new


def test_a_membership_typed_in_by_hand_is_left_alone(council, make):
    committee, _ = council
    priya = make.user("member", name="Priya Natarajan")
    add_member(committee, priya, None, "Co-opted member")
    db.session.commit()
    run(committee)
    seat = db.session.get(CommitteeMember, (committee.id, priya.id))
    assert (seat.position, seat.source) == ("Co-opted member", "manual")


def test_two_councillors_of_one_name_are_not_guessed(council, make):
    committee, _ = council
    make.user("member", name="Ada Brennan")
    make.user("member", name="Ada Brennan", email="ada.brennan2@example.gov.uk")
    summary = run(committee)
    assert summary.people_unmatched == 3 and summary.members_seated == 0


@pytest.mark.parametrize("name, key", [("Councillor Priya Natarajan", "priya natarajan"),
                                       ("Cllr. Dr Tom O'Neill", "tom o'neill"), ("County Councillor  Jo  Smith", "jo smith")])
def test_name_keys(name, key):
    assert name_key(name) == key


def test_a_second_committee_linked_to_the_same_calendar_is_refused_not_merged(council, make):
    committee, _ = council
    run(committee)
    committee.moderngov_id = None
    second = make.committee("Communities (new)", slug="communities-new", code="CN")
    second.moderngov_id = 101
    db.session.commit()
    before = table_snapshot()
    with pytest.raises(ModernGovError, match="ModernGov meeting 501 is already in the calendar of Communities Overview"):
        run(second)
    after = table_snapshot()
    assert after.pop("moderngov_syncs") == before.pop("moderngov_syncs") + 1
    assert after == before


def test_an_agenda_item_moved_to_another_meeting_stays_where_it_is(council, fake):
    committee, meetings = council
    run(committee)
    meetings["march"].items.append(meetings["january"].items.pop())
    run(committee)
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.moderngov_id == 9101))
    assert item.meeting.moderngov_id == 502


def test_every_agenda_is_fetched_once_with_the_fetches_side_by_side(council, fake):
    committee, _ = council
    fake.misbehave, fake.slow_seconds = "slow", 0.2
    run(committee)
    asked = sorted(args["lMeetingId"] for _, path, args in fake.requests if path.endswith("/GetMeeting"))
    assert asked == ["501", "502", "503"]
