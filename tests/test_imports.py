"""Importing an existing action log: reading, guessing columns, the preview, the import, the CLI."""
from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
import time_machine
from openpyxl import Workbook
from sqlalchemy import func, select

from hostile_files import csv_with_wide_header, empty_rows, xlsx_declaring

from tracker.extensions import db
from tracker.imports import storage
from tracker.imports.parse import ImportFileError, guess_mapping, parse_date, read_table
from tracker.models import Action, ActionStatus, ImportedAction, Meeting, Update

TODAY = datetime(2026, 11, 22, 10, 0)

HEADERS = ["Date of meeting", "Minute No.", "Action", "Responsible Officer", "Due date", "Status", "Latest update"]
GOOD_ROWS = [
    [date(2026, 6, 10), "5", "Circulate the knife crime briefing note", "Priya Shah", date(2026, 10, 1), "In progress", "Draft with the police"],
    [date(2026, 6, 10), "7a", "Provide figures on knife bins", "chief inspector", "next meeting", "Open", ""],
    ["09/09/2026", "3", "Report the survey results", "Head of Housing", "31/12/2026", "Completed", "Sent on 1 November"],
    ["9 September 2026", "4", "Write to the commissioner", "Policy Officer", "", "Closed", ""],
]


def xlsx_bytes(rows, headers=HEADERS) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows, headers=HEADERS, encoding="utf-8-sig") -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([v.strftime("%d/%m/%Y") if isinstance(v, date) else v for v in row])
    return out.getvalue().encode(encoding)


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def panel(make):
    committee = make.committee("Stronger Communities Scrutiny Panel", slug="stronger-communities", code="SCSP")
    june = make.meeting(committee, on=date(2026, 6, 10))
    priya = make.user("officer", name="Priya Shah", job_title="Head of Community Safety")
    housing = make.user("officer", name="Hana Ito", job_title="Head of Housing")
    scrutiny = make.user("scrutiny", name="Sam Scrutiny")
    return dict(committee=committee, june=june, priya=priya, housing=housing, scrutiny=scrutiny)


def multipart(fields: dict) -> dict:
    """The body encoded in memory: the test client would spool a large one to a temporary
    file it never closes (an unraisable ResourceWarning)."""
    from werkzeug.test import encode_multipart

    boundary, body = encode_multipart(fields)
    return dict(data=body, content_type=f"multipart/form-data; boundary={boundary}")


def upload(browser, data: bytes, filename: str, committee="stronger-communities"):
    browser.fetch_token("/imports/new")
    from werkzeug.datastructures import FileStorage

    fields = {"committee": committee, "csrf_token": browser.token,
              "file": FileStorage(io.BytesIO(data), filename=filename)}
    return browser._request("post", "/imports/new", **multipart(fields))


def upload_id(response) -> str:
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"].rsplit("/", 1)[1]


def count(model) -> int:
    value = db.session.scalar(select(func.count()).select_from(model))
    db.session.rollback()
    return value


# ------------------------------------------------------------------ reading and guessing

def test_columns_are_guessed_from_typical_headings():
    mapping = guess_mapping(HEADERS)
    assert mapping == {"meeting_date": 0, "minute": 1, "description": 2, "owner": 3, "due": 4, "status": 5, "update": 6, "exempt": None}


def test_guessing_copes_with_other_councils_headings():
    headers = ["Ref", "Meeting", "Item", "Action agreed", "Lead Officer", "Deadline", "RAG status", "Progress / comments"]
    mapping = guess_mapping(headers)
    assert mapping == {"meeting_date": 1, "minute": 2, "description": 3, "owner": 4, "due": 5, "status": 6, "update": 7, "exempt": None}


@pytest.mark.parametrize("text, expected", [
    ("31/01/2027", date(2027, 1, 31)), ("31/01/27", date(2027, 1, 31)), ("2027-01-31", date(2027, 1, 31)),
    ("31 January 2027", date(2027, 1, 31)), ("31st Jan 2027", date(2027, 1, 31)), ("1 Sept 2026", date(2026, 9, 1)),
    ("31/02/2027", None), ("soon", None), ("01/13/2027", None),
])
def test_dates_are_read_the_uk_way(text, expected):
    assert parse_date(text) == expected


def test_an_xlsx_and_a_csv_read_the_same():
    from_xlsx = read_table(xlsx_bytes(GOOD_ROWS), "xlsx")
    from_csv = read_table(csv_bytes(GOOD_ROWS), "csv")
    assert from_xlsx.headers == from_csv.headers == HEADERS
    assert [n for n, _ in from_xlsx.rows] == [2, 3, 4, 5]
    assert from_xlsx.rows[0][1][0] == date(2026, 6, 10)  # a date cell stays a date


def test_a_windows_csv_is_read():
    table = read_table(csv_bytes([["10/06/2026", "5", "Review the £2m budget", "Priya Shah", "", "", ""]], encoding="cp1252"), "csv")
    assert table.rows[0][1][2] == "Review the £2m budget"


@pytest.mark.parametrize("data, extension, message", [
    (b"", "csv", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00binary", "csv", "binary"),
    (b"not a zip at all", "xlsx", "not an Excel workbook"),
    (b"PK\x03\x04 truncated", "xlsx", "not an Excel workbook"),
    (b"x" * (4 * 1024 * 1024 + 1), "csv", "smaller than 4 MB"),
    (b"a,b\n", "xls", ".xlsx"),
])
def test_unreadable_files_are_explained(data, extension, message):
    with pytest.raises(ImportFileError, match=message):
        read_table(data, extension)


# ------------------------------------------------------------------ bounds and encodings

@pytest.mark.parametrize("data, extension, message", [
    (xlsx_declaring(empty_rows(3, 5000)), "xlsx", "The sheet says it is 1,048,576 rows by 16,384 columns"),
    (xlsx_declaring(empty_rows(3, 20000), dimension=None), "xlsx", "more than 5,100 rows, counting empty ones"),
    (xlsx_declaring('<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>', dimension=None),
     "xlsx", "more than 5,100 rows, counting empty ones"),
    (xlsx_declaring('<row r="3"><c r="XFD3" t="inlineStr"><is><t>x</t></is></c></row>', dimension=None),
     "xlsx", "Row 3 has more than 50 columns"),
    (xlsx_declaring('<row r="3"><c r="XFD3" s="0"/></row>', dimension=None), "xlsx", "Row 3 has more than 50 columns"),
    (csv_with_wide_header(), "csv", "Row 1 has more than 50 columns"),
    (b"Date,Action,Owner\n" + b"\n" * 6000 + b"10/06/2026,Note,Priya\n", "csv", "more than 5,100 rows, counting empty ones"),
    (("Date,Action,Owner\n10/06/2026," + "x" * 60_000 + ",Priya\n").encode(), "csv", "Row 2 is longer than 50,000 characters"),
])
def test_files_that_cost_more_than_they_weigh_are_refused(data, extension, message):
    """Rows and columns are counted as read, empty ones included, and the size a sheet
    declares is checked before a row is read: reading stops at the first one over."""
    with pytest.raises(ImportFileError, match=message):
        read_table(data, extension)


def test_a_small_xlsx_declaring_the_whole_sheet_is_refused_on_upload(browser, panel):
    """The 1.6 KB workbook of the review that declared A1:XFD1048576: a 422 and the reason."""
    data = xlsx_declaring(empty_rows(3, 3000))
    assert len(data) < 16 * 1024
    browser.login(panel["scrutiny"])
    for name, body in (("log.xlsx", data), ("log.csv", csv_with_wide_header())):
        response = upload(browser, body, name)
        assert response.status_code == 422
        assert "more than 50 columns" in response.get_data(as_text=True) or "The sheet says it is" in response.get_data(as_text=True)


def test_empty_formatted_cells_past_the_last_column_do_not_count():
    table = read_table(xlsx_declaring('<row r="3"><c r="BA3" s="0"/></row>', dimension="A1:BA3"), "xlsx")
    assert table.headers == ["Date of meeting", "Action", "Responsible officer"]
    assert len(table.rows) == 1


ENCODED = "Review the council’s £2m café budget – urgently"


@pytest.mark.parametrize("data, encoding", [
    (csv_bytes([["10/06/2026", "5", ENCODED, "Priya Shah", "", "", ""]], encoding="utf-8"), "UTF-8"),
    (csv_bytes([["10/06/2026", "5", ENCODED, "Priya Shah", "", "", ""]], encoding="utf-8-sig"), "UTF-8"),
    (csv_bytes([["10/06/2026", "5", ENCODED, "Priya Shah", "", "", ""]], encoding="utf-16"), "UTF-16"),
    (csv_bytes([["10/06/2026", "5", ENCODED, "Priya Shah", "", "", ""]], encoding="cp1252"), "Windows-1252"),
])
def test_csv_encodings_are_detected_and_named(data, encoding):
    """Excel's three ways of saving CSV read back exactly (cp1250 would turn £ into Ł)."""
    table = read_table(data, "csv")
    assert table.rows[0][1][2] == ENCODED
    assert table.encoding == encoding


def test_a_stray_byte_in_utf8_is_read_and_pointed_out():
    """One Windows-1252 apostrophe pasted into a UTF-8 file: the rest stays UTF-8, and the
    preview says which line to check rather than garbling the file silently."""
    data = csv_bytes([["10/06/2026", "5", ENCODED, "Priya Shah", "", "", ""],
                      ["10/06/2026", "6", "Chase the officers reply", "Priya Shah", "", "", ""]], encoding="utf-8")
    data = data.replace(b"officers reply", b"officer\x92s reply")
    table = read_table(data, "csv")
    assert table.rows[0][1][2] == ENCODED
    assert table.rows[1][1][2] == "Chase the officer’s reply"
    assert table.encoding.startswith("UTF-8, except 1 character on line 3 read as Windows-1252")


def test_the_preview_says_how_a_csv_was_read(browser, panel):
    browser.login(panel["scrutiny"])
    rows = [["10/06/2026", "5", ENCODED, "Priya Shah", "", "", ""]]
    uid = upload_id(upload(browser, csv_bytes(rows, encoding="cp1252"), "log.csv"))
    assert 'id="encoding">Windows-1252</strong>' in browser.get(f"/imports/{uid}").get_data(as_text=True)


def test_a_csv_in_no_recognisable_encoding_is_refused():
    import random

    draw = random.Random(18)
    noise = bytes(draw.randrange(1, 256) for _ in range(3000))
    with pytest.raises(ImportFileError, match="encoding could not be recognised|binary data"):
        read_table(noise, "csv")


# ------------------------------------------------------------------ the pages

def test_the_preview_shows_rows_owners_and_meetings_to_create(browser, panel, frozen, snapshot):
    browser.login(panel["scrutiny"])
    before = snapshot()
    uid = upload_id(upload(browser, xlsx_bytes(GOOD_ROWS), "actions.xlsx"))
    response = browser.get(f"/imports/{uid}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "4</span> actions to create" in body
    assert "Meeting of 9 September 2026" in body and "Meeting of 10 June 2026" not in body
    assert "Priya Shah, Head of Community Safety" in body and "matched to an account" in body
    assert "Import 4 actions" in body
    assert snapshot() == before  # the preview writes nothing


def test_confirming_imports_rows_with_status_history_and_meetings(browser, panel, frozen):
    browser.login(panel["scrutiny"])
    uid = upload_id(upload(browser, xlsx_bytes(GOOD_ROWS), "actions.xlsx"))
    response = browser.post(f"/imports/{uid}", data={})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/committees/stronger-communities")
    actions = {a.description: a for a in db.session.scalars(select(Action))}
    assert len(actions) == 4
    note = actions["Circulate the knife crime briefing note"]
    assert note.owner_id == panel["priya"].id and note.status == "in_progress"
    assert note.agenda_item.number == "5" and note.meeting_id == panel["june"].id
    assert [u.note for u in note.updates] == ["Draft with the police", "Action logged"]
    bins = actions["Provide figures on knife bins"]
    assert bins.owner_id is None and bins.owner_role == "chief inspector" and bins.due_next_meeting
    assert bins.due_date == date(2026, 9, 9)  # the imported September meeting is the next one
    survey = actions["Report the survey results"]
    assert survey.owner_id == panel["housing"].id and survey.status == "completed"
    closed = actions["Write to the commissioner"]
    assert closed.status == "closed" and closed.closed_at_meeting_id == closed.meeting_id
    september = db.session.scalar(select(Meeting).where(Meeting.starts_at >= datetime(2026, 9, 9),
                                                         Meeting.starts_at < datetime(2026, 9, 10)))
    assert september.status == "held" and september.starts_at == datetime(2026, 9, 9, 18, 0)
    assert count(ImportedAction) == 4
    db.session.rollback()


def test_importing_the_same_file_again_creates_nothing_twice(browser, panel, frozen):
    browser.login(panel["scrutiny"])
    data = csv_bytes(GOOD_ROWS)
    browser.post(f"/imports/{upload_id(upload(browser, data, 'log.csv'))}", data={})
    assert count(Action) == 4
    # The second time the preview says so, and confirming has nothing to do.
    uid = upload_id(upload(browser, data, "log.csv"))
    body = browser.get(f"/imports/{uid}").get_data(as_text=True)
    assert "0</span> actions to create" in body and "Already in the tracker as SCSP" in body
    response = browser.post(f"/imports/{uid}", data={})
    assert response.status_code == 422
    assert count(Action) == 4 and count(Meeting) == 2


def test_a_row_already_logged_by_hand_is_not_imported_again(browser, make, panel, frozen):
    make.action(panel["june"], description="Circulate the knife-crime briefing note.")
    browser.login(panel["scrutiny"])
    uid = upload_id(upload(browser, xlsx_bytes(GOOD_ROWS[:1]), "one.xlsx"))
    assert "Already in the tracker as SCSP 26/27-01" in browser.get(f"/imports/{uid}").get_data(as_text=True)


def test_two_actions_in_the_same_words_at_one_meeting_both_import(browser, panel, frozen):
    """The key holds the minute number and the owner: "Report back" for two officers, or
    under two minutes, is two actions; the same row twice is still one."""
    rows = [[date(2026, 6, 10), "5", "Report back to the Panel", "Priya Shah", "", "Open", ""],
            [date(2026, 6, 10), "5", "Report back to the Panel", "Head of Housing", "", "Open", ""],
            [date(2026, 6, 10), "6", "Report back to the Panel", "Priya Shah", "", "Open", ""],
            [date(2026, 6, 10), "6", "Report back to the panel.", "priya shah", "", "Open", ""]]
    browser.login(panel["scrutiny"])
    uid = upload_id(upload(browser, xlsx_bytes(rows), "log.xlsx"))
    assert "The same action as row 4" in browser.get(f"/imports/{uid}").get_data(as_text=True)
    browser.fetch_token(f"/imports/{uid}")
    assert browser.post(f"/imports/{uid}", {}).status_code == 303
    assert count(Action) == 3
    again = upload_id(upload(browser, xlsx_bytes(rows), "log.xlsx"))
    assert browser.get(f"/imports/{again}").get_data(as_text=True).count("Already in the tracker") == 4


def test_an_exempt_column_keeps_confidential_rows_exempt(browser, panel, frozen):
    headers = HEADERS + ["Exempt"]
    rows = [GOOD_ROWS[0] + ["Yes"], GOOD_ROWS[1] + ["no"], GOOD_ROWS[2] + [""], GOOD_ROWS[3] + ["perhaps"]]
    assert guess_mapping(headers)["exempt"] == 7
    browser.login(panel["scrutiny"])
    uid = upload_id(upload(browser, xlsx_bytes(rows, headers=headers), "log.xlsx"))
    page = browser.get(f"/imports/{uid}").get_data(as_text=True)
    assert "“perhaps” is not yes or no" in page
    browser.fetch_token(f"/imports/{uid}")
    assert browser.post(f"/imports/{uid}", {}).status_code == 303
    exempt = dict(db.session.execute(select(Action.description, Action.exempt)).all())
    assert exempt == {"Circulate the knife crime briefing note": True, "Provide figures on knife bins": False,
                      "Report the survey results": False}


BROKEN_ROWS = [
    ["31/02/2026", "5", "Circulate the note", "Priya Shah", "", "Open", ""],          # no such date
    ["10/06/2026", "6", "", "Priya Shah", "", "Open", ""],                             # no action
    ["10/06/2026", "7", "Report back", "Priya Shah", "when possible", "Open", ""],    # bad due date
    ["10/06/2026", "8", "Write to the minister", "Priya Shah", "", "Sort of done", ""],  # unknown status
]


def test_a_broken_file_gets_an_error_report_and_nothing_is_written(browser, panel, frozen, snapshot):
    browser.login(panel["scrutiny"])
    before = snapshot()
    uid = upload_id(upload(browser, xlsx_bytes(BROKEN_ROWS), "broken.xlsx"))
    body = browser.get(f"/imports/{uid}").get_data(as_text=True)
    errors = re.findall(r'<tr class="govuk-table__row"><td class="govuk-table__cell">(\d+)</td>'
                        r'<td class="govuk-table__cell">([^<]+)</td><td class="govuk-table__cell">([^<]+)</td>', body)
    assert [(row, column) for row, column, _ in errors] == [
        ("2", "Date of meeting"), ("3", "Action"), ("4", "Due date"), ("5", "Status")]
    assert "is not a date" in errors[0][2] and "empty" in errors[1][2]
    assert "Unknown status “Sort of done”" in body.replace("&#34;", '"') or "Sort of done" in errors[3][2]
    assert "0</span> actions to create" in body
    assert browser.post(f"/imports/{uid}", data={}).status_code == 422
    assert snapshot() == before


def test_valid_rows_are_imported_and_rows_with_errors_left_out(browser, panel, frozen):
    browser.login(panel["scrutiny"])
    uid = upload_id(upload(browser, xlsx_bytes(GOOD_ROWS[:1] + BROKEN_ROWS), "mixed.xlsx"))
    body = browser.get(f"/imports/{uid}").get_data(as_text=True)
    assert "will be left out" in body
    browser.post(f"/imports/{uid}", data={})
    assert count(Action) == 1


def test_columns_can_be_chosen_by_hand(browser, panel, frozen):
    headers = ["When", "Thing to do", "Who"]
    rows = [["10/06/2026", "Circulate the note", "Priya Shah"]]
    browser.login(panel["scrutiny"])
    uid = upload_id(upload(browser, csv_bytes(rows, headers=headers), "odd.csv"))
    first = browser.get(f"/imports/{uid}")
    assert first.status_code == 422
    assert "Choose the column that holds the meeting date" in first.get_data(as_text=True)
    chosen = "col_meeting_date=0&col_description=1&col_owner=2"
    assert "Import 1 action" in browser.get(f"/imports/{uid}?{chosen}").get_data(as_text=True)
    response = browser.post(f"/imports/{uid}", data={"col_meeting_date": "0", "col_description": "1", "col_owner": "2"})
    assert response.status_code == 303
    assert db.session.scalar(select(Action.description)) == "Circulate the note"


def test_the_same_column_twice_is_refused(browser, panel):
    browser.login(panel["scrutiny"])
    uid = upload_id(upload(browser, csv_bytes(GOOD_ROWS), "log.csv"))
    response = browser.get(f"/imports/{uid}?col_meeting_date=0&col_description=2&col_owner=2")
    assert response.status_code == 422
    assert "is already the action" in response.get_data(as_text=True)


@pytest.mark.parametrize("data, filename, message", [
    (b"", "empty.csv", "The file is empty"),
    (b"\x00\x01\x02binary", "x.csv", "binary data"),
    (b"GIF89a", "picture.xlsx", "not an Excel workbook"),
    (b"Date,Action\n", "log.pdf", "Excel workbook (.xlsx) or a CSV file"),
    (b"x" * (4 * 1024 * 1024 + 10), "big.csv", "smaller than 4 MB"),
])
def test_bad_uploads_get_a_message_not_a_500(browser, panel, snapshot, data, filename, message):
    browser.login(panel["scrutiny"])
    response = upload(browser, data, filename)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


def test_an_upload_over_the_request_limit_is_413(app, browser, panel):
    browser.login(panel["scrutiny"])
    response = upload(browser, b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1), "huge.csv")
    assert response.status_code == 413


def test_no_file_or_committee_is_explained(browser, panel):
    browser.login(panel["scrutiny"])
    browser.fetch_token("/imports/new")
    response = browser.post("/imports/new", data={"committee": "nope"}, content_type="multipart/form-data")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "Choose the committee whose action log this is" in body


@pytest.mark.parametrize("role", ["officer", "member"])
def test_only_scrutiny_officers_import(browser, make, panel, role, snapshot):
    browser.login(make.user(role))
    assert browser.get("/imports/new").status_code == 403
    before = snapshot()
    response = browser.post("/imports/new", data={"committee": "stronger-communities",
                                                   "file": (io.BytesIO(csv_bytes(GOOD_ROWS)), "log.csv")},
                            content_type="multipart/form-data")
    assert response.status_code == 403
    assert snapshot() == before


def test_an_upload_belongs_to_the_person_who_made_it(browser, other_browser, make, panel):
    browser.login(panel["scrutiny"])
    uid = upload_id(upload(browser, csv_bytes(GOOD_ROWS), "log.csv"))
    other_browser.login(make.user("scrutiny"))
    assert other_browser.get(f"/imports/{uid}").status_code == 404
    assert other_browser.post(f"/imports/{uid}", data={}).status_code == 404
    assert count(Action) == 0


@pytest.mark.parametrize("uid", ["../../secret_key", "short", "a" * 40])
def test_unknown_or_malicious_upload_ids_are_404(browser, panel, uid):
    browser.login(panel["scrutiny"])
    assert browser.get(f"/imports/{uid}").status_code == 404


def test_a_file_changed_on_the_server_is_not_trusted(app, browser, panel):
    browser.login(panel["scrutiny"])
    uid = upload_id(upload(browser, csv_bytes(GOOD_ROWS), "log.csv"))
    with app.app_context():
        path = storage._folder() / f"{uid}.data"
    path.write_bytes(csv_bytes(GOOD_ROWS[:1]))
    assert browser.get(f"/imports/{uid}").status_code == 404


def test_the_uploaded_file_is_deleted_after_the_import(app, browser, panel, frozen):
    browser.login(panel["scrutiny"])
    uid = upload_id(upload(browser, csv_bytes(GOOD_ROWS), "log.csv"))
    browser.post(f"/imports/{uid}", data={})
    with app.app_context():
        assert not (storage._folder() / f"{uid}.data").exists()


# ------------------------------------------------------------------ the command

def test_the_command_imports_with_a_progress_bar(runner, panel, tmp_path, frozen):
    path = tmp_path / "log.xlsx"
    path.write_bytes(xlsx_bytes(GOOD_ROWS))
    result = runner.invoke(args=["import", str(path), "--committee", "stronger-communities"])
    assert result.exit_code == 0, result.output
    assert "Importing" in result.output and "Imported 4 actions" in result.output
    assert count(Action) == 4
    again = runner.invoke(args=["import", str(path), "--committee", "stronger-communities"])
    assert "0 to import" in again.output and count(Action) == 4


def test_the_command_dry_run_writes_nothing(runner, panel, tmp_path, snapshot):
    path = tmp_path / "log.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS))
    before = snapshot()
    result = runner.invoke(args=["import", str(path), "--committee", "stronger-communities", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "4 to import" in result.output and "Dry run: nothing written." in result.output
    assert snapshot() == before


def test_the_command_refuses_a_file_with_errors_unless_told(runner, panel, tmp_path, snapshot):
    path = tmp_path / "mixed.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS[:1] + BROKEN_ROWS))
    before = snapshot()
    result = runner.invoke(args=["import", str(path), "--committee", "stronger-communities"])
    assert result.exit_code == 1
    assert "Row 3, Date of meeting" in result.output and "Nothing imported" in result.output
    assert snapshot() == before
    result = runner.invoke(args=["import", str(path), "--committee", "stronger-communities", "--skip-errors"])
    assert result.exit_code == 0, result.output
    assert count(Action) == 1


def test_the_command_explains_an_unknown_committee(runner, panel, tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS))
    result = runner.invoke(args=["import", str(path), "--committee", "nope"])
    assert result.exit_code == 2 and "no committee" in result.output
