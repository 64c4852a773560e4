"""The app's wiring, configuration and the health check."""
from __future__ import annotations

import pytest
from sqlalchemy import inspect

from tracker import create_app


def test_extensions_and_blueprints_are_registered(app):
    """Every area of the domain is wired in, with CSRF, login, migrations and htmx."""
    assert {"auth", "main", "actions", "committees", "meetings", "users"} <= set(app.blueprints)
    assert {"sqlalchemy", "migrate", "csrf", "htmx"} <= set(app.extensions)
    assert app.login_manager.login_view == "auth.login"


def test_healthz_answers_ok_without_login(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def test_production_refuses_to_start_without_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY=None, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_unknown_config_name_is_refused():
    with pytest.raises(RuntimeError, match="TRACKER_CONFIG"):
        create_app("staging")


def test_development_keeps_a_generated_secret_key(tmp_path, monkeypatch):
    """The key is made once under instance/ and reused, so sign-ins survive a restart."""
    import config

    monkeypatch.setattr(config, "INSTANCE_DIR", tmp_path)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = create_app("development", SECRET_KEY=None, SQLALCHEMY_DATABASE_URI="sqlite://")
    key_file = tmp_path / "secret_key"
    assert key_file.exists()
    second = create_app("development", SECRET_KEY=None, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"] == key_file.read_text()
    assert len(first.config["SECRET_KEY"]) == 64


def test_sqlite_runs_with_wal_foreign_keys_and_busy_timeout(tmp_path):
    from tracker.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}")
    with app.app_context(), db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == app.config["SQLITE_BUSY_TIMEOUT_MS"]
        db.engine.dispose()


def test_migrations_and_models_agree(app):
    """The schema the migrations build is exactly the one the models describe."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from tracker.actions import search
    from tracker.extensions import db

    with app.app_context(), db.engine.connect() as conn:
        # The full-text search index (migration 0004) is raw SQL that no model declares.
        context = MigrationContext.configure(conn, opts={"include_object": search.include_object})
        diff = compare_metadata(context, db.metadata)
        tables = set(inspect(conn).get_table_names())
    assert diff == []
    assert {"users", "committees", "meetings", "agenda_items", "actions", "action_updates", "alembic_version"} <= tables


def test_every_response_varies_on_hx_request(browser, make):
    browser.login(make.user("member"))
    assert "HX-Request" in browser.get("/actions").headers["Vary"]
