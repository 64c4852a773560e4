"""Every list page costs the same number of queries for 5 rows as for a full page: nothing is
fetched per row (owners, committees, meetings, the Stale tag, the row's Update link)."""
from __future__ import annotations

from datetime import date

import pytest


@pytest.mark.parametrize(
    "path, htmx",
    [
        ("/actions", False),
        ("/actions?committee=knife-panel&overdue=1", True),
        ("/actions?q=knife", False),
        ("/actions?owner={owner}", False),
        ("/actions?due_before=2099-01-01&status=open", False),
        ("/committees/knife-panel", False),
    ],
)
def test_queries_do_not_grow_with_the_rows(browser, make, count_queries, path, htmx):
    browser.login(make.user("scrutiny"))
    panel = make.committee("Knife Crime Panel", slug="knife-panel")
    officers = [make.user("officer") for _ in range(5)]
    owner = officers[0]

    def add(n: int) -> None:
        for i in range(n):
            meeting = make.meeting(panel, on=date(2024, 1 + i % 12, 1 + i % 28))
            make.action(meeting, owner=owner if i % 2 else officers[i % 5], due=date(2025, 1, 1 + i % 28),
                        description=f"Circulate the knife crime note {i}")

    url = path.format(owner=owner.id)
    add(5)
    with count_queries() as few:
        response = browser.get(url, htmx=htmx)
    assert response.status_code == 200
    add(40)
    with count_queries() as many:
        response = browser.get(url, htmx=htmx)
    assert response.status_code == 200
    assert response.get_data(as_text=True).count('class="govuk-table__row" id="action-row-') >= 20
    assert few() == many()


def test_a_committee_page_lists_recent_meetings_and_links_to_the_rest(browser, make):
    """Ten years of meetings would make the page grow for ever."""
    browser.login(make.user("member"))
    panel = make.committee(slug="long-running")
    for month in range(1, 16):
        make.meeting(panel, on=date(2025, 1, 1) if month == 1 else date(2024, month % 12 + 1, month))
    body = browser.get("/committees/long-running").get_data(as_text=True)
    listed = body.count('href="/meetings/')
    assert listed == 12 and "Show all meetings" in body
    every = browser.get("/committees/long-running?meetings=all").get_data(as_text=True)
    assert every.count('href="/meetings/') == 15 and "Show all meetings" not in every
    assert "1 January 2025" in body  # the latest first
