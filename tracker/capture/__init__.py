"""Capture from minutes: paste or upload a meeting's minutes, review the actions the tracker
finds, confirm the ones to log."""
from flask import Blueprint

bp = Blueprint("capture", __name__, url_prefix="/meetings/<int:meeting_id>/minutes")

from tracker.capture import views  # noqa: E402,F401
