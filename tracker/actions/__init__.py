"""Actions: the outstanding list, one action's page, the inline update and editing."""
from flask import Blueprint

bp = Blueprint("actions", __name__, url_prefix="/actions")

from tracker.actions import views  # noqa: E402,F401
