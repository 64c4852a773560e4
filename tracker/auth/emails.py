"""The account emails: an invitation and a password reset, each with its single-use link."""
from __future__ import annotations

from flask import current_app, render_template

from tracker import mailer
from tracker.auth.passwords import issue_link
from tracker.models import LinkPurpose, User

SUBJECTS = {
    LinkPurpose.INVITATION: "Your account on the scrutiny action tracker",
    LinkPurpose.RESET: "Reset your password for the scrutiny action tracker",
}


def link_email(user: User, purpose: LinkPurpose) -> tuple[str, mailer.EmailMultiAlternatives]:
    """A new link for `user` (older ones void) and the email carrying it. The caller commits
    and sends: the link must be in the database before anyone can follow it."""
    purpose = LinkPurpose(purpose)
    url = mailer.external_url("auth.new_password", secret=issue_link(user, purpose))
    context = dict(recipient=user, subject=SUBJECTS[purpose], url=url, purpose=purpose.value,
                   council_name=current_app.config["COUNCIL_NAME"],
                   sign_in=mailer.external_url("auth.login"),
                   single_sign_on=bool(current_app.config.get("TRACKER_OIDC_ISSUER")))
    text = render_template(f"auth/email_{purpose.value}.txt", **context)
    html = render_template(f"auth/email_{purpose.value}.html", **context)
    return url, mailer.message(user.email, SUBJECTS[purpose], text, html)
