"""Error pages: a whole page for a browser, a small message for an htmx swap."""
from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from tracker.extensions import db, login_manager
from tracker.htmx import wants_fragment

TITLES = {
    400: "There is a problem with the request",
    401: "Sign in to continue",
    403: "You do not have permission to do this",
    404: "Page not found",
    405: "That cannot be done on this page",
    409: "Someone else changed this first",
    413: "The file is too large",
    422: "There is a problem",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
    503: "Sorry, the service is unavailable",
}


def render_error(status: int, message: str | None = None):
    title = TITLES.get(status, "There is a problem")
    if request.path.startswith("/api/"):
        # Programs reading the API get JSON, never an HTML page.
        return jsonify(error=title, message=message or title, status=status), status
    template = "errors/_message.html" if wants_fragment() else "errors/error.html"
    return render_template(template, status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400,
            "The form had expired or was not sent from this site. Go back, reload the page "
            "and try again: nothing was saved.",
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        description = error.description if error.description != type(error).description else None
        if error.code == 413 and description is None:
            limit = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
            description = f"Send at most {limit} MB at a time. Nothing was saved."
        body, status = render_error(error.code or 500, description)
        # Keep the headers the exception carries: Allow on a 405, WWW-Authenticate on a 401.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return body, status, headers

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        # The database went away (restart, failover): say so, and let the pool reconnect.
        db.session.rollback()
        app.logger.warning("Database unavailable: %s", error)
        # The page's header asks who is signed in, which reads the database (loading the
        # user, or refreshing it after the rollback): it would fail again inside this
        # handler and end in a bare 500. The error page is shown as to a visitor instead.
        g._login_user = login_manager.anonymous_user()
        body, status = render_error(503, "The database is not answering. Try again in a minute.")
        return body, status, {"Retry-After": "30"}

    @app.errorhandler(SQLAlchemyError)
    @app.errorhandler(Exception)
    def server_error(error: Exception):
        db.session.rollback()
        app.logger.exception("Unhandled error")
        return render_error(500, "Try again later. Nothing you typed was saved.")
