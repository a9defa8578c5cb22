"""Self-check of an HTML edition that does not use our extractor: read the PDF with pdfplumber and
check that its words are exactly the content's words plus page furniture.

Every word of every expected cell, band, title, note, footnote (and the cover) must be read back as
many times as the content has it (a multiset), and every word read that the content does not have
must be furniture: header labels (with their footnote numbers glued on), "(WSIS AL C2)", page
numbers, the running title. So a word hyphenated, split, merged or altered shows as a missing
word and an unknown one.

Words are compared cut after an inner hyphen ("non-" "discriminatory"), since both engines may
break a line there and the contract drops the space after such a hyphen. Bullet glyphs count as
"•". Ligatures need no normalising here: Chromium writes fi/ff/fl/ffi as U+FB00-FB04 and
pdfplumber's extract_words expands those (expand_ligatures, on by default); WeasyPrint's ToUnicode
already maps its ligature glyphs to the letters. Chromium draws <ul> list markers as vector
shapes, not text: for those layouts the bullets are counted as small filled shapes instead.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pdfplumber

from .content import Content, footnote_numbers
from .generator import INTRO, _pieces
from .html_document import header_labels, page_furniture

BULLETS = re.compile("[\uf0b7▪●•]")
TRAILING_DIGITS = re.compile(r"\d+$")


def tokens(text: str) -> list[str]:
    return [BULLETS.sub("•", piece) for word in text.split() for piece in _pieces(word)]


def content_text(content: Content, layout) -> list[str]:
    """Every text the edition prints from its content, as strings (cover, titles, notes, bands, cells, footnotes)."""
    texts = []
    if layout.cover_page:
        texts += ["WSIS Action Line Roadmaps " + ", ".join(al.id for al in content.action_lines), INTRO]
    for al in content.action_lines:
        texts.append(f"Roadmap for WSIS Action Line {al.id}: {al.title}")
        texts += [al.note] if al.note else []
        for section in al.sections:
            texts.append(section.band)
            texts += [p for row in section.rows for key in layout.column_keys for p in row.cells.get(key, [])]
    texts += [al.footnotes[key] for al, key, _ in footnote_numbers(content, layout.column_keys)]
    return texts


def furniture_words(content: Content, layout) -> set[str]:
    words = {w for label in header_labels(layout).values() for w in tokens(label)}
    words |= {w for al in content.action_lines for w in tokens(f"(WSIS AL {al.id})")}
    words |= {w for text in page_furniture(layout).values() for w in tokens(text.replace("{n}", "").replace("{m}", ""))}
    return words


def allowed(word: str, furniture: set[str]) -> bool:
    """Furniture, a number (page number, footnote marker), or a label with its marker glued on."""
    return word in furniture or word.isdigit() or TRAILING_DIGITS.sub("", word) in furniture


def read_words(page) -> list[dict]:
    """pdfplumber's words with tight tolerances: a line's glyphs share one top, and pdfplumber chains
    lines whose tops are within y_tolerance, so the default 3 pt merges the offset lines of
    neighbouring cells into one and interleaves their letters; 1 pt between words is less than a space."""
    return page.extract_words(x_tolerance=1, y_tolerance=0.5)


def drawn_bullets(pdf: pdfplumber.PDF, font_size: float) -> int:
    """List markers drawn as shapes: small filled squares or discs."""
    count = 0
    for page in pdf.pages:
        for shape in page.rects + page.curves:
            w, h = shape["x1"] - shape["x0"], shape["bottom"] - shape["top"]
            if shape.get("fill") and 0.1 * font_size < w < 0.5 * font_size and abs(w - h) < 0.5:
                count += 1
    return count


def self_check(pdf: bytes, content: Content, layout, engine: str) -> list[str]:
    """Problems found (an empty list when none)."""
    vector_bullets = engine == "chromium" and layout.bullet in ("disc", "square")
    want = Counter(w for text in content_text(content, layout) for w in tokens(text))
    bullets = want.pop("•", 0) if vector_bullets else 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        read = Counter(w for page in doc.pages for word in read_words(page) for w in tokens(word["text"]))
        shapes = drawn_bullets(doc, layout.font_size) if vector_bullets else 0
    problems = []
    missing = want - read
    if missing:
        problems.append(f"{sum(missing.values())} words missing: {sorted(missing)[:20]}")
    furniture = furniture_words(content, layout)
    unknown = sorted(w for w in read - want if not allowed(w, furniture))
    if unknown:
        problems.append(f"{len(unknown)} words read that the content does not have: {unknown[:20]}")
    if shapes != bullets:
        problems.append(f"{shapes} list markers drawn, {bullets} bullet items")
    return problems
