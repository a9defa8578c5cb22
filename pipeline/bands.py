"""Band rows: the full-width rows that split a table into sections, found by what they ignore.

A band's text runs across column boundaries that every other row keeps to, however it is aligned
(left, centred), set (bold, italic) or filled. A line runs across a boundary when one of its glyphs
straddles it, or when its gap there is no gutter: two cells side by side leave the whole of the
table's gutter white between them, a run of words only a word space. Text inside one column is
never a band by itself: `rows` reads a merged cell from the rules a ruled table draws.
"""

from __future__ import annotations

from typing import Sequence

from pipeline.columns import Boundary
from pipeline.settings import SETTINGS
from pipeline.text import TextLine, ink_right


def band_lines(lines: Sequence[TextLine], boundaries: Sequence[Boundary]) -> list[TextLine]:
    """The lines of band rows, top to bottom: those that run across a boundary, and the lines a
    band wraps onto (set as it is, aligned with it, right against it, and inside one column)."""
    bands = [line for line in lines if any(runs_across(line, b) for b in boundaries)]
    grown = True
    while grown:
        grown = False
        for line in lines:
            if not any(line is band for band in bands) and any(_wraps_from(band, line, boundaries) for band in bands):
                bands.append(line)
                grown = True
    return sorted(bands, key=lambda line: line.top)


def runs_across(line: TextLine, boundary: Boundary) -> bool:
    ink = [g for g in line.glyphs if not g.text.isspace()]
    x = boundary.x
    if not ink or not ink[0].x0 < x < ink[-1].x1:
        return False
    for before, after in zip(ink, ink[1:]):
        if before.x1 <= x <= after.x0:  # a gap at the boundary: a gutter, or a space between words
            left, right = boundary.gutter
            margin = SETTINGS.gutter_margin * line.size
            return not (before.x1 <= left + margin and after.x0 >= right - margin)
    return True  # a glyph straddles it


def _wraps_from(band: TextLine, line: TextLine, boundaries: Sequence[Boundary]) -> bool:
    """Whether `line` is a band's own next (or previous) line: right against it, in its style,
    sharing its left edge or its middle, and keeping to one column (a row's first line does not:
    its cells stand side by side)."""
    gap = max(line.top - band.bottom, band.top - line.bottom)
    if gap >= SETTINGS.band_wrap * min(line.size, band.size) or _style(line) != _style(band):
        return False
    tolerance = SETTINGS.aligned * line.size
    aligned = abs(line.x0 - band.x0) <= tolerance or abs(_middle(line) - _middle(band)) <= tolerance
    one_column = not any(line.x0 < b.x < ink_right(line) for b in boundaries)
    return aligned and one_column


def _style(line: TextLine) -> tuple[bool, bool]:
    ink = [g for g in line.glyphs if not g.text.isspace()]
    return sum(g.bold for g in ink) * 2 > len(ink), sum(g.italic for g in ink) * 2 > len(ink)


def _middle(line: TextLine) -> float:
    return (line.x0 + ink_right(line)) / 2
