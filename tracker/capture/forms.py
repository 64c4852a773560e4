from __future__ import annotations

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovFileInput, GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from tracker.actions.forms import DESCRIPTION_MAX
from tracker.forms import ChoiceField, GovLongSelect, IsoDateField, PageForm, TextField, optional_int, strip_text
from tracker.models import ActionKind


class MinutesForm(PageForm):
    """Paste the minutes or upload them: one or the other."""

    minutes_text = TextAreaField(
        "Paste the minutes",
        widget=GovTextArea(),
        description="Copy the minutes from the committee system, from 'Agenda item' to the end.",
    )
    minutes_file = FileField(
        "Or upload the minutes",
        widget=GovFileInput(),
        description="A .txt, .docx or text-based .pdf file, up to 5 MB.",
    )
    submit = SubmitField("Find the actions", widget=GovSubmitInput())


class ProposalForm(Form):
    """One proposed action on the review screen (a sub-form: the page form carries CSRF)."""

    decision = RadioField(
        "Log this action?",
        widget=GovRadioInput(),
        choices=[("accept", "Log it"), ("reject", "Do not log it")],
        default="accept",
        validators=[InputRequired(message="Choose whether to log this action")],
    )
    kind = RadioField("Kind", widget=GovRadioInput(), choices=[(k.value, k.label) for k in ActionKind],
                      validators=[InputRequired(message="Choose resolution or commitment")])
    description = TextAreaField(
        "What must be done",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=DESCRIPTION_MAX, message=f"Description must be {DESCRIPTION_MAX} characters or fewer")],
    )
    owner_id = ChoiceField("Owner (officer with an account)", coerce=optional_int, widget=GovLongSelect(),
                           invalid_message="Choose an owner from the list")
    owner_role = TextField("Owner's role or name, if they have no account",
                           validators=[Optional(), Length(max=200, message="Owner's role must be 200 characters or fewer")])
    due_date = IsoDateField("Due date", validators=[Optional()])
    due_next_meeting = BooleanField("Due at the committee's next meeting", widget=GovCheckboxInput())
    item_index = HiddenField()
    start = HiddenField()
    end = HiddenField()

    def int_or_none(self, name: str) -> int | None:
        value = (getattr(self, name).data or "").strip()
        return int(value) if value.isdecimal() and len(value) <= 9 else None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.decision.data != "accept":
            # A rejected proposal is not logged: whatever its fields hold does not matter.
            for field in self:
                field.errors = []
            return True
        if not self.description.data:
            self.description.errors.append("Enter what must be done")
            valid = False
        if not self.owner_id.errors and self.owner_id.data is None and not self.owner_role.data:
            self.owner_role.errors.append("Choose an owner or type the owner's role")
            valid = False
        if self.due_date.data and self.due_next_meeting.data:
            self.due_date.errors.append("Enter a due date or tick next meeting, not both")
            valid = False
        if self.int_or_none("start") is None or self.int_or_none("end") is None:
            self.description.errors.append("This proposal lost its place in the minutes: paste them again")
            valid = False
        return valid


class ReviewForm(PageForm):
    minutes_text = HiddenField()
    proposals = FieldList(FormField(ProposalForm), max_entries=2000)
    submit = SubmitField("Log the chosen actions", widget=GovSubmitInput())

    def set_owner_choices(self, owners) -> None:
        choices = [(None, "No account: type the role below"), *owners]
        for entry in self.proposals:
            entry.form.owner_id.choices = choices
