"""GET /impact?year=YYYY: the figures of a municipal year, counted from hand-built recommendations."""
from __future__ import annotations

import re
from datetime import date

from tracker.chasing.responses import record_recommendation
from tracker.extensions import db
from tracker.recommendations.records import record_plan, record_review

TODAY = date(2026, 11, 22)  # the suite's calendar


def figure(body: str, key: str) -> str:
    return re.search(rf'data-figure="{key}">([^<]*)<', body)[1]


def test_the_impact_page_counts_the_year(browser, make):
    scrutiny = make.user("scrutiny")
    health = make.committee("Health Scrutiny Panel")
    place = make.committee("Place Scrutiny Committee")
    june = make.meeting(health, on=date(2026, 6, 10))
    march = make.meeting(place, on=date(2026, 3, 11))  # 2025/26: not counted in 2026/27
    september = make.meeting(health, on=date(2026, 9, 9))

    def recommend(meeting, **response):
        action = make.action(meeting, kind="resolution", description="RECOMMEND")
        record_recommendation(action, scrutiny, action.version, is_recommendation=True, today=TODAY, **response)
        return action

    implemented = recommend(june, response="accepted", response_date=date(2026, 7, 30))  # 50 days, on time
    record_plan(implemented, scrutiny, implemented.version, lead_id=None, lead_name="Head of Care",
                target_date=None, implementation_status="implemented", rag="green", latest_update=None,
                delivering_ids=[], today=TODAY)
    record_review(implemented, scrutiny, implemented.version, meeting=september, months=6, verdict="sign_off",
                  note="", today=TODAY)
    recommend(june, response="rejected", response_date=date(2026, 9, 1), response_text="No budget")  # 83, late
    recommend(june)  # due 10 August: overdue
    recommend(march, response="noted", response_date=date(2026, 4, 1), response_text="Noted")
    db.session.commit()
    browser.login(make.user("member"))
    body = browser.get("/impact?year=2026").get_data(as_text=True)
    assert "Impact of scrutiny, 26/27" in body
    assert {k: figure(body, k) for k in ("made", "responded_on_time", "responded_late", "overdue_response",
                                         "median_days_to_respond", "accepted", "rejected", "implemented",
                                         "still_open")} == {
        "made": "3", "responded_on_time": "1", "responded_late": "1", "overdue_response": "1",
        "median_days_to_respond": "66.5", "accepted": "1", "rejected": "1", "implemented": "1", "still_open": "1"}
    assert "Place Scrutiny Committee" not in body
    earlier = browser.get("/impact?year=2025").get_data(as_text=True)
    assert figure(earlier, "made") == "1" and figure(earlier, "noted") == "1"


def test_a_bad_year_is_a_clear_400(browser, make):
    browser.login(make.user("member"))
    response = browser.get("/impact?year=twenty")
    assert response.status_code == 400 and "like 2026" in response.get_data(as_text=True)


def test_the_impact_page_needs_a_sign_in(browser):
    assert browser.get("/impact").status_code in (302, 303, 401)
