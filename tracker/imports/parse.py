"""Reading a council's action log spreadsheet (.xlsx or .csv) and checking its rows.

Pure functions, no database: tracker/imports/rules.py decides what the rows become."""
from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

from tracker.forms import strip_text
from tracker.models import ActionStatus

MAX_BYTES = 4 * 1024 * 1024
MAX_ROWS = 5000
# An .xlsx is a zip: refuse one that unpacks to far more than it weighs (a "zip bomb").
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
EXTENSIONS = ("xlsx", "csv")

DESCRIPTION_MAX = 2000
OWNER_MAX = 200
MINUTE_MAX = 20
UPDATE_MAX = 5000


class ImportFileError(ValueError):
    """The file cannot be read as a spreadsheet: the message says why, in words."""


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    required: bool
    guesses: tuple[str, ...]


# In the order a council's action log usually has them. Guesses are compared with the
# header lower-cased, punctuation turned to spaces: exact matches first, then containment.
FIELDS = (
    Field("meeting_date", "Meeting date", True,
          ("meeting date", "date of meeting", "meeting", "committee date", "date raised", "date of panel", "date")),
    Field("minute", "Minute number", False,
          ("minute number", "minute no", "minute ref", "minute reference", "min no", "minute", "item no",
           "agenda item", "item number", "item")),
    Field("description", "Action", True,
          ("action", "action required", "action agreed", "actions", "action point", "description", "recommendation")),
    Field("owner", "Responsible officer", True,
          ("responsible officer", "officer responsible", "action owner", "lead officer", "owner", "responsible",
           "officer", "lead", "who")),
    Field("due", "Due date", False,
          ("due date", "date due", "due", "deadline", "target date", "timescale", "by when", "completion date")),
    Field("status", "Status", False, ("status", "progress status", "current status", "rag status")),
    Field("update", "Latest update", False,
          ("latest update", "update", "progress update", "progress", "comments", "comment", "notes", "response")),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}

STATUS_WORDS = {
    ActionStatus.OPEN: ("open", "not started", "outstanding", "new", "ongoing", "to do", "pending", "live"),
    ActionStatus.IN_PROGRESS: ("in progress", "progressing", "underway", "under way", "started", "in hand", "on track"),
    ActionStatus.DEFERRED: ("deferred", "on hold", "postponed", "delayed"),
    ActionStatus.COMPLETED: ("completed", "complete", "done", "finished", "completed awaiting confirmation",
                             "complete awaiting sign off"),
    ActionStatus.CLOSED: ("closed", "signed off", "confirmed closed", "closed confirmed"),
    ActionStatus.WITHDRAWN: ("withdrawn", "no longer required", "cancelled", "superseded"),
}
_STATUS_LOOKUP = {word: status for status, words in STATUS_WORDS.items() for word in words}

_NEXT_MEETING = re.compile(r"\b(next|future|following|subsequent)\b.*\b(meeting|committee|panel|board)\b", re.I)
_SEPT = re.compile(r"\bSept\b", re.I)
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.I)
_DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y",
                 "%d %B %y", "%d %b %y", "%d-%b-%Y", "%d-%b-%y", "%Y-%m-%d %H:%M:%S")


@dataclass
class Table:
    headers: list[str]
    # Each row as read (text, or dates for date cells) with its row number in the file.
    rows: list[tuple[int, list]]


@dataclass
class ParsedRow:
    number: int
    meeting_date: date
    minute: str
    description: str
    owner: str
    due_date: date | None
    due_next_meeting: bool
    status: ActionStatus
    update: str


@dataclass
class RowError:
    number: int
    column: str
    reason: str


@dataclass
class Checked:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# ------------------------------------------------------------------ reading

def read_table(data: bytes, extension: str) -> Table:
    """The header row and the rows under it; ImportFileError for anything that is not a
    readable spreadsheet of the kind the extension says."""
    if extension not in EXTENSIONS:
        raise ImportFileError("The file must be an Excel workbook (.xlsx) or a CSV file (.csv)")
    if not data:
        raise ImportFileError("The file is empty")
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"The file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    raw_rows = _xlsx_rows(data) if extension == "xlsx" else _csv_rows(data)
    header_at = None
    rows: list[tuple[int, list]] = []
    for number, row in raw_rows:
        values = [_clean(v) for v in row]
        if not any(v not in ("", None) for v in values):
            continue
        if header_at is None:
            header_at = number
            headers = [str(v or "").strip() for v in values]
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise ImportFileError(f"The file has more than {MAX_ROWS} rows: split it into smaller files")
    if header_at is None:
        raise ImportFileError("The file has no rows: the first row should be the column headings")
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise ImportFileError("The first row should be the column headings, such as Action and Due date")
    width = len(headers)
    return Table(headers=headers, rows=[(n, (v + [""] * width)[:width]) for n, v in rows])


def _clean(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return strip_text(str(value))


def _csv_rows(data: bytes):
    if b"\x00" in data:
        raise ImportFileError("The file is not a CSV file: it contains binary data. Save it from Excel as CSV, or upload the .xlsx")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves "CSV" in the Windows code page unless told UTF-8.
        text = data.decode("cp1252", errors="replace")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1))
    except csv.Error as error:
        raise ImportFileError(f"The CSV file could not be read: {error}") from None


def _xlsx_rows(data: bytes):
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError("The file is not an Excel workbook (.xlsx). Older .xls files: save them as .xlsx first")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise ImportFileError("The workbook is too large once opened: split it into smaller files")
    except zipfile.BadZipFile:
        raise ImportFileError("The file is not an Excel workbook (.xlsx): it could not be opened") from None
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; they do not matter here.
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                rows, filled = [], 0
                for n, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                    if any(v is not None for v in row):
                        filled += 1
                        if filled > MAX_ROWS + 1:
                            raise ImportFileError(f"The file has more than {MAX_ROWS} rows: split it into smaller files")
                        rows.append((n, list(row)))
            finally:
                book.close()
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean "cannot read it"
        raise ImportFileError("The Excel workbook could not be read: open it in Excel, save it again and retry") from None
    return rows


# ------------------------------------------------------------------ mapping

def _norm_header(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def guess_mapping(headers: list[str]) -> dict[str, int | None]:
    """Which column holds each field, guessed from the headings: exact names first, then
    headings that contain a known name (longest first), each column used once."""
    normal = [_norm_header(h) for h in headers]
    mapping: dict[str, int | None] = {f.name: None for f in FIELDS}
    used: set[int] = set()
    for f in FIELDS:
        for guess in f.guesses:
            if guess in normal and normal.index(guess) not in used:
                mapping[f.name] = normal.index(guess)
                used.add(mapping[f.name])
                break
    candidates = sorted(((len(g), f.name, g) for f in FIELDS for g in f.guesses), reverse=True)
    for _length, name, guess in candidates:
        if mapping[name] is not None:
            continue
        for index, header in enumerate(normal):
            if index not in used and re.search(rf"\b{re.escape(guess)}\b", header):
                mapping[name] = index
                used.add(index)
                break
    return mapping


def mapping_errors(mapping: dict[str, int | None], headers: list[str]) -> dict[str, str]:
    errors = {}
    seen: dict[int, str] = {}
    for f in FIELDS:
        index = mapping.get(f.name)
        if index is None:
            if f.required:
                errors[f.name] = f"Choose the column that holds the {f.title.lower()}"
            continue
        if not 0 <= index < len(headers):
            errors[f.name] = f"Choose a column of the file for the {f.title.lower()}"
        elif index in seen:
            errors[f.name] = f"“{headers[index]}” is already the {FIELD_BY_NAME[seen[index]].title.lower()}: choose another column"
        else:
            seen[index] = f.name
    return errors


# ------------------------------------------------------------------ values

def parse_date(value) -> date | None:
    """A date from a cell: a real date cell, or text in a UK format (31/01/2027, 31 Jan 2027,
    2027-01-31). None when it is not one."""
    if isinstance(value, date):
        return value if date(2000, 1, 1) <= value <= date(2100, 12, 31) else None
    text = _SEPT.sub("Sep", _ORDINAL.sub("", " ".join(str(value).replace(",", " ").split())))
    for fmt in _DATE_FORMATS:
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return day if date(2000, 1, 1) <= day <= date(2100, 12, 31) else None
    return None


def parse_status(text: str) -> ActionStatus | None:
    key = " ".join(re.sub(r"[^a-z]+", " ", text.lower()).split())
    if not key:
        return ActionStatus.OPEN
    return _STATUS_LOOKUP.get(key)


def _text(value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    return str(value or "").strip()


def check_rows(table: Table, mapping: dict[str, int | None]) -> Checked:
    """Every row either parsed or explained: row number, column heading and reason."""
    result = Checked()

    def cell(row, name):
        index = mapping.get(name)
        return row[index] if index is not None else ""

    def title(name):
        index = mapping.get(name)
        return table.headers[index] if index is not None else FIELD_BY_NAME[name].title

    for number, row in table.rows:
        errors: list[RowError] = []

        def fail(name, reason):
            errors.append(RowError(number, title(name), reason))

        raw_meeting = cell(row, "meeting_date")
        meeting_date = parse_date(raw_meeting) if raw_meeting != "" else None
        if raw_meeting == "":
            fail("meeting_date", "Enter the date of the meeting the action arose at")
        elif meeting_date is None:
            fail("meeting_date", f"“{_text(raw_meeting)}” is not a date: use a date like 31/01/2027")

        description = _text(cell(row, "description"))
        if not description:
            fail("description", "Enter the action: this cell is empty")
        elif len(description) > DESCRIPTION_MAX:
            fail("description", f"The action must be {DESCRIPTION_MAX} characters or fewer")

        owner = _text(cell(row, "owner"))
        if not owner:
            fail("owner", "Enter the responsible officer (a name or a job title)")
        elif len(owner) > OWNER_MAX:
            fail("owner", f"The responsible officer must be {OWNER_MAX} characters or fewer")

        minute = _text(cell(row, "minute"))
        if len(minute) > MINUTE_MAX:
            fail("minute", f"The minute number must be {MINUTE_MAX} characters or fewer")

        raw_due = cell(row, "due")
        due_date, next_meeting = None, False
        if raw_due != "":
            if not isinstance(raw_due, date) and _NEXT_MEETING.search(str(raw_due)):
                next_meeting = True
            else:
                due_date = parse_date(raw_due)
                if due_date is None:
                    fail("due", f"“{_text(raw_due)}” is not a date: use a date like 31/01/2027, or “next meeting”")

        raw_status = _text(cell(row, "status"))
        status = parse_status(raw_status)
        if status is None:
            fail("status", f"Unknown status “{raw_status}”: use open, in progress, deferred, completed, closed or withdrawn")

        update = _text(cell(row, "update"))
        if len(update) > UPDATE_MAX:
            fail("update", f"The latest update must be {UPDATE_MAX} characters or fewer")

        if errors:
            result.errors.extend(errors)
            continue
        result.rows.append(ParsedRow(number, meeting_date, minute, description, owner, due_date,
                                     next_meeting, status, update))
    return result


def normalise_action(text: str) -> str:
    """The action's words for matching a re-import: case, spacing and end punctuation ignored."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())
