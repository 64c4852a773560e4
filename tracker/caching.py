"""Parts of pages kept by each server process until the data changes.

A large council's lists cost most of their time in working out the same counts and rows
for everyone who opens them between two updates. Every transaction that writes also gives
the one-row `data_version` table a new random value (in the same transaction, as it
commits); a request reads that value once, and what this process kept under an older value
is never served again. So a kept part is never out of date: at worst a reader racing a
commit sees the newer data under the older value, which the next request no longer asks for.

What is kept must be the same for everyone its key names: key by whatever the part depends
on besides the data and the day (the address, the reader's permissions).
"""
from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Flask, current_app, g, has_request_context
from sqlalchemy import event, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from tracker.extensions import db
from tracker.models import DataVersion
from tracker.timeutil import today

_WROTE = "tracker_wrote"
_tracking = False  # the session events are the process's, whatever apps it makes


class PartCache:
    """A process's kept parts: least recently used first out, bounded in characters."""

    def __init__(self, max_chars: int):
        self.max_chars = max_chars
        self.version: int | None = None
        self._parts: OrderedDict[Hashable, str] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get_or_make(self, version: int, key: Hashable, make: Callable[[], str]) -> str:
        with self._lock:
            if version != self.version:  # the data changed: everything kept is out of date
                self._parts.clear()
                self._chars, self.version = 0, version
            part = self._parts.get(key)
            if part is not None:
                self._parts.move_to_end(key)
                self.hits += 1
                return part
            self.misses += 1
        part = make()
        if len(part) > self.max_chars // 8:  # one huge part would push out everything else
            return part
        with self._lock:
            if version == self.version and key not in self._parts:
                self._parts[key] = part
                self._chars += len(part)
                while self._chars > self.max_chars:
                    _, dropped = self._parts.popitem(last=False)
                    self._chars -= len(dropped)
        return part

    def clear(self) -> None:
        with self._lock:
            self._parts.clear()
            self._chars, self.version = 0, None


def data_version() -> int | None:
    """The data's version for this request (one query, then remembered); None when the row
    is missing (a database emptied by hand), when nothing is kept until the next write."""
    if "data_version" not in g:
        g.data_version = db.session.scalar(select(DataVersion.value).where(DataVersion.id == 1))
    return g.data_version


def kept(key: tuple, make: Callable[[], str]) -> str:
    """`make()`, or what it gave before for `key`, the same data and the same day."""
    cache: PartCache | None = current_app.extensions.get("part_cache")
    version = data_version() if cache is not None else None
    if version is None:
        return make()
    return cache.get_or_make(version, (today(), *key), make)


def new_data_version(session: Session) -> None:
    """Give the data a new version, in `session`'s transaction (an upsert: the row may have
    been emptied away)."""
    value = secrets.randbits(62)
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(DataVersion).values(id=1, value=value)
    statement = statement.on_conflict_do_update(index_elements=[DataVersion.id], set_={"value": value})
    session.connection().execute(statement)
    if has_request_context():
        g.pop("data_version", None)


def _track_writes() -> None:
    """Note when a session's transaction writes, and change the version as it commits: last,
    so the row is locked only for the commit itself and always after the rows it follows
    (two writers never wait on each other in opposite orders)."""

    @event.listens_for(Session, "after_flush")
    def _flushed(session, _context):
        session.info[_WROTE] = True

    @event.listens_for(Session, "do_orm_execute")
    def _executed(state):
        if state.is_insert or state.is_update or state.is_delete:
            state.session.info[_WROTE] = True

    @event.listens_for(Session, "before_commit")
    def _committing(session):
        session.flush()  # what is still pending counts as written too
        if session.info.pop(_WROTE, False):
            new_data_version(session)

    @event.listens_for(Session, "after_rollback")
    def _rolled_back(session):
        session.info.pop(_WROTE, None)


def init_app(app: Flask) -> None:
    max_chars = int(app.config.get("TRACKER_PART_CACHE_MB", 32) * 1_000_000)
    if max_chars > 0:
        app.extensions["part_cache"] = PartCache(max_chars)
    global _tracking
    if not _tracking:
        _track_writes()
        _tracking = True
