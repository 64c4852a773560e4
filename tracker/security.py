"""Security headers on every response, the sign-in rate limit, and ids that fit the database.

The Content Security Policy allows no inline code: scripts come from this site, and the one
inline script GOV.UK's page template needs (it marks the page `js-enabled`) carries a nonce
made for the request.
"""
from __future__ import annotations

import secrets

from flask import Flask, abort, g, request
from flask_limiter import Limiter
from flask_limiter.errors import RateLimitExceeded
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

# The storage comes from RATELIMIT_STORAGE_URI (config.py): memory, or Redis by configuration.
# A moving window: a fixed one would allow twice the attempts across a window's edge.
limiter = Limiter(key_func=get_remote_address, strategy="moving-window")

# Failed sign-ins allowed before the form answers 429. Per account: a guesser trying one
# person's password. Per address: a guesser trying many accounts; higher, because a
# council's staff often share one outgoing address.
FAILURES_PER_ACCOUNT = "5 per 15 minutes"
FAILURES_PER_ADDRESS = "30 per 15 minutes"
LOCKOUT_MINUTES = 15
# Password reset requests from one address, each counted (they send email). Per account, the
# reset page itself sends at most a few an hour, silently (tracker/auth/passwords.py).
RESETS_PER_ADDRESS = "10 per hour"

# The largest id PostgreSQL's INTEGER holds: a bigger one in a URL is a 404, not an
# overflow error from the database driver.
MAX_ID = 2**31 - 1


def whole_number(text: str | None, maximum: int = MAX_ID) -> int | None:
    """`text` as a whole number from 1 to `maximum` (ASCII digits only), else None. Checks
    the length first: Python refuses to read a number of over 4,300 digits (a 500 the fuzz
    found in a "page" of sixty thousand nines)."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if 1 <= number <= maximum else None


def _signin_account() -> str:
    return (request.form.get("email") or "").strip().lower()[:254]


def _failed(response) -> bool:
    # 401 is the login view's answer to a wrong email or password; only failures count.
    return response.status_code == 401


def failed_sign_in_limits(view):
    """Limit failed sign-ins per account and per address (successful ones cost nothing)."""
    per_address = limiter.limit(FAILURES_PER_ADDRESS, methods=["POST"], deduct_when=_failed,
                                scope="sign-in-address")
    per_account = limiter.limit(FAILURES_PER_ACCOUNT, methods=["POST"], deduct_when=_failed,
                                key_func=_signin_account, scope="sign-in-account")
    return per_address(per_account(view))


def reset_request_limits(view):
    """Limit password reset requests per address: each one may send an email."""
    return limiter.limit(RESETS_PER_ADDRESS, methods=["POST"], scope="reset-address")(view)


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route: ASCII digits only (Werkzeug's also takes "１"), at most MAX_ID."""

    regex = r"[0-9]+"

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


def csp_nonce() -> str:
    """This request's nonce for the inline script of GOV.UK's template."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def _refuse_nameless_form_fields():
    if request.method in ("POST", "PUT", "PATCH", "DELETE") and None in request.form:
        abort(400, description="The form could not be read: go back, reload the page and try again.")


def _refuse_nul_characters():
    # PostgreSQL cannot store a NUL character in text and its driver raises on one in any
    # query, so one in a search or a field would be a 500 far from here. No one types it.
    values = list(request.args.values())
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        values += [value for values_ in request.form.listvalues() for value in values_]
    if any("\x00" in value for value in values):
        abort(400, description="The request contained a NUL character, which cannot be stored. "
                               "Go back, remove it and try again.")


def init_app(app: Flask) -> None:
    """Call before the blueprints are registered: their routes use the id converter."""
    app.url_map.converters["int"] = DatabaseIdConverter
    if app.config.get("TRUSTED_PROXIES"):
        count = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)
    limiter.init_app(app)
    # First of all the before-request hooks: Flask-WTF's CSRF check fails with an
    # AttributeError (a 500) on a multipart part that has no field name.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_nameless_form_fields)
    app.before_request_funcs[None].insert(1, _refuse_nul_characters)

    @app.context_processor
    def _nonce():
        # govuk_frontend_jinja/template.html puts cspNonce on its inline script.
        return {"cspNonce": csp_nonce()}

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"  # frame-ancestors, for browsers that predate it
        # Filter links can hold search words: send no address to other sites.
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
        if app.config.get("HSTS_SECONDS"):
            headers["Strict-Transport-Security"] = f"max-age={app.config['HSTS_SECONDS']}; includeSubDomains"
        return response

    @app.errorhandler(RateLimitExceeded)
    def too_many_attempts(error: RateLimitExceeded):
        from tracker.errors import render_error

        if request.endpoint == "auth.reset_password":
            body, status = render_error(
                429, "There have been too many requests for password reset links from your network. "
                     "Wait an hour and try again, or ask a scrutiny officer to send you an invitation.")
            return body, status, {"Retry-After": "3600"}
        body, status = render_error(
            429,
            f"There have been too many failed attempts to sign in. Wait {LOCKOUT_MINUTES} minutes "
            "and try again, or reset your password.",
        )
        return body, status, {"Retry-After": str(LOCKOUT_MINUTES * 60)}
