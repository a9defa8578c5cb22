"""Stage 5, paragraphs: a stitched cell's lines become its paragraphs, read from the lines themselves.

A typesetter fills a line with words until the next one does not fit, so a line ends its paragraph
when the next line's first word would have fitted on it, and a line that ends in a hyphen goes on.
Where the edition spaces its paragraphs, the white space between two lines on a page tells the
rest; where it does not, an item (bullet, dash, number) or a heading ("ITU Activities:") opens a
paragraph.

That leaves the pairs nothing on the page tells apart: a page break between them, or an edition
without paragraph spacing, and a next word too long for the line. For those the edition itself is
asked: in the same column, on its pages, how often the words at such a junction ("... Measures" |
"Resolutions ...") were a paragraph break where the page did tell, and how often they stood side by
side inside a line, where the paragraph went on. `Junctions` keeps that count.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import regex

from pipeline.stages.models import StitchedRow, Table, TableRows
from pipeline.stages.settings import SETTINGS
from pipeline.stages.text import (
    TERMINAL,
    TextLine,
    breaks_word,
    first_word_width,
    ink_right,
    join_lines,
    modal,
    outcome_label,
    split_words,
    starts_item,
)

# "Expected Results:", "ITU Activities:": a short line of capitalised words that ends in a colon.
HEADING = regex.compile(r"^\p{Lu}[\p{L}\p{N}\-’'&/ ]{0,40}:$")
# "1. Legal Measures", "2.Technical ...", "(3) ...", an SDG target that opens its text: "5.b: Enhance",
# "17.6 Enhance" (of goal 1-17: "2.2 (Buenos" is a number that wrapped, "0.5 G-5" a quantity), and
# an outcome's sub-item labelled as outcomes are: "D3: promote ...", or in roman numerals: "ii. manage".
NUMBERED_ITEM = regex.compile(
    r"^(?:\(?\d{1,2}[.)]\s*\p{Lu}|(?:1[0-7]|[1-9])\.[\da-z]{1,2}(?::\s|\s+\p{Lu})|\p{Lu}\d{1,2}:\s"
    r"|\(?[ivx]{1,4}[.)]\s+\p{L})"
)


@dataclass
class Junctions:
    """What a column's pages show at the junctions of two lines: how often each word that ended a
    line, or began the next, went with a paragraph break or with a paragraph going on.

    The words are counted at every junction whose break or continuation the page shows, and
    between every two words side by side on a line: a line wraps wherever its width runs out, so
    two neighbours on a line are what a paragraph going on looks like at a line's end (an edition
    without paragraph spacing shows no continuation at all). The column's own share of breaks is
    counted at the junctions where the next word would not have fitted (those a page break can
    hide), the unshown ones as going on.

    Everything is counted apart for each kind of junction (`_kinds`): a sentence that ended before
    a capital, or any other; and once more for all of them together. Words say different things in
    each: "The" opens a paragraph more often than it follows a word mid-sentence, but after a
    sentence's end it mostly opens the next sentence of the same paragraph.
    """

    breaks: Counter = field(default_factory=Counter)  # kind -> unfitting junctions shown as breaks
    continuations: Counter = field(default_factory=Counter)  # kind -> the others, unshown ones too
    words: Counter = field(default_factory=Counter)  # (kind, feature, value, is_break) -> count
    # kind -> the junctions counted in `words` as breaks, and those and the word pairs as going on
    broken: Counter = field(default_factory=Counter)
    went_on: Counter = field(default_factory=Counter)
    # Junctions on a page that showed nothing (no paragraph spacing): going on in the column's own
    # share, unknown to `words` until `settle` reads them.
    unshown: list[tuple[str, str]] = field(default_factory=list)
    # kind -> breaks the page showed by the next word fitting, with less room to spare than the
    # word took: about as many breaks fell where the word did not fit (`_base_odds`).
    near_fits: Counter = field(default_factory=Counter)
    # Paragraphs that open with a lead-in, a word and a colon that the line goes on after ("Staff: 1
    # P-4"), and lines ending in a colon that the page shows end their paragraph ("ITU Activities:"):
    # a column of the first and none of the second sets "Non-staff:" | "CHF 120 000" as one.
    lead_ins: int = 0
    colon_breaks: int = 0

    def add(
        self, line: str, following: str, is_break: bool | None, unfitting: bool, near_fit: bool = False
    ) -> None:
        """A junction of two lines; `is_break` None where the page showed nothing of it."""
        for kind in _kinds(line, following):
            self.near_fits[kind] += near_fit
            if unfitting:
                self.breaks[kind] += bool(is_break)
                self.continuations[kind] += not is_break
        if is_break is None:
            self.unshown.append((line, following))
        else:
            self._count(line, following, is_break)

    def add_line(self, text: str) -> None:
        """The word pairs of one line, each a paragraph going on (a list marker and its first word
        aside: the marker stands where a line's first word would)."""
        words = text.split()[1:] if opens_item(text) else text.split()
        for end in range(1, len(words)):
            # As a junction at each word space: the two words before it and the two after (`_features`).
            self._count(" ".join(words[max(0, end - 2) : end]), " ".join(words[end : end + 2]), False)

    def _count(self, line: str, following: str, is_break: bool) -> None:
        for kind in _kinds(line, following):
            self.broken[kind] += is_break
            self.went_on[kind] += not is_break
            for feature in _features(line, following):
                self.words[kind, *feature, is_break] += 1

    def settle(self) -> None:
        """Read again the junctions the pages showed nothing of, with what the others taught: those
        the evidence clearly calls breaks count as breaks (a word that opens paragraphs elsewhere
        opens this one too), and so on until nothing changes."""
        for _ in range(SETTINGS.junction_rounds):
            found = [
                (a, b) for a, b in self.unshown if (self.break_odds(a, b) or 0.0) > SETTINGS.junction_margin
            ]
            if not found:
                return
            for line, following in found:
                self.unshown.remove((line, following))
                for kind in _kinds(line, following):
                    self.continuations[kind] -= 1
                    self.breaks[kind] += 1
                self._count(line, following, True)

    def break_odds(self, line: str, following: str, pooled: bool = False) -> float | None:
        """The log odds of a paragraph break at this junction; None with too little evidence.
        `pooled`: read with all of the column's junctions, whatever their kind.

        Each feature of the junction (its last word, the next first word, how they end and begin)
        moves the column's own odds for its kind of junction by how much likelier its value was at
        a break than where a paragraph went on, each likelihood pulled towards the value's overall
        frequency by a few junctions' weight. No one word says more than `junction_word_odds` (an
        edition repeats its cells: one text set twenty times is one sample, not twenty), nor more
        than `junction_sighting_odds` a sighting.
        """
        kind = next(
            (
                k
                for k in _kinds(line, following)[pooled:]
                if self.breaks[k] + self.continuations[k] >= SETTINGS.junction_evidence
            ),
            None,
        )
        if kind is None:
            return None
        odds = self._base_odds(kind)
        weight, cap = SETTINGS.junction_smoothing, SETTINGS.junction_word_odds
        broken, went_on = self.broken[kind], self.went_on[kind]
        for feature in self._evidence(kind, line, following):
            seen_break, seen_going_on = self.words[kind, *feature, True], self.words[kind, *feature, False]
            overall = (seen_break + seen_going_on) / max(broken + went_on, 1)
            at_break = (seen_break + weight * overall) / (broken + weight)
            going_on = (seen_going_on + weight * overall) / (went_on + weight)
            if at_break and going_on:
                most = min(cap, SETTINGS.junction_sighting_odds * (seen_break + seen_going_on))
                odds += max(-most, min(most, math.log(at_break / going_on)))
        return odds

    def _base_odds(self, kind: str) -> float:
        """The column's own odds of a break where the next word would not have fitted. A paragraph's
        last line is as likely to end anywhere, so about as many breaks fall where the next word had
        just too little room as where it had just enough, room to spare up to its own width: where
        the page hides those breaks (no paragraph spacing), they are taken as many as those."""
        breaks, continuations = self.breaks[kind], self.continuations[kind]
        hidden = 0
        if breaks + continuations >= SETTINGS.reflection_evidence:
            hidden = min(max(0, self.near_fits[kind] - breaks), continuations)
        return _logit((breaks + hidden + 0.5) / (breaks + continuations + 1))  # never quite 0 or 1

    def _evidence(self, kind: str, line: str, following: str) -> list[tuple[str, str]]:
        """Each side's last (or first) two words where the column has seen them often enough
        (`junction_phrase_sightings`), else its word, else how it ends or begins (a capital, a
        digit, a bracket): a word not seen says nothing, its kind of character a little, and two
        words say what one cannot ("telecommunication services" ended paragraphs where "services"
        mostly went on). The junction's two words as a pair where
        the column shows them together, side by side inside a line or at a break: the pair says
        what each word alone cannot ("activities" | "Work under ..." two list items)."""
        last, first, ends, opens, last_two, first_two, pair = _features(line, following)
        sides = [self._side(kind, last_two, last, ends), self._side(kind, first_two, first, opens)]
        return [*sides, pair] if self._seen(kind, pair) else sides

    def _side(
        self, kind: str, phrase: tuple[str, str], word: tuple[str, str], shape: tuple[str, str]
    ) -> tuple[str, str]:
        if self._sightings(kind, phrase) >= SETTINGS.junction_phrase_sightings:
            return phrase
        return word if self._seen(kind, word) else shape

    def sets_lead_ins(self) -> bool:
        """Whether the column's colons introduce text on their own line, never a paragraph below."""
        return self.lead_ins > 0 and self.colon_breaks == 0

    def went_together(self, line: str, following: str) -> bool:
        """Whether the junction's two words stood side by side inside a line of the column, and
        never at a break the column showed."""
        *_, pair = _features(line, following)
        return bool(self.words["any", *pair, False]) and not self.words["any", *pair, True]

    def _seen(self, kind: str, feature: tuple[str, str]) -> bool:
        return self._sightings(kind, feature) > 0

    def _sightings(self, kind: str, feature: tuple[str, str]) -> int:
        return self.words[kind, *feature, True] + self.words[kind, *feature, False]


def _kinds(line: str, following: str) -> tuple[str, str]:
    """A junction's kind (a sentence that ended before a capital, or any other), and "any": where
    the column shows too few junctions of its kind, they are read with all of its junctions."""
    return ("sentence" if _ends_sentence(line, following) else "other"), "any"


def _ends_sentence(line: str, following: str) -> bool:
    """Whether a sentence ended before a capital at this junction."""
    return line.endswith(TERMINAL) and following[:1].isupper()


@dataclass(frozen=True)
class ColumnText:
    """Where one column's text runs on the table's pages, measured from all of its lines."""

    left: float  # where its lines start
    right: float  # the edge its lines wrap at
    centred: bool  # lines centred in the cell rather than set from its left edge
    # Justified text: the right edge its lines are stretched to, but for each paragraph's last.
    justified_edge: float | None = None
    junctions: Junctions = field(default_factory=Junctions, compare=False)


@dataclass(frozen=True)
class TextMetrics:
    """A table's text measures, shared by its rows: in points unless said otherwise."""

    pitch: float  # distance from one line of a paragraph to the next
    space: float  # a word space, in font sizes
    spaced: bool  # the edition leaves extra space between paragraphs
    columns: tuple[ColumnText, ...]


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _features(line: str, following: str) -> tuple[tuple[str, str], ...]:
    """A junction's last word, the next first word, how each ends or begins, the last two words and
    the next first two, and the junction's two words as a pair."""
    words, next_words = line.split(), following.split()
    return (
        ("last", words[-1] if words else ""),
        ("first", next_words[0] if next_words else ""),
        ("ends", _char_class(line[-1:])),
        ("opens", _char_class(following[:1])),
        ("last_two", " ".join(words[-2:])),
        ("first_two", " ".join(next_words[:2])),
        ("pair", f"{words[-1] if words else ''} {next_words[0] if next_words else ''}"),
    )


def _char_class(char: str) -> str:
    if char.isupper():
        return "A"
    if char.islower():
        return "a"
    return "0" if char.isdigit() else char


# A cell as stitched: its lines on each page it runs over, in order.
CellPieces = Sequence[Sequence[TextLine]]


def row_texts(row: StitchedRow, metrics: TextMetrics) -> list[str | None]:
    """Each cell's paragraphs joined by newlines; None for an empty cell."""
    return [
        "\n".join(join_lines(p) for p in cell_paragraphs(pieces, column, metrics)) or None
        for pieces, column in zip(row.cells, metrics.columns)
    ]


def cell_paragraphs(pieces: CellPieces, column: ColumnText, metrics: TextMetrics) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    previous: TextLine | None = None
    for piece in pieces:
        for index, line in enumerate(piece):
            if previous is None or _ends_paragraph(previous, line, column, metrics, same_page=index > 0):
                paragraphs.append([])
            paragraphs[-1].append(line.text)
            previous = line
    return paragraphs


def _ends_paragraph(
    line: TextLine, following: TextLine, column: ColumnText, metrics: TextMetrics, same_page: bool
) -> bool:
    """Whether `line` is the last of its paragraph, `following` being the next line of the cell."""
    shown = _shown_break(line, following, column, metrics, same_page)
    if shown is not None:
        return shown
    # What the edition's own pages show of such junctions decides, its sentence ends apart from its
    # other junctions (`Junctions`): one edition's cells are lists of sentences, another's prose.
    # Where they show too little, a sentence that ended before a capital at a page break reads as a
    # new paragraph, and so does a line that reads as a heading ("ITU Activities:").
    sentence_ended = _ends_sentence(line.text, following.text)
    heading = HEADING.match(following.text) is not None
    # A line shaped as a heading is read with all of the column's junctions (what its first word
    # showed after a sentence's end counts too: "ITU Activities:"), and breaks unless they say
    # clearly that it goes on.
    odds = column.junctions.break_odds(line.text, following.text, pooled=heading)
    if odds is None:
        return heading or (sentence_ended and not same_page)
    return odds > (-SETTINGS.junction_margin if heading else 0.0)


def _shown_break(
    line: TextLine, following: TextLine, column: ColumnText, metrics: TextMetrics, same_page: bool
) -> bool | None:
    """What the page shows of the junction; None where it shows nothing."""
    if breaks_word(line.text) and not opens_item(following.text):  # a word broken at its hyphen goes on
        return False
    if _would_have_fitted(line, following, column, metrics):
        return True
    if _clause_goes_on(line.text, following.text):
        # The words say it, whatever white an engine leaves or a page break hides: no paragraph
        # of the editions ends mid-clause with the next opening in lower case.
        return False
    if (
        column.justified_edge is not None
        and _stretchable(line)
        and _short_of_edge(line, column.justified_edge)
    ):
        return True  # justified text stops short of the edge only at a paragraph's end
    if same_page and metrics.spaced:
        return _spaced_apart(line, following, metrics)
    if opens_item(following.text):
        return True
    if _introduces(line.text, following.text):
        # unless the column sets these two words side by side inside its lines, and never apart
        # at a break it shows ("Non-staff: CHF 120 000" wrapped where the amount did not fit), or
        # its colons introduce text on their own lines only ("Staff: 1 P-4" above)
        junctions = column.junctions
        return (
            None if junctions.went_together(line.text, following.text) or junctions.sets_lead_ins() else True
        )
    return None


def _clause_goes_on(text: str, next_text: str) -> bool:
    """A line that ends mid-clause (a word in lower case, or a comma) before a line that opens in
    lower case, or with a number after a comma ("8, 10," | "11, 16"), and opens no item."""
    last, first = text.rstrip()[-1:], next_text.lstrip()[:1]
    mid_clause = last == "," or last.islower()
    return mid_clause and (first.islower() or (last == "," and first.isdigit())) and not opens_item(next_text)


def _introduces(text: str, next_text: str) -> bool:
    """A line that ends in a colon before a capital introduces what follows ("... by:" | "Developing
    ..."): a heading or a lead-in, its own paragraph."""
    return text.endswith(":") and next_text[:1].isupper()


def _spaced_apart(line: TextLine, following: TextLine, metrics: TextMetrics) -> bool:
    return following.top - line.top > metrics.pitch + SETTINGS.paragraph_spacing * following.size


def opens_item(text: str) -> bool:
    return starts_item(text) or bool(NUMBERED_ITEM.match(text))


def _would_have_fitted(line: TextLine, following: TextLine, column: ColumnText, metrics: TextMetrics) -> bool:
    """Whether the first word of `following` had room at the end of `line`."""
    room, needed = _room(line, following, column, metrics)
    return needed <= room


def _room(
    line: TextLine, following: TextLine, column: ColumnText, metrics: TextMetrics
) -> tuple[float, float]:
    """The room left at the end of `line` (less `fit_margin`: the edge is measured from the longest
    lines), and what the first word of `following` needed there."""
    if column.centred:
        free = (column.right - column.left) - (ink_right(line) - line.x0)
    else:
        free = column.right - ink_right(line)
    return free - SETTINGS.fit_margin * line.size, metrics.space * line.size + first_word_width(following)


# --- measures ------------------------------------------------------------------------------------


def measure_text(tables: Sequence[Table], cuts: Sequence[TableRows]) -> list[TextMetrics]:
    """Each table's text measures, from every line of its rows on every page. What the junctions
    show is pooled over the edition's tables column by column (same field, or same label): one
    editor wrote the goals cells of every table alike."""
    junctions: dict[str, Junctions] = {}
    measured = []
    for table, cut in zip(tables, cuts):
        cells = [
            [cell.lines for row in cut.rows for cell in row.cells[i : i + 1]]
            for i in range(len(table.columns))
        ]
        space = _word_space([line for column in cells for cell in column for line in cell])
        verticals = _vertical_rules(table)
        columns = []
        for column, column_cells in zip(table.columns, cells):
            shared = junctions.setdefault(column.field or column.label, Junctions())
            text = _column_text([line for cell in column_cells for line in cell], verticals, shared, space)
            columns.append(text)
        measured.append((TextMetrics(cut.spacing.pitch, space, spaced=False, columns=tuple(columns)), cells))
    # One editor set every table of the edition: the spacing is read from all of them together.
    spaced = _spaced(sum((_spacing(cells, metrics) for metrics, cells in measured), Counter()))
    measured = [(replace(metrics, spaced=spaced), cells) for metrics, cells in measured]
    for metrics, cells in measured:  # every table's geometry first: a junction is read with its own
        for column_text, column_cells in zip(metrics.columns, cells):
            _learn_junctions(column_text, column_cells, metrics)
    for shared in junctions.values():
        shared.settle()
    return [metrics for metrics, _ in measured]


def _word_space(lines: Sequence[TextLine]) -> float:
    """A word space, in font sizes. Justified lines stretch their spaces: the narrow end of the
    gaps is the font's own space."""
    gaps = sorted((b[0].x0 - a[-1].x1) / line.size for line in lines for a, b in _neighbour_words(line))
    return gaps[len(gaps) // 5] if gaps else 0.25


def _neighbour_words(line: TextLine):
    words = split_words(line)
    return zip(words, words[1:])


def _spacing(cells: Sequence[Sequence[Sequence[TextLine]]], metrics: TextMetrics) -> Counter:
    """A table's junctions inside a cell that stand wider apart than the usual pitch, but less than
    two (a blank line between them is no spacing: "wide"), its breaks the page shows by the next
    word having fitted ("fitted"), and those of them set apart however far ("fitted_apart")."""
    counts: Counter = Counter()
    for column, column_cells in zip(metrics.columns, cells):
        for lines in column_cells:
            for a, b in zip(lines, lines[1:]):
                apart = _spaced_apart(a, b, metrics)
                fitted = _would_have_fitted(a, b, column, metrics)
                wide = apart and b.top - a.top < 2 * metrics.pitch
                counts.update(wide=wide, fitted=fitted, fitted_apart=fitted and apart)
    return counts


def _spaced(counts: Counter) -> bool:
    """Whether the edition spaces its paragraphs: at half or more of the breaks the page shows by
    the next word having fitted, the lines stand further apart than the usual pitch. A few wide pitches
    elsewhere are no spacing (a typesetter may push a line down where it slices a page); an
    edition that shows no such break is spaced where any pitch is wide."""
    if counts["fitted"]:
        return 2 * counts["fitted_apart"] >= counts["fitted"]
    return counts["wide"] > 0


def _learn_junctions(column: ColumnText, cells: Sequence[Sequence[TextLine]], metrics: TextMetrics) -> None:
    """Count the column's junctions on one page whose break the page shows, and the word pairs of
    its lines (an edition without paragraph spacing shows breaks only: its lines show what going on
    looks like)."""
    for lines in cells:
        for line in lines:
            column.junctions.add_line(line.text)
        column.junctions.lead_ins += _leads_in(lines[0].text) if lines else 0
        for line, following in zip(lines, lines[1:]):
            if breaks_word(line.text):
                continue
            room, needed = _room(line, following, column, metrics)
            fits = needed <= room
            if fits:
                column.junctions.lead_ins += _leads_in(following.text)
                column.junctions.colon_breaks += line.text.endswith(":")
            shown = fits or _shown_break(line, following, column, metrics, same_page=True)
            if shown is None and HEADING.match(following.text):
                shown = True  # counted as the break it most often is (`_ends_paragraph` weighs it)
            near_fit = fits and not metrics.spaced and room < 2 * needed  # room to spare under the word's own
            column.junctions.add(line.text, following.text, shown, unfitting=not fits, near_fit=near_fit)


def _leads_in(text: str) -> bool:
    """A paragraph's first line that opens with a word and a colon and goes on after it with a
    capital or a digit ("Staff: 1 P-4", "Non-staff: CHF 120 000"); an outcome's label ("A1:
    Governments ...") is none."""
    words = text.split()
    return (
        len(words) > 1
        and words[0].endswith(":")
        and (words[1][:1].isupper() or words[1][:1].isdigit())
        and outcome_label(text) is None
    )


def _vertical_rules(table: Table) -> list[float]:
    """Where the table's pages draw vertical rules at least a line high (cell edges)."""
    return sorted(
        {
            round(r.x, 1)
            for layout in table.pages
            for r in layout.page.rules
            if not r.horizontal and r.bottom - r.top > 10
        }
    )


def _column_text(
    lines: Sequence[TextLine], verticals: list[float], junctions: Junctions, space: float
) -> ColumnText:
    """Where a column's text runs. Its longest lines show the edge it wraps at; where rules draw
    the cell, the edge is the right rule less the padding the text keeps from the left one."""
    if not lines:
        return ColumnText(0.0, 0.0, False, junctions=junctions)
    left = modal(line.x0 for line in lines)
    right = max(ink_right(line) for line in lines)
    left_rule = max((x for x in verticals if x <= left), default=None)
    right_rule = min((x for x in verticals if x >= right), default=None)
    if left_rule is not None and right_rule is not None:
        right = max(right, right_rule - (left - left_rule))
    starts_left = sum(1 for line in lines if abs(line.x0 - left) < 1) / len(lines)
    centred = starts_left < 0.5 and _centres_agree(lines)
    return ColumnText(
        left,
        right,
        centred,
        justified_edge=None if centred else _justified_edge(lines, space),
        junctions=junctions,
    )


def _stretchable(line: TextLine) -> bool:
    """Whether justification could stretch the line: two words at least, a list marker's own gap
    (a hanging indent) aside."""
    return len(split_words(line)) > (2 if opens_item(line.text) else 1)


def _short_of_edge(line: TextLine, edge: float) -> bool:
    return ink_right(line) < edge - SETTINGS.justified_slack * line.size


def _justified_edge(lines: Sequence[TextLine], space: float) -> float | None:
    """Whether the column's lines of several words end at one right edge, their word spaces
    stretched to reach it, as often as justified text's do (ragged text ends there only now and
    then, at its natural word space: its lines wrap where words happen to). The natural space is
    the table's (`space`, in sizes): a narrow column's own few lines may all be stretched. Each
    text counts once: an edition repeats its cells, and one ragged line set in three rows ends at
    one edge three times."""
    distinct = {line.text: line for line in reversed(lines)}.values()  # each text's first line
    spaced = [(line, min(gaps)) for line in distinct if (gaps := _word_gaps(line))]
    if not spaced:
        return None
    edge = max(ink_right(line) for line, _ in spaced)
    stretched = sum(
        1
        for line, gap in spaced
        if not _short_of_edge(line, edge) and gap > (space + SETTINGS.letter_gap) * line.size
    )
    enough = stretched >= max(SETTINGS.justified_share * len(spaced), SETTINGS.justified_evidence)
    return edge if enough else None


def _word_gaps(line: TextLine) -> list[float]:
    return [b[0].x0 - a[-1].x1 for a, b in _neighbour_words(line)]


def _centres_agree(lines: Sequence[TextLine]) -> bool:
    middle = modal((line.x0 + ink_right(line)) / 2 for line in lines)
    return sum(1 for line in lines if abs((line.x0 + ink_right(line)) / 2 - middle) < 1) / len(lines) >= 0.5
