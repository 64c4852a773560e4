from __future__ import annotations

import re
from datetime import datetime

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, Regexp, ValidationError

from tracker.forms import ChoiceField, IsoDateField, PageForm, TextField, strip_text
from tracker.models import MeetingStatus

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class MeetingForm(PageForm):
    date = IsoDateField(
        "Date", description="For example, 2027-01-31",
        validators=[InputRequired(message="Enter the date of the meeting")],
    )
    time = TextField(
        "Start time",
        description="24-hour clock, for example 18:00",
        default="18:00",
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
        validators=[
            InputRequired(message="Enter the start time"),
            Regexp(TIME, message="Enter the start time as hours and minutes, like 18:00"),
        ],
    )
    venue = TextField(
        "Venue",
        validators=[Optional(), Length(max=200, message="Venue must be 200 characters or fewer")],
    )
    status = ChoiceField(
        "Status",
        choices=[(s.value, s.label) for s in MeetingStatus],
        default=MeetingStatus.SCHEDULED.value,
        invalid_message="Choose scheduled, held or cancelled",
    )
    minutes_url = TextField(
        "Link to the published minutes (optional)",
        validators=[Optional(), Length(max=500, message="Link must be 500 characters or fewer")],
    )
    submit = SubmitField("Save meeting", widget=GovSubmitInput())

    def validate_minutes_url(self, field):
        if field.data and not field.data.startswith(("https://", "http://")):
            raise ValidationError("Enter a web address starting with https://")

    def starts_at(self) -> datetime:
        hours, minutes = TIME.match(self.time.data).groups()
        return datetime.combine(self.date.data, datetime.min.time()).replace(
            hour=int(hours), minute=int(minutes)
        )


class AgendaItemForm(PageForm):
    number = TextField(
        "Minute number",
        description="As printed in the minutes, for example 5 or 12a",
        validators=[Optional(), Length(max=20, message="Minute number must be 20 characters or fewer")],
    )
    title = TextField(
        "Title",
        validators=[
            InputRequired(message="Enter the agenda item's title"),
            Length(max=300, message="Title must be 300 characters or fewer"),
        ],
    )
    presenter = TextField(
        "Presenter (optional)",
        description="For example, Head of Community Safety",
        validators=[Optional(), Length(max=200, message="Presenter must be 200 characters or fewer")],
    )
    minutes = TextAreaField(
        "Minutes (optional)",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=100_000, message="Minutes must be 100,000 characters or fewer")],
    )
    submit = SubmitField("Add agenda item", widget=GovSubmitInput())
