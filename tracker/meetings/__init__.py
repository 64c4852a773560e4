"""Meetings: agenda items, the actions arising, and closing the actions a meeting confirmed."""
from flask import Blueprint

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

from tracker.meetings import views  # noqa: E402,F401
