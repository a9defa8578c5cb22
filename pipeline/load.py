"""Stage 1, load: the PDF's pages as plain glyphs and ruling lines.

Only what later stages need is kept: each glyph's text, box, size and weight, and every stroke that
can act as a table rule (lines, thin rectangles, the edges of stroked rectangles). Filled shapes are
shading, not rules, and are left out.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pdfplumber
import regex
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSEOF
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import PipelineError

# A rectangle thinner than this (points) is drawn as a line: Word and LibreOffice both do this.
RULE_THICKNESS = 2.0
BOLD_FONT = regex.compile(r"bold|black|heavy|semibold|demi", regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def x_mid(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Rule:
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class Document:
    file_name: str
    sha256: str
    pages: tuple[Page, ...]


def load_document(path: Path, password: Optional[str] = None) -> Document:
    """Read every page's glyphs and rules; a file that is not a readable PDF gives a PipelineError."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PipelineError(f"{path}: cannot read the file ({error.strerror or error})") from None
    _check_is_pdf(path.name, data)
    try:
        with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
            pages = tuple(_load_page(page) for page in pdf.pages)
    except Exception as error:  # pdfminer raises many kinds on a damaged file; all mean the same here
        cause = error.args[0] if isinstance(error, PdfminerException) and error.args else error
        if isinstance(cause, (PipelineError, MemoryError)):  # the time or memory budget ran out
            raise cause from None
        if isinstance(cause, RecursionError):
            raise PipelineError(f"{path.name}: malformed PDF (objects nested too deeply)") from None
        raise PipelineError(_unreadable(path.name, cause, password)) from None
    if not pages:
        raise PipelineError(f"{path.name}: the PDF has no pages")
    if not any(g.text.strip() for page in pages for g in page.glyphs):
        raise PipelineError(f"{path.name}: no text layer on any of its {len(pages)} pages (a scan?): run OCR on it first")
    return Document(file_name=path.name, sha256=hashlib.sha256(data).hexdigest(), pages=pages)


def _check_is_pdf(name: str, data: bytes) -> None:
    if not data:
        raise PipelineError(f"{name}: the file is empty (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise PipelineError(f"{name}: not a PDF (it does not start with %PDF-)")


def _unreadable(name: str, cause: BaseException, password: Optional[str]) -> str:
    if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(cause).lower():
        if password:
            return f"{name}: the PDF is encrypted and the password given does not open it"
        return f"{name}: the PDF is encrypted: give its password with --password"
    if isinstance(cause, (PSEOF, PDFSyntaxError)) or "eof" in str(cause).lower():
        return f"{name}: damaged or truncated PDF ({type(cause).__name__}: {str(cause)[:80]}); download it again"
    return f"{name}: damaged or unreadable PDF ({type(cause).__name__}: {str(cause)[:80]})"


def _load_page(page: pdfplumber.page.Page) -> Page:
    # Fake-bold text is often printed twice at nearly the same spot; count it once. (On a rotated
    # page pdfplumber would also merge a real double letter, "ll", so its text is taken as it is.)
    chars = page.chars if page.rotation % 360 else page.dedupe_chars().chars
    unrotate = _unrotation(page)
    glyphs = []
    for c in chars:
        if c["text"].strip() or c["text"] == " ":
            x0, top, x1, bottom = unrotate(c["x0"], c["top"], c["x1"], c["bottom"])
            # pdfminer's size of a glyph on a rotated page is not its font size; its box height is.
            size = c["size"] if page.rotation % 360 == 0 else bottom - top
            glyphs.append(Glyph(c["text"], x0, x1, top, bottom, round(size, 2), bool(BOLD_FONT.search(c["fontname"]))))
    rules = tuple(Rule(*unrotate(*box)) for box in _rule_boxes(page))
    width, height = (page.height, page.width) if page.rotation % 180 else (page.width, page.height)
    page.close()
    return Page(number=page.page_number, width=width, height=height, glyphs=tuple(glyphs), rules=rules)


def _unrotation(page: pdfplumber.page.Page):
    """Map a box on a page shown rotated (/Rotate) back to the page as it was typeset.

    Boxes go in and come out as (x0, top, x1, bottom).
    """
    rotation = page.rotation % 360
    shown_width, shown_height = page.width, page.height
    if rotation == 90:
        return lambda x0, top, x1, bottom: (top, shown_width - x1, bottom, shown_width - x0)
    if rotation == 180:
        return lambda x0, top, x1, bottom: (shown_width - x1, shown_height - bottom, shown_width - x0, shown_height - top)
    if rotation == 270:
        return lambda x0, top, x1, bottom: (shown_height - bottom, x0, shown_height - top, x1)
    return lambda x0, top, x1, bottom: (x0, top, x1, bottom)


def _rule_boxes(page: pdfplumber.page.Page):
    """Every stroke that can act as a table rule, as (x0, top, x1, bottom)."""
    for line in page.lines:
        yield line["x0"], line["top"], line["x1"], line["bottom"]
    for rect in page.rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        if x1 - x0 <= RULE_THICKNESS or bottom - top <= RULE_THICKNESS:
            yield x0, top, x1, bottom
        elif rect["stroke"]:
            yield from ((x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom))
