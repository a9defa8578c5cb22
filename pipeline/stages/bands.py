"""Band rows: the full-width rows that split a table into sections, found by what they ignore.

A band's text runs across column boundaries that every other row keeps to, however it is aligned
(left, centred), set (bold, italic) or filled. A line runs across a boundary when one of its glyphs
straddles it, or when its gap there is no gutter: two cells side by side leave the whole of the
table's gutter white between them, a run of words only a word space. Text inside one column is
never a band by itself: `rows` reads a merged cell from the rules a ruled table draws.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.stages.models import Boundary, Rule
from pipeline.stages.settings import SETTINGS
from pipeline.stages.text import TextLine, ink_right


def band_lines(
    lines: Sequence[TextLine], boundaries: Sequence[Boundary], rules: Sequence[Rule] = ()
) -> list[TextLine]:
    """The lines of band rows, top to bottom: those that run across a boundary, and the lines a
    band wraps onto (set as it is, aligned with it, right against it, and inside one column).
    Where a vertical rule draws a boundary beside a line, the line keeps to its cells."""
    verticals = [r for r in rules if not r.horizontal]
    # A line that keeps two cells apart at one boundary is a row of cells, though a long word in
    # one of them reaches across another's gutter.
    bands = [
        line
        for line in lines
        if any(runs_across(line, b) and not _ruled_beside(line, b, verticals) for b in boundaries)
        and not any(_cells_apart(line, b) for b in boundaries)
    ]
    grown = True
    while grown:
        grown = False
        for line in lines:
            if not any(line is band for band in bands) and any(
                _wraps_from(band, line, boundaries) for band in bands
            ):
                bands.append(line)
                grown = True
    return sorted(bands, key=lambda line: line.top)


def _ruled_beside(line: TextLine, boundary: Boundary, verticals: Sequence[Rule]) -> bool:
    return any(
        abs(rule.x - boundary.x) <= SETTINGS.aligned * line.size
        and rule.top <= line.top
        and rule.bottom >= line.bottom
        for rule in verticals
    )


def runs_across(line: TextLine, boundary: Boundary) -> bool:
    return _at_boundary(line, boundary) in ("straddles", "word space")


def _cells_apart(line: TextLine, boundary: Boundary) -> bool:
    return _at_boundary(line, boundary) == "cells apart"


def _at_boundary(line: TextLine, boundary: Boundary) -> str:
    """What a line does at a boundary: nothing (it lies to one side), 'straddles' it with a
    glyph, leaves a 'word space' there, leaves the 'gutter' white (cells side by side, or a
    word space as wide as a narrow gutter), or keeps two 'cells apart' by several word spaces."""
    ink = line.ink
    x = boundary.x
    if not ink or not ink[0].x0 < x < ink[-1].x1:
        return "nothing"
    for before, after in zip(ink, ink[1:]):
        if before.x1 <= x <= after.x0:  # a gap at the boundary: a gutter, or a space between words
            left, right = boundary.gutter
            margin = SETTINGS.gutter_margin * line.size
            clears_gutter = before.x1 <= left + margin and after.x0 >= right - margin
            # A row's only line on a page may come closer to the boundary than any other does; a
            # gap that wide is still no word space.
            wide = after.x0 - before.x1 >= SETTINGS.cell_gap * _word_space(ink, x)
            return "cells apart" if wide else "gutter" if clears_gutter else "word space"
    return "straddles"


def _word_space(ink, x: float) -> float:
    """The line's own word space: the narrow end of its gaps, the one at x left out."""
    gaps = sorted(
        b.x0 - a.x1
        for a, b in zip(ink, ink[1:])
        if b.x0 - a.x1 > SETTINGS.letter_gap * a.size and not a.x1 <= x <= b.x0
    )
    return gaps[len(gaps) // 4] if gaps else SETTINGS.default_space * ink[0].size


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
