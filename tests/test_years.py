"""The calendar as the years pass: the bank holiday list running out, and references, quarters,
"next meeting" dues and staleness across a year end and on 29 February."""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

import pytest
import time_machine

from tracker.actions.rules import change_status
from tracker.chasing.staleness import is_stale
from tracker.extensions import db
from tracker.main.dashboard import financial_quarter, quarterly_activity
from tracker.models import municipal_year, municipal_year_label
from tracker.reminders import workdays
from tracker.reminders.digests import why_due
from tracker.reminders.send import send_reminders

END = workdays.known_until()
# A year the bundled list does not reach: its weekdays are all taken as working days.
BEYOND = END.year + 1


def at(day: date, hour: int = 10):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0), tick=False)


# ---------------------------------------------------------------- the bank holiday list

def test_the_list_knows_this_years_holidays():
    christmas = date(END.year, 12, 25)
    assert workdays.is_bank_holiday(christmas) or christmas.weekday() >= 5


def test_past_the_list_only_weekends_are_skipped_with_a_warning(caplog):
    workdays._warn_past_the_list.cache_clear()
    new_year = date(BEYOND, 1, 1)  # a bank holiday every year, but the list cannot say so
    with caplog.at_level(logging.WARNING, logger="tracker.reminders.workdays"):
        assert workdays.is_working_day(new_year) == (new_year.weekday() < 5)
        monday = next(date(BEYOND, 3, d) for d in range(1, 8) if date(BEYOND, 3, d).weekday() == 0)
        # Five working days before a Monday, weekends skipped: the Monday before.
        assert workdays.agenda_published(monday) == monday - timedelta(days=7)
    assert [r.levelname for r in caplog.records] == ["WARNING"]  # once, not once per day asked
    assert "govuk-bank-holidays" in caplog.records[0].getMessage()


def test_working_days_count_across_the_end_of_the_list():
    first_past = END + timedelta(days=1)
    # Counting back from past the end into the list's last days neither crashes nor stalls.
    day = workdays.working_days_before(first_past + timedelta(days=14), 10)
    assert END - timedelta(days=7) <= day <= first_past + timedelta(days=14)


@pytest.mark.parametrize("day, warned", [
    (END - timedelta(days=120), False),
    (END - timedelta(days=30), True),
    (END + timedelta(days=400), True),
])
def test_scrutiny_officers_are_told_to_upgrade_the_list(day, warned):
    message = workdays.holiday_list_warning(day)
    assert (message is not None) == warned
    if warned:
        assert f"{END.day} {END:%B %Y}" in message and "govuk-bank-holidays" in message


def test_the_home_page_warns_scrutiny_officers_only(browser, other_browser, make):
    scrutiny, member = make.user("scrutiny"), make.user("member")
    with at(date(BEYOND, 2, 10)):
        body = browser.login(scrutiny).get("/").get_data(as_text=True)
        assert 'id="holiday-list-warning"' in body and "ended on" in body
        body = other_browser.login(member).get("/").get_data(as_text=True)
        assert 'id="holiday-list-warning"' not in body


def test_reminders_run_past_the_list(make):
    """A reminder run in a year the list does not cover still sends each owner's digest."""
    committee = make.committee(code="SCSP")
    owner = make.user("officer", name="Priya Shah")
    january = make.meeting(committee, on=date(BEYOND, 1, 12))
    make.meeting(committee, on=date(BEYOND, 2, 9), status="scheduled")
    with at(date(BEYOND, 1, 13)):
        action = make.action(january, owner=owner, due_next_meeting=True)
    assert action.due_date == date(BEYOND, 2, 9)
    published = workdays.agenda_published(date(BEYOND, 2, 9))
    with at(published - timedelta(days=2)):
        reason = why_due(action, published - timedelta(days=2))
        assert reason is not None and "the agenda is published" in reason[0]
        report = send_reminders(published - timedelta(days=2), dry_run=True, echo=lambda _: None)
    assert report.printed == 1


# ---------------------------------------------------------------- year ends and leap days

@pytest.mark.parametrize("day, year, label", [
    (date(2027, 3, 31), 2026, "26/27"),
    (date(2027, 4, 1), 2027, "27/28"),
    (date(2028, 2, 29), 2027, "27/28"),
    (date(2099, 12, 31), 2099, "99/00"),
])
def test_municipal_years(day, year, label):
    assert municipal_year(day) == year and municipal_year_label(year) == label


def test_references_start_again_in_april_not_january(make):
    committee = make.committee(code="SCSP")
    december, leap_day, april = (make.meeting(committee, on=d)
                                 for d in (date(2027, 12, 14), date(2028, 2, 29), date(2028, 4, 11)))
    refs = [make.action(m).reference for m in (december, december, leap_day, april)]
    assert refs == ["SCSP 27/28-01", "SCSP 27/28-02", "SCSP 27/28-03", "SCSP 28/29-01"]


@pytest.mark.parametrize("day, quarter", [
    (date(2027, 12, 31), (2027, 3)), (date(2028, 1, 1), (2027, 4)),
    (date(2028, 2, 29), (2027, 4)), (date(2028, 4, 1), (2028, 1)),
])
def test_financial_quarters(day, quarter):
    assert financial_quarter(day) == quarter


def test_the_chart_counts_each_side_of_a_year_end(ctx, make):
    committee = make.committee()
    for on in (date(2027, 12, 14), date(2028, 1, 11), date(2028, 2, 29)):
        make.action(make.meeting(committee, on=on))
    quarters = quarterly_activity(date(2028, 3, 1))
    labels = [(q.label, q.opened) for q in quarters[-2:]]
    assert labels == [("Oct–Dec 2027", 1), ("Jan–Mar 2028", 2)]


def test_next_meeting_dues_cross_the_year_end(make):
    committee = make.committee()
    december = make.meeting(committee, on=date(2027, 12, 14))
    make.meeting(committee, on=date(2028, 2, 29), status="scheduled")
    action = make.action(december, due_next_meeting=True)
    assert action.due_date == date(2028, 2, 29)
    assert why_due(action, date(2028, 3, 1))[0] == "Overdue: was due 29 Feb 2028"


def test_staleness_across_the_year_end(make):
    committee = make.committee()
    owner = make.user("officer")
    december = make.meeting(committee, on=date(2027, 12, 21))
    with at(date(2027, 12, 1)):
        before = make.action(make.meeting(committee, on=date(2027, 11, 30)), owner=owner)
        after = make.action(make.meeting(committee, on=date(2027, 11, 30)), owner=owner)
    with at(date(2027, 12, 22)):
        change_status(after, owner, "in_progress", "Drafting", after.version)
        db.session.commit()
    assert december.starts_at.year == 2027
    assert is_stale(before, date(2028, 1, 5)) and not is_stale(after, date(2028, 1, 5))


def test_staleness_without_a_meeting_counts_a_leap_february(make):
    """30 days without a meeting: an action last touched on 30 January 2028 is stale on
    1 March 2028 (31 days, February having 29) and not on 29 February (30 days)."""
    owner = make.user("officer")
    committee = make.committee()
    with at(date(2028, 1, 30)):
        action = make.action(make.meeting(committee, on=date(2028, 4, 1), status="scheduled"), owner=owner)
    assert not is_stale(action, date(2028, 2, 29))
    assert is_stale(action, date(2028, 3, 1))
