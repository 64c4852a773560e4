"""Load test: N signed-in officers, scrutiny officers and members for S seconds, reading the
actions list and updating a small SHARED set of actions inline (htmx POSTs with the version
read from the page), so updates collide and some answer 409.

Afterwards it checks from the database that every update answered 2xx is stored exactly once
and every refused one stored nothing. Its last line is a JSON summary.

    export DATABASE_URL=sqlite:////tmp/load/tracker.db SECRET_KEY=load-test
    .venv/bin/flask --app wsgi db upgrade
    TRACKER_CONFIG=production .venv/bin/gunicorn --workers 3 --threads 4 \\
        --bind 127.0.0.1:8000 wsgi:app &
    .venv/bin/python benchmarks/load.py --url http://127.0.0.1:8000 --users 16 --seconds 30

The script creates what it needs in DATABASE_URL (or --database-url) before it starts: a
"Load Test Panel" with a meeting, --actions shared actions and accounts load-officer-K,
load-scrutiny-K and load-member-K@example.gov.uk (password below). Each officer account owns
one shared action and is signed in from two sessions, like an officer at a desk and on a
laptop; scrutiny officers update any of them; members only read.

Loopback only: it refuses any other host.
"""
from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder comes first on sys.path, where benchmarks/http.py would hide
# the standard library's http package from requests: put the project root there instead.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse
import json
import os
import random
import re
import statistics
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests

PASSWORD = "load-test-password"
ROLES = ("officer", "scrutiny", "officer", "member")  # repeated over the users
STATUSES = ("open", "in_progress", "deferred")
CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
UNAVAILABLE_PAGE = "Sorry, the service is unavailable"


# ---------------------------------------------------------------- the database side

def database_url(explicit: str | None) -> str:
    url = explicit or os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("Set DATABASE_URL (or --database-url): the load test checks its results there")
    # As config.py does: SQLAlchemy wants the psycopg 3 driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            url = "postgresql+psycopg://" + url[len(prefix):]
    return url


def _app(url: str):
    from tracker import create_app

    return create_app("development", SECRET_KEY="load-test-prepare", SQLALCHEMY_DATABASE_URI=url)


def prepare(url: str, shared_actions: int, users: int) -> dict:
    """Accounts, a committee, a meeting and the shared actions (made once, reused)."""
    from datetime import datetime

    from flask_migrate import upgrade
    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from tracker.actions.rules import create_action
    from tracker.extensions import db
    from tracker.models import Action, Committee, Meeting, User

    app = _app(url)
    with app.app_context():
        upgrade()
        password_hash = generate_password_hash(PASSWORD)
        counts = Counter(ROLES[i % len(ROLES)] for i in range(users))
        accounts = {"officer": [], "scrutiny": [], "member": []}
        wanted = {"officer": shared_actions, "scrutiny": max(counts["scrutiny"], 1), "member": max(counts["member"], 1)}
        for role, number in wanted.items():
            for k in range(number):
                email = f"load-{role}-{k}@example.gov.uk"
                user = db.session.scalar(select(User).where(User.email == email))
                if user is None:
                    user = User(email=email, name=f"Load {role.title()} {k}", role=role, password_hash=password_hash)
                    db.session.add(user)
                    db.session.flush()
                accounts[role].append((user.id, email))
        panel = db.session.scalar(select(Committee).where(Committee.slug == "load-test"))
        if panel is None:
            panel = Committee(name="Load Test Panel", slug="load-test", code="LOAD", description="")
            db.session.add(panel)
            db.session.add(Meeting(committee=panel, starts_at=datetime(2026, 6, 10, 18), status="held", venue="Room 1"))
            db.session.flush()
        meeting = db.session.scalar(select(Meeting).where(Meeting.committee_id == panel.id))
        actions = []
        for k in range(shared_actions):
            owner_id = accounts["officer"][k][0]
            action = db.session.scalar(
                select(Action).where(Action.committee_id == panel.id, Action.description == f"Load test action {k}")
            )
            if action is None:
                owner = db.session.get(User, owner_id)
                action = create_action(meeting=meeting, author=None, description=f"Load test action {k}", owner=owner)
            actions.append(action.id)
        db.session.commit()
        db.engine.dispose()
    return {"accounts": accounts, "actions": actions}


def verify(url: str, run: str, outcomes: dict[str, int | None], action_ids: list[int]) -> dict:
    """What the database holds for this run's notes, against what the server answered."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        stored = Counter(
            dict(conn.execute(
                text("SELECT note, count(*) FROM action_updates WHERE note LIKE :p GROUP BY note"),
                {"p": f"load-{run}-%"},
            ).all())
        )
        consistent = True
        for action_id in action_ids:
            version, status = conn.execute(text("SELECT version, status FROM actions WHERE id = :id"), {"id": action_id}).one()
            updates = conn.execute(text("SELECT count(*) FROM action_updates WHERE action_id = :id"), {"id": action_id}).scalar()
            latest = conn.execute(
                text("SELECT new_status FROM action_updates WHERE action_id = :id ORDER BY id DESC LIMIT 1"), {"id": action_id}
            ).scalar()
            # Every stored update bumped the version once, and the last one set the status.
            consistent &= version == updates and status == latest
        integrity = conn.exec_driver_sql("PRAGMA integrity_check").scalar() if engine.dialect.name == "sqlite" else "n/a"
    engine.dispose()
    answered_ok = {t for t, s in outcomes.items() if s is not None and 200 <= s < 300}
    refused = {t for t, s in outcomes.items() if s is not None and 400 <= s < 500}
    # A 5xx after the commit (the database went away while the page was being made) is
    # saved though the answer says otherwise: counted apart, as the connection errors are.
    failed = {t for t, s in outcomes.items() if s is not None and s >= 500}
    unknown = {t for t, s in outcomes.items() if s is None}  # the connection broke: no answer
    return {
        "lost": sum(1 for t in answered_ok if stored[t] == 0),
        "duplicated": sum(1 for t in outcomes if stored[t] > 1),
        "stored_though_refused": sum(1 for t in refused if stored[t] > 0),
        "stored_though_5xx": sum(1 for t in failed if stored[t] > 0),
        "unknown_outcome": len(unknown),
        "unknown_outcome_stored": sum(1 for t in unknown if stored[t] > 0),
        "versions_consistent": consistent,
        "integrity_check": integrity,
    }


# ---------------------------------------------------------------- the client side

@dataclass
class Results:
    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    codes: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)  # connection failures, by exception
    outcomes: dict = field(default_factory=dict)  # note token -> status (None: no answer)
    latency: dict = field(default_factory=lambda: {"read": [], "update": []})
    timeline: list = field(default_factory=list)  # (seconds since start, kind, status or None)
    bad_5xx_pages: int = 0  # a 5xx that is not the service-unavailable page (a stack trace, a bare 500)
    started: float = field(default_factory=time.monotonic)

    def record(self, kind: str, status: int | None, seconds: float, body: str = "", error: str | None = None):
        with self.lock:
            self.requests += 1
            self.timeline.append((time.monotonic() - self.started, kind, status))
            if status is None:
                self.errors[error or "error"] += 1
                return
            self.codes[status] += 1
            self.latency["update" if kind == "update" else "read"].append(seconds)
            if status >= 500 and (status != 503 or UNAVAILABLE_PAGE not in body or "Traceback" in body):
                self.bad_5xx_pages += 1


class User:
    def __init__(self, base: str, email: str, role: str, own_action: int | None, actions: list[int],
                 results: Results, run: str, number: int):
        self.base, self.email, self.role = base, email, role
        self.own_action, self.actions, self.results = own_action, actions, results
        self.run, self.number, self.sent = run, number, 0
        self.session = requests.Session()
        self.token = ""
        self.random = random.Random(f"{run}-{number}")

    def _call(self, kind: str, method: str, path: str, **kwargs) -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, timeout=30, allow_redirects=False, **kwargs)
        except requests.RequestException as error:
            self.results.record(kind, None, time.perf_counter() - started, error=type(error).__name__)
            return None
        # Production cookies are Secure; this client talks plain HTTP to gunicorn on loopback
        # (in production a TLS proxy sits in front), so it sends them back regardless.
        for cookie in self.session.cookies:
            cookie.secure = False
        body = response.text if response.status_code >= 500 else ""
        self.results.record(kind, response.status_code, time.perf_counter() - started, body)
        return response

    def sign_in(self) -> bool:
        page = self._call("login", "GET", "/login")
        if page is None or page.status_code != 200:
            return False
        token = CSRF.search(page.text).group(1)
        answer = self._call("login", "POST", "/login", data={"email": self.email, "password": PASSWORD, "csrf_token": token})
        if answer is None or answer.status_code != 303:
            return False
        return self.refresh_token()

    def refresh_token(self) -> bool:
        page = self._call("read", "GET", "/actions")
        if page is None or page.status_code != 200:
            return False
        self.token = CSRF.search(page.text).group(1)
        return True

    def step(self):
        if self.role == "member" or self.random.random() < 0.3:
            self.read()
        else:
            self.update()

    def read(self):
        choice = self.random.random()
        if choice < 0.5:
            self._call("read", "GET", "/actions")
        elif choice < 0.8:
            self._call("read", "GET", "/actions", params={"q": "Load test"}, headers={"HX-Request": "true"})
        else:
            self._call("read", "GET", f"/actions/{self.random.choice(self.actions)}")

    def update(self):
        action = self.own_action if self.role == "officer" else self.random.choice(self.actions)
        page = self._call("read", "GET", f"/actions/{action}")
        if page is None or page.status_code != 200:
            return
        version = VERSION.search(page.text)
        if not version:
            return
        self.sent += 1
        note = f"load-{self.run}-{self.number}-{self.sent}"
        with self.results.lock:
            self.results.outcomes[note] = None
        answer = self._call(
            "update", "POST", f"/actions/{action}/status",
            data={"status": self.random.choice(STATUSES), "note": note, "version": version.group(1)},
            headers={"HX-Request": "true", "HX-Target": f"action-card-{action}", "X-CSRFToken": self.token},
        )
        if answer is not None:
            with self.results.lock:
                self.results.outcomes[note] = answer.status_code


def make_users(base: str, prepared: dict, count: int, results: Results, run: str) -> list[User]:
    users, seen = [], Counter()
    accounts, actions = prepared["accounts"], prepared["actions"]
    for number in range(count):
        role = ROLES[number % len(ROLES)]
        k = seen[role] % len(accounts[role])
        seen[role] += 1
        own = actions[k] if role == "officer" else None
        users.append(User(base, accounts[role][k][1], role, own, actions, results, run, number))
    return users


def run_load(base: str, users: list[User], seconds: float, results: Results, stop: threading.Event | None = None,
             started: threading.Event | None = None):
    """Sign everyone in, then run every user in its own thread for `seconds` (`started` is
    set when the clock starts, for a fault script to time its faults)."""
    failed = [u.email for u in users if not u.sign_in()]
    if failed:
        raise SystemExit(f"Could not sign in: {', '.join(failed)}")
    results.started = time.monotonic()
    results.timeline.clear()
    if started is not None:
        started.set()
    deadline = time.monotonic() + seconds
    stop = stop or threading.Event()

    def work(user: User):
        steps = 0
        while time.monotonic() < deadline and not stop.is_set() and steps < 1_000_000:  # bounded
            steps += 1
            user.step()
            if user.token == "" and not user.refresh_token():
                time.sleep(0.2)

    threads = [threading.Thread(target=work, args=(u,), daemon=True) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)


def summarise(results: Results, check: dict, seconds: float, users: int, label: str) -> dict:
    def pct(values, q):
        return round(statistics.quantiles(values, n=100)[q - 1] * 1000, 1) if len(values) >= 2 else None

    codes = results.codes
    updates = [s for s in results.outcomes.values()]
    summary = {
        "label": label,
        "users": users,
        "seconds": seconds,
        "requests": results.requests,
        "requests_per_second": round(results.requests / seconds, 1),
        "updates_sent": len(updates),
        "successes": sum(1 for s in updates if s is not None and 200 <= s < 300),
        "conflicts": sum(1 for s in updates if s == 409),
        "4xx": sum(n for c, n in codes.items() if 400 <= c < 500),
        "5xx": sum(n for c, n in codes.items() if c >= 500),
        "503": codes.get(503, 0),
        "bad_5xx_pages": results.bad_5xx_pages,
        "connection_errors": sum(results.errors.values()),
        "p50_read_ms": pct(results.latency["read"], 50),
        "p95_read_ms": pct(results.latency["read"], 95),
        "p50_update_ms": pct(results.latency["update"], 50),
        "p95_update_ms": pct(results.latency["update"], 95),
        **check,
    }
    return summary


def print_summary(summary: dict) -> None:
    print(f"{summary['label']}: {summary['users']} users for {summary['seconds']} s")
    print(f"  requests          {summary['requests']} ({summary['requests_per_second']}/s)")
    print(f"  updates sent      {summary['updates_sent']}: {summary['successes']} saved, {summary['conflicts']} conflicts (409)")
    print(f"  4xx / 5xx         {summary['4xx']} / {summary['5xx']} (503 pages: {summary['503']}, other 5xx: {summary['bad_5xx_pages']})")
    print(f"  connection errors {summary['connection_errors']}")
    print(f"  latency (ms)      read p50 {summary['p50_read_ms']} p95 {summary['p95_read_ms']}; "
          f"update p50 {summary['p50_update_ms']} p95 {summary['p95_update_ms']}")
    print(f"  lost updates      {summary['lost']} (duplicated {summary['duplicated']}, stored though refused "
          f"{summary['stored_though_refused']}; saved though answered 5xx {summary['stored_though_5xx']}, "
          f"no answer {summary['unknown_outcome']} of which saved {summary['unknown_outcome_stored']})")
    print(f"  versions consistent {summary['versions_consistent']}; integrity_check {summary['integrity_check']}")
    print(json.dumps(summary))


def check_loopback(url: str) -> str:
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"Refusing to load {host}: loopback only")
    return url.rstrip("/")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--users", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--actions", type=int, default=4, help="size of the shared set of actions")
    parser.add_argument("--database-url", help="default: DATABASE_URL")
    parser.add_argument("--label", default="load")
    args = parser.parse_args(argv)
    base = check_loopback(args.url)
    url = database_url(args.database_url)
    prepared = prepare(url, args.actions, args.users)
    results, run = Results(), uuid.uuid4().hex[:8]
    users = make_users(base, prepared, args.users, results, run)
    run_load(base, users, args.seconds, results)
    time.sleep(1)  # let the last transactions finish before reading them back
    summary = summarise(results, verify(url, run, results.outcomes, prepared["actions"]), args.seconds, args.users, args.label)
    print_summary(summary)
    healthy = (summary["5xx"] == 0 and summary["lost"] == 0 and summary["duplicated"] == 0
               and summary["stored_though_refused"] == 0 and summary["versions_consistent"])
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
