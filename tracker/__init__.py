"""Scrutiny Action Tracker: the app factory."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app for `config_name` (development, testing, production; default from
    TRACKER_CONFIG, else development), with `overrides` applied last (tests use them)."""
    from config import CONFIGS, INSTANCE_DIR

    config_name = config_name or os.environ.get("TRACKER_CONFIG", "development")
    if config_name not in CONFIGS:
        raise RuntimeError(f"TRACKER_CONFIG must be one of {', '.join(CONFIGS)}, not {config_name!r}")

    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(CONFIGS[config_name])
    app.config.update(overrides)
    from tracker.recommendations import check_settings

    check_settings(app)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _ensure_secret_key(app, config_name)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from govuk_frontend_wtf.main import WTFormsHelpers

    from tracker import backup, caching, cli, database, errors, security, templating
    from tracker.auth import bp as auth_bp
    from tracker.auth import init_login
    from tracker.extensions import csrf, db, htmx, migrate

    db.init_app(app)
    database.init_app(app)
    caching.init_app(app)
    from tracker import performance  # first, so its gzip runs after every other after_request

    performance.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    htmx.init_app(app)
    init_login(app)
    WTFormsHelpers(app)
    templating.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    security.init_app(app)  # before the blueprints: their routes use its id converter
    backup.init_app(app)

    from tracker.actions import bp as actions_bp
    from tracker.capture import bp as capture_bp
    from tracker.committees import bp as committees_bp
    from tracker.main import bp as main_bp
    from tracker.meetings import bp as meetings_bp
    from tracker.api import bp as api_bp
    from tracker.calendars import bp as calendars_bp
    from tracker.profile import bp as profile_bp
    from tracker.public import bp as public_bp
    from tracker.imports import bp as imports_bp
    from tracker.reports import bp as reports_bp
    from tracker.users import bp as users_bp

    for blueprint in (main_bp, auth_bp, actions_bp, committees_bp, meetings_bp, users_bp, capture_bp, reports_bp, imports_bp, api_bp,
                      calendars_bp, profile_bp, public_bp):
        app.register_blueprint(blueprint)
    from tracker import chasing  # staleness, executive responses, reminders, email update links

    chasing.init_app(app)
    from tracker import recommendations  # a recommendation's life and scrutiny's impact

    recommendations.init_app(app)
    from tracker import moderngov  # committees, meetings and minutes from the council's ModernGov

    moderngov.init_app(app)

    @app.after_request
    def _vary_on_htmx(response):
        # The same URL answers with a fragment or a whole page depending on HX-Request,
        # so caches must keep them apart.
        response.vary.add("HX-Request")
        return response

    return app


def _ensure_secret_key(app: Flask, config_name: str) -> None:
    if app.config.get("SECRET_KEY"):
        return
    if config_name == "production":
        raise RuntimeError("SECRET_KEY must be set in the environment in production")
    # Development: make one once and keep it, so sign-ins survive a restart.
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()
