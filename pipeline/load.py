"""Stage 1, load: the PDF's pages as plain glyphs and ruling lines.

Only what later stages need is kept: each glyph's text, box, size and weight, and every stroke that
can act as a table rule (lines, thin rectangles, the edges of stroked rectangles). Filled shapes are
shading, not rules, and are left out.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import regex

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


def load_document(path: Path) -> Document:
    data = path.read_bytes()
    with pdfplumber.open(path) as pdf:
        pages = tuple(_load_page(page) for page in pdf.pages)
    return Document(file_name=path.name, sha256=hashlib.sha256(data).hexdigest(), pages=pages)


def _load_page(page: pdfplumber.page.Page) -> Page:
    # Fake-bold text is often printed twice at nearly the same spot; count it once.
    chars = page.dedupe_chars().chars
    glyphs = tuple(
        Glyph(
            text=c["text"],
            x0=c["x0"],
            x1=c["x1"],
            top=c["top"],
            bottom=c["bottom"],
            size=round(c["size"], 2),
            bold=bool(BOLD_FONT.search(c["fontname"])),
        )
        for c in chars
        if c["text"].strip() or c["text"] == " "
    )
    rules = tuple(_rules(page))
    page.close()
    return Page(number=page.page_number, width=page.width, height=page.height, glyphs=glyphs, rules=rules)


def _rules(page: pdfplumber.page.Page):
    for line in page.lines:
        yield Rule(line["x0"], line["top"], line["x1"], line["bottom"])
    for rect in page.rects:
        x0, top, x1, bottom = rect["x0"], rect["top"], rect["x1"], rect["bottom"]
        if x1 - x0 <= RULE_THICKNESS or bottom - top <= RULE_THICKNESS:
            yield Rule(x0, top, x1, bottom)
        elif rect["stroke"]:
            yield from (
                Rule(x0, top, x1, top),
                Rule(x0, bottom, x1, bottom),
                Rule(x0, top, x0, bottom),
                Rule(x1, top, x1, bottom),
            )
