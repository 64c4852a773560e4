"""iCalendar feeds: a committee's meetings, and each person's private feed of their actions' due dates."""
from flask import Blueprint

bp = Blueprint("calendars", __name__)

from tracker.calendars import views  # noqa: E402,F401
