"""Stage 1, load: the PDF's pages as plain glyphs and ruling lines.

Only what later stages need is kept: each glyph's text, box, size and weight, and every stroke that
can act as a table rule (lines, thin rectangles, the edges of stroked rectangles). Filled shapes are
shading, not rules, and are left out.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pdfplumber
import regex
from pdfminer.layout import LTChar, LTContainer, LTLine, LTRect
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSEOF
from pdfplumber.page import fix_fontname_bytes
from pdfplumber.utils.exceptions import PdfminerException

from pipeline.errors import PipelineError

# Two glyphs alike within this many points are one glyph printed twice.
DUPLICATE = 1.0
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
    unrotate = _unrotation(page)
    rotated = page.rotation % 360 != 0
    chars, lines, rects = _page_objects(page)
    glyphs = []
    for text, fontname, size, x0, top, x1, bottom in chars:
        if text.strip() or text == " ":
            if rotated:
                x0, top, x1, bottom = unrotate(x0, top, x1, bottom)
                # pdfminer's size of a glyph on a rotated page is not its font size; its box height is.
                size = bottom - top
            glyphs.append(Glyph(text, x0, x1, top, bottom, round(size, 2), _bold(fontname)))
    rules = tuple(Rule(*unrotate(*box)) for box in _rule_boxes(lines, rects))
    width, height = (page.height, page.width) if page.rotation % 180 else (page.width, page.height)
    page.close()
    return Page(number=page.page_number, width=width, height=height, glyphs=_without_overprints(glyphs), rules=rules)


def _page_objects(page: pdfplumber.page.Page):
    """The page's chars, lines and rects, in one walk over pdfminer's layout of the page.

    The same objects and coordinates as pdfplumber's page.chars, .lines and .rects (see
    pdfplumber.page.Page.process_object), without the dict of every attribute of every object that
    pdfplumber builds first: that costs about as much as pdfminer's own reading of the page.
    """
    height = page.height
    x_shift, y_shift = page.mediabox[0], page.mediabox[1]
    chars: list[tuple[str, str, float, float, float, float, float]] = []  # text, font, size, x0, top, x1, bottom
    lines: list[tuple[float, float, float, float]] = []
    rects: list[tuple[float, float, float, float, bool]] = []

    def walk(objects) -> None:
        for obj in objects:
            kind = type(obj)
            if kind is LTChar:
                fontname = obj.fontname
                if isinstance(fontname, bytes):
                    fontname = fix_fontname_bytes(fontname)
                top, bottom = height - obj.y1 + y_shift, height - obj.y0 + y_shift
                chars.append((obj.get_text(), fontname, obj.size, obj.x0 + x_shift, top, obj.x1 + x_shift, bottom))
            elif kind is LTLine or kind is LTRect:
                box = (obj.x0 + x_shift, height - obj.y1 + y_shift, obj.x1 + x_shift, height - obj.y0 + y_shift)
                if kind is LTLine:
                    lines.append(box)
                else:
                    rects.append((*box, obj.stroke))
            elif isinstance(obj, LTContainer):  # a form XObject (LTFigure): its contents, as pdfplumber does
                walk(obj._objs)

    walk(page.layout._objs)
    return chars, lines, rects


@functools.lru_cache(maxsize=None)
def _bold(fontname: str) -> bool:
    return bool(BOLD_FONT.search(fontname))


def _without_overprints(glyphs: list[Glyph]) -> tuple[Glyph, ...]:
    """Each glyph once: fake-bold text is often printed twice at nearly the same spot.

    A glyph repeats another when it has the same text, size and weight within DUPLICATE points.
    (pdfplumber's dedupe_chars does the same but sorts the result in quadratic time.)
    """
    seen: dict[tuple, list[Glyph]] = {}  # by text, size, weight and a DUPLICATE-point grid cell
    kept = []
    for glyph in glyphs:
        key = (glyph.text, glyph.size, glyph.bold)
        # floor, not round: round() goes to even, so two glyphs exactly DUPLICATE apart could land two cells apart.
        col, row = math.floor(glyph.x0 / DUPLICATE), math.floor(glyph.top / DUPLICATE)
        near = (
            other
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in seen.get((*key, col + dx, row + dy), ())
        )
        if not glyph.text.isspace() and any(
            abs(other.x0 - glyph.x0) <= DUPLICATE and abs(other.top - glyph.top) <= DUPLICATE for other in near
        ):
            continue
        seen.setdefault((*key, col, row), []).append(glyph)
        kept.append(glyph)
    return tuple(kept)


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


def _rule_boxes(lines, rects):
    """Every stroke that can act as a table rule, as (x0, top, x1, bottom)."""
    yield from lines
    for x0, top, x1, bottom, stroke in rects:
        if x1 - x0 <= RULE_THICKNESS or bottom - top <= RULE_THICKNESS:
            yield x0, top, x1, bottom
        elif stroke:
            yield from ((x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom))
