from __future__ import annotations

import re

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Regexp

from tracker.forms import ChoiceField, PageForm, TextField, optional_int, strip_text

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE = re.compile(r"^[A-Z][A-Z0-9]{0,11}$")


def _upper(value):
    return value.upper() if isinstance(value, str) else value


def _lower(value):
    return value.lower() if isinstance(value, str) else value


class CommitteeForm(PageForm):
    name = TextField(
        "Name",
        validators=[
            InputRequired(message="Enter the committee's name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    slug = TextField(
        "Web address name",
        description="Lower-case letters, numbers and hyphens, for example stronger-communities",
        filters=[strip_text, _lower],
        validators=[
            InputRequired(message="Enter a web address name"),
            Length(max=80, message="Web address name must be 80 characters or fewer"),
            Regexp(SLUG, message="Use only lower-case letters, numbers and single hyphens"),
        ],
    )
    code = TextField(
        "Reference code",
        description="Starts every action reference, for example SCSP in SCSP 24/25-07",
        filters=[strip_text, _upper],
        validators=[
            InputRequired(message="Enter a reference code"),
            Regexp(CODE, message="Use 1 to 12 capital letters or numbers, starting with a letter"),
        ],
    )
    description = TextAreaField(
        "Description",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=5000, message="Description must be 5000 characters or fewer")],
    )
    submit = SubmitField("Save committee", widget=GovSubmitInput())


class MemberForm(PageForm):
    """Seat a councillor on the committee."""

    user_id = ChoiceField("Councillor", coerce=optional_int,
                          invalid_message="Choose a councillor from the list",
                          validators=[InputRequired(message="Choose a councillor")])
    position = TextField(
        "Position (optional)",
        description="For example, Chair, Vice-Chair or Co-opted member",
        validators=[Length(max=60, message="The position must be 60 characters or fewer")],
    )
    submit = SubmitField("Add to the committee", widget=GovSubmitInput())

    def __init__(self, *args, councillors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id.choices = [(None, "Choose a councillor")] + [(u.id, u.display_name) for u in councillors]
