"""Committees: the list, a committee's page (meetings and open actions), and managing them."""
from flask import Blueprint

bp = Blueprint("committees", __name__, url_prefix="/committees")

from tracker.committees import views  # noqa: E402,F401
