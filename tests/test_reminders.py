"""Reminder digests, sent through a real SMTP server on the loopback interface: what each
says, who gets one, never twice a day, and the working-day arithmetic behind agenda dates."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from conftest import BASE_URL, free_port
from tracker.actions.rules import change_status
from tracker.chasing.responses import record_recommendation
from tracker.extensions import db
from tracker.models import SentDigest
from tracker.reminders.digests import owner_digests, why_due
from tracker.reminders.send import send_reminders
from tracker.reminders.workdays import agenda_published, working_days_before

MONDAY = date(2026, 11, 9)


# ------------------------------------------------------------------ working days

@pytest.mark.parametrize("meeting, published", [
    (date(2026, 11, 24), date(2026, 11, 17)),  # Tuesday: the Tuesday before
    (date(2026, 11, 23), date(2026, 11, 16)),  # Monday: the Monday before
    (date(2026, 4, 7), date(2026, 3, 27)),  # Tuesday after Easter Monday: Good Friday and Easter Monday skipped
    (date(2027, 1, 5), date(2026, 12, 24)),  # after Christmas Day, the Boxing Day substitute (28th) and New Year's Day
    (date(2026, 5, 26), date(2026, 5, 18)),  # Tuesday after the spring bank holiday
])
def test_agendas_are_published_five_working_days_before(meeting, published):
    assert agenda_published(meeting) == published


def test_working_days_skip_weekends_only_when_there_is_no_holiday():
    assert working_days_before(date(2026, 11, 16), 1) == date(2026, 11, 13)  # Monday -> Friday
    assert working_days_before(date(2026, 11, 18), 2) == date(2026, 11, 16)


def test_an_action_due_at_a_meeting_is_in_the_reminder_once_its_agenda_is_a_week_away(make):
    """Meeting on Tuesday 7 April 2026, after Easter: the agenda goes out on Friday 27 March,
    so the reminder picks it up from Friday 20 March."""
    panel = make.committee(slug="health", code="HSP")
    make.meeting(panel, on=date(2026, 2, 10))
    april = make.meeting(panel, on=date(2026, 4, 7), status="scheduled")
    action = make.action(panel.meetings[0], owner=make.user("officer"), due_next_meeting=True)
    assert action.due_date == april.starts_at.date()
    assert why_due(action, date(2026, 3, 19)) is None
    assert why_due(action, date(2026, 3, 20)) == (
        "Due at the meeting on Tuesday 7 Apr 2026: the agenda is published on Friday 27 Mar", False)


# ------------------------------------------------------------------ a real SMTP server (conftest's inbox)

def bodies(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


@pytest.fixture
def council(make):
    """Monday 9 November 2026. The safety panel met on 1 October and 3 November and meets next
    on Monday 23 November (agenda out Monday 16th); the health panel on Tuesday 24th (agenda
    out the 17th). The actions were logged on 2 October and nobody has updated them since."""
    with time_machine.travel(datetime(2026, 10, 2, 9), tick=False):
        safety = make.committee("Stronger Communities Scrutiny Panel", slug="safety", code="SCSP")
        health = make.committee("Health Scrutiny Panel", slug="health", code="HSP")
        sam = make.user("scrutiny", name="Sam Okafor", email="sam@council.example.gov.uk")
        safety.scrutiny_officer_id = sam.id
        priya = make.user("officer", name="Priya Shah", email="priya@council.example.gov.uk")
        tom = make.user("officer", name="Tom Bryant", email="tom@council.example.gov.uk")
        gone = make.user("officer", name="Left Council")
        october = make.meeting(safety, on=date(2026, 10, 1))
        health_october = make.meeting(health, on=date(2026, 10, 6))
        november = make.meeting(safety, on=date(2026, 11, 3))
        make.meeting(safety, on=date(2026, 11, 23), status="scheduled")
        make.meeting(health, on=date(2026, 11, 24), status="scheduled")
        a = dict(
            overdue=make.action(october, owner=priya, due=date(2026, 10, 30), description="Circulate the knife crime briefing"),
            this_week=make.action(october, owner=priya, due=date(2026, 11, 13), description="Share the training plan"),
            agenda_later=make.action(health_october, owner=priya, due_next_meeting=True, description="Respite review"),
            far=make.action(october, owner=priya, due=date(2026, 12, 20), description="Review the strategy"),
            completed=make.action(october, owner=priya, due=date(2026, 10, 20), status="completed", description="Done already"),
            toms=make.action(october, owner=tom, due=date(2026, 11, 9), description="Write to the commissioner",
                             exempt=True),
            role=make.action(october, owner_role="Chief Inspector", due=date(2026, 10, 15), description="Knife bins"),
            inactive=make.action(october, owner=gone, due=date(2026, 10, 15), description="Old job"),
            recommendation=make.action(october, kind="resolution", owner=priya, due=date(2027, 3, 1),
                                       description="RECOMMEND to Cabinet a review of PCSO numbers"),
        )
        gone.active = False  # left the council after being given the action
        record_recommendation(a["recommendation"], sam, a["recommendation"].version, is_recommendation=True,
                              response_due=date(2026, 11, 1), today=date(2026, 10, 2))
        db.session.commit()
    with time_machine.travel(datetime(2026, 11, 4, 9), tick=False):
        a["agenda_week"] = make.action(november, owner=priya, due_next_meeting=True, description="Report back on CCTV")
    return dict(safety=safety, sam=sam, priya=priya, tom=tom, actions=a)


def test_each_owner_gets_one_digest_of_what_needs_updating(council):
    digests = {d.recipient.name: [item.action for item in d.items] for d in owner_digests(MONDAY)}
    a = council["actions"]
    assert digests == {
        "Priya Shah": [a["overdue"], a["this_week"], a["agenda_week"]],
        "Tom Bryant": [a["toms"]],
    }


def test_the_digest_arrives_with_text_html_and_working_links(app, browser, council, inbox):
    report = send_reminders(MONDAY)
    assert report.failed == [] and len(report.sent) == 3  # Priya, Tom, and Sam's summary
    [message] = inbox.to("priya@council.example.gov.uk")
    assert message["Subject"] == "3 actions to update, 1 overdue (Scrutiny Action Tracker)"
    assert message["From"] == "scrutiny@council.example.gov.uk"
    text, html = bodies(message)
    a = council["actions"]
    for key in ("overdue", "this_week", "agenda_week"):
        assert a[key].reference in text and a[key].description in text
        assert f"Update {a[key].reference}</a>" in html
    for key in ("agenda_later", "far", "completed", "role", "recommendation"):
        assert a[key].description not in text
    assert "Overdue: was due 30 Oct 2026" in text
    assert "Due Friday 13 Nov 2026" in text
    assert "Due at the meeting on Monday 23 Nov 2026: the agenda is published on Monday 16 Nov" in text
    assert '<html lang="en-GB">' in html and "<title>" in html

    links = re.findall(re.escape(BASE_URL) + r"(/update/\d+/[\w.-]+)", text)
    assert len(links) == 3 and set(links) == set(re.findall(re.escape(BASE_URL) + r'(/update/\d+/[\w.-]+)"', html))
    page = browser.get(links[0])
    assert page.status_code == 200 and a["overdue"].description in page.get_data(as_text=True)


def test_exempt_actions_are_not_described_in_email(council, inbox):
    send_reminders(MONDAY)
    [message] = inbox.to("tom@council.example.gov.uk")
    text, html = bodies(message)
    assert "Exempt item: sign in to read it." in text
    assert council["actions"]["toms"].description not in text + html
    assert "Due today" in text


def test_the_scrutiny_officer_gets_who_has_not_updated_and_late_responses(council, inbox):
    change_status(council["actions"]["this_week"], council["priya"], "in_progress", "On it",
                  council["actions"]["this_week"].version)
    db.session.commit()
    send_reminders(MONDAY)
    [message] = inbox.to("sam@council.example.gov.uk")
    text, html = bodies(message)
    a = council["actions"]
    assert message["Subject"].startswith("Chasing summary: ")
    assert "Stronger Communities Scrutiny Panel" in text and "Health Scrutiny Panel" not in text
    priya_line = next(line for line in text.splitlines() if line.startswith("- Priya Shah"))
    assert a["overdue"].reference in priya_line and a["this_week"].reference not in priya_line
    assert "- Chief Inspector: " + a["role"].reference in text
    assert f"- {a['recommendation'].reference}, due 1 Nov 2026" in text
    # the summary links to the action pages, never to the owners' one-click links
    assert "/update/" not in text + html
    assert f"{BASE_URL}/actions?committee=safety&amp;stale=1" in html


def test_never_the_same_digest_twice_in_a_day(app, council, inbox, runner):
    first = send_reminders(MONDAY)
    again = runner.invoke(args=["remind", "--today", "2026-11-09"])
    assert again.exit_code == 0, again.output
    assert "0 sent, 3 already sent today" in again.output
    assert len(first.sent) == 3 and len(inbox.messages) == 3
    assert db.session.scalar(select(func.count()).select_from(SentDigest)) == 3
    tuesday = send_reminders(date(2026, 11, 10))
    assert len(tuesday.sent) == 3 and len(inbox.messages) == 6


def test_dry_run_prints_and_sends_nothing(council, inbox, runner):
    result = runner.invoke(args=["remind", "--dry-run", "--today", "2026-11-09"])
    assert result.exit_code == 0, result.output
    assert "To: priya@council.example.gov.uk" in result.output
    assert council["actions"]["overdue"].reference in result.output
    assert "3 printed (dry run: nothing sent or recorded)" in result.output
    assert inbox.messages == []
    assert db.session.scalar(select(func.count()).select_from(SentDigest)) == 0


def test_a_failed_send_is_reported_and_retried_next_run(app, council, inbox, runner, monkeypatch):
    working_port = app.config["MAIL_PORT"]
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
    failed = runner.invoke(args=["remind", "--today", "2026-11-09"])
    assert failed.exit_code == 1 and "3 failed" in failed.output
    assert db.session.scalar(select(func.count()).select_from(SentDigest)) == 0
    monkeypatch.setitem(app.config, "MAIL_PORT", working_port)
    assert len(send_reminders(MONDAY).sent) == 3 and len(inbox.messages) == 3


def test_a_bad_date_is_explained(runner, council):
    result = runner.invoke(args=["remind", "--today", "9/11/2026"])
    assert result.exit_code == 2
    assert "'9/11/2026' does not match the format '%Y-%m-%d'" in result.output
