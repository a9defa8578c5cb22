"""Column boundaries, read from the repeated header as a template and from what the body keeps to.

A column boundary runs through the header where no label word is (a white channel between two
labels), and the table says which of those channels are boundaries by what it draws:
- vertical rules across the header: the rules are the boundaries, the other channels are not;
- else fills that tile the header cell by cell: where one cell's fill ends and the next begins;
- else the body: a boundary is a channel the body text keeps clear too, on every page (a gutter),
  however narrow; a channel under which the body text runs is a space between two words of one
  label. Only band rows cross a gutter, and they are few: the gutter is where the body's words
  cover the channel least, far less than they cover the labels on either side.
Each boundary is placed where the next column's text starts (cells fill from their left).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

from pipeline.stages.header import header_words
from pipeline.stages.models import Boundary, Fill, Header, HeaderWord, Rule
from pipeline.stages.settings import SETTINGS
from pipeline.stages.text import BULLETS, TextLine, split_words

# Body coverage is counted in bins this wide (points): finer than any gutter, coarse enough to be cheap.
BIN = 0.25


class TemplatePage(NamedTuple):
    """What one page of a table shows of its layout."""

    header: Header
    body: Sequence[TextLine]
    rules: Sequence[Rule]
    fills: Sequence[Fill]


@dataclass(frozen=True)
class Template:
    boundaries: tuple[Boundary, ...]
    labels: tuple[tuple[HeaderWord, ...], ...]  # each column's header words, first page


def read_template(pages: Sequence[TemplatePage]) -> Template:
    first = pages[0]
    words = header_words(first.header)
    channels = _channels(words)
    # Lines standing alone (a band's, most often) are left out: a band crosses every gutter.
    body = [line for page in pages for line in _in_company(page.body)]
    space = _word_space([*first.header.lines, *body])
    coverage = Coverage(body, space)
    drawn = drawn_edges(pages)
    boundaries = []
    for left_words, (a, b), right_words in channels:
        boundary = _boundary(a, b, left_words, right_words, drawn, coverage, space)
        if boundary is not None:
            boundaries.append(boundary)
    return labelled(first.header, boundaries)


def labelled(header: Header, boundaries: Sequence[Boundary]) -> Template:
    """The template of these boundaries with one header's words as its columns' labels."""
    labels: list[list[HeaderWord]] = [[] for _ in range(len(boundaries) + 1)]
    for word in header_words(header):
        labels[column_of((word.x0 + word.x1) / 2, boundaries)].append(word)
    return Template(tuple(boundaries), tuple(tuple(w) for w in labels))


def column_of(x: float, boundaries: Sequence[Boundary]) -> int:
    return sum(1 for boundary in boundaries if boundary.x <= x)


def _channels(
    words: Sequence[HeaderWord],
) -> list[tuple[list[HeaderWord], tuple[float, float], list[HeaderWord]]]:
    """The white channels that run down the whole header between its words, each with the words
    of the blocks on its left and right."""
    blocks: list[list[HeaderWord]] = []
    reach = float("-inf")
    for word in sorted(words, key=lambda w: w.x0):
        if word.x0 > reach + SETTINGS.channel_overlap * word.size:
            blocks.append([])
        blocks[-1].append(word)
        reach = max(reach, word.x1)
    return [
        (left, (max(w.x1 for w in left), min(w.x0 for w in right)), right)
        for left, right in zip(blocks, blocks[1:])
    ]


def _boundary(
    a, b, left_words, right_words, drawn: list[float] | None, coverage: Coverage, space: float
) -> Boundary | None:
    gutter = coverage.clearest(a, b)
    if drawn is not None:  # where the page draws the edges, a channel is a boundary where it draws one
        inside = [x for x in drawn if a - 1 <= x <= b + 1]
        return Boundary(inside[0], coverage.clearest_around(inside[0], a, b), True) if inside else None
    beside, across = _lines_beside(coverage.lines, gutter, _extent(left_words)[0], _extent(right_words)[1])
    # A gutter has text on both sides of it on many lines, and runs under almost none. A channel no
    # wider than a word space needs clear evidence, white as wide as two cells' paddings among it;
    # a wider one only no evidence against it (a band's words may narrow its white).
    seen = beside + across
    if b - a >= SETTINGS.wide_channel * space:
        clear = across <= SETTINGS.wide_gutter_share * seen
    elif not across and beside < SETTINGS.gutter_evidence:
        # Too little body text on the two sides to tell, none against (a column empty or nearly
        # so in this table): a footnote number ends a label, so white after the word it marks is
        # a boundary ("Link with SDGs⁴" before "Expected Results"); so is white that the body's
        # lines open right after, where the next label starts too (labels and cells set from the
        # same left edge: a label's second word has no column of lines opening under it).
        clear = (
            bool(max(left_words, key=lambda word: word.x1).markers)
            or coverage.lines_open_at(_extent(right_words)[0]) >= SETTINGS.gutter_evidence
        )
    else:
        clear = (
            beside >= SETTINGS.gutter_evidence
            and across <= SETTINGS.gutter_share * seen
            and gutter[1] - gutter[0] >= SETTINGS.narrowest_gutter * space
        )
    if not clear:
        return None
    return Boundary(gutter[1] - 0.01, gutter, False)


def _lines_beside(
    lines: Sequence[TextLine], gutter: tuple[float, float], start: float, end: float
) -> tuple[int, int]:
    """Of the lines with text under the labels on either side (from `start` to `end`), how many
    have words on both sides of the gutter, and how many run a word through it."""
    beside = across = 0
    left, right = gutter
    for line in lines:
        words = [(w[0].x0, w[-1].x1) for w in split_words(line) if w[-1].x1 > start and w[0].x0 < end]
        if any(x0 < right and x1 > left for x0, x1 in words):
            across += 1
        elif any(x1 <= left for _, x1 in words) and any(x0 >= right for x0, _ in words):
            beside += 1
    return beside, across


def _word_space(lines: Sequence[TextLine]) -> float:
    """The text's word space (points): the narrow end of the gaps between neighbouring words (the
    wide end is gutters and justified lines)."""
    gaps = sorted(
        b[0].x0 - a[-1].x1 for line in lines for a, b in zip(split_words(line), split_words(line)[1:])
    )
    return gaps[len(gaps) // 5] if gaps else 0.25 * max((line.size for line in lines), default=10.0)


def _in_company(lines: Sequence[TextLine]) -> list[TextLine]:
    """The body lines that have another line right above or below them: a line standing alone
    between two rows' white (a band's, most often) says nothing about the columns."""
    ordered = sorted(lines, key=lambda line: line.top)
    kept = []
    for i, line in enumerate(ordered):
        near = SETTINGS.company * line.size
        above = i > 0 and line.top - ordered[i - 1].bottom <= near
        below = i + 1 < len(ordered) and ordered[i + 1].top - line.bottom <= near
        if above or below:
            kept.append(line)
    return kept


def _extent(words: Sequence[HeaderWord]) -> tuple[float, float]:
    return min(w.x0 for w in words), max(w.x1 for w in words)


def drawn_edges(pages: Sequence[TemplatePage]) -> list[float] | None:
    """Where the pages draw their columns' edges: rules or cell fills in the header, or body rows
    shaded cell by cell; None where they draw none."""
    return _header_rules(pages) or _header_tiles(pages) or _body_tiles(pages)


def same_edges(edges: list[float] | None, others: list[float] | None) -> bool:
    """Whether two tables draw their columns' edges alike (within a point), or neither draws any."""
    if edges is None or others is None:
        return edges is others
    return len(edges) == len(others) and all(abs(x - y) <= 1.0 for x, y in zip(edges, others))


def _header_rules(pages: Sequence[TemplatePage]) -> list[float] | None:
    """The x of every vertical rule that runs down a page's header between its words; None when
    no page draws one (a box around the header alone shows no column)."""
    xs = []
    for page in pages:
        top, bottom = page.header.text_top, page.header.text_bottom
        left, right = page.header.span
        for rule in page.rules:
            crosses = min(rule.bottom, bottom) - max(rule.top, top) >= SETTINGS.crossing * (bottom - top)
            if not rule.horizontal and crosses and left < rule.x < right:
                xs.append(rule.x)
    return _clustered(xs) or None


def _header_tiles(pages: Sequence[TemplatePage]) -> list[float] | None:
    """Where the fills of neighbouring header cells meet; None when the header is not filled cell
    by cell (one fill across the whole header shows no column)."""
    xs = []
    for page in pages:
        top, bottom = page.header.text_top, page.header.text_bottom
        left, right = page.header.span
        fills = sorted(
            (
                f
                for f in page.fills
                if min(f.bottom, bottom) - max(f.top, top) >= SETTINGS.crossing * (bottom - top)
            ),
            key=lambda f: f.x0,
        )
        # A fill under every label is the whole header's, not a cell's (the labels may keep to
        # the left of their cells: the text's span can be far narrower than the fills).
        cells = [f for f in fills if not (f.x0 <= left + 1 and f.x1 >= right - 1)]
        xs += [
            (a.x1 + b.x0) / 2
            for a, b in zip(cells, cells[1:])
            if abs(b.x0 - a.x1) <= SETTINGS.tile_gap and left < a.x1 < right
        ]
    return _clustered(xs) or None


def _body_tiles(pages: Sequence[TemplatePage]) -> list[float] | None:
    """Where the fills of neighbouring cells of one body row meet, on several rows (rows shaded
    cell by cell, a header without fills); None when no row is shaded so."""
    xs = []
    for page in pages:
        left, right = page.header.span
        below = sorted((f for f in page.fills if f.top >= page.header.text_bottom), key=lambda f: f.x0)
        for i, a in enumerate(below):
            for b in below[i + 1 :]:
                if b.x0 > a.x1 + SETTINGS.tile_gap:
                    break  # sorted by x0: no later fill meets this one
                if (
                    abs(b.x0 - a.x1) <= SETTINGS.tile_gap
                    and abs(a.top - b.top) <= 1
                    and abs(a.bottom - b.bottom) <= 1
                    and left < a.x1 < right
                ):
                    xs.append((a.x1 + b.x0) / 2)
    return _clustered(xs, at_least=2) or None


def _clustered(xs: list[float], at_least: int = 1) -> list[float]:
    """Positions seen `at_least` times, each once (the first of those within a point of it)."""
    groups: list[list[float]] = []
    for x in sorted(xs):
        if not groups or x - groups[-1][0] > 1.0:
            groups.append([])
        groups[-1].append(x)
    return [group[0] for group in groups if len(group) >= at_least]


def _word_spans(line: TextLine) -> list[tuple[float, float]]:
    """The line's words as spans; a list marker spans to the end of the word it marks (a hanging
    indent's white is inside the item, not between columns)."""
    spans: list[tuple[float, float]] = []
    marker = False
    for word in split_words(line):
        x0, x1 = word[0].x0, word[-1].x1
        if marker:
            x0 = spans.pop()[0]
        spans.append((x0, x1))
        marker = len(word) == 1 and word[0].text in BULLETS
    return spans


def _near(xs: list[float], x: float) -> int:
    """How many of the sorted positions lie within a bin of x."""
    return bisect.bisect_right(xs, x + BIN) - bisect.bisect_left(xs, x - BIN)


class Coverage:
    """How many body words cover each x, over all of a table's pages."""

    def __init__(self, lines: Sequence[TextLine], space: float):
        self.lines = lines
        self.space = space
        spans = [span for line in lines for span in _word_spans(line)]
        self.starts = sorted(x0 for x0, _ in spans)
        self.ends = sorted(x1 for _, x1 in spans)
        # The words that open a cell's line: first on their line, or two cells' gap after the word
        # before (a word space inside one cell's line is narrower).
        self.openings = sorted(
            x0
            for line in lines
            for (_, end), (x0, _) in pairwise([(-math.inf, -math.inf), *_word_spans(line)])
            if x0 - end > SETTINGS.cell_gap * space
        )
        self.origin = min((x0 for x0, _ in spans), default=0.0)
        end = max((x1 for _, x1 in spans), default=0.0)
        self.counts = [0] * (int((end - self.origin) / BIN) + 2)
        steps = [0] * (len(self.counts) + 1)
        for x0, x1 in spans:
            steps[self._bin(x0)] += 1
            steps[self._bin(x1) + 1] -= 1
        running = 0
        for i in range(len(self.counts)):
            running += steps[i]
            self.counts[i] = running

    def _bin(self, x: float) -> int:
        return min(max(int((x - self.origin) / BIN), 0), len(self.counts) - 1)

    def _x(self, index: int) -> float:
        return self.origin + index * BIN

    def at(self, span: tuple[float, float]) -> int:
        return min(self.counts[self._bin(span[0]) : self._bin(span[1]) + 1], default=0)

    def typical(self, span: tuple[float, float]) -> float:
        """The median coverage over a span (under a label: how much text its column holds)."""
        values = sorted(self.counts[self._bin(span[0]) : self._bin(span[1]) + 1])
        return values[len(values) // 2] if values else 0.0

    def clearest(self, a: float, b: float) -> tuple[float, float]:
        """The run of least coverage between a and b where one column's text ends and the next
        starts: of the runs of least coverage, the one after which most cells' lines open (a
        word after a word space is no line's first), then the one most words end right before and
        start right after (cells fill from their left edge, so the next column's lines start
        together, and justified lines end together; a stretched word space lines up with little),
        then the rightmost (white inside the left column's lines lies left of where the next starts).
        b is where the next label starts: a run that ends there, over a body word that starts
        there too, is where a label set from its cell's left edge and its column's lines begin (in
        justified text with a narrow padding the next column's first word follows the word before
        it closer than a stretched word space does, and opens no line by its gap)."""
        lo, hi = self._bin(a), self._bin(b)
        least = min(self.counts[lo : hi + 1], default=0)
        runs: list[tuple[int, int]] = []  # (first bin, bin after the last)
        start = None
        for i in range(lo, hi + 2):
            level = self.counts[i] if i <= hi else None
            if start is not None and level != self.counts[start]:
                runs.append((start, i))
                start = None
            if start is None and level == least:
                start = i
        if not runs:
            return self._x(lo), self._x(lo)
        # A sliver narrower than a gutter can be is where two lines' word spaces happen to meet
        # ("user" ends at 271.4 above "of" at 271.9): no gutter, where a wider run is as white.
        wide = [run for run in runs if (run[1] - run[0]) * BIN >= SETTINGS.narrowest_gutter * self.space]
        best = max(
            wide or runs,
            key=lambda run: (
                _near(self.openings, self._x(run[1])) + self._label_aligned(run[1], b),
                self._edges_at(self._x(run[0]), self._x(run[1])),
                run[1],
            ),
        )
        return self._x(best[0]), self._x(self._past_stray_word(best[1], hi, least))

    def lines_open_at(self, x: float) -> int:
        """How many cells' lines open at x (within a bin)."""
        return _near(self.openings, x)

    def _label_aligned(self, end: int, label_start: float) -> int:
        # the run ends in the label's first bin, or before it where a word starts in that bin too
        return int(0 <= end - self._bin(label_start) <= 1 and _near(self.starts, label_start) > 0)

    def _past_stray_word(self, end: int, hi: int, least: int) -> int:
        """Where the white really ends, when words that open no line (bands', after a word space)
        start inside the gutter and narrow its white from the right: no line opens where the run
        ends, and under those few words (a gutter's share of the next column's) the white goes on
        to where lines do open."""
        if _near(self.openings, self._x(end)):
            return end
        few = least + SETTINGS.gutter_share * max(self.counts[end : hi + 2], default=0)
        i = end
        while i <= hi and self.counts[i] <= few:
            i += 1
        return i if _near(self.openings, self._x(i)) else end

    def _edges_at(self, left: float, right: float) -> int:
        """How many words end right at `left` and start right at `right`: the two columns' text
        against the gutter."""
        return _near(self.ends, left) + _near(self.starts, right)

    def clearest_around(self, x: float, a: float, b: float) -> tuple[float, float]:
        """The run of least coverage that holds x (a rule's own gutter), within a and b."""
        lo, hi = self._bin(a), self._bin(b)
        i = self._bin(x)
        least = self.counts[i]
        left, right = i, i
        while left > lo and self.counts[left - 1] <= least:
            left -= 1
        while right < hi and self.counts[right + 1] <= least:
            right += 1
        return self._x(left), self._x(right + 1)
