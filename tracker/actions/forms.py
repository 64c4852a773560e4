from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
)
from wtforms import BooleanField, HiddenField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from tracker.forms import ChoiceField, GovLongSelect, IsoDateField, PageForm, TextField, VersionField, optional_int, strip_text
from tracker.models import ActionKind, ActionStatus

NOTE_MAX = 5000
DESCRIPTION_MAX = 2000


class StatusForm(PageForm):
    """The inline update: field names are part of the public interface (status, note, version)."""

    status = ChoiceField("Status", invalid_message="Choose a status you are allowed to set")
    note = TextAreaField(
        "Progress note",
        filters=[strip_text],
        validators=[Length(max=NOTE_MAX, message=f"Progress note must be {NOTE_MAX} characters or fewer")],
    )
    version = VersionField()
    next = HiddenField()

    def __init__(self, *args, statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = [(s.value, s.label) for s in statuses]


class ActionForm(PageForm):
    """Create or edit an action (field names are part of the public interface)."""

    description = TextAreaField(
        "What must be done",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[
            InputRequired(message="Enter what must be done"),
            Length(max=DESCRIPTION_MAX, message=f"Description must be {DESCRIPTION_MAX} characters or fewer"),
        ],
    )
    kind = RadioField(
        "Kind",
        widget=GovRadioInput(),
        choices=[(k.value, k.label) for k in ActionKind],
        default=ActionKind.COMMITMENT.value,
        validators=[InputRequired(message="Choose resolution or commitment")],
    )
    owner_id = ChoiceField(
        "Owner (officer with an account)",
        coerce=optional_int,
        widget=GovLongSelect(),
        invalid_message="Choose an owner from the list",
    )
    owner_role = TextField(
        "Owner's role or name, if they have no account",
        description="For example, Chief Inspector or Head of Community Safety",
        validators=[Optional(), Length(max=200, message="Owner's role must be 200 characters or fewer")],
    )
    due_date = IsoDateField("Due date", description="For example, 2027-01-31", validators=[Optional()])
    due_next_meeting = BooleanField(
        "Due at the committee's next meeting", widget=GovCheckboxInput()
    )
    agenda_item_id = ChoiceField(
        "Agenda item", coerce=optional_int, invalid_message="Choose an agenda item of this meeting"
    )
    exempt = BooleanField("Exempt (from a confidential item)", widget=GovCheckboxInput())
    quote = TextAreaField(
        "Quote from the minutes (optional)",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=10000, message="Quote must be 10000 characters or fewer")],
    )
    submit = SubmitField("Add action", widget=GovSubmitInput())

    def __init__(self, *args, owners=(), agenda_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_id.choices = [(None, "No account: type the role below"), *owners]
        self.agenda_item_id.choices = [(None, "Not a particular item")] + [
            (item.id, item.label) for item in agenda_items
        ]

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # Rules across fields run here: an Optional() field stops its own validator chain.
        if not self.owner_id.errors and self.owner_id.data is None and not self.owner_role.data:
            self.owner_role.errors.append("Choose an owner or type the owner's role")
            valid = False
        if self.due_date.data and self.due_next_meeting.data:
            self.due_date.errors.append("Enter a due date or tick next meeting, not both")
            valid = False
        return valid


class ActionEditForm(ActionForm):
    version = VersionField()
    note = TextAreaField(
        "Why the change (recorded in the history)",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=NOTE_MAX, message=f"Note must be {NOTE_MAX} characters or fewer")],
    )
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class CloseActionsForm(PageForm):
    """Close the completed actions the committee confirmed at this meeting."""

    action_ids = HiddenField()  # read with request.form.getlist; checked against the meeting's list
    note = TextAreaField(
        "Note (optional)",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=NOTE_MAX, message=f"Note must be {NOTE_MAX} characters or fewer")],
    )
    submit = SubmitField("Close the selected actions", widget=GovSubmitInput())


STATUS_CHOICES = [(s.value, s.label) for s in ActionStatus]
