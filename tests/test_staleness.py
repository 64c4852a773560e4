"""Staleness: an owner who has not updated an action since the committee last met is chased.
It is worked out from the history every time, never stored."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine

from tracker.actions.rules import change_status
from tracker.chasing.staleness import is_stale, owed_updates
from tracker.extensions import db

TODAY = date(2026, 11, 10)


def at(day: date, hour: int = 10):
    """Travel to `day` (UTC) for a block: things logged inside it carry that date."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0), tick=False)


def update(action, who, status="in_progress", note="Progress", day=None):
    with at(day):
        change_status(action, who, status, note, action.version)
        db.session.commit()


@pytest.fixture
def panel(make):
    """A panel that met on 8 June and on 1 October 2026 (its last meeting before today)."""
    committee = make.committee("Stronger Communities Scrutiny Panel", slug="safety", code="SCSP")
    june = make.meeting(committee, on=date(2026, 6, 8))
    october = make.meeting(committee, on=date(2026, 10, 1))
    with at(date(2026, 6, 9)):
        priya = make.user("officer", name="Priya Shah")
        tom = make.user("officer", name="Tom Bryant")
    return dict(committee=committee, june=june, october=october, priya=priya, tom=tom,
                scrutiny=make.user("scrutiny", name="Sam Okafor"))


def logged(make, meeting, day, **fields):
    with at(day):
        return make.action(meeting, **fields)


def test_an_owner_who_updated_before_the_last_meeting_owes_an_update(make, panel):
    action = logged(make, panel["june"], date(2026, 6, 9), owner=panel["priya"])
    update(action, panel["priya"], day=date(2026, 9, 20))
    assert is_stale(action, TODAY)


def test_an_update_after_the_last_meeting_clears_it(make, panel):
    action = logged(make, panel["june"], date(2026, 6, 9), owner=panel["priya"])
    update(action, panel["priya"], day=date(2026, 10, 2))
    assert not is_stale(action, TODAY)


def test_only_the_owner_updating_counts(make, panel):
    """The scrutiny officer adding a note is not the owner replying."""
    action = logged(make, panel["june"], date(2026, 6, 9), owner=panel["priya"])
    update(action, panel["scrutiny"], status="open", note="Chased by email", day=date(2026, 10, 5))
    assert is_stale(action, TODAY)


def test_for_an_owner_without_an_account_any_update_counts(make, panel):
    """Someone records the Chief Inspector's replies for them."""
    action = logged(make, panel["june"], date(2026, 6, 9), owner_role="Chief Inspector")
    assert is_stale(action, TODAY)
    update(action, panel["scrutiny"], status="in_progress", note="Figures received", day=date(2026, 10, 5))
    assert not is_stale(action, TODAY)


def test_an_action_logged_after_the_last_meeting_is_not_stale(make, panel):
    action = logged(make, panel["october"], date(2026, 10, 2), owner=panel["priya"])
    assert not is_stale(action, TODAY)


@pytest.mark.parametrize("status", ["completed", "closed", "withdrawn"])
def test_finished_actions_are_never_stale(make, panel, status):
    action = logged(make, panel["june"], date(2026, 6, 9), owner=panel["priya"], status=status)
    assert not is_stale(action, TODAY)


def test_a_cancelled_meeting_or_one_today_does_not_count(make, panel):
    """The cutoff is the last meeting that took place before today."""
    action = logged(make, panel["june"], date(2026, 6, 9), owner=panel["priya"])
    update(action, panel["priya"], day=date(2026, 10, 20))
    make.meeting(panel["committee"], on=date(2026, 11, 2), status="cancelled")
    make.meeting(panel["committee"], on=TODAY, status="scheduled")
    assert not is_stale(action, TODAY)
    make.meeting(panel["committee"], on=date(2026, 11, 3), status="held")
    assert is_stale(action, TODAY)


def test_without_a_meeting_an_action_is_stale_after_30_days(make):
    committee = make.committee(slug="new-panel", code="NEW")
    first = make.meeting(committee, on=date(2026, 12, 1), status="scheduled")  # not yet met
    owner = make.user("officer")
    old = logged(make, first, date(2026, 10, 10), owner=owner)  # 31 days before today
    recent = logged(make, first, date(2026, 10, 12), owner=owner)  # 29 days
    assert is_stale(old, TODAY) and not is_stale(recent, TODAY)
    update(old, owner, day=date(2026, 11, 1))
    assert not is_stale(old, TODAY)


@pytest.fixture
def frozen():
    with at(TODAY):
        yield


@pytest.fixture
def stale_world(make, panel):
    actions = dict(
        stale=logged(make, panel["june"], date(2026, 6, 9), owner=panel["priya"], description="Circulate the briefing"),
        fresh=logged(make, panel["june"], date(2026, 6, 9), owner=panel["tom"], description="Share the training plan"),
        role=logged(make, panel["june"], date(2026, 6, 9), owner_role="Chief Inspector", description="Provide knife bin figures"),
    )
    update(actions["fresh"], panel["tom"], day=date(2026, 10, 15))
    return actions


def refs(response) -> list[str]:
    return re.findall(r'href="/actions/\d+">([A-Z0-9]+ \d\d/\d\d-\d\d)</a>', response.get_data(as_text=True))


def test_the_stale_filter_lists_only_stale_actions(browser, make, panel, stale_world, frozen):
    browser.login(make.user("member"))
    response = browser.get("/actions?stale=1")
    assert response.status_code == 200
    assert sorted(refs(response)) == sorted([stale_world["stale"].reference, stale_world["role"].reference])
    assert 'name="stale" type="checkbox" value="1" checked' in response.get_data(as_text=True)
    fragment = browser.get("/actions?stale=1&committee=safety", htmx=True)
    assert sorted(refs(fragment)) == sorted([stale_world["stale"].reference, stale_world["role"].reference])


def test_the_stale_tag_shows_on_stale_rows_only(browser, make, panel, stale_world, frozen):
    browser.login(make.user("member"))
    body = browser.get("/actions").get_data(as_text=True)
    rows = dict(re.findall(r'<tr class="govuk-table__row" id="action-row-(\d+)">(.*?)</tr>', body, re.S))
    assert "Stale" in rows[str(stale_world["stale"].id)]
    assert "Stale" not in rows[str(stale_world["fresh"].id)]
    page = browser.get(f"/actions/{stale_world['stale'].id}").get_data(as_text=True)
    assert ">Stale<" in page


def test_a_bad_stale_value_is_explained(browser, make, panel, frozen):
    browser.login(make.user("member"))
    response = browser.get("/actions?stale=yes")
    assert response.status_code == 400
    assert "Stale must be ticked or not" in response.get_data(as_text=True)


def test_the_committee_page_lists_who_owes_updates(browser, make, panel, stale_world, frozen):
    assert [(o.owner, [a.reference for a in o.actions]) for o in owed_updates(TODAY, panel["committee"].id)] == [
        ("Chief Inspector", [stale_world["role"].reference]),
        ("Priya Shah", [stale_world["stale"].reference]),
    ]
    browser.login(make.user("member"))
    body = browser.get("/committees/safety").get_data(as_text=True)
    owed = body.split('id="owed-updates"')[1].split('id="overdue-responses"')[0]
    assert "Priya Shah" in owed and "Chief Inspector" in owed and "Tom Bryant" not in owed
    assert "/actions?committee=safety&amp;stale=1" in owed


def test_an_owner_updating_clears_the_tag_in_the_row_they_get_back(browser, panel, stale_world, frozen):
    browser.login(panel["priya"])
    action = stale_world["stale"]
    response = browser.post(f"/actions/{action.id}/status", htmx=True,
                            data={"status": "in_progress", "note": "Briefing drafted", "version": action.version})
    assert response.status_code == 200
    assert "Stale" not in response.get_data(as_text=True)


def test_the_committee_page_lists_the_owners_with_most_stale_actions_first_a_few_each(browser, make, frozen):
    """Bounded at a large council's size: ten owners, five actions each, the rest counted and
    linked to the stale actions list."""
    from tracker.chasing.staleness import owed_update_summary

    committee = make.committee(slug="busy")
    meeting = make.meeting(committee, on=date(2026, 6, 10))
    make.meeting(committee, on=date(2026, 10, 1))  # the last meeting: nobody has updated since
    owners = [make.user("officer", name=f"Owner {n:02d}") for n in range(12)]
    busiest = owners[5]
    for owner in owners:
        for _ in range(7 if owner is busiest else 1):
            logged(make, meeting, date(2026, 6, 11), owner=owner)
    summary = owed_update_summary(TODAY, committee.id)
    assert [o.owner.split(",")[0] for o in summary.owners] == ["Owner 05"] + [f"Owner {n:02d}" for n in (0, 1, 2, 3, 4, 6, 7, 8, 9)]
    assert summary.owners[0].count == 7 and len(summary.owners[0].actions) == 5 and summary.owners[0].more == 2
    assert summary.others == 2

    browser.login(make.user("member"))
    body = browser.get("/committees/busy").get_data(as_text=True)
    owed = body.split('id="owed-updates"')[1].split('id="overdue-responses"')[0]
    assert f"/actions?committee=busy&amp;stale=1&amp;owner={busiest.id}" in owed and "2 more" in owed
    assert "And 2 other owners with fewer stale actions." in owed
    assert "Owner 11" not in owed
