"""Your profile: personal API tokens and your private calendar link."""
from flask import Blueprint

bp = Blueprint("profile", __name__, url_prefix="/profile")

from tracker.profile import views  # noqa: E402,F401
