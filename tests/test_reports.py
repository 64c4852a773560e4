"""The committee's action log (page, Word, Excel, CSV) and the downloads of /actions."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import pytest
import time_machine
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from tracker.actions.rules import change_status
from tracker.extensions import db
from tracker.reports.cells import neutralise

TODAY = datetime(2026, 11, 22, 10, 0)
MARK = "EXEMPT: not for publication"


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def panel(make):
    """A panel with three meetings; actions arose at the first two (today is 22 Nov 2026)."""
    committee = make.committee("Stronger Communities Scrutiny Panel", slug="stronger-communities", code="SCSP")
    other = make.committee("Health Scrutiny Panel", slug="health", code="HSP")
    priya = make.user("officer", name="Priya Shah", job_title="Head of Community Safety")
    june = make.meeting(committee, on=date(2026, 6, 10))
    sept = make.meeting(committee, on=date(2026, 9, 9))
    dec = make.meeting(committee, on=date(2026, 12, 9), status="scheduled")
    item5 = make.agenda_item(june, number="5")
    item7 = make.agenda_item(sept, number="7", title="Knife crime")
    a = dict(
        overdue=make.action(june, owner=priya, agenda_item=item5, due=date(2026, 10, 1),
                            description="Circulate the knife crime briefing note"),
        done=make.action(june, owner=priya, due=date(2026, 9, 1), status="completed",
                         description="Report the survey results"),
        closed=make.action(june, owner=priya, due=date(2026, 8, 1), status="closed",
                           description="Write to the commissioner"),
        withdrawn=make.action(june, owner=priya, status="withdrawn", description="Arrange a visit"),
        later=make.action(sept, owner_role="Chief Inspector", agenda_item=item7, due=date(2027, 3, 1),
                          description="Provide knife bin figures"),
        secret=make.action(sept, owner=priya, exempt=True, due=date(2027, 1, 5),
                           description="Settle the contract dispute with Acme Ltd"),
        elsewhere=make.action(make.meeting(other), owner=priya, description="Another committee's action"),
    )
    scrutiny = make.user("scrutiny", name="Sam Scrutiny")
    change_status(a["overdue"], scrutiny, "in_progress", "Draft with the Chief Inspector", a["overdue"].version)
    db.session.commit()
    return dict(committee=committee, june=june, sept=sept, dec=dec, priya=priya, scrutiny=scrutiny, actions=a)


def refs(body: str) -> list[str]:
    return re.findall(r'href="/actions/\d+">([A-Z0-9]+ \d\d/\d\d-\d\d)</a>', body)


def test_the_log_lists_outstanding_actions_by_meeting_with_latest_update(browser, make, panel, frozen):
    browser.login(make.user("member"))
    response = browser.get("/committees/stronger-communities/action-log")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    a = panel["actions"]
    # Oldest meeting first; closed, withdrawn, exempt and other committees' actions left out.
    assert refs(body) == [a["overdue"].reference, a["done"].reference, a["later"].reference]
    assert body.index("Meeting of 10 June 2026") < body.index("Meeting of 9 September 2026")
    assert "Report date 22 November 2026" in body
    assert "Draft with the Chief Inspector" in body
    assert "Overdue" in body
    assert "Awaiting the committee&#39;s confirmation" in body or "Awaiting the committee's confirmation" in body
    assert "Acme" not in body and MARK not in body
    assert re.search(r'href="[^"]*/print\.css" media="print"', body)


def test_the_log_for_a_meetings_agenda_has_only_actions_from_earlier_meetings(browser, make, panel, frozen):
    browser.login(make.user("member"))
    body = browser.get(f"/committees/stronger-communities/action-log?meeting={panel['sept'].id}").get_data(as_text=True)
    a = panel["actions"]
    assert refs(body) == [a["overdue"].reference, a["done"].reference]
    assert "For the meeting of 9 September 2026" in body


@pytest.mark.parametrize("query, status", [("meeting=abc", 400), ("meeting=99999", 404), ("exempt=yes", 400)])
def test_bad_log_parameters_are_explained_not_500(browser, make, panel, query, status):
    browser.login(make.user("scrutiny"))
    assert browser.get(f"/committees/stronger-communities/action-log?{query}").status_code == status


def test_a_meeting_of_another_committee_is_not_found(browser, make, panel):
    other = make.meeting(make.committee(), on=date(2026, 7, 1))
    browser.login(make.user("member"))
    assert browser.get(f"/committees/stronger-communities/action-log?meeting={other.id}").status_code == 404


@pytest.mark.parametrize("suffix", ["", ".docx", ".xlsx", ".csv"])
def test_only_scrutiny_officers_get_the_exempt_version(browser, make, panel, suffix):
    browser.login(make.user("officer"))
    response = browser.get(f"/committees/stronger-communities/action-log{suffix}?exempt=1")
    assert response.status_code == 403
    assert b"Acme" not in response.data


def test_the_exempt_page_says_so_and_includes_exempt_actions(browser, panel, frozen):
    browser.login(panel["scrutiny"])
    response = browser.get("/committees/stronger-communities/action-log?exempt=1")
    body = response.get_data(as_text=True)
    assert "Settle the contract dispute with Acme Ltd" in body
    assert 'id="exempt-mark"' in body and "<title>Exempt: Action log" in body
    assert response.headers["Cache-Control"] == "private, no-store"


def docx_rows(data: bytes):
    doc = Document(io.BytesIO(data))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
    return doc, tables


def test_the_word_log_has_headings_and_real_tables_with_repeating_headers(browser, make, panel, frozen):
    browser.login(make.user("member"))
    response = browser.get("/committees/stronger-communities/action-log.docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="action-log-stronger-communities.docx"'
    doc, tables = docx_rows(response.data)
    assert doc.core_properties.title == "Action log: Stronger Communities Scrutiny Panel"
    assert doc.core_properties.language == "en-GB"
    section = doc.sections[0]
    assert section.page_width > section.page_height  # landscape
    assert round(section.page_width.mm) == 297
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        ("Heading 1", "Action log: Stronger Communities Scrutiny Panel"),
        ("Heading 2", "Meeting of 10 June 2026"),
        ("Heading 2", "Meeting of 9 September 2026"),
    ]
    header = ["Reference", "Minute", "Action", "Owner", "Due", "Status", "Latest update"]
    a = panel["actions"]
    assert [t[0] for t in tables] == [header, header]
    assert [row[0] for row in tables[0][1:]] == [a["overdue"].reference, a["done"].reference]
    first = tables[0][1]
    assert first[1:] == ["5", "Circulate the knife crime briefing note", "Priya Shah, Head of Community Safety",
                         "1 Oct 2026", "In progress (Overdue)", "Draft with the Chief Inspector"]
    assert tables[0][2][5] == "Completed, awaiting confirmation (Completed)"
    for table in doc.tables:
        header_row = table.rows[0]._tr
        assert header_row.trPr.find(qn("w:tblHeader")) is not None
    assert not any("Acme" in cell for table in tables for row in table for cell in row)
    assert all(MARK not in p.text for p in section.header.paragraphs)


def test_the_exempt_word_log_is_marked_on_every_page(browser, panel, frozen):
    browser.login(panel["scrutiny"])
    response = browser.get("/committees/stronger-communities/action-log.docx?exempt=1")
    doc, tables = docx_rows(response.data)
    section = doc.sections[0]
    assert section.header.paragraphs[0].text == MARK
    assert section.footer.paragraphs[0].text == MARK
    assert any("Settle the contract dispute with Acme Ltd" in row[2] for row in tables[1])
    assert "EXEMPT" in response.headers["Content-Disposition"]


def test_the_excel_log_has_typed_dates_a_frozen_header_and_a_filter(browser, make, panel, frozen):
    browser.login(make.user("member"))
    response = browser.get("/committees/stronger-communities/action-log.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Reference", "Committee", "Meeting", "Minute", "Action", "Owner", "Due date", "Due",
                       "Status", "RAG", "Latest update")
    a = panel["actions"]
    assert [r[0] for r in rows[1:]] == [a["overdue"].reference, a["done"].reference, a["later"].reference]
    assert rows[1][2] == datetime(2026, 6, 10) and rows[1][6] == datetime(2026, 10, 1)
    assert ws["G2"].is_date and ws["G2"].number_format == "d mmm yyyy"
    assert rows[1][9] == "Overdue" and rows[1][10] == "Draft with the Chief Inspector"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:K4"
    assert all("Acme" not in str(v) for r in rows for v in r)


def test_the_exempt_excel_log_has_a_title_row_header_footer_and_exempt_column(browser, panel, frozen):
    browser.login(panel["scrutiny"])
    ws = load_workbook(io.BytesIO(browser.get("/committees/stronger-communities/action-log.xlsx?exempt=1").data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == MARK
    assert rows[1][-1] == "Exempt"
    secret = [r for r in rows[2:] if r[0] == panel["actions"]["secret"].reference]
    assert secret and secret[0][-1] == "Exempt"
    assert ws.oddHeader.center.text == MARK and ws.oddFooter.center.text == MARK
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref.startswith("A2:")


def test_the_csv_log_is_utf8_with_bom_for_excel(browser, make, panel, frozen):
    browser.login(make.user("member"))
    response = browser.get("/committees/stronger-communities/action-log.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Reference", "Committee", "Meeting"]
    assert rows[1][0] == panel["actions"]["overdue"].reference and rows[1][2] == "2026-06-10"
    assert len(rows) == 4


def test_the_exempt_csv_starts_by_saying_so(browser, panel, frozen):
    browser.login(panel["scrutiny"])
    text = browser.get("/committees/stronger-communities/action-log.csv?exempt=1").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [MARK]
    assert any("Acme" in cell for row in rows for cell in row)


def test_closed_actions_leave_the_next_log(browser, panel, frozen):
    """The committee confirms a completed action at its meeting: the next log no longer shows it."""
    browser.login(panel["scrutiny"])
    done = panel["actions"]["done"]
    log = f"/committees/stronger-communities/action-log?meeting={panel['dec'].id}"
    assert done.reference in refs(browser.get(log).get_data(as_text=True))
    response = browser.post(f"/meetings/{panel['sept'].id}/close-actions", data={"action_ids": [str(done.id)]})
    assert response.status_code == 303
    assert done.reference not in refs(browser.get(log).get_data(as_text=True))
    rows = list(csv.reader(io.StringIO(browser.get(log.replace("action-log?", "action-log.csv?")).data.decode("utf-8-sig"))))
    assert done.reference not in [r[0] for r in rows]


def test_the_committee_page_links_to_the_log_and_its_files(browser, make, panel):
    browser.login(make.user("member"))
    body = browser.get("/committees/stronger-communities").get_data(as_text=True)
    for href in ("action-log", "action-log.docx", "action-log.xlsx", "action-log.csv"):
        assert f'href="/committees/stronger-communities/{href}"' in body


# ------------------------------------------------------------- formula injection

@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise_prefixes_formula_starts(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Circulate the note", "5", "", None, 3, date(2026, 1, 1)])
def test_neutralise_leaves_everything_else(value):
    assert neutralise(value) == value


@pytest.fixture
def hostile(make):
    """An action whose description, owner role and latest note are formulas."""
    committee = make.committee("Panel", slug="panel", code="PNL")
    meeting = make.meeting(committee, on=date(2026, 6, 10))
    action = make.action(meeting, description="=HYPERLINK(\"http://evil.example\",\"Click\")",
                         owner_role="@Chief Inspector", due=date(2027, 1, 1))
    scrutiny = make.user("scrutiny")
    change_status(action, scrutiny, "in_progress", "-1+1", action.version)
    db.session.commit()
    return dict(action=action, scrutiny=scrutiny)


def _cells_of(fmt: str, data: bytes) -> list:
    if fmt == "xlsx":
        ws = load_workbook(io.BytesIO(data)).active
        return [(cell.value, cell.data_type) for row in ws.iter_rows() for cell in row]
    return [(v, "s") for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for v in row]


@pytest.mark.parametrize("url", ["/committees/panel/action-log.xlsx", "/committees/panel/action-log.csv",
                                 "/actions/export.xlsx", "/actions/export.csv"])
def test_every_export_neutralises_formulas(browser, hostile, url, frozen):
    browser.login(hostile["scrutiny"])
    response = browser.get(url)
    assert response.status_code == 200
    cells = _cells_of(url.rsplit(".", 1)[1], response.data)
    values = [v for v, _ in cells if isinstance(v, str)]
    assert "'=HYPERLINK(\"http://evil.example\",\"Click\")" in values
    assert any(v.startswith("'@Chief Inspector") for v in values)
    assert "'-1+1" in values
    assert all(kind != "f" for _, kind in cells)  # no formula cells at all
    assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in values)


# ------------------------------------------------------------- /actions downloads

def test_download_these_results_keeps_the_filters(browser, make, panel, frozen):
    browser.login(make.user("member"))
    page = browser.get("/actions?committee=stronger-communities&q=knife").get_data(as_text=True)
    assert 'href="/actions/export.csv?committee=stronger-communities&amp;q=knife"' in page
    response = browser.get("/actions/export.xlsx?committee=stronger-communities&q=knife")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    a = panel["actions"]
    assert [r[0] for r in rows[1:]] == [a["overdue"].reference, a["later"].reference]


def test_downloads_leave_exempt_actions_to_scrutiny_officers(browser, other_browser, make, panel, frozen):
    browser.login(make.user("member"))
    member_csv = browser.get("/actions/export.csv").data.decode("utf-8-sig")
    assert "Acme" not in member_csv
    other_browser.login(panel["scrutiny"])
    scrutiny_rows = list(csv.reader(io.StringIO(other_browser.get("/actions/export.csv").data.decode("utf-8-sig"))))
    assert scrutiny_rows[0][-1] == "Exempt"
    assert [r[-1] for r in scrutiny_rows if "Acme" in r[4]] == ["Exempt"]


def test_a_download_with_bad_filters_is_400(browser, make, panel):
    browser.login(make.user("member"))
    response = browser.get("/actions/export.csv?due_before=tomorrow")
    assert response.status_code == 400
    assert b"due-before date" in response.data


def test_downloads_need_sign_in(app, panel):
    client = app.test_client()
    for url in ("/actions/export.csv", "/committees/stronger-communities/action-log.docx"):
        assert client.get(url).status_code in (302, 303)


# ------------------------------------------------------------- no query per row

def test_the_log_costs_the_same_queries_for_3_rows_as_for_30(browser, make, count_queries, frozen):
    browser.login(make.user("member"))
    committee = make.committee(slug="busy")
    officers = [make.user("officer") for _ in range(3)]
    scrutiny = make.user("scrutiny")

    def add(n):
        for i in range(n):
            meeting = make.meeting(committee, on=date(2026, 1 + i % 10, 1 + i % 27))
            item = make.agenda_item(meeting, number=str(i))
            action = make.action(meeting, owner=officers[i % 3], agenda_item=item, due=date(2027, 1, 1))
            change_status(action, scrutiny, "in_progress", f"note {i}", action.version)
            db.session.commit()

    add(3)
    with count_queries() as few:
        assert len(refs(browser.get("/committees/busy/action-log").get_data(as_text=True))) == 3
    add(27)
    with count_queries() as many:
        assert len(refs(browser.get("/committees/busy/action-log").get_data(as_text=True))) == 30
    assert few() == many()
    with count_queries() as few_xlsx:
        browser.get("/committees/busy/action-log.xlsx")
    assert few_xlsx() <= many()


def test_the_log_on_screen_is_a_page_at_a_time_and_whole_to_print(app, browser, make, panel, frozen):
    """A page of the log at a time (its total, next and previous); ?all=1 is the whole log
    for printing, in the same order."""
    app.config["ACTION_LOG_PER_PAGE"] = 2
    browser.login(make.user("member"))
    a = panel["actions"]
    whole = [a["overdue"].reference, a["done"].reference, a["later"].reference]
    first = browser.get("/committees/stronger-communities/action-log").get_data(as_text=True)
    assert refs(first) == whole[:2]
    assert "Showing 1 to 2 of 3 actions" in first and "Page 1 of 2" in first
    assert 'rel="next" href="/committees/stronger-communities/action-log?page=2"' in first
    second = browser.get("/committees/stronger-communities/action-log?page=2").get_data(as_text=True)
    assert refs(second) == whole[2:]
    assert "Showing 3 to 3 of 3 actions" in second and 'rel="prev"' in second
    printable = browser.get("/committees/stronger-communities/action-log?all=1").get_data(as_text=True)
    assert refs(printable) == whole and "Page 1 of" not in printable
    assert browser.get("/committees/stronger-communities/action-log?page=3").status_code == 404
    for bad in ("page=0", "page=x", "page=-1", "all=yes"):
        response = browser.get(f"/committees/stronger-communities/action-log?{bad}")
        assert response.status_code == 400, bad


def test_the_agenda_choice_offers_the_latest_meetings_and_the_chosen_one(browser, make, frozen):
    committee = make.committee(slug="long-running")
    meetings = [make.meeting(committee, on=date(2020 + i // 12, 1 + i % 12, 5)) for i in range(30)]
    browser.login(make.user("member"))

    def offered(query=""):
        body = browser.get(f"/committees/long-running/action-log{query}").get_data(as_text=True)
        select = body.split('id="meeting"')[1].split("</select>")[0]
        return [int(v) for v in re.findall(r'<option value="(\d+)"', select)]

    latest = [m.id for m in reversed(meetings)][:24]
    assert offered() == latest
    oldest = meetings[0].id
    assert offered(f"?meeting={oldest}") == latest + [oldest]


@pytest.mark.parametrize("query", ["page=" + "9" * 5000, "meeting=" + "9" * 5000, "page=２"])
def test_absurdly_long_numbers_are_a_400_not_a_500(browser, make, panel, query):
    """Python will not read a number of over 4,300 digits: check the length first."""
    browser.login(make.user("member"))
    assert browser.get(f"/committees/stronger-communities/action-log?{query}").status_code == 400
