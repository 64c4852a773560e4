from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import BooleanField, RadioField, SubmitField, TextAreaField
from wtforms.validators import Length, Optional, ValidationError

from tracker.forms import ChoiceField, IsoDateField, VersionField, optional_int, strip_text
from tracker.models import ExecutiveResponse

RESPONSE_TEXT_MAX = 10000


class ResponseField(RadioField):
    """Radios whose tampered value gets a message in words, not "Not a valid choice"."""

    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError("Choose one of the responses")


class RecommendationForm(FlaskForm):
    """A resolution as a recommendation to the Executive, and the Executive's response."""

    is_recommendation = BooleanField(
        "This resolution is a recommendation to the Executive or Cabinet", widget=GovCheckboxInput()
    )
    response_due = IsoDateField(
        "Response due",
        description="Leave empty for two months after the meeting. For example, 2027-01-31",
        validators=[Optional()],
    )
    response = ResponseField(
        "The Executive's response",
        widget=GovRadioInput(),
        choices=[("", "Not received yet")] + [(r.value, r.label) for r in ExecutiveResponse],
        default="",
    )
    response_date = IsoDateField("Date of the response", description="For example, 2027-01-31",
                                 validators=[Optional()])
    response_text = TextAreaField(
        "The response, or a summary of it (optional)",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=RESPONSE_TEXT_MAX,
                           message=f"The response must be {RESPONSE_TEXT_MAX} characters or fewer")],
    )
    version = VersionField()
    submit = SubmitField("Save", widget=GovSubmitInput())


class ScrutinyOfficerForm(FlaskForm):
    scrutiny_officer_id = ChoiceField(
        "Scrutiny officer",
        coerce=optional_int,
        invalid_message="Choose a scrutiny officer from the list",
        description="They receive the committee's summary of stale actions and overdue Executive responses.",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, officers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.scrutiny_officer_id.choices = [(None, "Nobody")] + [(u.id, u.display_name) for u in officers]
