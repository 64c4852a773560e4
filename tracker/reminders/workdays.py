"""Working days in England and Wales: weekends and bank holidays are not working days.

The bank holidays are the list GOV.UK publishes, as bundled in the govuk-bank-holidays
package: read from the package, never fetched, so a reminder run does not depend on the
network. The bundled list ends in the last year it covers (see `known_until`); past that,
only weekends are skipped, a warning goes to the log, and scrutiny officers are told on their
home page to upgrade the package (`holiday_list_warning`)."""
from __future__ import annotations

import logging
from datetime import date, timedelta
from functools import lru_cache

from govuk_bank_holidays.bank_holidays import BankHolidays

# The agenda is published five working days before the meeting (the "five clear days" of
# the Local Government Act 1972, s.100B, counted in working days as councils do).
AGENDA_WORKING_DAYS = 5
# Scrutiny officers are told this long before the list runs out: agendas are worked out for
# meetings weeks ahead.
WARN_BEFORE_END = timedelta(days=60)

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _holidays() -> frozenset[date]:
    bank_holidays = BankHolidays(use_cached_holidays=True)  # the bundled file: no download
    return frozenset(h["date"] for h in bank_holidays.get_holidays(division=BankHolidays.ENGLAND_AND_WALES))


def known_until() -> date:
    return max(_holidays())


def is_bank_holiday(day: date) -> bool:
    """False past the bundled list's last year (as if there were none), with a warning logged
    once per process: the answer is then a guess that only weekends are not working days."""
    if day > known_until():
        _warn_past_the_list()
    return day in _holidays()


@lru_cache(maxsize=1)
def _warn_past_the_list() -> None:
    log.warning("The bundled bank holiday list ends on %s: later working days skip weekends only. "
                "Upgrade the govuk-bank-holidays package.", known_until().isoformat())


def holiday_list_warning(day: date) -> str | None:
    """What to tell a scrutiny officer on `day` when the list ends soon or has ended."""
    end = known_until()
    if day + WARN_BEFORE_END <= end:
        return None
    tense = "ended" if day > end else "ends"
    return (f"The bank holiday list the tracker uses {tense} on {end.day} {end:%B %Y}. After that, "
            "working days skip only weekends, so agenda dates in reminders may fall on a bank "
            "holiday. Ask whoever runs the tracker to upgrade the govuk-bank-holidays package.")


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def working_days_before(day: date, count: int) -> date:
    """The working day `count` working days before `day`."""
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def agenda_published(meeting_day: date) -> date:
    """When the agenda for a meeting on `meeting_day` is published."""
    return working_days_before(meeting_day, AGENDA_WORKING_DAYS)
