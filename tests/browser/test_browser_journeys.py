"""The three journeys of the README's short tour, in a real browser, each ending in a screenshot.

The demo's Stronger Communities Scrutiny Panel (SCSP) has meetings 150, 60 and 10 days ago
and one scheduled in 45 days; the officer (Priya Shah) owns "Circulate the briefing note on
knife crime initiatives", in progress and overdue.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

BRIEFING = "Circulate the briefing note on knife crime initiatives"


def council_today() -> date:
    return datetime.now(ZoneInfo("Europe/London")).date()


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def short_date(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def mark_page(page) -> None:
    """A flag that only survives while the page is not reloaded."""
    page.evaluate("window.__sameDocument = true")


def same_document(page) -> bool:
    return page.evaluate("window.__sameDocument === true")


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def references(page) -> list[str]:
    return page.locator("#results tbody tr td:first-child a").all_inner_texts()


def test_scrutiny_officer_logs_three_actions_at_a_meeting(page, sign_in, check_axe, screenshot):
    """Three actions, one after another, without a reload; each is in the list and then on the
    committee's page, and the form is empty and focused for the next one."""
    sign_in(page, "scrutiny")
    page.get_by_role("link", name="Committees", exact=True).click()
    page.get_by_role("link", name="Stronger Communities Scrutiny Panel", exact=True).click()
    latest = long_date(council_today() - timedelta(days=10))
    page.get_by_role("link", name=latest).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Meeting of {latest}")
    mark_page(page)

    add = page.locator("#add-action")
    new_actions = [
        ("Send the Panel the youth diversion scheme's referral figures", "Priya Shah", {"due": council_today() + timedelta(days=28)}),
        ("Invite the Youth Offending Service to present its annual plan", "Tom Bryant", {"next_meeting": True}),
        ("Confirm the dates of the knife crime awareness week", None, {"role": "Chief Inspector", "due": council_today() + timedelta(days=21)}),
    ]
    added = []
    for description, owner, due in new_actions:
        add.get_by_label("What must be done").fill(description)
        if owner:
            owners = add.get_by_label("Owner (officer with an account)")
            owners.select_option(owners.locator("option", has_text=owner).get_attribute("value"))
        if due.get("role"):
            add.get_by_label("Owner's role or name, if they have no account").fill(due["role"])
        if due.get("due"):
            add.get_by_label("Due date").fill(due["due"].isoformat())
        if due.get("next_meeting"):
            add.get_by_label("Due at the committee's next meeting").check()
        add.get_by_role("button", name="Add action").click()

        confirmation = page.locator("#add-action .app-saved")
        expect(confirmation).to_contain_text("Added SCSP")
        if added:  # wait for this action's confirmation, not the last one's
            expect(confirmation).not_to_contain_text(added[-1])
        reference = re.search(r"SCSP \d\d/\d\d-\d+", confirmation.inner_text()).group(0)
        added.append(reference)
        expect(page.locator("#live-status")).to_have_text(f"Action {reference} added")
        row = page.locator("#meeting-actions-table tr", has_text=reference)
        expect(row).to_contain_text(description)
        # Ready for the next one: empty, and the cursor already in it.
        expect(add.get_by_label("What must be done")).to_be_empty()
        expect(add.get_by_label("What must be done")).to_be_focused()

    assert same_document(page), "adding an action reloaded the page"
    assert len(set(added)) == 3
    next_meeting = short_date(council_today() + timedelta(days=45))
    expect(page.locator("#meeting-actions-table tr", has_text=added[1])).to_contain_text(f"Next meeting, {next_meeting}")
    check_axe(page, "the meeting page after adding actions")
    page.locator("#meeting-actions-table tr", has_text=added[0]).evaluate("row => row.scrollIntoView()")
    screenshot(page, "1-meeting-actions-added", readme=True)

    page.get_by_role("link", name="Stronger Communities Scrutiny Panel").first.click()
    table = page.get_by_role("region", name=re.compile("Outstanding actions of"))
    for reference, (description, _, _) in zip(added, new_actions):
        expect(table.locator("tr", has_text=reference)).to_contain_text(description)


def test_scrutiny_officer_sees_what_to_fix_in_the_add_action_form(page, sign_in, check_axe):
    """An empty form comes back in place with an error summary that has focus, and nothing is added."""
    sign_in(page, "scrutiny")
    page.goto("/meetings/3")
    rows_before = page.locator("#meeting-actions-table tbody tr").count()
    add = page.locator("#add-action")
    add.get_by_label("Owner's role or name, if they have no account").fill("Chief Inspector")
    add.get_by_role("button", name="Add action").click()

    summary = add.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter what must be done")
    expect(summary).to_be_focused()
    expect(add.get_by_label("Owner's role or name, if they have no account")).to_have_value("Chief Inspector")
    expect(page.locator("#meeting-actions-table tbody tr")).to_have_count(rows_before)
    check_axe(page, "the add-action form with errors")


def tab_to(page, selector: str, limit: int = 150, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the element matching `selector` has focus, as a keyboard
    user would."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never took focus after {limit} presses of Tab")


def active(page, script: str = "el => el"):
    return page.evaluate(f"() => ({script})(document.activeElement)")


def test_officer_updates_an_action_inline_with_the_keyboard_alone(page, sign_in, check_axe, screenshot):
    """Tab, Enter, Space and typing only: the row updates in place, focus lands on "Saved",
    and the live region says what happened."""
    sign_in(page, "officer")
    page.get_by_role("link", name="My actions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My actions")
    row = page.locator("tr", has_text=BRIEFING)
    row_id = row.get_attribute("id")
    reference = row.locator("td").first.inner_text().strip()
    mark_page(page)

    tab_to(page, f"#{row_id} .app-update-link")
    page.keyboard.press("Enter")  # "Update": the row's form arrives, the status select focused
    expect(page.locator(f"#{row_id} select[name=status]")).to_be_focused()
    page.keyboard.type("Completed")  # a focused select picks the option typed
    page.keyboard.press("Tab")
    assert active(page, "el => el.name") == "note"
    page.keyboard.type("Briefing note circulated to Panel members on Monday.")
    page.keyboard.press("Tab")
    assert active(page, "el => el.textContent.trim()") == "Save update"
    page.keyboard.press("Space")

    row = page.locator(f"#{row_id}")
    expect(row.locator(".app-saved")).to_be_focused()
    expect(row).to_contain_text("Completed")
    expect(page.locator("#live-status")).to_have_text(f"{reference} saved: completed")
    expect(page.locator("#live-status")).to_have_attribute("aria-live", "polite")
    assert same_document(page), "the update reloaded the page"
    check_axe(page, "My actions after an inline update")
    page.locator("#results").evaluate("results => results.scrollIntoView()")
    screenshot(page, "2-officer-row-updated", readme=True)

    # The note is in the action's history.
    page.goto(row.locator("a").first.get_attribute("href"))
    expect(page.locator(".app-history")).to_contain_text("Briefing note circulated to Panel members on Monday.")
    page.get_by_role("link", name=re.compile(r"^Stronger Communities Scrutiny Panel, \d+ \w+ \d{4}$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Meeting of"))


def test_officer_is_told_when_someone_else_saved_first(new_page, sign_in, check_axe, screenshot):
    """Two tabs on the same row: the second save answers 409 in place, keeps the note and
    focuses the message."""
    page, other = new_page(), new_page()
    for p in (page, other):
        sign_in(p, "officer")
        p.goto("/actions?owner=me")
    mine, theirs = (p.locator("tr", has_text=BRIEFING) for p in (page, other))

    # Both open the row's form (it carries the version it was opened at), then both save.
    for row in (theirs, mine):
        row.get_by_role("link", name=re.compile("^Update")).click()
        expect(row.get_by_role("button", name="Save update")).to_be_visible()
    theirs.get_by_label("Status").select_option(label="Deferred")
    theirs.get_by_role("button", name="Save update").click()
    expect(other.locator(f"#{theirs.get_attribute('id')} .app-saved")).to_be_visible()

    mine.get_by_label("Progress note (optional)").fill("Circulated today.")
    mine.get_by_role("button", name="Save update").click()

    conflict = mine.locator(".govuk-error-summary")
    expect(conflict).to_contain_text("had changed")
    expect(conflict).to_contain_text("it is now deferred")
    expect(conflict).to_be_focused()
    expect(mine.get_by_label("Progress note (optional)")).to_have_value("Circulated today.")
    check_axe(page, "My actions after a 409 conflict")
    screenshot(page, "2-officer-conflict")


def test_officer_updates_an_action_without_javascript(new_page, sign_in, screenshot):
    """The same update as a plain form post: 303 back to My actions with a success banner."""
    page = new_page(java_script_enabled=False)
    sign_in(page, "officer")
    page.goto("/actions?owner=me")
    row = page.locator("tr", has_text=BRIEFING)
    reference = row.locator("td").first.inner_text().strip()
    row.get_by_role("link", name=re.compile("^Update")).click()  # the form on a page of its own
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Update {reference}")
    page.get_by_label("Status").select_option(label="Completed")
    page.get_by_label("Progress note (optional)").fill("Circulated by email.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save update").click()

    assert urlsplit(page.url).path == "/actions" and query(page) == {"owner": ["me"]}
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(f"{reference} saved: completed")
    expect(page.locator("tr", has_text=BRIEFING)).to_contain_text("Completed")
    screenshot(page, "2-officer-row-updated-no-javascript")


def test_without_javascript_the_filters_and_the_add_action_form_still_work(new_page, sign_in):
    """Plain GET and POST forms: the filters reload the list, a new action lands on the
    meeting's page with a success banner."""
    page = new_page(java_script_enabled=False)
    sign_in(page, "scrutiny")
    page.goto("/actions")
    page.get_by_label("Committee").select_option(label="Stronger Communities Scrutiny Panel")
    page.get_by_label("Only overdue actions").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Apply filters").click()
    assert query(page)["committee"] == ["stronger-communities"] and query(page)["overdue"] == ["1"]
    refs = references(page)
    assert refs and all(ref.startswith("SCSP") for ref in refs)

    page.goto("/meetings/3")
    add = page.locator("#add-action")
    add.get_by_label("What must be done").fill("Publish the Panel's findings on youth violence")
    add.get_by_label("Owner's role or name, if they have no account").fill("Democratic Services")
    add.get_by_label("Due at the committee's next meeting").check()
    with page.expect_navigation():
        add.get_by_role("button", name="Add action").click()
    assert urlsplit(page.url).path == "/meetings/3"
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(re.compile(r"Action SCSP \S+ added"))
    expect(page.locator("#meeting-actions-table")).to_contain_text("Publish the Panel's findings on youth violence")


def test_member_filters_searches_shares_and_goes_back(page, new_page, sign_in, check_axe, screenshot):
    """Committee and overdue filters, then a search that follows the typing; the address holds
    the filters (a new page shows the same results) and Back restores the previous ones."""
    sign_in(page, "member")
    page.get_by_role("link", name="Actions", exact=True).click()
    everything = references(page)
    mark_page(page)

    page.get_by_label("Committee").select_option(label="Stronger Communities Scrutiny Panel")
    expect(page).to_have_url(re.compile(r"committee=stronger-communities"))
    page.get_by_label("Only overdue actions").check()
    expect(page).to_have_url(re.compile(r"overdue=1"))
    expect(page.locator("#results")).not_to_contain_text("HASC")
    overdue = references(page)
    assert overdue and len(overdue) < len(everything)
    assert all(ref.startswith("SCSP") for ref in overdue)
    check_axe(page, "the actions list after filtering")

    searches = []
    page.on("request", lambda r: r.headers.get("hx-request") and "q=" in r.url and searches.append(r.url))
    page.get_by_label("Search reference, action or owner").press_sequentially("deposits", delay=60)
    expect(page).to_have_url(re.compile(r"q=deposits"))
    expect(page.locator("#results tbody tr")).to_have_count(1)
    expect(page.locator("#results")).to_contain_text("knife bin deposits")
    # Debounced: one request for the word, not one per letter.
    assert 1 <= len(searches) < len("deposits"), searches
    # Only the filters in use, so the link is short; leaving the box sends nothing more.
    assert query(page) == {"committee": ["stronger-communities"], "overdue": ["1"], "q": ["deposits"]}
    assert parse_qs(urlsplit(page.url).query, keep_blank_values=True) == query(page)
    page.keyboard.press("Tab")
    assert same_document(page), "filtering reloaded the page"
    found = references(page)
    screenshot(page, "3-member-filtered", readme=True, full_page=True)

    shared = new_page()
    sign_in(shared, "member")
    shared.goto(page.url)
    assert references(shared) == found
    expect(shared.get_by_label("Search reference, action or owner")).to_have_value("deposits")
    expect(shared.get_by_label("Only overdue actions")).to_be_checked()

    page.go_back()
    expect(page).not_to_have_url(re.compile(r"q=deposits"))
    assert query(page) == {"committee": ["stronger-communities"], "overdue": ["1"]}
    expect(page.locator("#results tbody tr")).to_have_count(len(overdue))
    assert references(page) == overdue
    expect(page.get_by_label("Search reference, action or owner")).to_have_value("")
    expect(page.get_by_label("Committee")).to_have_value("stronger-communities")
    # Back asked the server again: no page was kept in htmx's history cache on a shared PC.
    assert page.evaluate("localStorage.getItem('htmx-history-cache')") in (None, "[]")


def sign_in_with_the_keyboard(page, role: str) -> None:
    page.goto("/login")
    tab_to(page, "#email")
    page.keyboard.type(f"{role}@example.gov.uk")
    tab_to(page, "#password")
    page.keyboard.type("demo-password")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)


def test_scrutiny_officer_adds_actions_with_the_keyboard_alone(page, check_axe):
    """After each action the cursor is back in "What must be done", so the next one is typed
    straight away."""
    sign_in_with_the_keyboard(page, "scrutiny")
    page.goto("/meetings/3")
    tab_to(page, "#add-action #description")
    for description in ("Share the knife crime awareness week programme", "Report the youth panel's findings"):
        page.keyboard.type(description)
        tab_to(page, "#add-action #owner_id")
        page.keyboard.type("Priya")  # a focused select picks the option typed
        tab_to(page, "#add-action #due_next_meeting")
        page.keyboard.press("Space")
        tab_to(page, "#add-action [type=submit]")
        page.keyboard.press("Enter")
        expect(page.locator("#meeting-actions-table")).to_contain_text(description)
        expect(page.locator("#add-action #description")).to_be_focused()
        expect(page.locator("#add-action #description")).to_be_empty()
    row = page.locator("#meeting-actions-table tr", has_text="Report the youth panel's findings")
    expect(row).to_contain_text("Priya Shah")
    expect(row).to_contain_text("Next meeting")
    check_axe(page, "the meeting page after adding actions with the keyboard")


def test_member_filters_by_owner_from_the_names_offered(page, sign_in, check_axe):
    """The owner field offers the owners' names once it has focus (fetched then, not sent with
    every page); the name chosen filters the list in place."""
    sign_in(page, "member")
    page.goto("/actions")
    mark_page(page)
    owner = page.get_by_label("Owner", exact=True)
    owner.focus()
    offered = page.locator("#owner-names option")
    expect(offered.first).to_be_attached()
    names = offered.evaluate_all("options => options.map(o => o.value)")
    assert "Priya Shah, Head of Community Safety" in names
    owner.fill("Priya Shah, Head of Community Safety")
    owner.press("Enter")
    expect(page).to_have_url(re.compile(r"owner=Priya"))
    rows = page.locator("#results tbody tr")
    expect(rows.first).to_be_visible()
    for text in rows.all_inner_texts():
        assert "Priya Shah" in text
    assert same_document(page), "filtering reloaded the page"
    check_axe(page, "the actions list filtered by owner")


def test_member_filters_and_opens_an_action_with_the_keyboard_alone(page):
    sign_in_with_the_keyboard(page, "member")
    page.goto("/actions")
    tab_to(page, "#committee")
    page.keyboard.type("Stronger")
    expect(page).to_have_url(re.compile(r"committee=stronger-communities"))
    tab_to(page, "#overdue")
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"overdue=1"))
    expect(page.locator("#committee")).to_have_value("stronger-communities")
    tab_to(page, "#q", backwards=True)
    page.keyboard.type("briefing")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    tab_to(page, "#results tbody a")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("SCSP")
    expect(page.locator("main")).to_contain_text(BRIEFING)
