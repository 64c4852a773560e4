"""Read an uploaded minutes file (.txt, .docx, .pdf) into text, with user-facing errors.

python-docx and pypdf are imported lazily so the extraction core needs only the standard
library. Every problem with the upload is reported as MinutesFileError, whose str() is a
message that can be shown to the user as it is.
"""
from __future__ import annotations

import io
import os
import warnings
import zipfile

from tracker.text import xml_safe
from tracker.uploads import UploadLimitError, check_zip, run_bounded

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A Word document's text part is rarely over a few MB even for a long agenda; images are
# separate parts and do not count towards the text part.
MAX_DOCX_PART_BYTES = 30 * 1024 * 1024
MAX_DOCX_UNPACKED_BYTES = 60 * 1024 * 1024
ACCEPTED_EXTENSIONS = (".txt", ".docx", ".pdf")
_ACCEPTED_TEXT = "a .txt, .docx or .pdf file"


class MinutesFileError(ValueError):
    """A minutes upload that cannot be used; str(e) is a clear message for the user."""


def _limit_text(max_bytes: int) -> str:
    mb = max_bytes / (1024 * 1024)
    return f"{mb:g} MB" if mb >= 1 else f"{max_bytes // 1024} KB"


def read_minutes_file(filename: str, data: bytes, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """Text of an uploaded minutes file. Raises MinutesFileError for anything unusable."""
    name = os.path.basename(filename or "").strip()
    ext = os.path.splitext(name)[1].lower()
    if not name or ext not in ACCEPTED_EXTENSIONS:
        shown = f"“{name}”" if name else "The file"
        raise MinutesFileError(
            f"{shown} is not a supported file type. Upload the minutes as {_ACCEPTED_TEXT}"
            " (a Word .doc file must first be saved as .docx)."
        )
    if data is None or len(data) == 0:
        raise MinutesFileError(f"“{name}” is empty. Choose the file with the meeting's minutes and upload it again.")
    if len(data) > max_bytes:
        raise MinutesFileError(
            f"“{name}” is too large ({len(data) / (1024 * 1024):.1f} MB). The limit is {_limit_text(max_bytes)}; "
            "upload the minutes as text or split the document."
        )
    if ext == ".txt":
        text = _read_txt(name, data)
    else:
        text = _read_bounded(name, data, ext)
    text = xml_safe(text)
    if not text.strip():
        raise MinutesFileError(f"No text was found in “{name}”. Check it is the right file and that it contains the minutes.")
    return text


def _read_txt(name: str, data: bytes) -> str:
    if b"\x00" in data:
        raise MinutesFileError(
            f"“{name}” does not look like a text file (it contains binary data). Upload {_ACCEPTED_TEXT}."
        )
    text: str | None = None
    for enc in ("utf-8-sig", "utf-8"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        text = data.decode("cp1252", errors="replace")
    sample = text[:20000]
    if sample:
        bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\r\n\t\f\v") or ch in "\ufffd\x7f")
        if bad / len(sample) > 0.05:
            raise MinutesFileError(
                f"“{name}” does not look like a text file (it contains binary data). Upload {_ACCEPTED_TEXT}."
            )
    return text


def _read_bounded(name: str, data: bytes, ext: str) -> str:
    """The .docx or .pdf read in a child process under a time and memory limit, after the
    zip's unpacked sizes are checked: a 240 KB .docx can hold a 200 MB part."""
    if ext == ".docx":
        if not zipfile.is_zipfile(io.BytesIO(data)):
            raise _bad_docx(name)
        try:
            check_zip(data, MAX_DOCX_PART_BYTES, MAX_DOCX_UNPACKED_BYTES)
        except zipfile.BadZipFile:
            raise _bad_docx(name) from None
        except UploadLimitError as error:
            raise MinutesFileError(
                f"“{name}” cannot be read: {error}. Save the minutes again from Word without embedded files, "
                "or upload them as .txt."
            ) from None
    try:
        return run_bounded(_read_docx if ext == ".docx" else _read_pdf, name, data, preload=("docx", "pypdf"))
    except UploadLimitError as error:
        raise MinutesFileError(
            f"“{name}” cannot be read: {error}. Save or export the minutes again, or upload them as .docx or .txt."
        ) from None


def _bad_docx(name: str) -> MinutesFileError:
    return MinutesFileError(
        f"“{name}” could not be read as a Word document. It may be damaged, password-protected or not really "
        "a .docx file; open it in Word, save it as .docx and try again."
    )


def _read_docx(name: str, data: bytes) -> str:
    """Runs in the child process of _read_bounded."""
    bad = _bad_docx(name)
    try:
        import docx  # python-docx, imported lazily
    except ImportError as exc:  # pragma: no cover - dependency missing in deployment
        raise MinutesFileError("Word documents cannot be read on this server; upload the minutes as .txt.") from exc
    try:
        document = docx.Document(io.BytesIO(data))
        parts: list[str] = [p.text for p in document.paragraphs]
        for table in document.tables:
            for row in table.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    # merged cells repeat the same cell object; keep each once
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    parts.extend(p.text for p in cell.paragraphs)
    except MinutesFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure is a bad upload
        raise bad from exc
    return "\n".join(parts)


def _read_pdf(name: str, data: bytes) -> str:
    """Runs in the child process of _read_bounded."""
    bad = MinutesFileError(
        f"“{name}” could not be read as a PDF. It may be damaged or password-protected; "
        "save or export it again as a PDF, or upload the minutes as .docx or .txt."
    )
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise bad
    try:
        import pypdf  # imported lazily
    except ImportError as exc:  # pragma: no cover
        raise MinutesFileError("PDF files cannot be read on this server; upload the minutes as .docx or .txt.") from exc
    try:
        import logging

        logging.getLogger("pypdf").setLevel(logging.ERROR)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        raise bad
                except MinutesFileError:
                    raise
                except Exception as exc:  # noqa: BLE001
                    raise bad from exc
            pages = [page.extract_text() or "" for page in reader.pages]
    except MinutesFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many error types for broken files
        raise bad from exc
    text = "\n".join(pages)
    if not text.strip():
        raise MinutesFileError(
            f"This PDF has no text layer (it may be a scan), so “{name}” cannot be read. "
            "Upload the minutes as .docx or .txt, or a PDF saved from the original document."
        )
    return text
