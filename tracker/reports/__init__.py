"""The committee's action log for the agenda pack (page, Word, Excel, CSV) and the
"Download these results" exports of /actions."""
from flask import Blueprint

bp = Blueprint("reports", __name__)

from tracker.reports import views  # noqa: E402,F401
