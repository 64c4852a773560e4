"""Faults under load: each subcommand starts gunicorn (production settings, 3 workers x 4
threads) on its own port and database, runs benchmarks/load.py's users against it, injects a
fault half-way, and checks that nothing was lost. Its last line is a JSON summary.

    .venv/bin/python benchmarks/faults.py kill-worker [--database-url URL]
        SIGKILL one gunicorn worker in the middle of the load (default: a new SQLite file).
        Passes when the server keeps answering, the database passes its integrity check and
        every update answered 2xx is stored exactly once.

    .venv/bin/python benchmarks/faults.py pg-outage [--outage 8]
        Stops and restarts a dedicated PostgreSQL cluster (15/faults on port 5433, created
        with trust authentication when missing; never the machine's cluster on 5432) during
        the load. Passes when every request during the outage got the 503 page (no other
        5xx, no stack trace), /healthz said 503, signing in said 503, and the app recovered
        by itself once the database was back, with nothing lost.

Loopback only; run as root for pg-outage (pg_createcluster, pg_ctlcluster).
"""
from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
# Not this folder on sys.path: benchmarks/http.py would hide the standard library's http.
sys.path[:] = [str(_HERE.parent)] + [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402

import importlib.util  # noqa: E402

import requests  # noqa: E402

_spec = importlib.util.spec_from_file_location("load", _HERE / "load.py")
load = importlib.util.module_from_spec(_spec)  # benchmarks/load.py: the users and the checks
sys.modules["load"] = load
_spec.loader.exec_module(load)

ROOT = _HERE.parent
PG_VERSION, PG_CLUSTER, PG_PORT = "15", "faults", 5433
PG_URL = f"postgresql+psycopg://postgres@127.0.0.1:{PG_PORT}/tracker_faults"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """The production command, on a free loopback port, stopped by its own pid."""

    def __init__(self, database_url: str, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, TRACKER_CONFIG="production", SECRET_KEY="faults-" + uuid.uuid4().hex,
                   DATABASE_URL=database_url, PYTHONPATH=str(ROOT))
        self.log = open(log, "w")
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "--workers", "3", "--threads", "4", "--graceful-timeout", "5",
             "--bind", f"127.0.0.1:{self.port}", "wsgi:app"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        for _ in range(120):
            try:
                if requests.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.5)
        self.stop()
        raise SystemExit(f"gunicorn did not start: see {log}")

    def workers(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    pids.append(int(entry.name))
        return sorted(pids)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def start_load(server: Gunicorn, database_url: str, users: int, seconds: float):
    prepared = load.prepare(database_url, 4, users)
    results, run = load.Results(), uuid.uuid4().hex[:8]
    people = load.make_users(server.url, prepared, users, results, run)
    started = threading.Event()
    thread = threading.Thread(target=load.run_load, args=(server.url, people, seconds, results),
                              kwargs={"started": started}, daemon=True)
    thread.start()
    if not started.wait(300):
        raise SystemExit("the users could not sign in")
    return prepared, results, run, thread


def now(results: load.Results) -> float:
    return time.monotonic() - results.started


def answered_between(results, start, end, kind=None):
    return [s for t, k, s in list(results.timeline) if start <= t < end and (kind is None or k == kind)]


def finish(results, run, prepared, database_url, args, label, extra) -> dict:
    time.sleep(1)
    check = load.verify(database_url, run, results.outcomes, prepared["actions"])
    summary = load.summarise(results, check, args.seconds, args.users, label)
    summary.update(extra)
    return summary


# ---------------------------------------------------------------- kill a worker

def kill_worker(args) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="tracker-faults-"))
    database_url = load.database_url(args.database_url or f"sqlite:///{workdir / 'tracker.db'}")
    load.prepare(database_url, 4, args.users)  # migrate before the server starts
    server = Gunicorn(database_url, workdir / "gunicorn.log")
    try:
        before = server.workers()
        prepared, results, run, thread = start_load(server, database_url, args.users, args.seconds)
        time.sleep(args.seconds / 2)
        victim = before[0]
        os.kill(victim, signal.SIGKILL)
        killed_at = now(results)
        thread.join(args.seconds + 120)
        after = server.workers()
    finally:
        server.stop()
    answered_after = [s for s in answered_between(results, killed_at, 1e9) if s is not None and s < 500]
    summary = finish(results, run, prepared, database_url, args, "kill-worker", {
        "database": database_url.split(":")[0],
        "killed_worker": victim,
        "killed_at_s": round(killed_at, 1),
        "workers_before": len(before),
        "workers_after": len(after),
        "worker_replaced": victim not in after and len(after) == len(before),
        "answered_after_kill": len(answered_after),
        "server_log": str(workdir / "gunicorn.log"),
    })
    load.print_summary(summary)
    ok = (summary["lost"] == 0 and summary["duplicated"] == 0 and summary["stored_though_refused"] == 0
          and summary["versions_consistent"] and summary["integrity_check"] in ("ok", "n/a")
          and summary["answered_after_kill"] > 0 and summary["worker_replaced"] and summary["5xx"] == 0)
    return 0 if ok else 1


# ---------------------------------------------------------------- stop PostgreSQL

def pg(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def ensure_cluster() -> None:
    """The dedicated cluster for this test: created when missing, started when stopped."""
    if not Path(f"/etc/postgresql/{PG_VERSION}/{PG_CLUSTER}").exists():
        pg("pg_createcluster", PG_VERSION, PG_CLUSTER, "--port", str(PG_PORT), "--", "--auth=trust")
    status = subprocess.run(["pg_ctlcluster", PG_VERSION, PG_CLUSTER, "status"], capture_output=True)
    if status.returncode != 0:
        pg("pg_ctlcluster", PG_VERSION, PG_CLUSTER, "start")
    psql = ["psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-q", "-c"]
    pg(*psql, "DROP DATABASE IF EXISTS tracker_faults")
    pg(*psql, "CREATE DATABASE tracker_faults")


class Probe(threading.Thread):
    """Every half second: /healthz, and a fresh sign-in, as a monitor and a newcomer would."""

    def __init__(self, server: Gunicorn, results: load.Results, email: str):
        super().__init__(daemon=True)
        self.server, self.results, self.email = server, results, email
        self.stop, self.seen = threading.Event(), []  # (t, what, status, page ok)

    def run(self):
        for _ in range(10_000):  # bounded
            if self.stop.is_set():
                return
            t = now(self.results)
            try:
                health = requests.get(self.server.url + "/healthz", timeout=10)
                self.seen.append((t, "healthz", health.status_code, health.text in ("ok", "database unavailable")))
                session = requests.Session()
                page = session.get(self.server.url + "/login", timeout=10)
                for cookie in session.cookies:
                    cookie.secure = False  # plain HTTP on loopback, as in load.py
                token = load.CSRF.search(page.text)
                if token:
                    answer = session.post(self.server.url + "/login", timeout=10, allow_redirects=False,
                                          data={"email": self.email, "password": load.PASSWORD, "csrf_token": token.group(1)})
                    good = answer.status_code == 303 or (
                        answer.status_code == 503 and load.UNAVAILABLE_PAGE in answer.text and "Traceback" not in answer.text)
                    self.seen.append((t, "sign-in", answer.status_code, good))
            except requests.RequestException as error:
                self.seen.append((t, "error", type(error).__name__, False))
            time.sleep(0.5)


def pg_outage(args) -> int:
    ensure_cluster()
    workdir = Path(tempfile.mkdtemp(prefix="tracker-faults-"))
    load.prepare(PG_URL, 4, args.users)
    server = Gunicorn(PG_URL, workdir / "gunicorn.log")
    try:
        prepared, results, run, thread = start_load(server, PG_URL, args.users, args.seconds)
        probe = Probe(server, results, prepared["accounts"]["member"][0][1])
        probe.start()
        time.sleep(args.seconds / 3)
        pg("pg_ctlcluster", PG_VERSION, PG_CLUSTER, "stop", "-m", "fast")
        stopped_at = now(results)  # down from here (the command waits for the shutdown)
        time.sleep(args.outage)
        pg("pg_ctlcluster", PG_VERSION, PG_CLUSTER, "start")
        restarted_at = now(results)  # accepting connections from here
        thread.join(args.seconds + 120)
        probe.stop.set()
        probe.join(30)
    finally:
        server.stop()
    during = [s for s in answered_between(results, stopped_at, restarted_at) if s is not None]
    updates_after = sorted(t for t, k, s in results.timeline if k == "update" and t > restarted_at and s is not None and 200 <= s < 300)
    probes_during = [p for p in probe.seen if stopped_at <= p[0] < restarted_at]
    summary = finish(results, run, prepared, PG_URL, args, "pg-outage", {
        "database": "postgresql",
        "outage_s": round(restarted_at - stopped_at, 1),
        "answers_during_outage": len(during),
        "503_during_outage": sum(1 for s in during if s == 503),
        "codes_during_outage": dict(Counter(str(s) for s in during)),
        "healthz_503_during_outage": sum(1 for p in probes_during if p[1] == "healthz" and p[2] == 503),
        "sign_in_503_during_outage": sum(1 for p in probes_during if p[1] == "sign-in" and p[2] == 503 and p[3]),
        "probe_problems": sum(1 for p in probe.seen if not p[3]),
        "probes_during_outage": dict(Counter(f"{p[1]} {p[2]}" for p in probes_during)),
        "recovered_after_s": round(updates_after[0] - restarted_at, 1) if updates_after else None,
        "saved_after_restart": len(updates_after),
        "server_log": str(workdir / "gunicorn.log"),
    })
    pg("pg_ctlcluster", PG_VERSION, PG_CLUSTER, "stop")  # leave the machine as it was
    load.print_summary(summary)
    other_5xx = summary["5xx"] - summary["503"]
    ok = (summary["lost"] == 0 and summary["duplicated"] == 0 and summary["versions_consistent"]
          and summary["bad_5xx_pages"] == 0 and other_5xx == 0 and summary["503_during_outage"] > 0
          and summary["healthz_503_during_outage"] > 0 and summary["sign_in_503_during_outage"] > 0
          and summary["recovered_after_s"] is not None)
    return 0 if ok else 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="fault", required=True)
    for name in ("kill-worker", "pg-outage"):
        command = commands.add_parser(name)
        command.add_argument("--users", type=int, default=16)
        command.add_argument("--seconds", type=float, default=30)
        if name == "kill-worker":
            command.add_argument("--database-url", help="default: a new SQLite file")
        else:
            command.add_argument("--outage", type=float, default=8, help="seconds the database is down")
    args = parser.parse_args(argv)
    return kill_worker(args) if args.fault == "kill-worker" else pg_outage(args)


if __name__ == "__main__":
    sys.exit(main())
