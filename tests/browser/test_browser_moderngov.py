"""ModernGov in a real browser: the scrutiny officer links a committee to the council's
ModernGov (a stand-in on a loopback port), syncs, sees the published minutes' suggestions,
logs two of them; every page axe clean. The browser keeps the real clock, so the fake
council's meetings are placed around today."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.moderngov.conftest import publish_minutes, wexcombe_communities
from tests.moderngov.fake import FakeModernGov


@pytest.fixture
def council(server):
    service = FakeModernGov()
    service.start()
    meetings = wexcombe_communities(service)
    today = date.today()
    meetings["held"].day = today - timedelta(days=20)
    meetings["january"].day = today + timedelta(days=40)
    meetings["march"].day = today + timedelta(days=100)
    publish_minutes(meetings["held"])
    server.app.config.update(TRACKER_MODERNGOV_URL=service.url, TRACKER_MODERNGOV_TIMEOUT=5,
                             TRACKER_MODERNGOV_RETRIES=0, TRACKER_MODERNGOV_BACKOFF=0)
    yield meetings
    service.stop()


def test_link_sync_and_log_two_suggestions_from_published_minutes(page, sign_in, check_axe, council):
    sign_in(page, "scrutiny")
    page.goto("/committees/stronger-communities")
    page.get_by_role("link", name="Edit the committee").click()
    # The choice is on the edit page, ModernGov's list fetched once the page has loaded.
    expect(page.get_by_label("The committee in ModernGov")).to_be_visible()
    check_axe(page, "choosing the committee in ModernGov on the edit page")
    page.get_by_label("The committee in ModernGov").select_option(label="Communities Overview and Scrutiny Committee")
    page.get_by_role("button", name="Save the link").click()

    page.wait_for_url(re.compile(r"/committees/stronger-communities(#moderngov)?$"))
    page.get_by_role("button", name="Sync now").click()
    banner = page.locator(".govuk-notification-banner")
    expect(banner).to_contain_text("meetings 3 added")
    pending = page.locator(".app-pending-suggestions")
    expect(pending).to_contain_text("Minutes published: 3 suggested actions to review")
    expect(page.locator("#moderngov ~ p").first).to_contain_text("Last synced")
    check_axe(page, "the committee page after a sync")

    pending.get_by_role("link", name=re.compile("Review the suggestions")).click()
    expect(page.get_by_role("heading", name=re.compile(r"3 actions found"))).to_be_visible()
    check_axe(page, "the published minutes' suggestions")
    # Log the two commitments, not the resolution.
    kinds = [page.locator(f"input[name='proposals-{n}-kind']:checked").get_attribute("value") for n in range(3)]
    resolution = kinds.index("resolution")
    page.locator(f"#proposal-{resolution + 1}").get_by_label("Do not log it").check()
    page.get_by_role("button", name="Log the chosen actions").click()

    page.wait_for_url(re.compile(r"/meetings/\d+"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Logged 2 actions from the minutes")
    table = page.locator("#meeting-actions-table")
    expect(table).to_contain_text("play areas awaiting repair")
    expect(table).to_contain_text("antisocial behaviour by ward")
    expect(page.locator(".app-pending-suggestions")).to_have_count(0)
    expect(page.get_by_text("Exempt").first).to_be_visible()
    check_axe(page, "the meeting page after logging")

    page.goto("/")
    expect(page.locator(".app-pending-suggestions")).to_have_count(0)
