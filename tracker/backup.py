"""`flask --app wsgi backup PATH`: a consistent copy of the live database.

SQLite: the online backup API copies the database as of one moment, while the app keeps
reading and writing (in WAL mode writers are not blocked); the copy is checked and only then
put in place. PostgreSQL: pg_dump does the same job; the command prints how to run it.
"""
from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy.engine import URL

from tracker.extensions import db


def pg_dump_command(url: URL, path: Path) -> str:
    """The pg_dump line for this database (password left out: use ~/.pgpass or PGPASSWORD)."""
    plain = URL.create("postgresql", url.username, None, url.host, url.port, url.database, url.query)
    return f"pg_dump --format=custom --file={path} '{plain.render_as_string(hide_password=False)}'"


def backup_sqlite(source: Path, target: Path) -> dict:
    """Copy `source` to `target` with the online backup API; returns what the copy holds."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    busy_ms = int(current_app.config.get("SQLITE_BUSY_TIMEOUT_MS", 15000))
    started = time.perf_counter()
    live = sqlite3.connect(source, timeout=busy_ms / 1000)
    copy = sqlite3.connect(partial)
    try:
        # pages=-1: the whole database in one step, so the copy is one consistent snapshot
        # (a step-by-step copy restarts whenever a writer changes a page in between).
        live.backup(copy, pages=-1)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        check = copy.execute("PRAGMA integrity_check").fetchone()[0]
        # Two fixed table names, not input.
        counts = {
            table: copy.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # nosec B608
            for table in ("actions", "action_updates")
        }
    finally:
        copy.close()
        live.close()
    if check != "ok":
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"The copy failed its integrity check ({check}); nothing was replaced")
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return {**counts, "seconds": time.perf_counter() - started, "bytes": target.stat().st_size}


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@with_appcontext
def backup_command(path: Path, force: bool) -> None:
    """Copy the live database to PATH while the app keeps running (SQLite); for PostgreSQL,
    print the pg_dump command that does it."""
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        click.echo("This database is PostgreSQL: back it up with pg_dump, which takes a consistent")
        click.echo("snapshot while the app runs, and restore with pg_restore:")
        click.echo(f"  {pg_dump_command(url, path)}")
        click.echo(f"  pg_restore --clean --if-exists --no-owner --dbname=DATABASE {path}")
        raise SystemExit(2)  # no copy was made: a script must not take this for success
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        raise click.ClickException("Only a SQLite database file or PostgreSQL can be backed up")
    source = Path(url.database).resolve()
    target = path.resolve()
    if target == source:
        raise click.ClickException("PATH is the live database itself: choose another file")
    if target.exists() and not force:
        raise click.ClickException(f"{path} exists: choose another name or add --force")
    target.parent.mkdir(parents=True, exist_ok=True)
    result = backup_sqlite(source, target)
    click.echo(
        f"Backed up {source} to {target}: {result['actions']} actions, "
        f"{result['action_updates']} updates, integrity ok, {result['bytes'] / 1e6:.1f} MB "
        f"in {result['seconds']:.2f} s"
    )


def init_app(app: Flask) -> None:
    app.cli.add_command(backup_command)
