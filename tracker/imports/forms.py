from __future__ import annotations

from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import InputRequired

from tracker.forms import ChoiceField, PageForm
from tracker.imports.parse import MAX_BYTES


class UploadForm(PageForm):
    committee = ChoiceField(
        "Committee",
        invalid_message="Choose the committee whose action log this is",
        validators=[InputRequired(message="Choose the committee whose action log this is")],
    )
    file = FileField(
        "Action log file",
        widget=GovFileInput(),
        description=f"An Excel workbook (.xlsx) or a CSV file, up to {MAX_BYTES // (1024 * 1024)} MB and 5,000 rows. "
        "The first row should be the column headings.",
    )
    submit = SubmitField("Upload and check", widget=GovSubmitInput())

    def __init__(self, *args, committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.committee.choices = [("", "Choose a committee")] + [(c.slug, c.name) for c in committees]


class ConfirmForm(PageForm):
    """Only the CSRF token: the column choices are read and checked by the view."""
