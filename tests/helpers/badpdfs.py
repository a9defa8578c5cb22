"""Inputs that users really feed the tool, made on the fly from the replicas (no binary fixtures)."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pypdf
import pypdfium2
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas


def cut_pages(source: Path, keep: list[int]) -> bytes:
    """The PDF with only the given 1-based pages."""
    reader = pypdf.PdfReader(source)
    writer = pypdf.PdfWriter()
    for number in keep:
        writer.add_page(reader.pages[number - 1])
    return _bytes(writer)


def encrypted(source: Path, password: str) -> bytes:
    reader = pypdf.PdfReader(source)
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.encrypt(password, algorithm="RC4-128")
    return _bytes(writer)


def rotated(source: Path, pages: list[int], degrees: int) -> bytes:
    reader = pypdf.PdfReader(source)
    writer = pypdf.PdfWriter(clone_from=reader)
    for number in pages:
        writer.pages[number - 1].rotate(degrees)
    return _bytes(writer)


def scanned(source: Path, pages: list[int]) -> bytes:
    """The pages as pictures only, as a scanner makes them: no text layer."""
    document = pypdfium2.PdfDocument(str(source))
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=landscape(A4), invariant=1)
    for number in pages:
        image = document[number - 1].render(scale=0.5).to_pil()
        sheet.drawInlineImage(image, 0, 0, *landscape(A4))
        sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def other_report() -> bytes:
    """A PDF with plenty of text but no roadmap table."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, invariant=1)
    for y in range(800, 100, -20):
        sheet.drawString(72, y, "Annual report of the secretariat: budget, staffing and meetings.")
    sheet.showPage()
    sheet.save()
    return buffer.getvalue()


def with_long_string(source: Path, pages: list[int], length: int) -> bytes:
    """The given pages, then a page that sets one text string of `length` characters (one Tj)."""
    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=landscape(A4), invariant=1)
    sheet.setFont("Helvetica", 1)
    sheet.drawString(20, 300, ("lost words " * (length // 11 + 1))[:length])
    sheet.showPage()
    sheet.save()
    writer = pypdf.PdfWriter()
    reader = pypdf.PdfReader(source)
    for number in pages:
        writer.add_page(reader.pages[number - 1])
    writer.add_page(pypdf.PdfReader(io.BytesIO(buffer.getvalue())).pages[0])
    return _bytes(writer)


def raw_pdf(content: bytes, stream_dict: bytes = b"") -> bytes:
    """A one-page PDF around a given content stream, written by hand (for hostile streams)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d %s >>\nstream\n" % (len(content), stream_dict) + content + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def missing_page() -> bytes:
    """A two-page PDF whose second page object is not in the file."""
    return raw_pdf(b"BT ET").replace(b"/Kids [3 0 R] /Count 1", b"/Kids [3 0 R 9 0 R] /Count 2")


def endless_drawing(megabytes: int) -> bytes:
    """A content stream of millions of tiny strokes: slow to parse, harmless to look at."""
    return raw_pdf(b"0 0 m 1 1 l S\n" * (megabytes * 2**20 // 14))


def inflation_bomb(gigabytes: float) -> bytes:
    """A small compressed stream that inflates to gigabytes."""
    packer = zlib.compressobj(9)
    chunk = b"\0" * 2**24
    packed = b"".join(packer.compress(chunk) for _ in range(int(gigabytes * 64))) + packer.flush()
    return raw_pdf(packed, b"/Filter /FlateDecode")


def _bytes(writer: pypdf.PdfWriter) -> bytes:
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# --- one page damaged, as a broken writer or a bad download leaves it --------------------------------

DAMAGES = ("corrupt_stream", "missing_stream", "no_text", "no_rules")
PATH_OPERATORS = {b"m", b"l", b"c", b"v", b"y", b"h", b"re", b"S", b"s", b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"n", b"W", b"W*"}


def damaged_page(source: Path | bytes, page: int, damage: str) -> bytes:
    """The PDF with its 1-based `page` damaged: its content stream no longer decodes
    ("corrupt_stream"), points at an object the file lacks ("missing_stream"), has lost its text
    ("no_text") or its rules and other strokes ("no_rules")."""
    reader = pypdf.PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    writer = pypdf.PdfWriter(clone_from=reader)
    target = writer.pages[page - 1]
    if damage == "corrupt_stream":
        stream = pypdf.generic.StreamObject()
        stream._data = b"x\x9c" + bytes(range(7, 250))  # a zlib header, then no deflate stream
        stream[pypdf.generic.NameObject("/Filter")] = pypdf.generic.NameObject("/FlateDecode")
        target[pypdf.generic.NameObject("/Contents")] = writer._add_object(stream)
    elif damage == "missing_stream":
        target[pypdf.generic.NameObject("/Contents")] = pypdf.generic.IndirectObject(len(writer._objects) + 1000, 0, writer)
    else:
        keep = _without_text if damage == "no_text" else _without_paths
        content = pypdf.generic.ContentStream(target.get_contents(), writer)
        content.operations = keep(content.operations)
        target.replace_contents(content)
    return _bytes(writer)


def _without_text(operations: list) -> list:
    kept, in_text = [], False
    for operands, operator in operations:
        if operator == b"BT":
            in_text = True
        elif operator == b"ET":
            in_text = False
        elif not in_text:
            kept.append((operands, operator))
    return kept


def _without_paths(operations: list) -> list:
    return [(operands, operator) for operands, operator in operations if operator not in PATH_OPERATORS]
