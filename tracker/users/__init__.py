"""User accounts, managed by scrutiny officers."""
from flask import Blueprint

bp = Blueprint("users", __name__, url_prefix="/users")

from tracker.users import views  # noqa: E402,F401
