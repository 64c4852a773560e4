"""Kept parts of pages (tracker.caching): served again only while the data and the day are
the same, and only to readers who see them alike."""
from __future__ import annotations

import re
from datetime import date, datetime

import time_machine
from sqlalchemy import select, update

from tracker.actions.rules import change_status
from tracker.caching import PartCache, data_version
from tracker.extensions import db
from tracker.models import Action, DataVersion


def version_now() -> int | None:
    db.session.rollback()  # a fresh transaction sees the latest commit
    return db.session.scalar(select(DataVersion.value))


def statuses(body: str) -> dict[str, str]:
    rows = re.findall(r'id="action-row-(\d+)">(.*?)</tr>', body, re.S)
    return {row_id: re.sub(r"<[^>]+>|\s+", " ", html) for row_id, html in rows}


# ------------------------------------------------------------------ the version

def test_every_writing_transaction_changes_the_version_and_nothing_else_does(make):
    action = make.action()
    before = version_now()
    assert before is not None
    db.session.scalars(select(Action)).all()
    db.session.commit()  # a read-only transaction
    assert version_now() == before

    action = db.session.get(Action, action.id)
    action.description = "Changed, then thought better of"
    db.session.flush()
    db.session.rollback()
    assert version_now() == before  # rolled back: nothing changed

    db.session.execute(update(Action).where(Action.id == action.id).values(description="Bulk update"))
    db.session.commit()
    after_bulk = version_now()
    assert after_bulk != before  # a statement, not only the unit of work, counts as a write

    change_status(db.session.get(Action, action.id), make.user("scrutiny"), "in_progress", "Started", 1)
    db.session.commit()
    assert version_now() not in (before, after_bulk)


def test_an_emptied_version_row_means_nothing_is_kept_until_the_next_write(app, make):
    make.action()
    db.session.commit()
    with db.engine.begin() as conn:  # emptied outside the app's sessions, as by hand
        conn.execute(DataVersion.__table__.delete())
    with app.test_request_context():
        assert data_version() is None
    make.action()  # the next write puts it back
    with app.test_request_context():
        assert data_version() is not None


# ------------------------------------------------------------------ the cache itself

def test_the_part_cache_forgets_everything_when_the_version_changes():
    cache, made = PartCache(max_chars=1000), []

    def make(text):
        made.append(text)
        return text

    assert cache.get_or_make(1, "a", lambda: make("first")) == "first"
    assert cache.get_or_make(1, "a", lambda: make("again")) == "first"
    assert cache.get_or_make(2, "a", lambda: make("second")) == "second"
    assert made == ["first", "second"]
    assert (cache.hits, cache.misses) == (1, 2)


def test_the_part_cache_is_bounded_least_recently_used_out():
    cache = PartCache(max_chars=800)
    for key in "abcdefgh":
        cache.get_or_make(1, key, lambda: "x" * 100)
    cache.get_or_make(1, "a", lambda: "new")  # still there: used, moves to the end
    cache.get_or_make(1, "i", lambda: "y" * 100)  # pushes out the oldest, "b"
    assert cache.get_or_make(1, "b", lambda: "made again") == "made again"
    assert cache.get_or_make(1, "a", lambda: "not this") == "x" * 100
    assert cache.get_or_make(1, "huge", lambda: "z" * 500) == "z" * 500  # more than an eighth: not kept
    assert cache.get_or_make(1, "huge", lambda: "made again") == "made again"


# ------------------------------------------------------------------ through the pages

def test_the_list_is_served_again_until_someone_updates_an_action(browser, other_browser, make, count_queries):
    owner = make.user("officer")
    action = make.action(owner=owner)
    browser.login(make.user("member"))
    other_browser.login(owner)
    with count_queries() as first:
        assert "Open" in statuses(browser.get("/actions").get_data(as_text=True))[str(action.id)]
    with count_queries() as again:
        browser.get("/actions")
    assert again() < first()

    response = other_browser.post(f"/actions/{action.id}/status", {"status": "in_progress", "note": "", "version": 1},
                                  htmx=True)
    assert response.status_code == 200
    assert "In progress" in statuses(browser.get("/actions").get_data(as_text=True))[str(action.id)]


def test_kept_rows_offer_each_reader_only_what_they_may_do(browser, other_browser, make):
    """An officer's Update links are their own; a member's list has none, whoever asked first."""
    alice, bob = make.user("officer", name="Alice"), make.user("officer", name="Bob")
    mine = make.action(owner=alice)
    theirs = make.action(owner=bob)
    browser.login(alice)
    first = browser.get("/actions").get_data(as_text=True)
    assert f"/actions/{mine.id}/update" in first and f"/actions/{theirs.id}/update" not in first
    other_browser.login(bob)
    second = other_browser.get("/actions").get_data(as_text=True)
    assert f"/actions/{theirs.id}/update" in second and f"/actions/{mine.id}/update" not in second


def test_my_actions_are_not_served_to_someone_else(browser, other_browser, make):
    scrutiny_a, scrutiny_b = make.user("scrutiny"), make.user("scrutiny")
    a_owns = make.action(owner=scrutiny_a, description="Owned by the first officer")
    browser.login(scrutiny_a)
    assert "Owned by the first officer" in browser.get("/actions?owner=me").get_data(as_text=True)
    other_browser.login(scrutiny_b)
    assert "Owned by the first officer" not in other_browser.get("/actions?owner=me").get_data(as_text=True)
    assert a_owns.reference in other_browser.get("/actions").get_data(as_text=True)


def test_a_new_day_is_worked_out_afresh(browser, make):
    """Overdue depends on the day: what was kept yesterday is not served today."""
    make.action(due=date(2026, 11, 23), description="Due on the 23rd")
    browser.login(make.user("member"))
    with time_machine.travel(datetime(2026, 11, 22, 12), tick=False):
        body = browser.get("/actions").get_data(as_text=True)
        assert re.search(r'<span class="app-count">0</span> overdue', body)
    with time_machine.travel(datetime(2026, 11, 24, 12), tick=False):
        body = browser.get("/actions").get_data(as_text=True)
        assert re.search(r'<span class="app-count">1</span> overdue', body)


def test_the_committee_page_and_action_log_follow_updates(browser, other_browser, make):
    owner = make.user("officer")
    action = make.action(owner=owner)
    slug = action.committee.slug
    browser.login(make.user("member"))
    other_browser.login(owner)
    for path in (f"/committees/{slug}", f"/committees/{slug}/action-log"):
        response = browser.get(path)
        assert response.status_code == 200 and action.reference in response.get_data(as_text=True)
        assert "In progress" not in response.get_data(as_text=True)
    other_browser.post(f"/actions/{action.id}/status", {"status": "in_progress", "note": "Under way", "version": 1})
    for path in (f"/committees/{slug}", f"/committees/{slug}/action-log"):
        assert "In progress" in browser.get(path).get_data(as_text=True), path


def test_nothing_is_kept_when_the_cache_is_off(app, browser, make, count_queries):
    app.extensions.pop("part_cache")
    try:
        make.action()
        browser.login(make.user("member"))
        with count_queries() as first:
            browser.get("/actions")
        with count_queries() as again:
            browser.get("/actions")
        assert again() == first()
    finally:
        app.extensions["part_cache"] = PartCache(32_000_000)
