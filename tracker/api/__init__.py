"""The read-only JSON API under /api/v1/, authenticated with personal API tokens."""
from flask import Blueprint

from tracker.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Read-only GETs with a bearer token, never a cookie: there is no form to forge.
csrf.exempt(bp)

from tracker.api import views  # noqa: E402,F401
