"""Filters and globals the templates share."""
from __future__ import annotations

from datetime import date, datetime

from flask import Flask, request

from tracker import permissions
from tracker.htmx import wants_fragment
from tracker.models import ActionKind, ActionStatus, MeetingStatus, Role
from tracker.timeutil import local_time, today


def format_date(value: date | datetime | None, fmt: str = "%-d %b %Y") -> str:
    return value.strftime(fmt) if value else ""


def format_timestamp(value: datetime | None) -> str:
    """A stored UTC time in the council's time zone."""
    local = local_time(value)
    return local.strftime("%-d %b %Y at %-I:%M%p").replace("AM", "am").replace("PM", "pm") if local else ""


def status_label(value: str | None) -> str:
    return ActionStatus(value).label if value else ""


def select_items(choices, selected) -> list[dict]:
    """WTForms choices as the items of a govukSelect."""
    return [
        {"value": "" if value is None else value, "text": text, "selected": value == selected}
        for value, text in choices
    ]


def close_items(actions) -> list[dict]:
    """Checkbox items for closing completed actions at a meeting."""
    return [
        {"value": str(a.id), "text": f"{a.reference}: {a.description} ({a.owner_label})",
         "checked": str(a.id) in request.form.getlist("action_ids")}
        for a in actions
    ]


def back_url() -> str:
    """Where a plain (no-JavaScript) form post should return to: this page, or for a POST
    the page the form was on."""
    from tracker.htmx import is_safe_local_url

    if request.method == "GET":
        return request.full_path.rstrip("?")
    target = request.form.get("next", "")
    return target if is_safe_local_url(target) else ""


def init_app(app: Flask) -> None:
    app.add_template_global(select_items, "select_items")
    app.add_template_global(back_url, "back_url")
    app.add_template_global(close_items, "close_items")
    app.add_template_global(wants_fragment, "is_fragment")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_timestamp, "timestamp")
    app.add_template_filter(status_label, "status_label")
    app.add_template_filter(lambda n: n + 1, "add_one")
    app.add_template_global(today, "today")
    app.add_template_global(permissions.can_manage, "can_manage")
    app.add_template_global(permissions.can_update, "can_update")
    app.add_template_global(permissions.statuses_for, "statuses_for")
    app.add_template_global(permissions.may_read, "may_read")
    app.add_template_global(permissions.EXEMPT_RESTRICTED, "EXEMPT_RESTRICTED")
    app.add_template_global(ActionStatus, "ActionStatus")
    app.add_template_global(ActionKind, "ActionKind")
    app.add_template_global(MeetingStatus, "MeetingStatus")
    app.add_template_global(Role, "Role")

    @app.context_processor
    def _navigation():
        return {"current_path": request.path, "council_name": app.config["COUNCIL_NAME"]}
