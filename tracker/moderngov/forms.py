from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from tracker.forms import ChoiceField, PageForm, optional_int


class LinkForm(PageForm):
    moderngov_id = ChoiceField("The committee in ModernGov", coerce=optional_int,
                               invalid_message="Choose a committee from ModernGov's list")
    submit = SubmitField("Save the link", widget=GovSubmitInput())

    def set_choices(self, committees) -> None:
        self.moderngov_id.choices = [(None, "Not linked")] + [
            (c.id, c.title if c.current else f"{c.title} (no longer current)") for c in committees
        ]


class SyncForm(PageForm):
    submit = SubmitField("Sync now", widget=GovSubmitInput())


class PersonForm(PageForm):
    """Link a name ModernGov seats on the committee to a councillor's account, or ignore it."""

    user_id = ChoiceField("Councillor's account", coerce=optional_int,
                          invalid_message="Choose the councillor's account from the list")
    link = SubmitField("Link", widget=GovSubmitInput())
    ignore = SubmitField("Ignore", widget=GovSubmitInput())

    def set_choices(self, councillors) -> None:
        self.user_id.choices = [(None, "Choose an account")] + [(u.id, u.name) for u in councillors]
