"""HTTP benchmark: the production server on a synthetic council, page by page.

    .venv/bin/python benchmarks/http.py --actions 100000 [--database-url URL] [--seconds 3] [--no-part-cache]

Builds the synthetic council (`flask demo --synthetic N`) into benchmarks/data/ (or into the
PostgreSQL database given, which must be empty or an earlier synthetic one), or reuses it when
it already holds N actions; starts gunicorn (2 workers x 4 threads) on a free loopback port;
signs in as the scrutiny officer; warms up; then, for each page, measures for --seconds at 1
and at 8 concurrent clients the requests per second and the p50/p95 latency. It also records
the SQL queries each page ran (the server's X-Query-Count header, switched on for the run),
the bytes each response sent (gzip, as a browser asks) and unpacked, and the weight of a
first visit to /actions with its CSS and JavaScript. Prints a table, then one JSON line.
"""
from __future__ import annotations

import os
import sys

# This file is called http.py: keep its folder off the import path, or it would shadow the
# standard library's http package for everything imported below.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import gzip  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlencode, urljoin  # noqa: E402

ROOT = Path(_HERE).parent
DATA = ROOT / "benchmarks" / "data"
BIN = Path(sys.executable).parent
SECRET = "benchmark-secret-key-not-for-production"
LOGIN = ("scrutiny@example.gov.uk", "demo-password")
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
VERSION_INPUT = re.compile(r'name="version" value="(\d+)"')


# ---------------------------------------------------------------- the database

def _env(url: str, **extra) -> dict:
    env = dict(os.environ, DATABASE_URL=url, SECRET_KEY=SECRET, FLASK_APP="wsgi",
               TRACKER_INSTANCE_DIR=str(DATA / "instance"), **extra)
    env.pop("TRACKER_CONFIG", None)
    return env


def _flask(url: str, *args: str) -> str:
    done = subprocess.run([str(BIN / "flask"), *args], cwd=ROOT, env=_env(url), capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"flask {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def _state(url: str) -> tuple[int | None, bool]:
    """(actions in the database or None when it has no schema, whether it is a synthetic council)."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            if "actions" not in tables:
                return (None, not tables - {"alembic_version"})
            n = conn.execute(text("SELECT count(*) FROM actions")).scalar_one()
            synthetic = conn.execute(
                text("SELECT count(*) FROM committees WHERE slug = 'adult-social-care'")
            ).scalar_one() == 1 and conn.execute(text("SELECT count(*) FROM users")).scalar_one() == 2000
            return (n, synthetic or n == 0)
    finally:
        engine.dispose()


def _drop_everything(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def ensure_database(url: str, n: int) -> dict:
    """The synthetic council of n actions at url: reused when there, built when not."""
    if url.startswith("sqlite:///"):
        path = Path(url[len("sqlite:///"):])
        marker = path.with_suffix(".built")
        if path.exists() and marker.exists() and marker.read_text().strip() == str(n):
            return {"built": False}
        for stale in (path, marker, Path(f"{path}-wal"), Path(f"{path}-shm")):
            stale.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
    else:
        actions, synthetic = _state(url)
        if actions == n and synthetic:
            _flask(url, "db", "upgrade")  # an earlier build: bring its schema up to date
            return {"built": False}
        if actions is not None or not synthetic:
            if not synthetic:
                sys.exit("That database has other data: give the benchmark an empty database of its own")
            _drop_everything(url)
    _flask(url, "db", "upgrade")
    started = time.perf_counter()
    output = _flask(url, "demo", "--synthetic", str(n))
    seconds = time.perf_counter() - started
    print(output)
    if url.startswith("sqlite:///"):
        marker.write_text(str(n))
    return {"built": True, "build_seconds": round(seconds, 1)}


def targets(url: str) -> dict:
    """What to ask for: a busy committee, a busy owner, actions to read and to update."""
    os.environ.update(_env(url))
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import func, select

    from tracker import create_app
    from tracker.extensions import db
    from tracker.models import LIVE_STATUSES, Action, Committee

    app = create_app("development", SQLALCHEMY_DATABASE_URI=url)
    live = [s.value for s in LIVE_STATUSES]
    with app.app_context():
        slug, committee_id = db.session.execute(
            select(Committee.slug, Committee.id).join(Action, Action.committee_id == Committee.id)
            .where(Action.status.in_(live)).group_by(Committee.id, Committee.slug)
            .order_by(func.count().desc(), Committee.id).limit(1)
        ).one()
        owner = db.session.scalar(
            select(Action.owner_id).where(Action.status.in_(live), Action.owner_id.is_not(None))
            .group_by(Action.owner_id).order_by(func.count().desc(), Action.owner_id).limit(1)
        )
        updatable = db.session.scalars(
            select(Action.id).where(Action.status.in_(["open", "in_progress"]))
            .order_by(Action.id.desc()).limit(9)
        ).all()
        db.engine.dispose()
    return {"committee": slug, "owner": owner, "show": updatable[0], "update": updatable[1:]}


# ---------------------------------------------------------------- the server

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int, workers: int, threads: int, part_cache: bool = True) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", str(workers), "--threads", str(threads),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=_env(url, TRACKER_CONFIG="production", TRACKER_COUNT_QUERIES="1",
                           TRACKER_PART_CACHE_MB="32" if part_cache else "0"),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit("the server did not start")


class Client:
    """One browser: a keep-alive connection, its cookies (kept by hand: production marks them
    Secure, and this is plain HTTP on loopback) and its CSRF token; asks for gzip like a browser."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        headers = {"Accept-Encoding": "gzip", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
                break
            except (http.client.HTTPException, OSError):
                if attempt:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        text = gzip.decompress(raw) if response.getheader("Content-Encoding") == "gzip" else raw
        return response, raw, text.decode("utf-8", "replace")

    def login(self) -> Client:
        _, _, page = self.request("GET", "/login")
        token = CSRF_META.search(page).group(1)
        response, _, _ = self.request("POST", "/login", {"email": LOGIN[0], "password": LOGIN[1], "csrf_token": token})
        if response.status != 303:
            sys.exit(f"sign-in failed: {response.status}")
        _, _, page = self.request("GET", "/committees")
        self.token = CSRF_META.search(page).group(1)
        return self


class Updater:
    """The inline status update of one action: alternates open and in progress, each a real
    change, sending the version its update form showed (a save adds one to it: rows carry
    no form, so the form is asked for again only after a refusal)."""

    def __init__(self, client: Client, action_id: int):
        self.client, self.action_id = client, action_id
        self._read_form()

    def _read_form(self):
        _, _, form = self.client.request("GET", f"/actions/{self.action_id}/update",
                                         headers={"HX-Request": "true"})
        self.version = int(VERSION_INPUT.search(form).group(1))
        self.status = "in_progress" if 'value="open" selected' in form else "open"

    def __call__(self):
        response, raw, text = self.client.request(
            "POST", f"/actions/{self.action_id}/status",
            {"status": self.status, "note": "", "version": self.version},
            {"HX-Request": "true", "HX-Target": f"action-row-{self.action_id}", "X-CSRFToken": self.client.token},
        )
        if response.status == 200:
            self.version += 1
            self.status = "open" if self.status == "in_progress" else "in_progress"
        else:
            self._read_form()
        return response, raw, text


# ---------------------------------------------------------------- measuring

def measure(clients: list[Client], make_call, seconds: float) -> dict:
    """Every client asks as fast as it can for `seconds`; latencies of all of them."""
    latencies: list[float] = []
    failures = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def run(client):
        call = make_call(client)
        mine, bad = [], []
        while time.perf_counter() < stop:
            started = time.perf_counter()
            response, _, _ = call()
            mine.append(time.perf_counter() - started)
            if response.status >= 300:
                bad.append(response.status)
        with lock:
            latencies.extend(mine)
            failures.extend(bad)

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1),
        "errors": len(failures),
    }


def first_visit(client: Client) -> dict:
    """/actions and the CSS and JavaScript it loads, in bytes as sent (gzip), with their caching."""
    fresh = Client(client.port)
    fresh.cookies = dict(client.cookies)
    response, raw, page = fresh.request("GET", "/actions")
    total = {"html": len(raw)}
    assets = {}
    urls = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) + re.findall(r'<script[^>]* src="([^"]+)"', page)
    seen = set()
    while urls:
        url = urls.pop(0)
        if url in seen:
            continue
        seen.add(url)
        res, body, text = fresh.request("GET", url)
        cache = res.getheader("Cache-Control") or ""
        assets[url] = {"bytes": len(body), "status": res.status, "cache_control": cache,
                       "fingerprinted": bool(re.match(r"/assets/[0-9a-f]{8,}/", url))}
        if url.endswith(".js"):  # ES module imports load too
            urls += [urljoin(url, m) for m in re.findall(r'(?:import|from)\s*["\'](\.[^"\']+)["\']', text)]
    total["css_js"] = sum(a["bytes"] for a in assets.values())
    total["total"] = total["html"] + total["css_js"]
    total["all_fingerprinted_and_cached"] = all(
        a["fingerprinted"] and "max-age=31536000" in a["cache_control"] and "immutable" in a["cache_control"]
        for a in assets.values()
    )
    total["assets"] = assets
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000, help="actions in the synthetic council")
    parser.add_argument("--database-url", help="default: a SQLite file in benchmarks/data/")
    parser.add_argument("--seconds", type=float, default=3.0, help="per page and concurrency")
    parser.add_argument("--clients", default="1,8", help="concurrency levels")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--no-part-cache", action="store_true",
                        help="switch off the kept parts of pages (tracker/caching.py): every request works "
                             "its page out, as the first reader after an update does")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{DATA / f'synthetic-{args.actions}.db'}"
    if url.startswith("postgres://") or url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    levels = [int(c) for c in args.clients.split(",")]

    build = ensure_database(url, args.actions)
    t = targets(url)
    today = date.today()
    slug = t["committee"]
    pages = [
        ("healthz", "/healthz", {}),
        ("actions", "/actions", {}),
        ("actions committee", f"/actions?committee={slug}", {}),
        ("actions owner", f"/actions?owner={t['owner']}", {}),
        ("actions status", "/actions?status=in_progress", {}),
        ("actions overdue", "/actions?overdue=1", {}),
        ("actions due_before", f"/actions?due_before={today + timedelta(days=30)}", {}),
        ("actions q", "/actions?q=knife+crime", {}),
        ("actions htmx filter", f"/actions?committee={slug}&overdue=1", {"HX-Request": "true"}),
        ("action", f"/actions/{t['show']}", {}),
        ("committee", f"/committees/{slug}", {}),
        ("committee action log", f"/committees/{slug}/action-log", {}),
    ]

    port = free_port()
    load_before = os.getloadavg()
    server = start_server(url, port, args.workers, args.threads, part_cache=not args.no_part_cache)
    results = {}
    try:
        clients = [Client(port).login() for _ in range(max(levels))]
        probe = clients[0]
        present = []
        for name, path, headers in pages:
            response, _, _ = probe.request("GET", path, headers=headers)
            if response.status == 404 and name == "committee action log":
                continue  # not built yet
            present.append((name, path, headers))
        updaters = {id(c): Updater(c, action_id) for c, action_id in zip(clients, t["update"])}
        calls = [(name, lambda c, p=path, h=headers: (lambda: c.request("GET", p, headers=h)))
                 for name, path, headers in present]
        calls.append(("inline status update", lambda c: updaters[id(c)]))
        for name, make_call in calls:  # warm up: templates compiled, caches and pages read
            call = make_call(probe)
            for _ in range(15):
                call()
        for name, make_call in calls:
            response, raw, text = make_call(probe)()
            results[name] = {
                "status": response.status,
                "queries": int(response.getheader("X-Query-Count") or -1),
                "bytes_sent": len(raw),
                "bytes": len(text.encode()),
            }
            for level in levels:
                results[name][f"c{level}"] = measure(clients[:level], make_call, args.seconds)
        weight = first_visit(probe)
    finally:
        server.terminate()
        server.wait(timeout=30)
    load_after = os.getloadavg()

    header = f"{'page':<22} {'queries':>7} {'sent B':>8} {'HTML B':>8}"
    for level in levels:
        header += f" | {'c' + str(level) + ' req/s':>10} {'p50 ms':>7} {'p95 ms':>7}"
    print(f"\n{args.actions:,} actions on {url.split(':')[0]}, gunicorn {args.workers}x{args.threads}, "
          f"kept parts of pages {'off' if args.no_part_cache else 'on'}, "
          f"{args.seconds:g}s per cell, load average {load_before[0]:.2f} before, {load_after[0]:.2f} after")
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        line = f"{name:<22} {r['queries']:>7} {r['bytes_sent']:>8} {r['bytes']:>8}"
        for level in levels:
            m = r[f"c{level}"]
            line += f" | {m['rps']:>10} {m['p50_ms']:>7} {m['p95_ms']:>7}"
            if m["errors"]:
                line += f" ({m['errors']} errors)"
        print(line)
    top = max(levels)
    ratio = results["actions"][f"c{top}"]["rps"] / results["healthz"][f"c{top}"]["rps"]
    print(f"\nfirst visit to /actions: {weight['total']:,} bytes sent (HTML {weight['html']:,}, CSS and JS "
          f"{weight['css_js']:,}); every asset fingerprinted with a one-year cache: "
          f"{'yes' if weight['all_fingerprinted_and_cached'] else 'NO'}")
    print(f"/actions throughput at {top} clients: {ratio:.2f} of /healthz's")
    summary = {
        "actions": args.actions,
        "database": url.split(":")[0].split("+")[0],
        "server": f"gunicorn {args.workers}x{args.threads}",
        "part_cache": not args.no_part_cache,
        "seconds_per_cell": args.seconds,
        "load_average": [round(load_before[0], 2), round(load_after[0], 2)],
        **build,
        "pages": results,
        "first_visit": {k: v for k, v in weight.items() if k != "assets"},
        "assets": weight["assets"],
        "actions_vs_healthz": round(ratio, 3),
    }
    print(json.dumps(summary, separators=(",", ":")))


if __name__ == "__main__":
    main()
