"""Database engine settings that the URL alone cannot carry."""
from __future__ import annotations

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.engine import Engine

from tracker.extensions import db

# Requests that may write. Their SQLite transactions take the write lock up front
# (BEGIN IMMEDIATE): a deferred transaction that reads and then writes cannot wait for
# the lock and fails at once with "database is locked" when another writer got in first.
WRITING_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def init_app(app: Flask) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])

    @app.teardown_appcontext
    def _end_session(_error):
        # Runs before Flask-SQLAlchemy's own teardown. Ending the session rolls back its
        # transaction; when the database went away after the response was made (a restart),
        # that rollback fails, and an error here would replace the answer with a bare 500.
        try:
            db.session.remove()
        except SQLAlchemyError as error:
            app.logger.warning("Could not end the database session: %s", error)
            db.session.registry.clear()  # SQLAlchemy has discarded the broken connection


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        writing = has_request_context() and request.method in WRITING_METHODS
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
