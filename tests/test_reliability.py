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
