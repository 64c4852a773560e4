"""Writing the action log and exports as Word, Excel and CSV files (bytes, for a download)."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tracker.models import Action
from tracker.reports.cells import Column, row_values, status_text
from tracker.reports.log import EXEMPT_MARK, ActionLog
from tracker.text import xml_safe

DATE_FORMAT = "d mmm yyyy"


@dataclass
class Sheet:
    """A flat table of actions: what the xlsx and csv writers need."""

    title: str
    subtitle: str
    columns: tuple[Column, ...]
    records: list[tuple[Action, str | None]]
    day: date
    exempt: bool = False


def to_csv(sheet: Sheet) -> bytes:
    """UTF-8 with a byte order mark, so Excel opens accents and pound signs correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if sheet.exempt:
        writer.writerow([EXEMPT_MARK])
    writer.writerow([col.title for col in sheet.columns])
    for action, note in sheet.records:
        values = row_values(action, note, sheet.day, sheet.columns)
        writer.writerow([v.isoformat() if isinstance(v, date) else ("" if v is None else v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(sheet: Sheet) -> bytes:
    """One row per action, dates as dates, the header frozen and filterable."""
    book = Workbook()
    ws = book.active
    ws.title = "Actions"
    book.properties.title = xml_safe(sheet.title)
    book.properties.subject = xml_safe(sheet.subtitle)
    header_row = 1
    if sheet.exempt:
        # The exempt version says so above the table and on every printed page.
        ws.append([EXEMPT_MARK])
        ws["A1"].font = Font(bold=True, color="D4351C", size=14)
        header_row = 2
        for part in (ws.oddHeader, ws.evenHeader, ws.firstHeader, ws.oddFooter, ws.evenFooter, ws.firstFooter):
            part.center.text = EXEMPT_MARK
    else:
        ws.oddFooter.center.text = xml_safe(sheet.title)
    ws.append([col.title for col in sheet.columns])
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for action, note in sheet.records:
        ws.append(row_values(action, note, sheet.day, sheet.columns))
        for col_index, col in enumerate(sheet.columns, start=1):
            cell = ws.cell(row=ws.max_row, column=col_index)
            cell.alignment = wrap
            if col.is_date and cell.value is not None:
                cell.number_format = DATE_FORMAT
    for col_index, col in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(col_index)].width = col.width
    last = get_column_letter(len(sheet.columns))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{last}{max(ws.max_row, header_row)}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


LOG_HEADINGS = ("Reference", "Minute", "Action", "Owner", "Due", "Status", "Latest update")
# Millimetres across A4 landscape less margins (297 - 2 x 15).
LOG_WIDTHS = (28, 14, 78, 38, 28, 30, 51)


def _repeat_as_header(row) -> None:
    """Mark a table row as a header row: Word repeats it on every page and screen readers
    announce it as the column headers."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _describe_table(table, caption: str) -> None:
    """Alternative text for the table (Word's Table Properties > Alt Text)."""
    tbl_pr = table._tbl.tblPr
    for tag, text in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), text)
        tbl_pr.append(element)


def _set_header_footer(section, text: str, bold: bool) -> None:
    for part in (section.header, section.footer):
        paragraph = part.paragraphs[0]
        paragraph.text = ""
        run = paragraph.add_run(text)
        run.bold = bold


def to_docx(log: ActionLog, council: str) -> bytes:
    """The log as a Word document for the agenda pack: headings as Word headings, one real
    table per meeting with a repeating header row, A4 landscape."""
    doc = Document()
    props = doc.core_properties
    props.title = xml_safe(log.title) + (" (exempt)" if log.exempt else "")
    props.subject = xml_safe(log.subtitle)
    props.author = xml_safe(council)
    props.language = "en-GB"
    props.keywords = "action log, scrutiny"

    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    _set_header_footer(section, EXEMPT_MARK if log.exempt else xml_safe(f"{council}: {log.title}"), bold=log.exempt)

    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)

    doc.add_heading(xml_safe(log.title), level=1)
    if log.exempt:
        doc.add_paragraph().add_run(EXEMPT_MARK).bold = True
    doc.add_paragraph(xml_safe(log.subtitle))
    if not log.groups:
        doc.add_paragraph("There are no outstanding actions.")
    for group in log.groups:
        heading = f"Meeting of {group.meeting.starts_at:%-d %B %Y}"
        doc.add_heading(heading, level=2)
        table = doc.add_table(rows=1, cols=len(LOG_HEADINGS))
        table.style = "Table Grid"
        table.autofit = False
        _describe_table(table, f"Actions arising from the {heading.lower()}")
        header = table.rows[0]
        _repeat_as_header(header)
        for cell, text, width in zip(header.cells, LOG_HEADINGS, LOG_WIDTHS):
            cell.width = Mm(width)
            cell.paragraphs[0].add_run(text).bold = True
        for row in group.rows:
            action = row.action
            status = status_text(action) + f" ({action.rag(log.day).label})"
            if action.exempt:
                status += ". Exempt"
            values = (action.reference, row.minute, action.description, action.owner_label,
                      action.due_label, status, row.latest_update or "")
            cells = table.add_row().cells
            for cell, text, width in zip(cells, values, LOG_WIDTHS):
                cell.width = Mm(width)
                cell.text = xml_safe(text)  # whatever is stored, the file must open
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
