"""Fixtures: one app and schema per session (built by the migrations), empty tables per test.

Every test runs on a fixed calendar: the clock starts at TEST_NOW (and ticks on from there) for
everything the test does, set-up included, so dates written in tests mean the same on any day
the suite runs. A test about the real calendar says so with `@pytest.mark.real_clock`; the
browser tests, whose Chromium keeps real time, run on the real clock with data made relative to
it.

Set TRACKER_TEST_DATABASE_URL (e.g. postgresql+psycopg://postgres@127.0.0.1:5432/test) to run
the whole suite on PostgreSQL; by default it runs on a SQLite file in a temporary folder.
"""
from __future__ import annotations

import os
import re
import socket
from datetime import UTC, date, datetime, time
from email import message_from_bytes, policy
from itertools import count

import pytest
import time_machine
from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import MetaData, event, func, inspect, select, text
from werkzeug.security import generate_password_hash

from tracker import create_app
from tracker.actions.rules import create_action
from tracker.extensions import db
from tracker.models import Action, AgendaItem, Committee, Meeting, Role, User
from tracker.security import limiter

# A Sunday in the suite's calendar: the day its dates (meetings in 2026, links sent on 9 November,
# dues around the end of November) were written against.
TEST_NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)

PASSWORD = "correct-horse-battery"
# Where the links in emails point, in tests.
BASE_URL = "https://tracker.example.gov.uk"
# Hashing is deliberately slow: hash once for the whole session.
PASSWORD_HASH = generate_password_hash(PASSWORD)


def _reset_schema() -> None:
    """Drop whatever a previous run left, then build the schema with the migrations."""
    meta = MetaData()
    meta.reflect(bind=db.engine)
    meta.drop_all(bind=db.engine)
    upgrade()


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    url = os.environ.get("TRACKER_TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'tracker-test.db'}"
    )
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        _reset_schema()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _fixed_clock(request):
    """The suite's calendar for the whole test; first of the autouse fixtures, so it covers set-up."""
    if request.node.get_closest_marker("real_clock") or request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def _clean_tables(request):
    """Every test starts with empty tables (tests that need no database skip the work)."""
    if "app" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("app")
    yield
    limiter.reset()  # failed sign-ins counted in one test do not lock the next one out
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as conn:
            # Only tables the migrations built: a model without its migration is caught by
            # test_migrations_and_models_agree, not by every test failing here.
            existing = set(inspect(conn).get_table_names())
            for table in reversed(db.metadata.sorted_tables):
                if table.name in existing:
                    conn.execute(table.delete())


@pytest.fixture
def ctx(app):
    """An app context for tests that call rules and queries directly."""
    with app.test_request_context():
        yield
        db.session.rollback()


class Factory:
    """Builds domain objects with sensible defaults: make.action(due=..., status=...)."""

    def __init__(self):
        self._n = count(1)

    def user(self, role: Role | str = Role.OFFICER, name: str | None = None, **fields) -> User:
        n = next(self._n)
        role = Role(role)
        user = User(
            email=fields.pop("email", f"{role.value}{n}@example.gov.uk"),
            name=name or f"{role.label.split()[0]} Person {n}",
            role=role.value,
            password_hash=PASSWORD_HASH,
            **fields,
        )
        db.session.add(user)
        db.session.commit()
        return user

    def committee(self, name: str | None = None, **fields) -> Committee:
        n = next(self._n)
        committee = Committee(
            name=name or f"Scrutiny Panel {n}",
            slug=fields.pop("slug", f"panel-{n}"),
            code=fields.pop("code", f"SP{n}"),
            description=fields.pop("description", ""),
        )
        db.session.add(committee)
        db.session.commit()
        return committee

    def meeting(self, committee: Committee | None = None, on: date = date(2026, 6, 10), status="held", **fields) -> Meeting:
        meeting = Meeting(
            committee=committee or self.committee(),
            starts_at=datetime.combine(on, time(18, 0)),
            status=status,
            venue=fields.pop("venue", "Committee Room 1"),
            **fields,
        )
        db.session.add(meeting)
        db.session.commit()
        return meeting

    def agenda_item(self, meeting: Meeting, number="5", title="Crime reduction strategy - update", **fields) -> AgendaItem:
        item = AgendaItem(meeting=meeting, number=number, title=title, **fields)
        db.session.add(item)
        db.session.commit()
        return item

    def action(self, meeting: Meeting | None = None, owner: User | None = None, status: str = "open",
               due: date | None = None, description: str = "Circulate the briefing note to the Panel",
               **fields) -> Action:
        meeting = meeting or self.meeting()
        action = create_action(
            meeting=meeting,
            author=None,
            description=description,
            owner=owner,
            owner_role=fields.pop("owner_role", None if owner else "Head of Community Safety"),
            due_date=due,
            **fields,
        )
        if status != "open":
            action.status = status
            if status == "closed":
                action.closed_at_meeting_id = meeting.id
        db.session.commit()
        return action


@pytest.fixture
def make(ctx):
    return Factory()


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


class Browser:
    """A test client that signs in through the real form and sends the CSRF token like a page would."""

    def __init__(self, client, app):
        self.client, self.app = client, app
        self.token: str | None = None

    def _request(self, method: str, *args, **kwargs):
        # End the test's own transaction first (SQLite: a reader that started before a write
        # cannot write later), then give the request an app context of its own, as in
        # production: its own db session and its own `g` (Flask-Login keeps the user there).
        db.session.commit()
        with self.app.app_context():
            return getattr(self.client, method)(*args, **kwargs)

    def fetch_token(self, url: str = "/login") -> str:
        page = self._request("get", url)
        match = CSRF_META.search(page.get_data(as_text=True))
        assert match, f"no csrf-token meta on {url} ({page.status_code})"
        self.token = match.group(1)
        return self.token

    def login(self, user: User, password: str = PASSWORD):
        self.fetch_token("/login")
        response = self._request("post", "/login", data={"email": user.email, "password": password, "csrf_token": self.token})
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        self.fetch_token("/committees")
        return self

    def get(self, url, htmx: bool = False, **kwargs):
        headers = kwargs.pop("headers", {})
        if htmx:
            headers["HX-Request"] = "true"
        return self._request("get", url, headers=headers, **kwargs)

    def post(self, url, data=None, htmx: bool = False, csrf: bool = True, **kwargs):
        if "input_stream" in kwargs:  # a raw body: the caller sets every header itself
            return self._request("post", url, **kwargs)
        data = dict(data or {})
        headers = kwargs.pop("headers", {})
        if htmx:
            headers["HX-Request"] = "true"
            if csrf:
                headers["X-CSRFToken"] = self.token
        elif csrf:
            data.setdefault("csrf_token", self.token)
        return self._request("post", url, data=data, headers=headers, **kwargs)


@pytest.fixture
def browser(app, ctx):
    return Browser(app.test_client(), app)


@pytest.fixture
def other_browser(app, ctx):
    return Browser(app.test_client(), app)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def count_queries(app):
    """Counts the SQL statements run inside the `with` block: `with count_queries() as n: ...; n()`."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before)
        try:
            yield lambda: len(statements)
        finally:
            event.remove(engine, "before_cursor_execute", before)

    return counting


def table_snapshot() -> dict:
    """Row counts and action states: compared before and after a refused request."""
    existing = set(inspect(db.engine).get_table_names())
    snapshot = {
        table.name: db.session.execute(select(func.count()).select_from(table)).scalar_one()
        for table in db.metadata.sorted_tables
        if table.name in existing
    }
    snapshot["actions"] = [
        tuple(row)
        for row in db.session.execute(
            text("SELECT id, status, version, description, due_date, owner_id FROM actions ORDER BY id")
        )
    ]
    snapshot["meetings"] = [tuple(r) for r in db.session.execute(text("SELECT id, starts_at, status FROM meetings ORDER BY id"))]
    snapshot["committees"] = [tuple(r) for r in db.session.execute(text("SELECT id, name, slug FROM committees ORDER BY id"))]
    snapshot["users"] = [tuple(r) for r in db.session.execute(text("SELECT id, email, role, active FROM users ORDER BY id"))]
    db.session.rollback()
    return snapshot


@pytest.fixture
def snapshot(ctx):
    """`snapshot()` now and later: equal when a refused request changed nothing."""
    return table_snapshot


# ------------------------------------------------------------------ a real SMTP server on loopback

class Inbox:
    """Keeps what the SMTP server receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def inbox(app, monkeypatch):
    handler = Inbox()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(app.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    monkeypatch.setitem(app.config, "MAIL_DEFAULT_SENDER", "scrutiny@council.example.gov.uk")
    monkeypatch.setitem(app.config, "TRACKER_BASE_URL", BASE_URL)
    yield handler
    controller.stop()
