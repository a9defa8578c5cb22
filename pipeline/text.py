"""Glyphs to text: lines, words and paragraphs, shared by the layout and row stages.

Everything here is relative to the glyphs' own size, so it holds for any font and point size.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Optional, Sequence

import regex

from pipeline.load import Glyph

# A gap wider than this share of the font size is a space even when the PDF has no space glyph.
SPACE_GAP = 0.18
# Bullet glyphs seen across editions (Symbol's private-use bullet among them) all become "•".
BULLETS = {"\uf0b7": "•", "▪": "•", "●": "•", "•": "•", "◦": "•", "\uf0a7": "•", "■": "•"}
ITEM_START = regex.compile(r"^(?:•|[-–—](?=\s*\S))")


@dataclass(frozen=True, slots=True)
class TextLine:
    glyphs: tuple[Glyph, ...]  # left to right
    # Measured once from the glyphs: layout and rows ask for them again and again.
    x0: float = field(init=False, repr=False, compare=False)
    x1: float = field(init=False, repr=False, compare=False)
    top: float = field(init=False, repr=False, compare=False)
    bottom: float = field(init=False, repr=False, compare=False)
    size: float = field(init=False, repr=False, compare=False)
    _text: Optional[str] = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        glyphs = self.glyphs
        object.__setattr__(self, "x0", min(g.x0 for g in glyphs))
        object.__setattr__(self, "x1", max(g.x1 for g in glyphs))
        object.__setattr__(self, "top", min(g.top for g in glyphs))
        object.__setattr__(self, "bottom", max(g.bottom for g in glyphs))
        object.__setattr__(self, "size", max(g.size for g in glyphs))

    @property
    def text(self) -> str:
        if self._text is None:
            object.__setattr__(self, "_text", glyph_text(self.glyphs))
        return self._text


def modal(values: Iterable[float], default: float = 0.0) -> float:
    counts = Counter(round(v, 1) for v in values)
    return max(counts, key=lambda v: (counts[v], -v)) if counts else default


def group_lines(glyphs: Iterable[Glyph]) -> list[TextLine]:
    """Group glyphs into text lines by their vertical centre.

    Larger glyphs set each line's band first, so a raised, smaller footnote digit joins the line
    it is glued to instead of opening a line of its own.
    """
    tops: list[float] = []  # each line's band, kept sorted by top
    bottoms: list[float] = []
    members: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: (-g.size, g.top, g.x0)):
        centre = (glyph.top + glyph.bottom) / 2
        i = bisect.bisect_right(tops, centre) - 1  # so tops[i] <= centre
        if i >= 0 and centre <= bottoms[i]:
            members[i].append(glyph)
            continue
        j = i + 1
        tops.insert(j, glyph.top)
        bottoms.insert(j, glyph.bottom)
        members.insert(j, [glyph])
    return [TextLine(tuple(sorted(m, key=lambda g: g.x0))) for m in members if _has_ink(m)]


def _has_ink(glyphs: Sequence[Glyph]) -> bool:
    return any(g.text.strip() for g in glyphs)


def glyph_text(glyphs: Sequence[Glyph]) -> str:
    """Left-to-right glyphs as text, with spaces where the PDF leaves a gap but no space glyph.

    A bullet is always followed by a space: how far its text stands from it is the font's and
    the indent's business, not the text's.
    """
    parts: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        gap = previous is not None and glyph.x0 - previous.x1 > SPACE_GAP * max(glyph.size, previous.size)
        if gap or (previous is not None and previous.text in BULLETS):
            parts.append(" ")
        parts.append(BULLETS.get(glyph.text, glyph.text))
        previous = glyph
    return " ".join("".join(parts).split())


def split_words(line: TextLine) -> list[tuple[Glyph, ...]]:
    """The line's words: runs of glyphs with no space between them."""
    words: list[list[Glyph]] = []
    previous: Glyph | None = None
    for glyph in line.glyphs:
        gap = previous is not None and glyph.x0 - previous.x1 > SPACE_GAP * max(glyph.size, previous.size)
        if glyph.text.isspace():
            previous = None
            continue
        if previous is None or gap:
            words.append([])
        words[-1].append(glyph)
        previous = glyph
    return [tuple(w) for w in words]


def split_segments(line: TextLine, gap_em: float) -> list[tuple[Glyph, ...]]:
    """Runs of the line separated by gaps wider than gap_em times the font size."""
    segments: list[list[Glyph]] = []
    previous: Glyph | None = None
    for glyph in line.glyphs:
        if glyph.text.isspace():
            continue
        if previous is None or glyph.x0 - previous.x1 > gap_em * max(glyph.size, previous.size):
            segments.append([])
        segments[-1].append(glyph)
        previous = glyph
    return [tuple(s) for s in segments]


def join_lines(lines: Sequence[str]) -> str:
    """A paragraph's lines as one string: a line ending in a hyphen joins the next without a space."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif text.endswith("-"):
            text += line
        else:
            text += " " + line
    return text


def starts_item(text: str) -> bool:
    """A bullet or dash item opens a new paragraph."""
    return bool(ITEM_START.match(text))


# An outcome label opens the first cell of a row: "A:", "B1:", "a.", "d)".
OUTCOME_LABEL = regex.compile(r"^\s*([A-Z]\d{0,2}|[a-z])\s*[:.)](?=\s|$)")


def outcome_label(text: str) -> str | None:
    match = OUTCOME_LABEL.match(text)
    return match[1] if match else None
