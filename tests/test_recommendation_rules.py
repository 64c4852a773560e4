"""The rules of a recommendation's life as plain functions: due dates by the council's period,
reasons, review dates, sign-off only at a held meeting, and the impact figures."""
from __future__ import annotations

from datetime import date

import pytest

from tracker.actions.rules import RuleError
from tracker.recommendations.rules import (
    RecommendationFacts,
    check_response,
    describe_changes,
    impact_by_committee,
    impact_figures,
    next_review,
    parse_period,
    parse_rag_key,
    parse_review_months,
    response_due,
    review_dates,
    sign_off_refusal,
)


@pytest.mark.parametrize("made, period, due", [
    (date(2026, 12, 31), "2 months", date(2027, 2, 28)),
    (date(2027, 12, 31), "2 months", date(2028, 2, 29)),  # leap year
    (date(2026, 10, 31), "2 months", date(2026, 12, 31)),
    (date(2026, 12, 30), "2 Months", date(2027, 2, 28)),
    (date(2026, 12, 31), "28 days", date(2027, 1, 28)),
    (date(2027, 2, 14), "28 days", date(2027, 3, 14)),
    (date(2028, 2, 14), "28 days", date(2028, 3, 13)),  # 29 February counts
    (date(2026, 6, 10), "1 month", date(2026, 7, 10)),
])
def test_the_response_is_due_by_the_councils_period(made, period, due):
    assert response_due(made, period) == due


@pytest.mark.parametrize("bad", ["", "two months", "0 days", "2 weeks", "28"])
def test_a_bad_response_period_is_refused(bad):
    with pytest.raises(ValueError, match="TRACKER_RESPONSE_PERIOD"):
        parse_period(bad)


def test_periods_are_read_in_words():
    assert parse_period(" 28 days ") == (28, "days") and parse_period("1 month") == (1, "months")


@pytest.mark.parametrize("response", ["accepted_in_part", "rejected", "noted"])
def test_reasons_are_required_unless_accepted(response):
    with pytest.raises(RuleError) as refused:
        check_response(response, "  ", date(2026, 8, 1), date(2026, 6, 10), date(2026, 11, 1))
    assert refused.value.field == "response_text" and "reasons" in refused.value.message
    check_response(response, "Budget", date(2026, 8, 1), date(2026, 6, 10), date(2026, 11, 1))


def test_accepted_needs_no_reasons():
    check_response("accepted", None, date(2026, 8, 1), date(2026, 6, 10), date(2026, 11, 1))


@pytest.mark.parametrize("response, on, field", [
    ("accepted", None, "response_date"),
    ("accepted", date(2026, 11, 2), "response_date"),  # the future
    ("accepted", date(2026, 6, 9), "response_date"),  # before the meeting
    (None, date(2026, 8, 1), "response"),
])
def test_a_response_needs_its_date_within_reason(response, on, field):
    with pytest.raises(RuleError) as refused:
        check_response(response, None, on, date(2026, 6, 10), date(2026, 11, 1))
    assert refused.value.field == field


def test_reviews_fall_six_and_twelve_months_after_the_response():
    assert review_dates(date(2026, 8, 31), (6, 12)) == [(6, date(2027, 2, 28)), (12, date(2027, 8, 31))]
    assert review_dates(None) == []


def test_the_next_review_is_the_first_not_held_and_only_for_what_was_accepted():
    on = date(2026, 8, 31)
    assert next_review(on, "accepted", set()) == (6, date(2027, 2, 28))
    assert next_review(on, "accepted_in_part", {6}) == (12, date(2027, 8, 31))
    assert next_review(on, "accepted", {6, 12}) is None
    assert next_review(on, "rejected", set()) is None
    assert next_review(on, "accepted", set(), signed_off=True) is None


def test_review_months_are_the_councils_setting():
    assert parse_review_months("12, 6") == (6, 12) and parse_review_months("3;6;12") == (3, 6, 12)
    with pytest.raises(ValueError):
        parse_review_months("six")


def test_the_rag_key_is_in_the_councils_words():
    assert parse_rag_key("green: achieved, no further monitoring; red: stuck") == {
        "green": "achieved, no further monitoring", "red": "stuck"}
    with pytest.raises(ValueError):
        parse_rag_key("blue: fine")


@pytest.mark.parametrize("verdict, status, day, same, refused", [
    ("sign_off", "held", date(2026, 10, 1), True, None),
    ("sign_off", "scheduled", date(2026, 10, 1), True, "Only the committee can sign off"),
    ("sign_off", "held", date(2026, 12, 1), True, "has taken place"),  # a meeting still to come
    ("continue", "cancelled", date(2026, 10, 1), True, "has taken place"),
    ("sign_off", "held", date(2026, 10, 1), False, "the committee that made"),
    ("continue", "scheduled", date(2026, 10, 1), True, None),
])
def test_sign_off_only_by_the_committee_at_a_meeting(verdict, status, day, same, refused):
    refusal = sign_off_refusal(verdict, status, day, date(2026, 11, 1), same)
    assert refusal is None if refused is None else refused in refusal


def test_changes_are_described_old_to_new():
    labels = {"response": "Response", "response_date": "Date"}
    assert describe_changes(labels, {"response": "noted", "response_date": None},
                            {"response": "accepted", "response_date": date(2026, 8, 1)}) == [
        "Response: Noted → Accepted", "Date: none → 1 August 2026"]


def facts(made, response=None, on=None, status="not_started", due=None, committee="Health", signed_off=False):
    return RecommendationFacts(committee, made, due or response_due(made), response, on, status, signed_off)


# A hand-built year: 2026/27 runs 1 April 2026 to 31 March 2027.
YEAR = [
    facts(date(2026, 4, 1), "accepted", date(2026, 5, 20), "implemented"),            # 49 days, on time
    facts(date(2026, 6, 10), "accepted_in_part", date(2026, 9, 1), "in_progress"),   # 83 days, late
    facts(date(2026, 6, 10), "rejected", date(2026, 8, 10)),                         # 61 days, on time (due day)
    facts(date(2026, 7, 1), "noted", date(2026, 7, 29)),                             # 28 days
    facts(date(2026, 7, 1), "accepted", date(2026, 8, 3), "no_longer_feasible"),     # 33 days
    facts(date(2026, 9, 15)),                                                        # awaited, overdue
    facts(date(2027, 3, 31), committee="Place"),                                     # awaited, not yet due
    facts(date(2026, 7, 1), "accepted", date(2026, 8, 3), "implemented", signed_off=True),  # 33 days
    facts(date(2026, 3, 31), "accepted", date(2026, 5, 1)),                          # 2025/26: not counted
]


def test_impact_counts_a_hand_built_year():
    figures = impact_figures(YEAR, 2026, today=date(2027, 4, 15))
    assert figures == {
        "made": 8,
        "responded_on_time": 5,
        "responded_late": 1,
        "awaiting_response": 2,
        "overdue_response": 1,
        "median_days_to_respond": 41.0,  # of 28, 33, 33, 49, 61, 83
        "accepted": 3,
        "accepted_in_part": 1,
        "rejected": 1,
        "noted": 1,
        "implemented": 2,
        "not_implemented": 1,
        "still_open": 3,  # two awaiting a response, one accepted in part still in progress
    }


def test_impact_by_committee_splits_the_year():
    rows = dict(impact_by_committee(YEAR, 2026, today=date(2027, 4, 15)))
    assert set(rows) == {"Health", "Place"}
    assert rows["Place"]["made"] == 1 and rows["Health"]["made"] == 7


def test_the_app_refuses_a_period_it_cannot_read():
    from tracker import create_app

    with pytest.raises(ValueError, match="TRACKER_RESPONSE_PERIOD"):
        create_app("testing", TRACKER_RESPONSE_PERIOD="a fortnight")
    assert create_app("testing", TRACKER_RESPONSE_PERIOD="28 days").config["TRACKER_RESPONSE_PERIOD"] == "28 days"
