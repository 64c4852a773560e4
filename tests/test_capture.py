"""Capture from minutes: paste or upload, review the suggestions, confirm; and the extract command."""
from __future__ import annotations

import io
import json
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from tracker.extensions import db
from tracker.models import Action, AgendaItem

MINUTES = """Agenda item

Housing Repairs Performance Update

[Dana Whitfield, Head of Housing Repairs, to present report]

Minutes:

The Head of Housing Repairs presented the quarterly performance report on responsive repairs.

A Member asked about damp and mould cases in tower blocks. The Head of Housing Repairs said a survey of all blocks had been commissioned. She offered to circulate the survey findings to the Panel.

The Chief Inspector agreed that there had been more reports of anti-social behaviour on the estates.

Resolved

That the report is received and progress on damp and mould cases reported to a future meeting.

Agenda item

Minutes of the previous meeting

Minutes:

Resolved: That the minutes of the previous meeting be approved as a correct record.
"""


@pytest.fixture
def setting(make):
    panel = make.committee("Housing Scrutiny Panel", slug="housing", code="HSG")
    meeting = make.meeting(panel, on=date(2026, 10, 7))
    return dict(panel=panel, meeting=meeting, scrutiny=make.user("scrutiny"),
                dana=make.user("officer", name="Dana Whitfield", job_title="Head of Housing Repairs"))


def _upload(browser, url, filename: str, data: bytes):
    """Post a file as a browser would, built in memory: the test client would spool a large
    body to a temporary file that it never closes."""
    boundary = "tracker-test-boundary"
    body = (
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{browser.token}\r\n"
        f"--{boundary}\r\nContent-Disposition: form-data; name=\"minutes_file\"; filename=\"{filename}\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return browser.post(url, input_stream=io.BytesIO(body), content_type=f"multipart/form-data; boundary={boundary}",
                        headers={"Content-Length": str(len(body))})


def _review(browser, meeting, htmx=False, **data):
    return browser.post(f"/meetings/{meeting.id}/minutes", {"minutes_text": MINUTES, **data}, htmx=htmx)


def _confirm_data(review_body: str) -> dict:
    """The review form's fields as the browser would send them back (every suggestion accepted)."""
    fields = {}
    for name, value in re.findall(r'<input[^>]*name="((?:proposals-\d+-(?:item_index|start|end))|minutes_text)"[^>]*value="([^"]*)"', review_body):
        fields[name] = value
    text = re.search(r'name="minutes_text" type="hidden" value="([^"]*)"', review_body)
    if text:
        import html

        fields["minutes_text"] = html.unescape(text.group(1))
    for index in {int(n) for n in re.findall(r"proposals-(\d+)-description", review_body)}:
        description = re.search(rf'name="proposals-{index}-description"[^>]*>([^<]*)</textarea>', review_body).group(1)
        kind = re.search(rf'name="proposals-{index}-kind" type="radio" value="(\w+)" checked', review_body)
        owner = re.search(rf'name="proposals-{index}-owner_id">.*?<option value="(\d*)" selected', review_body, re.S)
        role = re.search(rf'name="proposals-{index}-owner_role" type="text" value="([^"]*)"', review_body)
        import html

        fields.update({
            f"proposals-{index}-decision": "accept",
            f"proposals-{index}-description": html.unescape(description),
            f"proposals-{index}-kind": kind.group(1) if kind else "commitment",
            f"proposals-{index}-owner_id": owner.group(1) if owner else "",
            f"proposals-{index}-owner_role": html.unescape(role.group(1)) if role else "",
        })
        if f'name="proposals-{index}-due_next_meeting" type="checkbox" value="y" checked' in review_body:
            fields[f"proposals-{index}-due_next_meeting"] = "y"
    return fields


def test_pasted_minutes_give_suggestions_with_quotes_owners_and_dues(browser, setting):
    browser.login(setting["scrutiny"])
    response = _review(browser, setting["meeting"], htmx=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="capture">')
    assert "2 actions found in 2 agenda items" in body
    # The commitment's owner is matched to Dana's account by job title, through the pronoun.
    assert re.search(rf'<option value="{setting["dana"].id}" selected', body)
    assert '<mark class="app-quote" id="quote-1">' in body and 'id="quote-2"' in body
    assert "She offered to circulate the survey findings to the Panel." in body
    marks = re.findall(r"<mark.*?</mark>", body, flags=re.S)
    assert len(marks) == 2 and not any("agreed that there had been" in mark for mark in marks)
    assert body.count('class="app-proposal') == 2


def test_confirming_logs_actions_and_agenda_items_in_one_go(browser, setting):
    browser.login(setting["scrutiny"])
    review = _review(browser, setting["meeting"]).get_data(as_text=True)
    response = browser.post(f"/meetings/{setting['meeting'].id}/minutes/confirm", _confirm_data(review))
    assert response.status_code == 303, response.get_data(as_text=True)[:3000]
    actions = db.session.scalars(select(Action).order_by(Action.sequence)).all()
    assert [(a.kind, a.owner_id, a.due_next_meeting) for a in actions] == [
        ("commitment", setting["dana"].id, False), ("resolution", setting["dana"].id, True)]
    assert actions[0].quote == "She offered to circulate the survey findings to the Panel."
    items = db.session.scalars(select(AgendaItem.title).order_by(AgendaItem.position)).all()
    assert items == ["Housing Repairs Performance Update", "Minutes of the previous meeting"]
    assert actions[0].agenda_item.title == "Housing Repairs Performance Update"


def test_rejected_and_edited_suggestions(browser, setting):
    browser.login(setting["scrutiny"])
    data = _confirm_data(_review(browser, setting["meeting"]).get_data(as_text=True))
    data["proposals-0-decision"] = "reject"
    data["proposals-1-description"] = "Report damp and mould progress to the next meeting"
    data["proposals-1-owner_id"] = ""
    data["proposals-1-owner_role"] = "Director of Housing"
    assert browser.post(f"/meetings/{setting['meeting'].id}/minutes/confirm", data).status_code == 303
    only = db.session.scalars(select(Action)).all()
    assert [(a.description, a.owner_role, a.owner_id) for a in only] == [
        ("Report damp and mould progress to the next meeting", "Director of Housing", None)]


def test_importing_the_same_minutes_twice_creates_no_duplicates(browser, setting):
    browser.login(setting["scrutiny"])
    url = f"/meetings/{setting['meeting'].id}/minutes/confirm"
    first = _confirm_data(_review(browser, setting["meeting"]).get_data(as_text=True))
    browser.post(url, first)
    again = _review(browser, setting["meeting"]).get_data(as_text=True)
    assert again.count("Already logged") == 2
    browser.post(url, _confirm_data(again))
    assert db.session.scalar(select(func.count()).select_from(Action)) == 2
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 2


def test_an_edited_suggestion_with_errors_comes_back_with_messages_and_nothing_is_logged(browser, setting, snapshot):
    browser.login(setting["scrutiny"])
    data = _confirm_data(_review(browser, setting["meeting"]).get_data(as_text=True))
    data["proposals-0-description"] = ""
    data["proposals-1-due_date"] = "not a date"
    before = snapshot()
    response = browser.post(f"/meetings/{setting['meeting'].id}/minutes/confirm", data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter what must be done" in body and "Enter a real date" in body
    assert 'value="not a date"' in body
    assert snapshot() == before


def test_offsets_outside_the_minutes_are_refused(browser, setting, snapshot):
    browser.login(setting["scrutiny"])
    data = _confirm_data(_review(browser, setting["meeting"]).get_data(as_text=True))
    data["proposals-0-end"] = "999999"
    before = snapshot()
    response = browser.post(f"/meetings/{setting['meeting'].id}/minutes/confirm", data)
    assert response.status_code == 422
    assert snapshot() == before


def test_uploading_a_word_document(browser, setting):
    from docx import Document

    document = Document()
    for paragraph in MINUTES.split("\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    browser.login(setting["scrutiny"])
    response = _upload(browser, f"/meetings/{setting['meeting'].id}/minutes", "minutes.docx", buffer.getvalue())
    assert response.status_code == 200
    assert "2 actions found" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "upload, message",
    [
        ((b"", "minutes.txt"), "is empty"),
        ((b"\x00\x01\x02\x03" * 200, "minutes.txt"), "binary"),
        ((b"PK\x03\x04 not really a zip", "minutes.docx"), "could not be read"),
        ((b"%PDF-1.4 broken", "minutes.pdf"), "could not be read"),
        ((b"Agenda item", "minutes.exe"), "not a supported file type"),
        ((b"x" * (5 * 1024 * 1024 + 10), "minutes.txt"), "5 MB"),
    ],
)
def test_bad_uploads_get_a_clear_4xx(browser, setting, snapshot, upload, message):
    data, name = upload
    browser.login(setting["scrutiny"])
    before = snapshot()
    response = _upload(browser, f"/meetings/{setting['meeting'].id}/minutes", name, data)
    assert 400 <= response.status_code < 500
    assert message in response.get_data(as_text=True)
    assert snapshot() == before


def test_empty_paste_is_refused(browser, setting):
    browser.login(setting["scrutiny"])
    response = browser.post(f"/meetings/{setting['meeting'].id}/minutes", {"minutes_text": "   "})
    assert response.status_code == 422
    assert "Paste the minutes, or choose a file to upload" in response.get_data(as_text=True)


def test_an_upload_over_the_request_limit_is_413_not_500(app, browser, setting):
    browser.login(setting["scrutiny"])
    response = _upload(browser, f"/meetings/{setting['meeting'].id}/minutes", "minutes.txt",
                       b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["officer", "member"])
def test_only_scrutiny_officers_capture(browser, setting, make, role):
    browser.login(make.user(role))
    assert browser.get(f"/meetings/{setting['meeting'].id}/minutes").status_code == 403
    assert _review(browser, setting["meeting"]).status_code == 403


def test_extract_command_prints_json(runner, tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text(MINUTES)
    result = runner.invoke(args=["extract", str(path), "--meeting-date", "2026-10-07", "--next-meeting", "2026-12-02", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [i["title"] for i in items] == ["Housing Repairs Performance Update", "Minutes of the previous meeting"]
    actions = items[0]["actions"]
    assert {a["kind"] for a in actions} == {"commitment", "resolution"}
    resolution = next(a for a in actions if a["kind"] == "resolution")
    assert resolution["due"] == "2026-12-02" and resolution["due_next_meeting"] is True
    for action in actions:
        assert MINUTES[action["start"]:action["end"]] == action["quote"]
    assert items[1]["actions"] == []


def test_extract_command_table_and_bad_file(runner, tmp_path):
    path = tmp_path / "minutes.txt"
    path.write_text(MINUTES)
    table = runner.invoke(args=["extract", str(path)])
    assert table.exit_code == 0 and "owner: Head of Housing Repairs" in table.output
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    refused = runner.invoke(args=["extract", str(empty)])
    assert refused.exit_code != 0 and "is empty" in refused.output


def test_windows_line_breaks_survive_the_round_trip_through_the_review(browser, setting):
    """A browser posts a textarea with CRLF but returns the hidden copy with LF: the quotes'
    offsets must still point at the same words."""
    browser.login(setting["scrutiny"])
    review = browser.post(f"/meetings/{setting['meeting'].id}/minutes",
                          {"minutes_text": MINUTES.replace("\n", "\r\n")}).get_data(as_text=True)
    data = _confirm_data(review)
    data["minutes_text"] = data["minutes_text"].replace("\r\n", "\n")
    response = browser.post(f"/meetings/{setting['meeting'].id}/minutes/confirm", data)
    assert response.status_code == 303
    quotes = db.session.scalars(select(Action.quote).order_by(Action.sequence)).all()
    assert quotes[0] == "She offered to circulate the survey findings to the Panel."


def test_extract_command_explains_each_action(runner, tmp_path):
    """--explain prints each suggestion's class and the reason it was chosen; --json carries
    the same reason beside the fields the reserved-set scorer reads."""
    path = tmp_path / "minutes.txt"
    path.write_text(MINUTES)
    explained = runner.invoke(args=["extract", str(path), "--explain"])
    assert explained.exit_code == 0, explained.output
    assert "class: resolution; why: a resolution or decision that asks for something" in explained.output
    assert "class: commitment; why: " in explained.output
    as_json = json.loads(runner.invoke(args=["extract", str(path), "--json"]).output)
    actions = [a for item in as_json for a in item["actions"]]
    assert actions and all(a["reason"] for a in actions)


def test_hostile_minutes_files_are_refused_on_the_page(browser, setting):
    """A .docx that unpacks to 200 MB and a PDF that takes minutes to read: each a 422 with the
    reason on the form, and the page still answers afterwards."""
    from hostile_files import docx_with_huge_part, slow_pdf

    browser.login(setting["scrutiny"])
    url = f"/meetings/{setting['meeting'].id}/minutes"
    browser.fetch_token(url)
    for filename, data, reason in (("minutes.docx", docx_with_huge_part(), "too large once unpacked"),
                                   ("minutes.pdf", slow_pdf(), "took too long to read")):
        response = _upload(browser, url, filename, data)
        assert response.status_code == 422
        assert reason in response.get_data(as_text=True)
    assert browser.get(url).status_code == 200
