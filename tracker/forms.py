"""Form fields shared by every area: specific error messages instead of WTForms' "Not a valid choice"."""
from __future__ import annotations

import re
from datetime import date, datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSelect, GovTextInput
from markupsafe import Markup, escape
from wtforms import DateField, HiddenField, SelectField, StringField
from wtforms.validators import ValidationError

from tracker.text import xml_safe

EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2100, 12, 31)


class PageForm(FlaskForm):
    """A form of the app. Its CSRF field and submit button get ids of their own
    (AddActionForm: "add-action-submit"), so that two forms on one page never share
    id="submit": focus, labels and links go by id, and a browser picks the first."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            if options.get("name") in ("csrf_token", "submit") and "id" not in unbound_field.kwargs:
                stem = re.sub(r"(?<!^)(?=[A-Z])", "-", type(form).__name__.removesuffix("Form")).lower()
                options = {**options, "id": f"{stem}-{options['name']}"}
            return super().bind_field(form, unbound_field, options)


def strip_text(value):
    """Trim whitespace and drop NUL and other control characters that no one means to type,
    and the characters a Word or Excel file cannot hold (tracker.text)."""
    if not isinstance(value, str):
        return value
    cleaned = xml_safe("".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 32))
    return cleaned.replace("\r\n", "\n").strip()


class TextField(StringField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("filters", [strip_text])
        kwargs.setdefault("widget", GovTextInput())
        super().__init__(*args, **kwargs)


class IsoDateField(DateField):
    """A date typed as YYYY-MM-DD (an `<input type="date">` sends that), with a message
    that says what to type."""

    def __init__(self, *args, invalid_message: str = "Enter a real date, like 2027-01-31", **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        kwargs.setdefault("widget", GovTextInput())
        kwargs.setdefault("render_kw", {"type": "date"})
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        text = valuelist[0].strip()
        try:
            self.data = datetime.strptime(text, "%Y-%m-%d").date()
        except ValueError:
            self.data = None
            raise ValueError(self.invalid_message) from None
        if not EARLIEST_DATE <= self.data <= LATEST_DATE:
            self.data = None
            raise ValueError(f"Enter a date between {EARLIEST_DATE.year} and {LATEST_DATE.year}")


class GovLongSelect(GovSelect):
    """GovSelect for a list of hundreds, such as a large council's officers: GOV.UK's macro
    writes the label, hint and error message, and the options are written here. Through the
    macro, 2,000 options took longer than the rest of the page (and the minutes review has
    one such select per suggested action)."""

    _MARK = "app-long-select-options"
    _PLACEHOLDER = re.compile(r'<option value="app-long-select-options"[^>]*>\s*</option>')

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        kwargs["items"] = [{"value": self._MARK, "text": ""}]
        html = str(super(GovSelect, self).__call__(field, **kwargs))
        # The same as the macro's options: the value as Jinja prints it ("None" for no account).
        options = "".join(
            f'<option value="{escape(str(value))}"{" selected" if selected else ""}>{escape(label)}</option>'
            for value, label, selected, _render_kw in field.iter_choices()
        )
        # Safe: the macro's own markup, and every value and label escaped above.
        return Markup(self._PLACEHOLDER.sub(lambda _: options, html, count=1))  # nosec B704


class ChoiceField(SelectField):
    """A select whose wrong or tampered value gets a message in words."""

    def __init__(self, *args, invalid_message: str = "Choose one of the options", **kwargs):
        kwargs.setdefault("widget", GovSelect())
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(self.invalid_message) from None

    def pre_validate(self, form):
        if self.validate_choice and self.choices is not None:
            values = {value for value, *_ in self.iter_choices()}
            if self.data not in values:
                raise ValidationError(self.invalid_message)


def optional_int(value):
    if value in (None, "", "None"):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    # isdecimal, not isdigit: "²" is a digit that int() refuses (a 500 instead of a message);
    # at most 9 digits, so PostgreSQL's INTEGER can compare it.
    if not text.isdecimal() or len(text) > 9:
        raise ValueError("not an id")
    return int(text)


class VersionField(HiddenField):
    """The version of the record the form was drawn from, for optimistic locking."""

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist:
            text = valuelist[0].strip()
            if text.isdecimal() and len(text) <= 12:
                self.data = int(text)

    def pre_validate(self, form):
        if self.data is None:
            raise ValidationError("The form is missing its version: reload the page and try again")


class KeptPasswordInput(GovPasswordInput):
    """GOV.UK's password input that gives back what was typed when the field itself had no
    error, so a mistake in one password field does not empty the other."""

    def __call__(self, field, **kwargs):
        if not field.errors and field.data:
            kwargs.setdefault("value", field.data)
        return super().__call__(field, **kwargs)
