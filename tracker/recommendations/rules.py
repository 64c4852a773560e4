"""The rules of a recommendation's life, as plain functions of plain values: when the response
is due, what a response must carry, when the committee reviews it, who may sign it off, and
the impact figures of a municipal year. Views, the demo and the tests all call these."""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from datetime import date, timedelta

from tracker.actions.rules import RuleError
from tracker.chasing.responses import add_months
from tracker.models.core import ExecutiveResponse, MeetingStatus, municipal_year
from tracker.models.recommendations import ImplementationStatus, ReviewVerdict

DEFAULT_RESPONSE_PERIOD = "2 months"
RAG_COLOURS = ("green", "amber", "red")

_PERIOD = re.compile(r"^\s*(\d{1,3})\s*(day|days|month|months)\s*$", re.IGNORECASE)


def parse_period(text: str) -> tuple[int, str]:
    """'2 months' -> (2, 'months'); '28 days' -> (28, 'days'). A bad setting is refused."""
    found = _PERIOD.match(text or "")
    if not found or int(found[1]) == 0:
        raise ValueError(f"TRACKER_RESPONSE_PERIOD must be like '2 months' or '28 days', not {text!r}")
    unit = found[2].lower()
    return int(found[1]), unit if unit.endswith("s") else unit + "s"


def response_due(made_on: date, period: str = DEFAULT_RESPONSE_PERIOD) -> date:
    """The day the response is due: a number of months (31 December + 2 months = the last
    day of February) or of days after the meeting."""
    number, unit = parse_period(period)
    return add_months(made_on, number) if unit == "months" else made_on + timedelta(days=number)


def parse_review_months(text: str) -> tuple[int, ...]:
    """'6, 12' -> (6, 12): the months after the response at which the committee reviews."""
    try:
        months = tuple(sorted({int(part) for part in (text or "").replace(";", ",").split(",") if part.strip()}))
    except ValueError:
        raise ValueError(f"TRACKER_REVIEW_MONTHS must be numbers of months like '6, 12', not {text!r}") from None
    if not months or months[0] <= 0:
        raise ValueError(f"TRACKER_REVIEW_MONTHS must be numbers of months like '6, 12', not {text!r}")
    return months


def review_dates(responded_on: date | None, months: tuple[int, ...] = (6, 12)) -> list[tuple[int, date]]:
    """Each review as (months, date): six and twelve months after the response by default."""
    if responded_on is None:
        return []
    return [(m, add_months(responded_on, m)) for m in months]


def next_review(responded_on: date | None, response: str | None, reviewed_months: set[int],
                months: tuple[int, ...] = (6, 12), signed_off: bool = False) -> tuple[int, date] | None:
    """The review still to hold: only what was accepted (in whole or part) is monitored."""
    if signed_off or response not in (ExecutiveResponse.ACCEPTED, ExecutiveResponse.ACCEPTED_IN_PART):
        return None
    for review in review_dates(responded_on, months):
        if review[0] not in reviewed_months:
            return review
    return None


def parse_rag_key(text: str) -> dict[str, str]:
    """'green: achieved; amber: ...; red: ...' -> {'green': 'achieved', ...} in that order."""
    key = {}
    for part in (text or "").split(";"):
        colour, _, words = part.partition(":")
        colour = colour.strip().lower()
        if colour not in RAG_COLOURS or not words.strip():
            raise ValueError("TRACKER_RECOMMENDATION_RAG must be like 'green: achieved; amber: ...; red: ...', "
                             f"not {text!r}")
        key[colour] = words.strip()
    return key


def check_response(response: str | None, reasons: str | None, responded_on: date | None,
                   made_on: date, today: date) -> None:
    """A response says what was decided, when, and why unless it was accepted outright."""
    if not response:
        if responded_on or (reasons or "").strip():
            raise RuleError("Choose the Executive's response", "response")
        return
    response = ExecutiveResponse(response)
    if responded_on is None:
        raise RuleError("Enter the date of the Executive's response", "response_date")
    if responded_on > today:
        raise RuleError("The date of the response must be today or in the past", "response_date")
    if responded_on < made_on:
        raise RuleError("The date of the response must be on or after the meeting", "response_date")
    if response is not ExecutiveResponse.ACCEPTED and not (reasons or "").strip():
        raise RuleError(f"Enter the reasons the recommendation was {response.label.lower()}", "response_text")


def describe_changes(labels: dict[str, str], before: dict, after: dict) -> list[str]:
    """'Response: Noted → Accepted' for every field that changed, for the history."""
    def shown(value) -> str:
        if value is None or value == "":
            return "none"
        if isinstance(value, date):
            return f"{value:%-d %B %Y}"
        for enum in (ExecutiveResponse, ImplementationStatus):
            try:
                return enum(value).label
            except ValueError:
                pass
        return str(value)
    return [f"{label}: {shown(before.get(field))} → {shown(after.get(field))}"
            for field, label in labels.items() if before.get(field) != after.get(field)]


def sign_off_refusal(verdict: str, meeting_status: str, meeting_day: date, today: date,
                     same_committee: bool) -> str | None:
    """Only the committee signs a recommendation off, at a meeting it has held."""
    if not same_committee:
        return "Choose a meeting of the committee that made the recommendation"
    if meeting_status == MeetingStatus.CANCELLED or meeting_day > today:
        return "Record the committee's verdict at a meeting that has taken place"
    if ReviewVerdict(verdict) is ReviewVerdict.SIGN_OFF and meeting_status != MeetingStatus.HELD:
        return "Only the committee can sign off a recommendation, at a meeting it has held"
    return None


# ---------------------------------------------------------------- impact

@dataclass(frozen=True)
class RecommendationFacts:
    """What the impact report needs of one recommendation, as plain values."""

    committee: str
    made_on: date
    response_due: date | None
    response: str | None
    responded_on: date | None
    implementation_status: str
    signed_off: bool = False


IMPLEMENTED = {ImplementationStatus.IMPLEMENTED}
NOT_IMPLEMENTED = {ImplementationStatus.NOT_IMPLEMENTED, ImplementationStatus.NO_LONGER_FEASIBLE,
                   ImplementationStatus.SUPERSEDED, ImplementationStatus.PARTLY_IMPLEMENTED}


def impact_figures(facts: list[RecommendationFacts], year: int, today: date) -> dict:
    """The figures for the recommendations made in the municipal year starting April `year`:
    made, responses on time / late / awaited, median days to respond, each response, how many
    were implemented or not, and how many are still open."""
    made = [f for f in facts if municipal_year(f.made_on) == year]
    responded = [f for f in made if f.response]
    on_time = [f for f in responded if f.response_due is None or f.responded_on <= f.response_due]
    days = [(f.responded_on - f.made_on).days for f in responded]
    accepted = [f for f in responded if f.response in (ExecutiveResponse.ACCEPTED, ExecutiveResponse.ACCEPTED_IN_PART)]
    return {
        "made": len(made),
        "responded_on_time": len(on_time),
        "responded_late": len(responded) - len(on_time),
        "awaiting_response": len(made) - len(responded),
        "overdue_response": sum(1 for f in made if not f.response and f.response_due and f.response_due < today),
        "median_days_to_respond": statistics.median(days) if days else None,
        **{r.value: sum(1 for f in responded if f.response == r) for r in ExecutiveResponse},
        "implemented": sum(1 for f in accepted if f.implementation_status in IMPLEMENTED),
        "not_implemented": sum(1 for f in accepted if f.implementation_status in NOT_IMPLEMENTED),
        "still_open": sum(1 for f in made if not f.signed_off and (
            not f.response or (f in accepted and f.implementation_status not in IMPLEMENTED | NOT_IMPLEMENTED))),
    }


def impact_by_committee(facts: list[RecommendationFacts], year: int, today: date) -> list[tuple[str, dict]]:
    committees = sorted({f.committee for f in facts if municipal_year(f.made_on) == year})
    return [(name, impact_figures([f for f in facts if f.committee == name], year, today)) for name in committees]
