from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import DataRequired, Length

from tracker.forms import PageForm, TextField


class TokenForm(PageForm):
    name = TextField(
        "What is the token for?",
        description="For example, 'Power BI dashboard'. It helps you recognise the token later.",
        validators=[DataRequired(message="Enter what the token is for"),
                    Length(max=80, message="What the token is for must be 80 characters or fewer")],
    )
    submit = SubmitField("Create token", widget=GovSubmitInput())


class PlainForm(PageForm):
    """A button that changes something: only the CSRF token."""
