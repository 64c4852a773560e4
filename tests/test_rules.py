"""The business rules, called directly (no HTTP)."""
from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine

from tracker.actions.rules import (
    Forbidden,
    RuleError,
    StaleVersion,
    change_status,
    close_actions,
    create_action,
    edit_action,
    resolve_next_meeting_dues,
)
from tracker.extensions import db
from tracker.models import Action, HistoryIsAppendOnly, Rag, Update, municipal_year, rag_for


def test_references_are_numbered_per_committee_and_municipal_year(make):
    """The municipal year runs April to March: March 2025 is 24/25, April 2025 starts 25/26."""
    panel = make.committee(code="SCSP")
    march = make.meeting(panel, on=date(2025, 3, 20))
    april = make.meeting(panel, on=date(2025, 4, 10))
    other = make.meeting(make.committee(code="HASC"), on=date(2025, 3, 20))
    refs = [make.action(march).reference, make.action(march).reference, make.action(april).reference,
            make.action(other).reference]
    assert refs == ["SCSP 24/25-01", "SCSP 24/25-02", "SCSP 25/26-01", "HASC 24/25-01"]


def test_municipal_year_boundaries():
    assert municipal_year(date(2025, 3, 31)) == 2024
    assert municipal_year(date(2025, 4, 1)) == 2025


def test_a_new_action_is_open_with_a_created_entry_in_its_history(make):
    scrutiny = make.user("scrutiny")
    action = create_action(meeting=make.meeting(), author=scrutiny, description="Report back", owner_role="Chief Inspector")
    db.session.commit()
    assert action.status == "open" and action.version == 1
    assert [(u.old_status, u.new_status, u.author_id) for u in action.updates] == [(None, "open", scrutiny.id)]


def test_only_scrutiny_officers_log_actions(make):
    with pytest.raises(Forbidden):
        create_action(meeting=make.meeting(), author=make.user("officer"), description="x", owner_role="y")


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"description": "   ", "owner_role": "Chief Inspector"}, "description"),
        ({"description": "Report back"}, "owner_role"),
        ({"description": "Report back", "owner_role": "X", "due_date": date(2026, 1, 1), "due_next_meeting": True}, "due_date"),
    ],
)
def test_create_action_refuses_incomplete_actions(make, fields, field):
    with pytest.raises(RuleError) as error:
        create_action(meeting=make.meeting(), author=None, **fields)
    assert error.value.field == field


def test_agenda_item_must_belong_to_the_meeting(make):
    meeting, elsewhere = make.meeting(), make.meeting()
    item = make.agenda_item(elsewhere)
    with pytest.raises(RuleError, match="agenda item of this meeting"):
        create_action(meeting=meeting, author=None, description="x", owner_role="y", agenda_item=item)


def test_members_cannot_own_actions(make):
    with pytest.raises(RuleError, match="active officer"):
        create_action(meeting=make.meeting(), author=None, description="x", owner=make.user("member"))


# ------------------------------------------------------------------ next meeting

def test_next_meeting_due_waits_until_a_meeting_is_scheduled(make):
    panel = make.committee()
    june = make.meeting(panel, on=date(2026, 6, 10))
    action = make.action(june, due_next_meeting=True)
    assert action.due_date is None
    assert action.due_label == "Next meeting (not yet scheduled)"

    make.meeting(panel, on=date(2026, 9, 16), status="scheduled")
    assert resolve_next_meeting_dues(panel.id) == 1
    db.session.commit()
    db.session.refresh(action)
    assert action.due_date == date(2026, 9, 16)
    assert action.due_label == "Next meeting, 16 Sep 2026"


def test_next_meeting_is_the_first_after_the_arising_meeting_and_skips_cancelled(make):
    panel = make.committee()
    june = make.meeting(panel, on=date(2026, 6, 10))
    make.meeting(panel, on=date(2026, 3, 1))  # earlier meetings do not count
    september = make.meeting(panel, on=date(2026, 9, 16), status="scheduled")
    make.meeting(panel, on=date(2026, 11, 4), status="scheduled")
    action = make.action(june, due_next_meeting=True)
    assert action.due_date == date(2026, 9, 16)

    september.status = "cancelled"
    resolve_next_meeting_dues(panel.id)
    db.session.commit()
    db.session.refresh(action)
    assert action.due_date == date(2026, 11, 4)


def test_resolving_due_dates_does_not_bump_versions_or_history(make):
    """Following the calendar is nobody's edit: no false conflicts for the owner."""
    panel = make.committee()
    action = make.action(make.meeting(panel, on=date(2026, 6, 10)), due_next_meeting=True)
    version, history = action.version, len(action.updates)
    make.meeting(panel, on=date(2026, 9, 16), status="scheduled")
    resolve_next_meeting_dues(panel.id)
    db.session.commit()
    db.session.refresh(action)
    assert (action.version, len(action.updates)) == (version, history)


# ------------------------------------------------------------------ status changes

def test_owner_moves_their_action_and_the_history_records_it(make):
    owner = make.user("officer")
    action = make.action(owner=owner)
    change_status(action, owner, "in_progress", "Draft circulated to partners", action.version)
    db.session.commit()
    latest = action.updates[0]
    assert (latest.old_status, latest.new_status, latest.note, latest.author_id) == (
        "open", "in_progress", "Draft circulated to partners", owner.id)
    assert action.version == 2


@pytest.mark.parametrize("status", ["closed", "withdrawn"])
def test_an_officer_cannot_close_or_withdraw(make, status):
    owner = make.user("officer")
    action = make.action(owner=owner)
    with pytest.raises(Forbidden):
        change_status(action, owner, status, "", action.version)


def test_an_officer_cannot_update_someone_elses_action(make):
    action = make.action(owner=make.user("officer"))
    with pytest.raises(Forbidden):
        change_status(action, make.user("officer"), "completed", "", action.version)


def test_members_cannot_update(make):
    action = make.action()
    with pytest.raises(Forbidden):
        change_status(action, make.user("member"), "in_progress", "", action.version)


def test_scrutiny_officer_may_withdraw_but_closes_only_at_a_meeting(make):
    scrutiny = make.user("scrutiny")
    action = make.action()
    with pytest.raises(Forbidden):
        change_status(action, scrutiny, "closed", "", action.version)
    change_status(action, scrutiny, "withdrawn", "No longer required", action.version)
    assert action.status == "withdrawn"


def test_a_stale_version_is_refused(make):
    owner = make.user("officer")
    action = make.action(owner=owner)
    with pytest.raises(StaleVersion):
        change_status(action, owner, "completed", "Done", action.version - 1)
    assert action.status == "open"


def test_an_empty_update_is_refused(make):
    owner = make.user("officer")
    action = make.action(owner=owner)
    with pytest.raises(RuleError, match="new status or add a progress note"):
        change_status(action, owner, "open", "  ", action.version)


def test_a_note_alone_is_recorded_and_bumps_the_version(make):
    owner = make.user("officer")
    action = make.action(owner=owner)
    change_status(action, owner, "open", "Chased the police for figures", action.version)
    db.session.commit()
    assert action.version == 2 and action.updates[0].note == "Chased the police for figures"


def test_concurrent_saves_cannot_both_win(app, make):
    """Two requests read version 1; the one that writes second finds the row changed by the
    UPDATE's version check and is refused, not silently applied."""
    from sqlalchemy import update as sql_update

    from tracker.models import User

    owner = make.user("officer")
    action = make.action(owner=owner)
    action_id, owner_id = action.id, owner.id
    db.session.remove()

    with app.test_request_context(method="POST"):
        first = db.session.get(Action, action_id)
        user = db.session.get(User, owner_id)
        assert first.version == 1
        db.session.commit()
        db.session.expunge(first)  # keep what this request read: version 1
        # Meanwhile another request saves the same action.
        with db.engine.begin() as other:
            other.execute(sql_update(Action).where(Action.id == action_id).values(version=2, status="in_progress"))
        first = db.session.merge(first, load=False)
        with pytest.raises(StaleVersion):
            change_status(first, user, "completed", "Done", 1)
        db.session.rollback()
        assert db.session.get(Action, action_id).status == "in_progress"
        db.session.remove()


# ------------------------------------------------------------------ closing at a meeting

def test_closing_records_the_meeting_and_only_takes_completed_actions(make):
    scrutiny = make.user("scrutiny")
    panel = make.committee()
    meeting = make.meeting(panel)
    done = make.action(meeting, status="completed")
    still_open = make.action(meeting)
    with pytest.raises(RuleError, match="not completed"):
        close_actions(meeting, scrutiny, [done.id, still_open.id])
    db.session.rollback()
    closed = close_actions(meeting, scrutiny, [done.id])
    db.session.commit()
    assert closed[0].status == "closed" and closed[0].closed_at_meeting_id == meeting.id
    assert closed[0].updates[0].new_status == "closed"


def test_closing_refuses_another_committees_action(make):
    scrutiny = make.user("scrutiny")
    meeting = make.meeting()
    foreign = make.action(make.meeting(), status="completed")
    with pytest.raises(RuleError, match="another committee"):
        close_actions(meeting, scrutiny, [foreign.id])


# ------------------------------------------------------------------ editing

def test_editing_records_what_changed(make):
    scrutiny = make.user("scrutiny")
    action = make.action(due=date(2026, 7, 1))
    edit_action(action, scrutiny, action.version, note="Panel agreed a later date",
                due_date=date(2026, 8, 1), description=action.description)
    db.session.commit()
    assert action.due_date == date(2026, 8, 1)
    assert action.updates[0].note == "Due date changed; Panel agreed a later date"


def test_only_scrutiny_officers_edit_details(make):
    owner = make.user("officer")
    action = make.action(owner=owner)
    with pytest.raises(Forbidden):
        edit_action(action, owner, action.version, description="Something else")


# ------------------------------------------------------------------ derived state

@pytest.mark.parametrize(
    "status, due, expected",
    [
        ("open", date(2026, 11, 21), Rag("red", "Overdue")),
        ("in_progress", date(2026, 11, 21), Rag("red", "Overdue")),
        ("open", date(2026, 11, 22), Rag("yellow", "Due soon")),
        ("open", date(2026, 12, 6), Rag("yellow", "Due soon")),
        ("open", date(2026, 12, 7), Rag("blue", "On track")),
        ("open", None, Rag("blue", "On track")),
        ("deferred", date(2027, 6, 1), Rag("yellow", "Deferred")),
        ("completed", date(2026, 1, 1), Rag("green", "Completed")),
        ("closed", date(2026, 1, 1), Rag("green", "Closed")),
        ("withdrawn", date(2026, 1, 1), Rag("grey", "Withdrawn")),
    ],
)
def test_rag_rating(status, due, expected):
    assert rag_for(status, due, date(2026, 11, 22)) == expected


def test_overdue_is_derived_from_todays_date(make):
    """Nothing is stored: the same action becomes overdue when the day passes."""
    action = make.action(due=date(2026, 11, 22))
    with time_machine.travel(datetime.combine(date(2026, 11, 22), time(23, 0)), tick=False):
        from tracker.timeutil import today

        assert not action.is_overdue(today())
    with time_machine.travel(datetime(2026, 11, 23, 9, 0), tick=False):
        assert action.is_overdue(today())
        assert db.session.scalar(
            db.select(db.func.count()).select_from(Action).where(Action.overdue_clause(today()))
        ) == 1


def test_completed_closed_and_withdrawn_are_never_overdue(make):
    for status in ("completed", "closed", "withdrawn"):
        assert not make.action(due=date(2020, 1, 1), status=status).is_overdue(date(2026, 11, 22))


# ------------------------------------------------------------------ append-only history

def test_history_cannot_be_edited_or_deleted(make):
    action = make.action()
    entry = action.updates[0]
    entry.note = "rewritten"
    with pytest.raises(HistoryIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.get(Update, entry.id))
    with pytest.raises(HistoryIsAppendOnly):
        db.session.flush()


def test_actions_cannot_be_deleted(make):
    action = make.action()
    db.session.delete(action)
    with pytest.raises(HistoryIsAppendOnly, match="withdraw"):
        db.session.flush()
