"""The home page: your own actions first (officers), the committees you follow (members), the
counts of every committee, and a chart of actions opened and closed per quarter."""
from __future__ import annotations

import re
from datetime import date, datetime

import pytest
import time_machine

from tracker.actions.rules import close_actions
from tracker.extensions import db
from tracker.main.chart import quarter_chart
from tracker.main.dashboard import Quarter, committee_counts, financial_quarter, quarterly_activity

TODAY = date(2026, 11, 10)


@pytest.fixture
def frozen():
    with time_machine.travel(datetime(2026, 11, 10, 10, 0), tick=False):
        yield


@pytest.fixture
def council(make):
    """Two panels. Safety met in May, August and November 2026 and in February 2026; actions
    logged the day after each meeting; two closed at later meetings."""
    safety = make.committee("Stronger Communities Scrutiny Panel", slug="safety", code="SCSP")
    health = make.committee("Health Scrutiny Panel", slug="health", code="HSP")
    priya = make.user("officer", name="Priya Shah")
    scrutiny = make.user("scrutiny", name="Sam Okafor")
    meetings = {}
    for on in (date(2026, 2, 10), date(2026, 5, 12), date(2026, 8, 4), date(2026, 11, 3)):
        meetings[on] = make.meeting(safety, on=on)
    health_meeting = make.meeting(health, on=date(2026, 9, 15))
    a = {}
    with time_machine.travel(datetime(2026, 2, 11, 9), tick=False):
        a["feb"] = make.action(meetings[date(2026, 2, 10)], owner=priya, due=date(2026, 4, 1), status="completed")
        a["feb2"] = make.action(meetings[date(2026, 2, 10)], owner=priya, due=date(2026, 4, 1), status="completed")
    with time_machine.travel(datetime(2026, 5, 13, 9), tick=False):
        a["may_overdue"] = make.action(meetings[date(2026, 5, 12)], owner=priya, due=date(2026, 10, 1),
                                       description="Circulate the knife crime briefing")
        a["may_awaiting"] = make.action(meetings[date(2026, 5, 12)], owner=priya, due=date(2026, 7, 1),
                                        status="completed")
    with time_machine.travel(datetime(2026, 11, 4, 9), tick=False):
        a["nov"] = make.action(meetings[date(2026, 11, 3)], owner=priya, due=date(2026, 12, 1),
                               description="Share the training plan")
    with time_machine.travel(datetime(2026, 9, 16, 9), tick=False):
        a["health"] = make.action(health_meeting, owner_role="Director of Public Health", due=date(2027, 1, 1))
    close_actions(meetings[date(2026, 5, 12)], scrutiny, [a["feb"].id])
    close_actions(meetings[date(2026, 8, 4)], scrutiny, [a["feb2"].id])
    db.session.commit()
    return dict(safety=safety, health=health, priya=priya, scrutiny=scrutiny, actions=a)


@pytest.mark.parametrize("day, quarter", [
    (date(2026, 4, 1), (2026, 1)), (date(2026, 6, 30), (2026, 1)), (date(2026, 7, 1), (2026, 2)),
    (date(2026, 12, 31), (2026, 3)), (date(2027, 1, 1), (2026, 4)), (date(2027, 3, 31), (2026, 4)),
])
def test_financial_quarters_start_in_april(day, quarter):
    assert financial_quarter(day) == quarter


def test_the_chart_numbers(council):
    quarters = quarterly_activity(TODAY, quarters=4)
    assert [(q.label, q.opened, q.closed) for q in quarters] == [
        ("Jan–Mar 2026", 2, 0),  # two logged in February
        ("Apr–Jun 2026", 2, 1),  # two logged in May; one February action closed in May
        ("Jul–Sep 2026", 1, 1),  # the health panel's; one closed in August
        ("Oct–Dec 2026", 1, 0),
    ]


def test_the_counts_per_committee(council, make):
    counts = {c.committee.slug: (c.open, c.overdue, c.stale, c.awaiting) for c in committee_counts(TODAY)}
    # safety: open = may_overdue + nov; overdue = may_overdue; stale = may_overdue (not updated
    # since the 3 November meeting); awaiting = may_awaiting. Health has not met since it logged.
    assert counts == {"safety": (2, 1, 1, 1), "health": (1, 0, 0, 0)}


def test_the_counts_take_the_same_queries_however_many_actions(council, make, count_queries):
    with count_queries() as few:
        committee_counts(TODAY)
        quarterly_activity(TODAY)
    for _ in range(20):
        make.action(council["safety"].meetings[1], owner=council["priya"], due=date(2026, 12, 1))
    with count_queries() as many:
        committee_counts(TODAY)
        quarterly_activity(TODAY)
    assert few() == many()
    assert many() <= 6  # last meetings, counts, committees, opened, closed (+ BEGIN on SQLite)


def test_the_chart_is_drawn_to_scale():
    quarters = [Quarter(2026, 1, opened=10, closed=0), Quarter(2026, 2, opened=4, closed=5)]
    chart = quarter_chart(quarters)
    opened, closed = chart.groups[1].bars
    tallest = chart.groups[0].bars[0]
    assert [t[1] for t in chart.ticks] == [0, 2, 4, 6, 8, 10]
    assert tallest.height == pytest.approx(chart.baseline - chart.ticks[-1][0])
    assert opened.height == pytest.approx(tallest.height * 0.4) and closed.height == pytest.approx(tallest.height * 0.5)
    assert chart.groups[0].bars[1].height == 0


def test_an_officer_sees_their_own_open_actions_first(browser, council, frozen):
    browser.login(council["priya"])
    response = browser.get("/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    mine = body.split('id="your-actions"')[1].split('id="your-committees"')[0]
    refs = re.findall(r'href="/actions/\d+">([A-Z0-9]+ \d\d/\d\d-\d\d)</a>', mine)
    a = council["actions"]
    assert refs == [a["may_overdue"].reference, a["nov"].reference]  # overdue first; completed not here
    assert 'href="/actions?owner=me"' in body  # "My actions" in the navigation, as before


def test_a_member_sees_the_committees_they_follow_first(browser, council, make, frozen):
    member = make.user("member")
    browser.login(member)
    body = browser.get("/").get_data(as_text=True)
    assert 'id="your-actions"' not in body and "You do not follow any committees yet" in body
    assert browser.post("/committees/health/follow").status_code == 303
    body = browser.get("/").get_data(as_text=True)
    followed = body.split('id="followed-committees"')[1].split("</table>")[0]
    others = body.split('id="other-committees"')[1].split("</table>")[0]
    assert 'data-committee="health"' in followed and 'data-committee="safety"' not in followed
    assert 'data-committee="safety"' in others
    row = re.search(r'data-committee="safety">(.*?)</tr>', others, re.S).group(1)
    assert re.findall(r">(\d+)<span", row) == ["2", "1", "1", "1"]
    assert "Stop following" in browser.get("/committees/health").get_data(as_text=True)
    assert browser.post("/committees/health/unfollow").status_code == 303
    assert "You do not follow any committees yet" in browser.get("/").get_data(as_text=True)


def test_following_needs_csrf_and_a_real_committee(browser, council, make, snapshot):
    browser.login(make.user("member"))
    before = snapshot()
    assert browser.post("/committees/health/follow", csrf=False).status_code == 400
    assert browser.post("/committees/nowhere/follow").status_code == 404
    assert snapshot() == before


def test_the_chart_is_accessible_and_matches_its_table(browser, council, make, frozen):
    browser.login(make.user("member"))
    body = browser.get("/").get_data(as_text=True)
    svg = re.search(r"<svg.*?</svg>", body, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="activity-title activity-desc"' in svg
    assert "<title id=\"activity-title\">" in svg and "<desc id=\"activity-desc\">" in svg
    assert "Jul–Sep 2026: 1 opened, 1 closed." in svg
    table = body.split('id="activity-table"')[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row" class="govuk-table__header">(.*?)</th>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*>(\d+)</td>', table)
    assert rows[-4:] == [("Jan–Mar 2026", "2", "0"), ("Apr–Jun 2026", "2", "1"), ("Jul–Sep 2026", "1", "1"),
                         ("Oct–Dec 2026", "1", "0")]
    drawn = re.findall(r'data-series="(\w+)" data-value="(\d+)"', svg)
    assert ("closed", "1") in drawn and ("opened", "2") in drawn
    assert "script" not in svg


def test_the_home_page_needs_signing_in(app):
    assert app.test_client().get("/").status_code in (302, 303)
