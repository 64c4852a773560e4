"""Reading a council's action log spreadsheet (.xlsx or .csv) and checking its rows.

Pure functions, no database: tracker/imports/rules.py decides what the rows become."""
from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime

from tracker.forms import strip_text
from tracker.models import ActionStatus
from tracker.uploads import UploadLimitError, check_zip

MAX_BYTES = 4 * 1024 * 1024
MAX_ROWS = 5000
# Rows as read, empty ones included: the 5,000 actions, a heading row and room for a title
# and blank lines above or between them.
MAX_SHEET_ROWS = MAX_ROWS + 100
# An action log has a dozen columns; 50 leaves room for a council's own, and a row's text
# is bounded whatever its width.
MAX_COLUMNS = 50
MAX_ROW_CHARS = 50_000
# A sheet may declare a little more than it holds (Excel counts formatted cells); far more
# than the limits is refused before a row is read.
MAX_DECLARED_ROWS = 2 * MAX_SHEET_ROWS
MAX_DECLARED_COLUMNS = 2 * MAX_COLUMNS
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
    Field("exempt", "Exempt (yes or no)", False,
          ("exempt", "exempt information", "confidential", "part 2", "part ii", "restricted")),
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

# How a council's log marks a confidential (exempt) row; anything else is refused, never guessed.
_YES = ("yes", "y", "true", "1", "x", "exempt", "confidential", "part 2", "part ii", "restricted")
_NO = ("", "no", "n", "false", "0", "not exempt", "public", "open")

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
    # How a CSV file's bytes were read ("UTF-8", "Windows-1252", ...), shown on the preview.
    encoding: str | None = None


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
    exempt: bool = False


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
    readable spreadsheet of the kind the extension says, or that is over the bounds. Rows
    and columns are counted as they are read, empty ones included, and reading stops at the
    first one over: a small file cannot make the server build a huge table."""
    if extension not in EXTENSIONS:
        raise ImportFileError("The file must be an Excel workbook (.xlsx) or a CSV file (.csv)")
    if not data:
        raise ImportFileError("The file is empty")
    if len(data) > MAX_BYTES:
        raise ImportFileError(f"The file must be smaller than {MAX_BYTES // (1024 * 1024)} MB")
    encoding = None
    if extension == "xlsx":
        raw_rows = _xlsx_rows(data)
    else:
        text, encoding = decode_csv(data)
        raw_rows = _csv_rows(text)
    header_at = None
    rows: list[tuple[int, list]] = []
    with closing(raw_rows):
        for number, row in raw_rows:
            if number > MAX_SHEET_ROWS:
                raise ImportFileError(
                    f"The file has more than {MAX_SHEET_ROWS:,} rows, counting empty ones: "
                    f"delete the empty rows under the table, or split it into files of up to {MAX_ROWS:,} actions"
                )
            if len(row) > MAX_COLUMNS:
                # Empty cells past the limit (a formatted column) are dropped; a row stored
                # far wider, even empty, is refused: openpyxl builds each one whole.
                if len(row) > MAX_DECLARED_COLUMNS or any(v not in ("", None) for v in row[MAX_COLUMNS:]):
                    raise ImportFileError(
                        f"Row {number} has more than {MAX_COLUMNS} columns: keep only the action log's columns"
                    )
                row = row[:MAX_COLUMNS]
            values = [_clean(v) for v in row]
            if not any(v not in ("", None) for v in values):
                continue
            if sum(len(v) for v in values if isinstance(v, str)) > MAX_ROW_CHARS:
                raise ImportFileError(f"Row {number} is longer than {MAX_ROW_CHARS:,} characters: shorten it")
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
    return Table(headers=headers, rows=[(n, (v + [""] * width)[:width]) for n, v in rows], encoding=encoding)


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


_ENCODING_NAMES = {"utf_8": "UTF-8", "utf_16": "UTF-16", "utf_16_le": "UTF-16", "utf_16_be": "UTF-16",
                   "cp1252": "Windows-1252", "latin_1": "Latin-1 (ISO 8859-1)", "iso8859_15": "Latin-9 (ISO 8859-15)",
                   "iso8859_14": "Latin-8 (ISO 8859-14, Welsh)", "mac_roman": "Mac Roman"}
_UK_ENCODINGS = ("cp1252", "iso8859_15", "latin_1", "iso8859_14", "mac_roman")
# A few bytes that are not UTF-8 in a file that otherwise is: pasted from an older document.
_STRAY_MAX = 20


def decode_csv(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and, in words, how it was read. Excel saves "CSV" as UTF-8
    (with a BOM), as UTF-16 ("Unicode text") or in the Windows code page; anything else is
    left to charset-normalizer. ImportFileError when no encoding reads it cleanly: a wrong
    guess would import garbled text without anyone noticing."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _not_binary(data.decode("utf-16")), "UTF-16"
        except UnicodeDecodeError:
            raise ImportFileError("The file says it is UTF-16 text but is not: save it from Excel as “CSV UTF-8”") from None
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return _not_binary(body.decode("utf-8")), "UTF-8"
    except UnicodeDecodeError:
        pass
    stray = _stray_bytes(body)
    if stray is not None:
        lines = sorted({body.count(b"\n", 0, at) + 1 for at in stray})
        shown = ", ".join(str(n) for n in lines[:5]) + (" and more" if len(lines) > 5 else "")
        text = body.decode("utf-8", errors="tracker-cp1252")
        return _not_binary(text), (
            f"UTF-8, except {len(stray)} character{'s' if len(stray) != 1 else ''} on line{'s' if len(lines) != 1 else ''} "
            f"{shown} read as Windows-1252: check {'them' if len(stray) != 1 else 'it'} in the preview"
        )
    if b"\x00" in body and not _looks_utf16(body):
        raise ImportFileError("The file is not a CSV file: it contains binary data. Save it from Excel as CSV, or upload the .xlsx")
    from charset_normalizer import from_bytes

    matches = from_bytes(body)
    best = matches.best()
    if best is None:
        raise ImportFileError("The file's text encoding could not be recognised: save it from Excel as “CSV UTF-8” and upload it again")
    # A short English text reads as cleanly in a dozen code pages (cp1250 turns £ into Ł):
    # of those that read it as cleanly as the best, take the one a UK council's Excel uses.
    clean = [m for m in matches if m.chaos <= best.chaos + 0.01]
    encoding = next((preferred for preferred in _UK_ENCODINGS
                     if any(preferred in m.could_be_from_charset for m in clean)), best.encoding)
    try:
        text = body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ImportFileError("The file's text encoding could not be recognised: save it from Excel as “CSV UTF-8” and upload it again") from None
    return _not_binary(text), _ENCODING_NAMES.get(encoding, encoding.replace("_", "-").upper())


def _stray_bytes(body: bytes) -> list[int] | None:
    """Where the bytes that are not UTF-8 are, if the file is otherwise UTF-8 (it has UTF-8
    characters of more than one byte, and only a few that are not); None if it is not UTF-8."""
    stray: list[int] = []
    position, multibyte = 0, False
    while position < len(body):
        try:
            chunk = body[position:].decode("utf-8")
            multibyte = multibyte or len(chunk) != len(body) - position
            break
        except UnicodeDecodeError as error:
            good = body[position:position + error.start].decode("utf-8")
            multibyte = multibyte or len(good) != error.start
            stray.append(position + error.start)
            if len(stray) > _STRAY_MAX:
                return None
            position += error.start + 1
    return stray if multibyte else None


def _cp1252_for_stray(error: UnicodeDecodeError):
    return error.object[error.start:error.start + 1].decode("cp1252", errors="replace"), error.start + 1


codecs.register_error("tracker-cp1252", _cp1252_for_stray)


def _looks_utf16(body: bytes) -> bool:
    return body[1::2].count(0) > len(body) // 4 or body[0::2].count(0) > len(body) // 4


def _not_binary(text: str) -> str:
    if "\x00" in text:
        raise ImportFileError("The file is not a CSV file: it contains binary data. Save it from Excel as CSV, or upload the .xlsx")
    return text


def _csv_rows(text: str):
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        yield from enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1)
    except csv.Error as error:  # a field over the csv module's own limit (128 KB) among others
        raise ImportFileError(f"The CSV file could not be read: {error}") from None


def _xlsx_rows(data: bytes):
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFileError("The file is not an Excel workbook (.xlsx). Older .xls files: save them as .xlsx first")
    try:
        check_zip(data, MAX_UNZIPPED_BYTES, MAX_UNZIPPED_BYTES)
    except zipfile.BadZipFile:
        raise ImportFileError("The file is not an Excel workbook (.xlsx): it could not be opened") from None
    except UploadLimitError as error:
        raise ImportFileError(f"The workbook cannot be read: {error}. Split it into smaller files") from None
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it ignores; they do not matter here.
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                sheet = book.worksheets[0]
                # The size the sheet declares: openpyxl would pad every row to its width.
                if (sheet.max_column or 0) > MAX_DECLARED_COLUMNS or (sheet.max_row or 0) > MAX_DECLARED_ROWS:
                    raise ImportFileError(
                        f"The sheet says it is {sheet.max_row:,} rows by {sheet.max_column:,} columns: "
                        f"the limit is {MAX_SHEET_ROWS:,} rows and {MAX_COLUMNS} columns. Copy the action log "
                        "alone into a new workbook and upload that"
                    )
                # Read each row as it is stored, not padded to the declared width: the
                # widths and the number of rows are counted by read_table as they come.
                sheet.reset_dimensions()
                yield from enumerate(sheet.iter_rows(values_only=True), start=1)
            finally:
                book.close()
    except (ImportFileError, GeneratorExit):
        raise
    except Exception:  # openpyxl raises many kinds for a damaged file; all mean "cannot read it"
        raise ImportFileError("The Excel workbook could not be read: open it in Excel, save it again and retry") from None


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

        raw_exempt = " ".join(_text(cell(row, "exempt")).casefold().split())
        exempt = raw_exempt in _YES
        if not exempt and raw_exempt not in _NO:
            fail("exempt", f"“{_text(cell(row, 'exempt'))}” is not yes or no: write yes for a confidential (exempt) action, no otherwise")

        if errors:
            result.errors.extend(errors)
            continue
        result.rows.append(ParsedRow(number, meeting_date, minute, description, owner, due_date,
                                     next_meeting, status, update, exempt))
    return result


def normalise_action(text: str) -> str:
    """The action's words for matching a re-import: case, spacing and end punctuation ignored."""
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())
