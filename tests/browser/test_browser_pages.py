"""Every page type: no WCAG 2.2 A/AA violations axe-core can find, forms with their errors shown
too, and nothing that scrolls sideways on a phone (390 x 844); tables scroll in their own box.

A new page type belongs in PAGES (and in PHONE_PAGES when it has a table or a wide form).
"""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

# (path, what it is) for the scrutiny officer, who sees every form.
PAGES = [
    ("/actions", "the actions list"),
    ("/actions?owner=me", "My actions"),
    ("/actions?committee=stronger-communities&overdue=1&q=knife", "a filtered actions list"),
    ("/actions?due_before=not-a-date", "the actions list with a filter error"),
    ("/actions/2", "an action"),
    ("/actions/2/edit", "editing an action"),
    ("/committees", "the committees"),
    ("/committees/stronger-communities", "a committee"),
    ("/committees/new", "a new committee"),
    ("/committees/stronger-communities/meetings/new", "a new meeting"),
    ("/meetings/3", "a meeting, with its forms"),
    ("/meetings/3/edit", "editing a meeting"),
    ("/users", "the users"),
    ("/users/new", "a new user"),
    ("/actions/999999", "page not found"),
    ("/", "the home page"),
    ("/profile", "the profile, with tokens and the calendar link"),
    ("/meetings/3/minutes", "adding actions from minutes"),
    ("/committees/stronger-communities/action-log", "the committee's action log"),
    ("/imports/new", "importing an action log"),
]
PHONE_PAGES = [
    "/actions", "/actions/2", "/actions/2/edit", "/committees", "/committees/stronger-communities",
    "/meetings/3", "/users",
]


def test_sign_in_page_and_its_errors_are_accessible(page, check_axe):
    page.goto("/login")
    check_axe(page, "the sign-in page")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(page).to_have_title(f"Error: {page.title().removeprefix('Error: ')}")
    check_axe(page, "the sign-in page with errors")


def test_every_page_is_accessible_to_the_scrutiny_officer(page, sign_in, check_axe):
    """All pages in one session; every failing page is reported, not just the first."""
    sign_in(page, "scrutiny")
    failures = []
    for path, what in PAGES:
        page.goto(path)
        try:
            check_axe(page, what)
        except AssertionError as failure:
            failures.append(str(failure))
    assert not failures, "\n\n".join(failures)


def test_forms_with_errors_are_accessible(page, sign_in, check_axe):
    """Each form sent empty shows its errors: the summary and the messages pass axe too."""
    sign_in(page, "scrutiny")
    failures = []
    for path in ["/committees/new", "/users/new", "/actions/2/edit", "/meetings/3/edit"]:
        page.goto(path)
        form = page.locator("main form").first
        fields = form.locator("input[type=text], input:not([type]), input[type=email], input[type=date], textarea")
        for field in fields.filter(visible=True).all():
            field.fill("")
        form.locator("button[type=submit], input[type=submit]").first.click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        try:
            check_axe(page, f"{path} with errors")
        except AssertionError as failure:
            failures.append(str(failure))
    assert not failures, "\n\n".join(failures)


def test_the_member_sees_accessible_pages_without_forms(page, sign_in, check_axe):
    sign_in(page, "member")
    for path in ["/actions", "/actions/2", "/committees/stronger-communities", "/meetings/3"]:
        page.goto(path)
        check_axe(page, f"{path} as a member")


@pytest.mark.parametrize("role", ["scrutiny", "member"])
def test_no_page_scrolls_sideways_on_a_phone(new_page, sign_in, check_axe, screenshot, role):
    page = new_page(phone=True)
    page.goto("/login")
    wide = []
    if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
        wide.append("/login")
    sign_in(page, role)
    for path in PHONE_PAGES if role == "scrutiny" else PHONE_PAGES[:5]:
        page.goto(path)
        if path == "/meetings/3":
            # The forms in the table open wide: open one and look again.
            page.locator("#meeting-actions-table .app-update-link").first.click()
            expect(page.locator("#meeting-actions-table select[name=status]")).to_be_visible()
        if role == "scrutiny" and path in ("/actions", "/meetings/3"):
            check_axe(page, f"{path} on a phone")  # e.g. targets too small or overlapping
        page_width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if page_width > viewport:
            culprits = page.evaluate(
                """() => [...document.querySelectorAll('main *')]
                     .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1
                                   && !el.closest('.app-table-scroll'))
                     .slice(0, 5).map(el => el.outerHTML.slice(0, 120))"""
            )
            wide.append(f"{path}: {page_width}px in a {viewport}px window; {culprits}")
        for box in page.locator(".app-table-scroll").all():
            # A wide table scrolls inside its own focusable, labelled box instead of the page.
            width, inner = box.evaluate("el => [el.scrollWidth, el.clientWidth]")
            assert inner <= viewport
            if width > inner:
                expect(box).to_have_attribute("tabindex", "0")
                expect(box).to_have_attribute("role", "region")
    assert not wide, "pages wider than the phone:\n" + "\n".join(wide)

    if role == "member":
        page.goto("/actions/2")
        screenshot(page, "phone-action", readme=True)
