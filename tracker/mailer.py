"""Email through SMTP (Flask-Mailman), with the settings read at send time so the ones in
force are the ones used: reminder digests and the account emails share it."""
from __future__ import annotations

from flask import current_app
from flask_mailman import EmailMultiAlternatives  # noqa: F401  (re-exported for type hints)

from tracker.extensions import mail


def smtp_connection():
    config = current_app.config
    backend = config.get("MAIL_BACKEND") or "smtp"
    if backend != "smtp":
        return mail.get_connection(backend=backend)
    return mail.get_connection(
        backend="smtp", host=config["MAIL_SERVER"], port=int(config["MAIL_PORT"]),
        username=config.get("MAIL_USERNAME") or "", password=config.get("MAIL_PASSWORD") or "",
        use_tls=bool(config.get("MAIL_USE_TLS")), timeout=config.get("MAIL_TIMEOUT"),
    )


def message(to: str, subject: str, text: str, html: str | None = None) -> EmailMultiAlternatives:
    """An email from the tracker, its subject ending with the council's name."""
    email = EmailMultiAlternatives(
        subject=f"{subject} ({current_app.config['COUNCIL_NAME']})",
        body=text,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[to],
    )
    if html is not None:
        email.attach_alternative(html, "text/html")
    return email


def send(email: EmailMultiAlternatives) -> None:
    """Send one email now; raises what SMTP raised (the caller says what it means)."""
    connection = smtp_connection()
    connection.open()
    try:
        connection.send_messages([email])
    finally:
        connection.close()


def external_url(endpoint: str, **values) -> str:
    """An absolute address on TRACKER_BASE_URL, never on the Host a request happened to send
    (a forged Host would put someone else's site into the email)."""
    from flask import url_for

    base_url = current_app.config["TRACKER_BASE_URL"].rstrip("/")
    with current_app.test_request_context("/", base_url=base_url):
        return url_for(endpoint, _external=True, **values)
