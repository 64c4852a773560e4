from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import URL, Length, Optional, ValidationError

from tracker.forms import ChoiceField, IsoDateField, PageForm, VersionField, optional_int, strip_text
from tracker.models import ExecutiveResponse

RESPONSE_TEXT_MAX = 10000


class ResponseField(RadioField):
    """Radios whose tampered value gets a message in words, not "Not a valid choice"."""

    def pre_validate(self, form):
        if self.data not in {value for value, _label in self.choices}:
            raise ValidationError("Choose one of the responses")


class RecommendationForm(PageForm):
    """A resolution as a recommendation to the Executive, and the Executive's response."""

    is_recommendation = BooleanField(
        "This resolution is a recommendation to the Executive or Cabinet", widget=GovCheckboxInput()
    )
    addressed_to_id = ChoiceField(
        "Addressed to",
        coerce=optional_int,
        invalid_message="Choose whom the recommendation is addressed to from the list",
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
        "Reasons, or a summary of the response (required unless accepted)",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=RESPONSE_TEXT_MAX,
                           message=f"The response must be {RESPONSE_TEXT_MAX} characters or fewer")],
    )
    decision_maker = StringField(
        "Decision-maker (optional)", widget=GovTextInput(), filters=[strip_text],
        description="For example, Cabinet on 3 March 2027, or the Cabinet Member for Adult Care",
        validators=[Length(max=200, message="The decision-maker must be 200 characters or fewer")],
    )
    response_url = StringField(
        "Link to the published response (optional)", widget=GovTextInput(), filters=[strip_text],
        validators=[Optional(), Length(max=500, message="The link must be 500 characters or fewer"),
                    URL(message="Enter a web address, like https://www.example.gov.uk/response")],
    )
    version = VersionField()
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.addressed_to_id.choices = [(None, "Not recorded")] + [(b.id, b.name) for b in bodies]


class ScrutinyOfficerForm(PageForm):
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
