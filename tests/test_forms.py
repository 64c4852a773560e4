"""Shared form pieces."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect

from tracker.forms import ChoiceField, GovLongSelect, optional_int


def _form(widget, errors=()):
    class OwnerForm(FlaskForm):
        owner = ChoiceField("Owner", coerce=optional_int, widget=widget, description="Who does it")

    form = OwnerForm(meta={"csrf": False}, data={"owner": 7})
    form.owner.choices = [(None, "No account"), (7, "Priya Shah, Head of <Community> Safety"), (8, 'Tom "T" Bryant')]
    form.owner.errors = list(errors)
    return form


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", str(html))).strip()


def test_the_long_select_writes_the_same_markup_as_govuk_select(ctx):
    for errors in ((), ("Choose an owner from the list",)):
        assert _normal(_form(GovLongSelect(), errors).owner()) == _normal(_form(GovSelect(), errors).owner())
    html = str(_form(GovLongSelect()).owner())
    assert '<option value="7" selected>Priya Shah, Head of &lt;Community&gt; Safety</option>' in html
    assert '<option value="None">No account</option>' in html
    assert "app-long-select-options" not in html
