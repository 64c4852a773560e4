"""Signing in and out."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from tracker.auth import views  # noqa: E402,F401  (views register routes on bp)
from tracker.auth.views import init_login  # noqa: E402,F401
