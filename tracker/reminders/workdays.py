"""Working days in England and Wales: weekends and bank holidays are not working days.

The bank holidays are the list GOV.UK publishes, as bundled in the govuk-bank-holidays
package: read from the package, never fetched, so a reminder run does not depend on the
network. The bundled list ends in the last year it covers (see `known_until`); past that,
only weekends are skipped, and the README says to upgrade the package each year."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from govuk_bank_holidays.bank_holidays import BankHolidays

# The agenda is published five working days before the meeting (the "five clear days" of
# the Local Government Act 1972, s.100B, counted in working days as councils do).
AGENDA_WORKING_DAYS = 5


@lru_cache(maxsize=1)
def _holidays() -> frozenset[date]:
    bank_holidays = BankHolidays(use_cached_holidays=True)  # the bundled file: no download
    return frozenset(h["date"] for h in bank_holidays.get_holidays(division=BankHolidays.ENGLAND_AND_WALES))


def known_until() -> date:
    return max(_holidays())


def is_bank_holiday(day: date) -> bool:
    return day in _holidays()


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
