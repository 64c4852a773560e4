from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput
from wtforms import BooleanField, SubmitField
from wtforms.validators import Email, InputRequired, Length, Optional

from tracker.forms import ChoiceField, PageForm, TextField
from tracker.models import Role


class UserForm(PageForm):
    name = TextField(
        "Full name",
        validators=[InputRequired(message="Enter the person's name"), Length(max=120, message="Name must be 120 characters or fewer")],
    )
    email = TextField(
        "Email address",
        render_kw={"autocomplete": "off", "spellcheck": "false"},
        validators=[
            InputRequired(message="Enter an email address"),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Email(message="Enter an email address in the correct format, like name@council.gov.uk",
                  check_deliverability=False),
        ],
    )
    job_title = TextField(
        "Job title (optional)",
        description="For example, Head of Community Safety: used to match owners named in minutes",
        validators=[Optional(), Length(max=120, message="Job title must be 120 characters or fewer")],
    )
    role = ChoiceField(
        "Role",
        choices=[(r.value, r.label) for r in Role],
        default=Role.OFFICER.value,
        invalid_message="Choose scrutiny officer, officer or member",
    )
    active = BooleanField("Account active (can sign in)", default=True, widget=GovCheckboxInput())
    submit = SubmitField("Save user", widget=GovSubmitInput())


class SignOutEverywhereForm(PageForm):
    revoke_tokens = BooleanField("Also revoke their API and calendar tokens", widget=GovCheckboxInput())
    submit = SubmitField("Sign out everywhere", widget=GovSubmitInput())
