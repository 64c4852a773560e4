"""The Content Security Policy allows no inline code: in a real browser nothing is refused,
GOV.UK's inline js-enabled script runs by its nonce, and htmx and GOV.UK Frontend still work
(live search, inline update, the error summary after a conflict)."""
from __future__ import annotations

import re

from playwright.sync_api import expect


def _watch_for_refusals(page) -> list[str]:
    refused: list[str] = []
    page.on("console", lambda m: ("Content Security Policy" in m.text or "Refused to" in m.text) and refused.append(m.text))
    return refused


def test_nothing_is_refused_by_the_csp_and_scripts_still_run(new_page, sign_in):
    page = new_page()
    refused = _watch_for_refusals(page)
    sign_in(page, "officer")
    for path in ("/actions?owner=me", "/actions", "/committees"):
        page.goto(path)
        # GOV.UK's inline script (allowed by the nonce) marked the page; htmx and GOV.UK's
        # modules loaded from this site.
        assert page.evaluate("document.body.classList.contains('js-enabled') && document.body.classList.contains('govuk-frontend-supported')")
        assert page.evaluate("typeof window.htmx === 'object'")

    page.goto("/actions")
    page.get_by_label("Search reference, action or owner").press_sequentially("briefing", delay=40)
    expect(page).to_have_url(re.compile(r"q=briefing"))  # htmx pushed the filtered address

    page.goto("/actions?owner=me")
    row = page.locator("tbody tr").first
    row.get_by_role("link", name=re.compile("^Update")).click()
    row.get_by_label("Progress note (optional)").fill("Checked under the CSP.")
    row.get_by_role("button", name="Save update").click()
    expect(page.locator(f"#{row.get_attribute('id')} .app-saved")).to_be_visible()
    assert not refused, "\n".join(refused)


def test_an_htmx_error_message_is_swapped_in_without_refusals(new_page, sign_in):
    """Two tabs save the same row: the 409 fragment (a GOV.UK error summary, started by
    GOV.UK Frontend's JavaScript) arrives in place with nothing refused."""
    page, other = new_page(), new_page()
    refused = _watch_for_refusals(page) + _watch_for_refusals(other)
    for p in (page, other):
        sign_in(p, "officer")
        p.goto("/actions?owner=me")
    mine, theirs = (p.locator("tbody tr").first for p in (page, other))
    # Both open the row's form (it carries the version it was opened at), then both save.
    for row in (theirs, mine):
        row.get_by_role("link", name=re.compile("^Update")).click()
        expect(row.get_by_role("button", name="Save update")).to_be_visible()
    theirs.get_by_label("Progress note (optional)").fill("First.")
    theirs.get_by_role("button", name="Save update").click()
    expect(other.locator(f"#{theirs.get_attribute('id')} .app-saved")).to_be_visible()
    mine.get_by_label("Progress note (optional)").fill("Second.")
    mine.get_by_role("button", name="Save update").click()
    expect(mine.locator(".govuk-error-summary")).to_be_focused()
    assert not refused, "\n".join(refused)
