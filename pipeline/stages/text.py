"""Glyphs to text: lines, words and paragraphs, shared by the layout and row stages.

Everything here is relative to the glyphs' own size, so it holds for any font and point size.
"""

from __future__ import annotations

import bisect
import math
import operator
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import regex

from pipeline.stages.models import Glyph
from pipeline.stages.settings import SETTINGS

# A gap wider than this share of the font size is a space even when the PDF has no space glyph:
# letters touch (kerning moves them a few hundredths of their size), spaces are a fifth of it or more,
# less what a loose glyph box overhangs (an "f").
SPACE_GAP = 0.1
# Bullet glyphs seen across editions (Symbol's private-use bullet among them) all become "•".
# What ends a sentence, or a lead-in ("Resolutions:"), at a line's end.
TERMINAL = (".", ":", ";", "!", "?")
BULLETS = {"\uf0b7": "•", "▪": "•", "●": "•", "•": "•", "◦": "•", "\uf0a7": "•", "■": "•"}
# Sort keys of glyphs (tuples: text, x0, x1, top, bottom, size, bold).
LEFT, TOP_LEFT, SIZE = operator.itemgetter(1), operator.itemgetter(3, 1), operator.itemgetter(5)
# A bullet, or a dash before a word (a dash before a digit is a range or a broken URL: "-2011.pdf").
ITEM_START = regex.compile(r"^(?:•|[-–—](?=\s*[^\s\d]))")


@dataclass(frozen=True, slots=True)
class TextLine:
    glyphs: tuple[Glyph, ...]  # left to right
    # Measured once from the glyphs: layout and rows ask for them again and again.
    x0: float = field(init=False, repr=False, compare=False)
    x1: float = field(init=False, repr=False, compare=False)
    top: float = field(init=False, repr=False, compare=False)
    bottom: float = field(init=False, repr=False, compare=False)
    size: float = field(init=False, repr=False, compare=False)
    _text: str | None = field(init=False, default=None, repr=False, compare=False)
    _words: tuple[tuple[Glyph, ...], ...] | None = field(init=False, default=None, repr=False, compare=False)
    _ink: tuple[Glyph, ...] | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        _, x0s, x1s, tops, bottoms, sizes, *_ = zip(*self.glyphs)  # a Glyph is a tuple of its fields
        for name, value in (
            ("x0", min(x0s)),
            ("x1", max(x1s)),
            ("top", min(tops)),
            ("bottom", max(bottoms)),
            ("size", max(sizes)),
        ):
            object.__setattr__(self, name, value)

    @property
    def ink(self) -> tuple[Glyph, ...]:
        """The glyphs that are not spaces."""
        ink = self._ink
        if ink is None:
            ink = tuple(g for g in self.glyphs if not g.text.isspace())
            object.__setattr__(self, "_ink", ink)
        return ink

    @property
    def text(self) -> str:
        text = self._text
        if text is None:
            text = glyph_text(self.glyphs)
            object.__setattr__(self, "_text", text)
        return text


def modal(values: Iterable[float], default: float = 0.0) -> float:
    """The commonest value to 0.1 (the smaller of equals); the values are counted before rounding,
    as a page's sizes or positions repeat by the thousand."""
    counts: Counter[float] = Counter()
    for value, count in Counter(values).items():
        counts[round(value, 1)] += count
    return max(counts, key=lambda v: (counts[v], -v)) if counts else default


def group_lines(glyphs: Iterable[Glyph]) -> list[TextLine]:
    """Group glyphs into text lines by their vertical centre.

    Larger glyphs set each line first, so a raised, smaller footnote digit joins the line it is
    glued to (anywhere within its height) instead of opening a line of its own. Glyphs of the line's
    own size join it only when centred on it: two cells side by side may set their lines less than
    a line apart (a cell centred vertically), and those are two lines, not one.
    """
    centres: list[float] = []  # each line's centre, kept sorted
    lines: list[tuple[float, float, float, list[Glyph]]] = []  # top, bottom, size, members
    # Largest first, then top to bottom, left to right (two sorts: the second keeps the first's order).
    for glyph in sorted(sorted(glyphs, key=TOP_LEFT), key=SIZE, reverse=True):
        centre = (glyph.top + glyph.bottom) / 2
        i = bisect.bisect_left(centres, centre)
        near = [
            j
            for j in (i - 2, i - 1, i, i + 1)
            if 0 <= j < len(lines) and _joins(glyph, centre, centres[j], lines[j])
        ]
        if len(near) == 1:
            lines[near[0]][3].append(glyph)
            continue
        if near:  # between two lines: the one whose glyphs it follows closest
            lines[min(near, key=lambda j: (_distance_after(glyph, lines[j][3]), abs(centres[j] - centre)))][
                3
            ].append(glyph)
            continue
        centres.insert(i, centre)
        lines.insert(i, (glyph.top, glyph.bottom, glyph.size, [glyph]))
    return [
        TextLine(tuple(sorted(m, key=LEFT))) for m in _markers_joined([m for *_, m in lines]) if _has_ink(m)
    ]


def _markers_joined(lines: list[list[Glyph]]) -> list[list[Glyph]]:
    """A list marker goes to the line its item's text starts on, right after it, where it stands
    apart from that text: as a line of its own, or in another column's line. A marker set in
    another font (a symbol font's ▪) has that font's box, which can sit a point or two off the
    text's on the same baseline."""
    for members in lines:
        marker_only = _has_ink(members) and not any(g.text.isalnum() for g in members)
        for marker in [g for g in members if g.text.strip() and (marker_only or g.text in BULLETS)]:
            if not marker_only and _text_right_after(marker, members):
                continue
            host = next(
                (other for other in lines if other is not members and _text_right_after(marker, other)), None
            )
            if host is None and marker_only:
                host = _stretched_host(marker, [other for other in lines if other is not members])
            if host is not None:
                host.append(marker)
                members.remove(marker)
    return [members for members in lines if members]


def _text_right_after(marker: Glyph, members: list[Glyph]) -> bool:
    """Whether a line's text starts right after the marker, level with it: within a letter of the
    text's size (a marker an engine draws as a shape is much smaller than its text)."""
    return any(gap <= max(marker.size, g.size) for gap, g in _text_after(marker, members))


def _stretched_host(marker: Glyph, lines: list[list[Glyph]]) -> list[Glyph] | None:
    """The line whose text starts nearest after a marker standing alone, level with it and within
    `marker_stretch` of its size: the space after a typed marker that a justified line stretched."""
    reach = SETTINGS.marker_stretch * marker.size
    gaps = [
        (gap, index)
        for index, members in enumerate(lines)
        if (gap := min((gap for gap, _ in _text_after(marker, members)), default=math.inf)) <= reach
    ]
    return lines[min(gaps)[1]] if gaps else None


def _text_after(marker: Glyph, members: list[Glyph]) -> Iterator[tuple[float, Glyph]]:
    """The line's letters and digits level with the marker and not left of it (a box may overlap
    it a little), each with its distance after the marker."""
    for g in members:
        gap = g.x0 - marker.x1
        overlap = min(g.bottom, marker.bottom) - max(g.top, marker.top)
        if (
            gap >= -SETTINGS.same_line * marker.size
            and overlap >= (marker.bottom - marker.top) / 2
            and g.text.isalnum()
        ):
            yield gap, g


def _distance_after(glyph: Glyph, members: list[Glyph]) -> float:
    """How far the glyph stands right of the nearest glyph it follows (a raised digit is glued to
    the word it follows, whichever of two close lines that word is on)."""
    gaps = [glyph.x0 - g.x1 for g in members if g.x0 < glyph.x0]
    gap = min((g for g in gaps if g > -glyph.size), default=float("inf"), key=abs)
    return abs(gap) if abs(gap) <= glyph.size else float("inf")


def _joins(
    glyph: Glyph, centre: float, line_centre: float, line: tuple[float, float, float, list[Glyph]]
) -> bool:
    top, bottom, size, _ = line
    if glyph.size >= SETTINGS.same_size * size:
        return abs(centre - line_centre) <= SETTINGS.same_line * size
    return top <= centre <= bottom


def _has_ink(glyphs: Sequence[Glyph]) -> bool:
    return any(g.text.strip() for g in glyphs)


def glyph_text(glyphs: Sequence[Glyph]) -> str:
    """Left-to-right glyphs as text, with spaces where the PDF leaves a gap but no space glyph.

    A bullet is always followed by a space: how far its text stands from it is the font's and
    the indent's business, not the text's.
    """
    parts: list[str] = []
    last_text, last_x1, last_size = None, 0.0, 0.0
    for text, x0, x1, _, _, size, *_ in glyphs:
        if last_text is not None and (
            last_text in BULLETS or x0 - last_x1 > SPACE_GAP * max(size, last_size)
        ):
            parts.append(" ")
        parts.append(BULLETS.get(text, text))
        last_text, last_x1, last_size = text, x1, size
    return " ".join("".join(parts).split())


def split_words(line: TextLine) -> tuple[tuple[Glyph, ...], ...]:
    """The line's words: runs of glyphs with no space between them (found once per line: columns,
    bands and paragraphs all ask)."""
    words = line._words
    if words is None:
        words = _words(line)
        object.__setattr__(line, "_words", words)
    return words


def _words(line: TextLine) -> tuple[tuple[Glyph, ...], ...]:
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
    return tuple(tuple(w) for w in words)


def ink_right(line: TextLine) -> float:
    """Where the line's ink ends (a trailing space glyph is no ink)."""
    return max((g.x1 for g in line.ink), default=line.x1)


# A line cannot break before these even after a space (Unicode line breaking, UAX #14 rule LB13:
# closing brackets, "!", "?", infix separators, "/"): "(RIs /others)" wraps as one unit.
NO_BREAK_BEFORE = frozenset(")]}!?,.:;/")


def first_word_width(line: TextLine) -> float:
    """The width of the line's first unit a typesetter could not have broken: its first word, with
    any word after it that no line may open with."""
    words = split_words(line)
    if not words:
        return 0.0
    end = 0
    while end + 1 < len(words) and words[end + 1][0].text in NO_BREAK_BEFORE:
        end += 1
    return words[end][-1].x1 - words[0][0].x0


def breaks_word(text: str) -> bool:
    """A line ending in a hyphen: its last word goes on at the next line's start."""
    return text.endswith("-")


def join_lines(lines: Sequence[str]) -> str:
    """A paragraph's lines as one string: a line ending in a hyphen joins the next without a space."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif breaks_word(text):
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


def follows(previous: str, label: str) -> bool:
    """Whether outcome `label` can be the next after `previous` in one section.

    The same lettering, and next in line: B1 -> B2, B5 -> C or C1, h -> i (or j: a plain letter may
    be skipped, as in the 2019 edition's C6; a numbered group may not: B2 -> D1 is not next).
    "D2" after "D", or "D2" after "B1", is a sub-item of the row's own text ("D1: broaden access
    ...") that a page break happened to fall before; so is "D1" after "C": numbered outcomes follow
    numbered ones (A2 -> B1), and a row without a number lists its own numbered points.
    """
    (letter, number), (prev_letter, prev_number) = _split_label(label), _split_label(previous)
    if letter.isupper() != prev_letter.isupper():
        return False
    if letter == prev_letter:
        return prev_number > 0 and number == prev_number + 1
    if number > 0 and prev_number == 0:
        return False
    step = ord(letter) - ord(prev_letter)
    return number <= 1 and (step == 1 or (step == 2 and number == prev_number == 0))


def opens_sequence(label: str) -> bool:
    """Whether an outcome label is the first of a section's sequence: A, A1, a."""
    letter, number = _split_label(label)
    return letter in ("a", "A") and number <= 1


def _split_label(label: str) -> tuple[str, int]:
    digits = "".join(ch for ch in label if ch.isdigit())
    return label.rstrip("0123456789"), int(digits or 0)
