"""Capture from minutes in a real browser: paste, review beside the highlighted minutes (an
htmx swap, checked with axe-core), reject one suggestion, confirm, and find the actions logged."""
from __future__ import annotations

import re

from playwright.sync_api import expect

MINUTES = """Agenda item

Youth diversion scheme - evaluation

[Priya Shah, Head of Community Safety, to present report]

Minutes:

The Head of Community Safety presented the evaluation of the youth diversion scheme.

A Member asked how many referrals had come from schools. The Head of Community Safety said the figures were held by the Youth Offending Service. She offered to circulate the referral figures to the Panel.

The Chief Inspector agreed that the scheme had reduced repeat offending.

Resolved

That the evaluation is received and a progress report brought back to a future meeting.
"""


def test_the_scrutiny_officer_logs_actions_from_pasted_minutes(page, sign_in, check_axe, screenshot):
    sign_in(page, "scrutiny")
    page.goto("/meetings/3")
    page.get_by_role("link", name="Add actions from minutes").click()
    expect(page.get_by_role("heading", name="Add actions from minutes")).to_be_visible()
    page.get_by_label("Paste the minutes").fill(MINUTES)
    url_before = page.url
    page.get_by_role("button", name="Find the actions").click()

    heading = page.get_by_role("heading", name=re.compile(r"2 actions found in 1 agenda item"))
    expect(heading).to_be_visible()
    # Focus on the results, not on "Log the chosen actions": one more Enter logs nothing unread.
    expect(heading).to_be_focused()
    assert page.url == url_before  # swapped in place by htmx, no page load
    # The quote reads as words and its link goes to the highlighted quote.
    first = page.locator("#proposal-1")
    expect(first).not_to_contain_text("<q>")
    first.get_by_role("link", name=re.compile("See it in the minutes")).click()
    assert page.evaluate("location.hash") == "#quote-1"
    expect(page.locator("mark.app-quote")).to_have_count(2)
    # The officer named by role in the minutes is matched to her account.
    expect(page.locator("#proposals-0-owner_id")).to_have_value(re.compile(r"\d+"))
    check_axe(page, "the review of suggestions from minutes")
    screenshot(page, "capture-review")

    # The resolution is kept; the commitment is rejected.
    kinds = [page.locator(f"input[name='proposals-{n}-kind']:checked").get_attribute("value") for n in range(2)]
    reject = kinds.index("commitment")
    page.locator(f"#proposal-{reject + 1}").get_by_label("Do not log it").check()
    page.get_by_role("button", name="Log the chosen actions").click()

    page.wait_for_url(re.compile(r"/meetings/3"))
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("Logged 1 action from the minutes")
    expect(page.locator("#meeting-actions-table")).to_contain_text("progress report")
    expect(page.locator("#meeting-actions-table")).not_to_contain_text("referral figures")
    expect(page.locator("#agenda")).to_be_visible()
    expect(page.get_by_text("Youth diversion scheme - evaluation").first).to_be_visible()


def test_an_empty_paste_shows_the_error_in_place(page, sign_in, check_axe):
    sign_in(page, "scrutiny")
    page.goto("/meetings/3/minutes")
    page.get_by_role("button", name="Find the actions").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Paste the minutes, or choose a file to upload")
    check_axe(page, "the capture form with an error")
