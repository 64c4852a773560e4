"""Crafted files that cost far more to read than they weigh, built in the test (never stored):
the bounds on every upload reader are proved with them."""
from __future__ import annotations

import io


def docx_with_huge_part(megabytes: int = 200) -> bytes:
    """A real .docx whose text part unpacks to `megabytes` MB of empty paragraphs: a few
    hundred KB on the wire. Written in 1 MB chunks, never held whole."""
    import zipfile

    import docx

    document, base = docx.Document(), io.BytesIO()
    document.add_paragraph("Minutes")
    document.save(base)
    base = base.getvalue()
    out = io.BytesIO()
    chunk = b"<w:p/>" * (1024 * 1024 // 6)
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source.read(info))
                continue
            with target.open("word/document.xml", "w", force_zip64=True) as part:
                for _ in range(megabytes * 1024 * 1024 // len(chunk)):
                    part.write(chunk)
    return out.getvalue()


def slow_pdf(operators: int = 1_500_000) -> bytes:
    """A one-page PDF of some 40 KB whose compressed content stream holds 1.5 million text
    operators: pypdf works through each of them, for far longer than the limit."""
    import zlib

    stream = zlib.compress(b"BT /F1 12 Tf " + b"1 0 Td (x) Tj " * operators + b"ET", 9)
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return out


def xlsx_declaring(rows_xml: str, dimension: str | None = "A1:XFD1048576") -> bytes:
    """A small workbook whose sheet declares `dimension` (None: no dimension at all) and holds
    a heading row, one action and then `rows_xml` (the rest of the sheet's rows, as XML)."""
    import re
    import zipfile
    from datetime import date

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Date of meeting", "Action", "Responsible officer"])
    book.active.append([date(2026, 6, 10), "Circulate the briefing note", "Priya Shah"])
    base = io.BytesIO()
    book.save(base)
    out = io.BytesIO()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = re.sub(r"<dimension [^>]*/>", f'<dimension ref="{dimension}"/>' if dimension else "", text)
                text = text.replace("</sheetData>", rows_xml + "</sheetData>")
                data = text.encode()
            target.writestr(info.filename, data)
    return out.getvalue()


def empty_rows(first: int, count: int) -> str:
    return "".join(f'<row r="{n}"/>' for n in range(first, first + count))


def csv_with_wide_header(columns: int = 100_000) -> bytes:
    return (",".join(f"Column {n}" for n in range(columns)) + "\n10/06/2026,Circulate the note,Priya Shah\n").encode()
