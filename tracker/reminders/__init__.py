"""Reminder emails: `flask --app wsgi remind [--dry-run] [--today YYYY-MM-DD]`, run by cron
on working days. Each owner gets one digest of their actions that need an update; each
committee's scrutiny officer a summary of who has not updated and overdue Executive responses."""
from __future__ import annotations

from datetime import datetime

import click
from flask import Flask
from flask.cli import with_appcontext

from tracker.timeutil import today as council_today


@click.command("remind")
@click.option("--dry-run", is_flag=True, help="Print the emails instead of sending them; record nothing.")
@click.option("--today", "day", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Run as if today were this date (YYYY-MM-DD); default: today in the council's time zone.")
@with_appcontext
def remind_command(dry_run: bool, day: datetime | None) -> None:
    """Send today's reminder digests (never the same one twice in a day)."""
    from tracker.reminders.send import send_reminders

    run_day = day.date() if day else council_today()
    report = send_reminders(run_day, dry_run=dry_run, echo=click.echo)
    click.echo(f"Reminders for {run_day:%-d %B %Y}: {report.summary()}")
    if report.failed:
        raise SystemExit(1)  # cron mails the output of a failed job to its owner


def init_app(app: Flask) -> None:
    from tracker.extensions import mail

    mail.init_app(app)
    app.cli.add_command(remind_command)
