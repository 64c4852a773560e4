"""Two saves of one action racing: the second is a 409, never a 500 and never a lost update.

On PostgreSQL two requests can both pass the version check in Python before either writes;
the UPDATE ... WHERE version = N then matches no row for the slower one. The load test
(benchmarks/load.py) found this answering 500; here it is reproduced in one process.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from tracker.actions.rules import StaleVersion, change_status
from tracker.extensions import db
from tracker.models import Update


def test_a_save_that_loses_the_race_at_the_database_is_a_stale_version(make):
    owner = make.user("officer")
    action, action_id = make.action(owner=owner), None
    session = db.session()
    session.expire_on_commit = False  # keep what the slower request read in memory
    try:
        action_id, read_version = action.id, action.version
        session.commit()
        # The faster request saves in between, through its own connection.
        with db.engine.begin() as other:
            other.execute(text("UPDATE actions SET version = version + 1 WHERE id = :id"), {"id": action_id})
        with pytest.raises(StaleVersion) as raised:
            change_status(action, owner, "in_progress", "Slower note", version=read_version)
    finally:
        session.expire_on_commit = True
    assert raised.value.action.version == 2
    assert db.session.scalar(select(func.count()).select_from(Update).where(Update.note == "Slower note")) == 0


def test_a_database_gone_when_the_request_ends_does_not_turn_the_answer_into_a_500(app, monkeypatch):
    """The connection dies between the last query and the end of the request (a database
    restart): ending the session fails, and the answer already made must still go out."""
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    def broken_close(self):
        raise OperationalError("ROLLBACK", {}, Exception("terminating connection due to administrator command"))

    app.logger.disabled = True
    try:
        with app.test_request_context("/actions"):
            db.session.execute(text("SELECT 1"))
            session = db.session()
            monkeypatch.setattr(Session, "close", broken_close)
            app.do_teardown_appcontext()  # would raise without the guard
            monkeypatch.undo()
            assert not db.session.registry.has()
            session.close()  # what the dead connection's pool does for real
    finally:
        app.logger.disabled = False
