"""The council's ModernGov: its committees, meetings, agenda items and published minutes
synced into the tracker. client.py speaks to the web service, sync.py applies the answers
through the tracker's rules, views.py and cli.py are the thin ends."""
from __future__ import annotations

from flask import Blueprint, Flask, current_app

from tracker.moderngov.client import Client, ModernGovError, Settings

bp = Blueprint("moderngov", __name__, url_prefix="/moderngov")


def configured() -> bool:
    return bool(current_app.config.get("TRACKER_MODERNGOV_URL"))


def client_from_config(url: str | None = None) -> Client:
    """A client for `url`, or the configured address, with the configured timeout, retries
    and size cap. Raises ModernGovError for a missing or refused address."""
    config = current_app.config
    return Client(Settings(
        base_url=url or config.get("TRACKER_MODERNGOV_URL") or "",
        timeout=float(config["TRACKER_MODERNGOV_TIMEOUT"]),
        retries=int(config["TRACKER_MODERNGOV_RETRIES"]),
        backoff=float(config["TRACKER_MODERNGOV_BACKOFF"]),
        max_bytes=int(config["TRACKER_MODERNGOV_MAX_BYTES"]),
        allow_http_loopback=bool(config["TRACKER_MODERNGOV_ALLOW_HTTP_LOOPBACK"]),
    ))


def init_app(app: Flask) -> None:
    from tracker.moderngov import cli, views  # noqa: F401  (routes and commands register themselves)

    app.register_blueprint(bp)
    app.cli.add_command(cli.moderngov_cli)
    views.init_app(app)


__all__ = ["Client", "ModernGovError", "bp", "client_from_config", "configured", "init_app"]
