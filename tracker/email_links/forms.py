from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Length

from tracker.actions.forms import NOTE_MAX
from tracker.forms import ChoiceField, PageForm, VersionField, strip_text
from tracker.models import OFFICER_STATUSES


class EmailUpdateForm(PageForm):
    """The update an owner makes from a reminder email: only the statuses an officer may set."""

    status = ChoiceField(
        "Status",
        choices=[(s.value, s.label) for s in OFFICER_STATUSES],
        invalid_message="Choose open, in progress, deferred or completed",
    )
    note = TextAreaField(
        "Progress note (optional)",
        widget=GovTextArea(),
        filters=[strip_text],
        validators=[Length(max=NOTE_MAX, message=f"Progress note must be {NOTE_MAX} characters or fewer")],
        description="What has been done, and what happens next. The committee sees this note.",
    )
    version = VersionField()
    submit = SubmitField("Save update", widget=GovSubmitInput())
