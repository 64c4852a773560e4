"""Every page that shows stored or quoted text, read as text (not HTML source): no markup shows
as words, nothing is escaped twice, and no id is used twice on a page."""
from __future__ import annotations

from datetime import date

import pytest

from page_text import duplicate_ids, page_text, stray_markup
from tracker.email_links import make_link

# Stored text with every character HTML cares about, as people do type them.
TRICKY = "Cost the R&D \"quick wins\" & the <5% cases in Smith's report"
QUOTE = "Resolved: that officers cost the R&D \"quick wins\" & report the <5% cases to the Panel's next meeting."

MINUTES = f"""Agenda item

Housing Repairs & Voids Update

[Dana Whitfield, Head of Housing Repairs, to present report]

Minutes:

The Head of Housing Repairs presented the report. A Member asked about "damp & mould" in <older> blocks. She offered to circulate the survey findings & costs to the Panel's members.

{QUOTE}
"""


@pytest.fixture
def world(make):
    panel = make.committee("Housing & Homes Scrutiny Panel", slug="housing", code="HSG",
                           description="Repairs, voids & \"decent homes\"")
    meeting = make.meeting(panel, on=date(2026, 10, 7))
    make.meeting(panel, on=date(2026, 12, 9), status="scheduled")
    item = make.agenda_item(meeting, number="5", title="Repairs & voids <update>")
    officer = make.user("officer", name="Dana O'Brien & Co", job_title="Head of \"Repairs\"")
    action = make.action(meeting, owner=officer, due=date(2026, 11, 30), description=TRICKY,
                         agenda_item=item, quote=QUOTE)
    return dict(panel=panel, meeting=meeting, officer=officer, action=action,
                scrutiny=make.user("scrutiny", name="Sam O'Kafor"), member=make.user("member", name="Cllr Jo <Lee>"))


def _pages(world):
    action, meeting, slug = world["action"], world["meeting"], world["panel"].slug
    return [
        "/", "/actions", f"/actions?q=quick", f"/actions/{action.id}", f"/actions/{action.id}/update",
        f"/actions/{action.id}/edit", f"/meetings/{meeting.id}", "/committees", f"/committees/{slug}",
        f"/committees/{slug}/action-log", f"/committees/{slug}/action-log?all=1",
        f"/public/committees", f"/public/committees/{slug}",
    ]


def _assert_reads_clean(url: str, body: str) -> None:
    assert not stray_markup(body), f"{url} shows markup as text: {stray_markup(body)}"
    assert not duplicate_ids(body), f"{url} repeats ids: {duplicate_ids(body)}"


@pytest.fixture
def public(app):
    app.config["TRACKER_PUBLIC_ACTION_LOG"] = True
    yield
    app.config["TRACKER_PUBLIC_ACTION_LOG"] = False


def test_stored_text_reads_as_typed_on_every_page(browser, world, public):
    """Each page shows the stored text once decoded (no '&amp;', no '<q>' as words)."""
    browser.login(world["scrutiny"])
    for url in _pages(world):
        response = browser.get(url)
        assert response.status_code == 200, url
        _assert_reads_clean(url, response.get_data(as_text=True))
    shown = page_text(browser.get(f"/actions/{world['action'].id}").get_data(as_text=True))
    assert TRICKY in shown
    assert f"“{QUOTE}”" in shown or QUOTE in shown


def test_a_member_sees_the_quote_as_text(browser, world):
    browser.login(world["member"])
    for url in (f"/actions/{world['action'].id}", f"/committees/{world['panel'].slug}", "/"):
        response = browser.get(url)
        assert response.status_code == 200, url
        _assert_reads_clean(url, response.get_data(as_text=True))


def test_the_capture_review_shows_quotes_and_links_as_text_and_links(browser, world):
    """The bug: each suggestion's quote and 'See it in the minutes' link showed as raw markup."""
    browser.login(world["scrutiny"])
    url = f"/meetings/{world['meeting'].id}/minutes"
    for htmx in (False, True):
        body = browser.post(url, {"minutes_text": MINUTES}, htmx=htmx).get_data(as_text=True)
        _assert_reads_clean(url, body)
        text = page_text(body)
        assert "See it in the minutes" in text
        assert "<q>" not in text
        assert 'href="#quote-1"' in body


def test_the_one_click_page_reads_clean(browser, world):
    url = f"/update/{world['action'].id}/{make_link(world['action'])}"
    body = browser.get(url).get_data(as_text=True)
    _assert_reads_clean(url, body)
    assert TRICKY in page_text(body)
