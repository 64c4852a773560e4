"""The public action log: residents read a committee's non-exempt actions without signing in,
when the council turns it on (TRACKER_PUBLIC_ACTION_LOG)."""
from flask import Blueprint

bp = Blueprint("public", __name__, url_prefix="/public")

from tracker.public import views  # noqa: E402,F401
