"""Sending the digests: at most one of each kind to each person a day, recorded in
sent_digests before it goes, so a second run (or two cron jobs at once) cannot repeat it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Callable

from flask import current_app, render_template, url_for
from flask_mailman import EmailMultiAlternatives
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from tracker.email_links import make_link
from tracker.extensions import db
from tracker.mailer import message as new_message, smtp_connection
from tracker.models import SentDigest
from tracker.reminders.digests import OwnerDigest, ScrutinyDigest, owner_digests, scrutiny_digests

Digest = OwnerDigest | ScrutinyDigest


@dataclass
class RunReport:
    sent: list[str] = field(default_factory=list)
    already_sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    printed: int = 0

    def summary(self) -> str:
        parts = [f"{len(self.sent)} sent", f"{len(self.already_sent)} already sent today"]
        if self.printed:
            parts.insert(0, f"{self.printed} printed (dry run: nothing sent or recorded)")
        if self.failed:
            parts.append(f"{len(self.failed)} failed: " + "; ".join(self.failed))
        return ", ".join(parts)


def all_digests(today: date) -> list[Digest]:
    return [*owner_digests(today), *scrutiny_digests(today)]


def _label(digest: Digest) -> str:
    return f"{digest.kind} digest to {digest.recipient.email} ({len(digest.items)} items)"


def already_sent(digest: Digest, today: date) -> bool:
    return db.session.scalar(
        select(SentDigest.id).where(
            SentDigest.recipient_id == digest.recipient.id,
            SentDigest.kind == digest.kind,
            SentDigest.sent_on == today,
        )
    ) is not None


def render_message(digest: Digest, today: date) -> EmailMultiAlternatives:
    """The email, plain text and HTML. Links are absolute, on TRACKER_BASE_URL."""
    base_url = current_app.config["TRACKER_BASE_URL"].rstrip("/")
    with current_app.test_request_context("/", base_url=base_url):
        def link(endpoint: str, **values) -> str:
            return url_for(endpoint, _external=True, **values)

        def update_link(action) -> str:
            return link("email_links.update", action_id=action.id, token=make_link(action))

        context = dict(digest=digest, today=today, link=link, update_link=update_link,
                       council_name=current_app.config["COUNCIL_NAME"])
        if digest.kind == "owner":
            # One link per action, made once, so the text and HTML bodies carry the same link.
            context["links"] = {item.action.id: update_link(item.action) for item in digest.items}
        text = render_template(f"reminders/{digest.kind}.txt", **context)
        html = render_template(f"reminders/{digest.kind}.html", **context)
    return new_message(digest.recipient.email, digest.subject, text, html)


def send_reminders(today: date, dry_run: bool = False, echo: Callable[[str], None] = print) -> RunReport:
    """Send (or with dry_run, print) every digest due on `today` that has not gone yet."""
    report = RunReport()
    digests = all_digests(today)
    connection = None
    try:
        for digest in digests:
            label = _label(digest)
            if already_sent(digest, today):
                report.already_sent.append(label)
                continue
            message = render_message(digest, today)
            if dry_run:
                echo(f"To: {digest.recipient.email}\nSubject: {message.subject}\n\n{message.body}\n{'-' * 72}")
                report.printed += 1
                continue
            # Claim the digest first: the unique constraint refuses a second claim the same day.
            claim = SentDigest(recipient_id=digest.recipient.id, kind=digest.kind, sent_on=today,
                               items=len(digest.items))
            db.session.add(claim)
            try:
                db.session.commit()
            except IntegrityError:
                db.session.rollback()
                report.already_sent.append(label)
                continue
            try:
                if connection is None:
                    connection = smtp_connection()
                    connection.open()
                connection.send_messages([message])
            except Exception as error:  # noqa: BLE001 - any failure: release the claim, go on
                current_app.logger.warning("Could not send %s: %s", label, error)
                db.session.execute(delete(SentDigest).where(SentDigest.id == claim.id))
                db.session.commit()
                report.failed.append(f"{label}: {error}")
                connection = None  # try a fresh connection for the next one
                continue
            report.sent.append(label)
    finally:
        if connection is not None:
            connection.close()
    return report
