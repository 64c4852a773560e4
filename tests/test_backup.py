"""`flask backup PATH`: a consistent copy of a SQLite database that is being written to, which
restores with every action and update; for PostgreSQL, the pg_dump way."""
from __future__ import annotations

import re
import shutil
import sqlite3
import threading
from datetime import date, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from conftest import PASSWORD, PASSWORD_HASH
from tracker import create_app
from tracker.actions.rules import change_status, create_action
from tracker.extensions import db
from tracker.models import Action, Committee, Meeting, Update, User

ACTIONS = 5


def _live_database(path):
    """A SQLite app with a committee, a meeting, an officer and their actions."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        upgrade()
        officer = User(email="officer@example.gov.uk", name="Priya Shah", role="officer", password_hash=PASSWORD_HASH)
        panel = Committee(name="Stronger Communities Scrutiny Panel", slug="safety", code="SCSP", description="")
        meeting = Meeting(committee=panel, starts_at=datetime(2026, 6, 10, 18), status="held", venue="Room 1")
        db.session.add_all([officer, panel, meeting])
        db.session.flush()
        for n in range(ACTIONS):
            create_action(meeting=meeting, author=None, description=f"Action {n}", owner=officer)
        db.session.commit()
    return app


class Writer(threading.Thread):
    """Adds progress notes, each with its own token, one transaction at a time."""

    def __init__(self, app):
        super().__init__(daemon=True)
        self.app, self.committed, self.stop, self.error = app, [], threading.Event(), None

    def run(self):
        try:
            with self.app.app_context():
                officer = db.session.scalar(select(User))
                n = 0
                while not self.stop.is_set() and n < 5000:  # bounded, whatever happens
                    action = db.session.get(Action, n % ACTIONS + 1)
                    token = f"note-{n}"
                    change_status(action, officer, action.status, token, action.version)
                    db.session.commit()
                    self.committed.append(token)
                    n += 1
                db.session.remove()
        except Exception as error:  # reported by the test, not lost in the thread
            self.error = error


def _wait_for(condition, limit=2000):
    for _ in range(limit):
        if condition():
            return
        threading.Event().wait(0.005)
    raise AssertionError("the writer did not get going")


def test_a_backup_taken_while_notes_are_written_restores_every_action_and_update(tmp_path):
    live_path, backup_path = tmp_path / "live.db", tmp_path / "backups" / "tracker.db"
    app = _live_database(live_path)
    writer = Writer(app)
    writer.start()
    _wait_for(lambda: len(writer.committed) >= 30)
    committed_before = set(writer.committed)
    result = app.test_cli_runner().invoke(args=["backup", str(backup_path)])
    _wait_for(lambda: len(writer.committed) >= len(committed_before) + 30)  # writes went on
    writer.stop.set()
    writer.join()
    assert writer.error is None
    assert result.exit_code == 0, result.output
    assert re.search(r"Backed up .* \d+ actions, \d+ updates, integrity ok", result.output)
    with app.app_context():
        db.engine.dispose()

    # Restore: the copy, put where a database lives, served by the app.
    restored_path = tmp_path / "restored.db"
    shutil.copyfile(backup_path, restored_path)
    with sqlite3.connect(restored_path) as check:
        assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    restored = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{restored_path}")
    with restored.app_context():
        notes = set(db.session.scalars(select(Update.note).where(Update.note.like("note-%"))))
        assert committed_before <= notes <= set(writer.committed)
        actions = db.session.scalars(select(Action).order_by(Action.id)).all()
        assert [a.description for a in actions] == [f"Action {n}" for n in range(ACTIONS)]
        # One moment's snapshot: each action's version counts exactly the updates stored for it.
        for action in actions:
            stored = db.session.scalar(select(func.count()).where(Update.action_id == action.id))
            assert action.version == stored, action.reference
        last_note = max(notes, key=lambda note: int(note.split("-")[1]))
        last_action = db.session.scalar(select(Update.action_id).where(Update.note == last_note))
        db.engine.dispose()

    client = restored.test_client()
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    signed_in = client.post("/login", data={"email": "officer@example.gov.uk", "password": PASSWORD, "csrf_token": token})
    assert signed_in.status_code == 303
    assert last_note in client.get(f"/actions/{last_action}").get_data(as_text=True)
    with restored.app_context():
        db.engine.dispose()


def test_backup_will_not_overwrite_a_file_or_the_live_database(tmp_path):
    app = _live_database(tmp_path / "live.db")
    runner = app.test_cli_runner()
    (tmp_path / "existing.db").write_text("keep me")
    refused = runner.invoke(args=["backup", str(tmp_path / "existing.db")])
    assert refused.exit_code == 1 and "exists" in refused.output
    assert (tmp_path / "existing.db").read_text() == "keep me"
    itself = runner.invoke(args=["backup", str(tmp_path / "live.db"), "--force"])
    assert itself.exit_code == 1 and "live database itself" in itself.output
    assert runner.invoke(args=["backup", str(tmp_path / "existing.db"), "--force"]).exit_code == 0
    with app.app_context():
        db.engine.dispose()


def test_for_postgresql_backup_prints_the_pg_dump_way_and_makes_no_copy(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="postgresql+psycopg://tracker:s3cret@db.internal:5432/tracker")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "tracker.dump")])
    assert result.exit_code == 2
    assert "pg_dump --format=custom" in result.output and "postgresql://tracker@db.internal:5432/tracker" in result.output
    assert "s3cret" not in result.output
    assert not (tmp_path / "tracker.dump").exists()
