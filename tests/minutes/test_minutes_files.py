"""read_minutes_file: .txt/.docx/.pdf uploads and clear errors for bad ones."""
from __future__ import annotations

import io

import pytest

from hostile_files import docx_with_huge_part, slow_pdf

from tracker.minutes.files import MAX_UPLOAD_BYTES, MinutesFileError, read_minutes_file

MINUTES = "Agenda item\nBudget\nMinutes:\nHe would circulate the figures to the Panel."


def make_pdf(lines: list[str]) -> bytes:
    """A minimal one-page PDF with a text layer, written by hand (correct xref offsets)."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    content = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({esc(line)}) Tj T*" for line in lines) + " ET"
    objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{obj}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def test_txt_utf8_and_bom():
    """UTF-8 text (with or without BOM) is returned as it is, curly quotes and NBSP kept."""
    text = "Agenda item\r\nBudget\r\nThe Panel\u2019s view\u00a0was noted."
    assert read_minutes_file("m.txt", text.encode("utf-8")) == text
    assert read_minutes_file("M.TXT", b"\xef\xbb\xbf" + text.encode("utf-8")) == text


def test_txt_cp1252_fallback():
    """Windows-1252 text (curly quotes, pound sign) is decoded."""
    data = "The Council\u2019s \u00a3500 grant".encode("cp1252")
    assert read_minutes_file("m.txt", data) == "The Council\u2019s \u00a3500 grant"


def test_docx_paragraphs_and_tables():
    """A Word document gives its paragraphs joined by newlines, then its table cells."""
    data = make_docx(MINUTES.split("\n"), [["Action", "Owner"], ["Circulate figures", "Director of Finance"]])
    text = read_minutes_file("minutes.docx", data)
    assert text.startswith(MINUTES)
    assert "Circulate figures" in text and "Director of Finance" in text


def test_pdf_with_text_layer():
    """A PDF with text gives its text."""
    text = read_minutes_file("minutes.pdf", make_pdf(MINUTES.split("\n")))
    assert "He would circulate the figures to the Panel." in text
    assert text.startswith("Agenda item")


def test_pdf_without_text_layer():
    """A PDF with no extractable text (a scan) is refused with an explanation."""
    with pytest.raises(MinutesFileError, match="no text layer"):
        read_minutes_file("scan.pdf", make_pdf([]))


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("m.txt", b"", "is empty"),
        ("m.docx", b"", "is empty"),
        ("m.txt", b"abc\x00\x01\x02" * 100, "binary data"),
        ("m.txt", bytes(range(1, 32)) * 50, "binary data"),
        ("m.doc", b"whatever", r"\.txt, \.docx or \.pdf"),
        ("minutes", b"text", r"\.txt, \.docx or \.pdf"),
        ("m.exe", b"MZ\x90\x00", "not a supported file type"),
        ("m.docx", b"this is not a zip file", "could not be read as a Word document"),
        ("m.docx", b"PK\x03\x04 broken zip", "could not be read as a Word document"),
        ("m.pdf", b"%PDF-1.4\nbroken", "could not be read as a PDF"),
        ("m.pdf", b"hello", "could not be read as a PDF"),
        ("m.txt", b" \n\r\n\t ", "No text was found"),
    ],
)
def test_bad_uploads(filename, data, message):
    """Each bad upload raises MinutesFileError with a clear message (and nothing else)."""
    with pytest.raises(MinutesFileError, match=message):
        read_minutes_file(filename, data)


def test_corrupt_zip_that_is_a_zip_but_not_docx():
    """A real zip without Word content is refused as not a Word document."""
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(MinutesFileError, match="Word document"):
        read_minutes_file("m.docx", buf.getvalue())


def test_too_large_states_limit_in_mb():
    """Oversized uploads are refused and the message gives the limit in MB."""
    with pytest.raises(MinutesFileError, match=r"limit is 5 MB"):
        read_minutes_file("m.txt", b"a" * (MAX_UPLOAD_BYTES + 1))
    with pytest.raises(MinutesFileError, match=r"limit is 1 MB"):
        read_minutes_file("m.txt", b"a" * (1024 * 1024 + 1), max_bytes=1024 * 1024)


def test_error_is_a_value_error():
    """MinutesFileError is a ValueError so callers can treat it as bad input."""
    assert issubclass(MinutesFileError, ValueError)


# ------------------------------------------------------------ files that cost more than they weigh

@pytest.fixture(scope="module")
def huge_docx() -> bytes:
    return docx_with_huge_part()


def test_docx_unpacking_to_200_mb_is_refused_before_parsing(huge_docx):
    """The zip's directory says what each part unpacks to: refused before python-docx opens it."""
    assert len(huge_docx) < MAX_UPLOAD_BYTES
    with pytest.raises(MinutesFileError, match="too large once unpacked"):
        read_minutes_file("minutes.docx", huge_docx)


def test_docx_that_unpacks_far_more_than_it_weighs_is_refused():
    """Under the size limit, but 5 MB of padding squeezed into a few KB: not a real document."""
    with pytest.raises(MinutesFileError, match="far more than it weighs"):
        read_minutes_file("minutes.docx", docx_with_huge_part(5))


def test_pdf_slow_to_read_is_stopped_with_a_clear_message():
    """Extraction runs in a child process that is killed at the time limit."""
    data = slow_pdf()
    assert len(data) < 64 * 1024
    with pytest.raises(MinutesFileError, match="took too long to read"):
        read_minutes_file("minutes.pdf", data)


def test_extraction_over_the_memory_limit_is_refused():
    """The child's address space is limited: a parse that needs more is refused, the worker untouched."""
    from tracker.uploads import UploadLimitError, run_bounded

    with pytest.raises(UploadLimitError, match="more memory"):
        run_bounded(_allocate, 512 * 1024 * 1024, memory_bytes=256 * 1024 * 1024)


def _allocate(size: int) -> int:
    return len(bytearray(size))


def test_an_ordinary_docx_and_pdf_still_read_in_the_child_process():
    assert "circulate the figures" in read_minutes_file("m.docx", make_docx(MINUTES.splitlines()))
    assert "circulate the figures" in read_minutes_file("m.pdf", make_pdf(MINUTES.splitlines()))
