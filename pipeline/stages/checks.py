"""Stage 6b, checks: the assembled records against what the document itself says.

A user who extracts a new edition has no expected output to compare with, so the extraction checks
itself and names where it is unsure: each finding is a `Check` naming the action line, the outcomes
(their record ids) and the pages, in words a user understands. The checks read what the stages
return (the table, its physical and stitched rows, the records) and never change it:

* label_sequence: outcome labels follow one sequence per section (A, B, C; a, b; A1, A2, B1); a
  label that opens a line of another record's first cell where rows start is a missed row start;
  so is the next label, set as the section's are, opening a line of another column, and rows with
  text in their first cell only after one with text in the others;
* timing: a timing cell holds a year, a year range or a timing word, nothing else;
* joined_cells: a timing or goals cell with two numbers side by side ("2019 2016-2019");
* sdg_range, sdgs_missing, goals_missing: an SDG cell's numbers lie in 1-17; an SDG or goals cell
  names a goal where most of its column's cells do;
* word_cut: a word cut by a column boundary (the two halves glued at the same height), or a
  header label (a column's label that opens in lower case);
* paragraph_cut: a paragraph ending in a word that ends no sentence ("of"), a comma or a bullet,
  or opening in lower case after a cell's first;
* sections: band rows found for some records and not others, or in some tables and not this one;
  a band's text inside a cell;
* page_text, page_rules: a page inside a table with no body text, or far less than its
  neighbours; a page without any text where something was lost (inside a table, still drawn, or
  without the page number the other pages show); a page of a ruled table that has no rules;
* unplaced: a piece of the table in no row (a reject) names the record it most likely belongs to;
* accounting: every character of the PDF is in a record, band, footnote, furniture or reject.

Quiet on good extractions: no finding on either replica or on any exact synthetic edition.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

from pipeline.records import TEXT_FIELDS, Record
from pipeline.stages.models import (
    Check,
    Document,
    Outputs,
    PageLayout,
    PhysicalRow,
    StitchedRow,
    Table,
    TableEvidence,
    TableRows,
)
from pipeline.stages.text import (
    BULLETS,
    OUTCOME_LABEL,
    SPACE_GAP,
    TextLine,
    breaks_word,
    follows,
    outcome_label,
)


@dataclass(frozen=True)
class CheckSettings:
    # An outcome label inside a cell opens a missed row when the white space above it, across every
    # column, is at least this share of the white space the table leaves above its row starts: a
    # paragraph inside a cell leaves a paragraph's spacing, two rows two cell paddings and a rule.
    row_white: float = 0.75
    # A label inside a cell lines up with the cell's first label within this (in sizes): a missed
    # row start sits where every row starts, a sub-item is indented.
    aligned: float = 0.5
    # The two halves of a cut word touch: no more than the gap a space leaves between them (in sizes;
    # two cells side by side keep two paddings apart, a few points at least).
    glued: float = SPACE_GAP
    # Glyphs of one word share a baseline within this (in sizes).
    baseline: float = 0.1
    # A cell lacking what most of its column names is suspect only where more than this share of the
    # column's other cells name it.
    majority: float = 0.5
    # A page inside a table with less body text than this share of its neighbours' (both of them)
    # lost its text: a page that merely ends a section still holds a row's worth.
    sparse_page: float = 0.05
    # An edition shows running lines (a page number, a running header) when more than this share of
    # its tables' pages show one: a page without any then lost its text, as a blank page keeps them.
    running_pages: float = 0.5
    # How much of a cell a message quotes (characters).
    quote: int = 40


SETTINGS = CheckSettings()


def run_checks(document: Document, tables: Sequence[TableEvidence], outputs: Outputs) -> list[Check]:
    """Every finding, table by table in document order, then the document's accounting."""
    found: list[Check] = []
    edition_bands = [band for t in tables for band in _bands(t)]
    for evidence in tables:
        found += label_sequence(evidence)
        found += missed_row_starts(evidence)
        found += labels_in_other_columns(evidence)
        found += first_cell_only(evidence)
        found += timing(evidence)
        found += joined_cells(evidence)
        found += sdg_range(evidence)
        found += column_names_missing(
            evidence, "sdgs_missing", "sdgs_text", "the SDG cell names no SDG goal or target", _names_sdg
        )
        found += column_names_missing(
            evidence,
            "goals_missing",
            "goals_text",
            "the goals cell names no ITU goal or resolution",
            _names_goal,
        )
        found += word_cuts(evidence)
        found += header_split(evidence)
        found += paragraphs_cut(evidence)
        found += sections(evidence, has_bands_elsewhere=any(_bands(t) for t in tables if t is not evidence))
        found += band_text_in_cells(evidence, edition_bands)
        found += page_text(evidence)
        found += page_rules(evidence)
        found += unplaced_pieces(evidence)
    found += blank_pages(document, tables)
    found += accounting(document, tables, outputs)
    return found


def suspect_records(checks: Iterable[Check]) -> set[str]:
    return {record_id for check in checks for record_id in check.record_ids}


# --- what a finding says ---------------------------------------------------------------------------


def _finding(
    check: str, table: Table, records: Sequence[Record], message: str, pages: Iterable[int] = ()
) -> Check:
    """A finding on some of a table's records (outcome ids and pages from them), message first."""
    ids = tuple(dict.fromkeys(r.outcome_id for r in records))
    where = f"outcome{'s' if len(ids) > 1 else ''} {', '.join(ids)}: " if ids else ""
    return Check(
        check=check,
        action_line=table.action_line,
        record_ids=tuple(dict.fromkeys(r.record_id for r in records)),
        outcome_ids=ids,
        pages=tuple(sorted({*pages, *(p for r in records for p in r.pages)})),
        message=f"{table.action_line}: {where}{message}",
    )


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= SETTINGS.quote else text[: SETTINGS.quote] + "…")


def _sections(evidence: TableEvidence) -> list[list[int]]:
    """The table's records as runs of one section, by index."""
    runs: list[list[int]] = []
    for index, record in enumerate(evidence.records):
        if not runs or evidence.records[runs[-1][-1]].section != record.section:
            runs.append([])
        runs[-1].append(index)
    return runs


# --- label_sequence ----------------------------------------------------------------------------------

STARTS = ("A", "a", "A1")


def _style(label: str) -> tuple[bool, bool]:
    """Upper or lower case; numbered or not."""
    return label[0].isupper(), any(ch.isdigit() for ch in label)


def label_sequence(evidence: TableEvidence) -> list[Check]:
    """Each section's labels: opening with A, a or A1 (or going on from the section above), then
    each the next in line. A label may skip one plain letter (the 2019 edition's C6 goes h, j)."""
    found: list[Check] = []
    records, table = evidence.records, evidence.table
    previous_section_last: str | None = None
    for run in _sections(evidence):
        first = records[run[0]]
        continues = previous_section_last is not None and follows(previous_section_last, first.outcome_id)
        if first.outcome_id not in STARTS and not continues:
            found.append(
                _finding(
                    "label_sequence",
                    table,
                    [first],
                    f"the section {_quote(first.section or '(none)')} opens with outcome {first.outcome_id}, not with A, a or A1: "
                    "its first rows may be missing or read into another section",
                )
            )
        for before, after in zip(run, run[1:]):
            a, b = records[before], records[after]
            if (
                a.outcome_id == b.outcome_id
                and before != run[0]
                and evidence.rows[before].pieces[0].first_on_page
            ):
                # A label next in line at a page top opens a row, unless the cells go on with a
                # sentence: where the next row opens with that label again, the first was a point
                # of the row above's own text that the page break fell before.
                above = records[before - 1]
                found.append(
                    _finding(
                        "label_sequence",
                        table,
                        [above, a],
                        f"the label {a.outcome_id} comes twice in a row, the first time at the top of page {a.pages[0]}: "
                        f"that one may be a point of outcome {above.outcome_id}'s own text read as a row",
                    )
                )
            elif not follows(a.outcome_id, b.outcome_id):
                # Rows missing between two: where a label between them opens a line of the first
                # one's first cell, they were read into that row, and the second is whole.
                inside = [
                    label
                    for _, line in _inner_label_lines(evidence.rows[before])
                    if (label := outcome_label(line.text)) and follows(a.outcome_id, label)
                ]
                message = _sequence_break(a.outcome_id, b.outcome_id)
                if inside:
                    message += f"; {inside[0]} opens a line inside the first cell of outcome {a.outcome_id}"
                found.append(_finding("label_sequence", table, [a] if inside else [a, b], message))
        previous_section_last = records[run[-1]].outcome_id
    return found


def _sequence_break(a: str, b: str) -> str:
    if a == b:
        return f"the label {a} comes twice in a row: one row may have been read as two"
    if _style(a) == _style(b) and (b[0], int("0" + b[1:])) > (a[0], int("0" + a[1:])):
        return f"the labels jump from {a} to {b}: the rows between them are missing or were read into another row"
    return f"the label {b} does not follow {a}: a row may be misread, or a section band missed"


def missed_row_starts(evidence: TableEvidence) -> list[Check]:
    """A record's first cell holding, at its left edge and with a row's white space above it on
    its page, the label that comes next in the sequence (and the next record goes on from that one)."""
    found = []
    separation = _row_separation(evidence)
    records, table = evidence.records, evidence.table
    for index, (record, row) in enumerate(zip(records, evidence.rows)):
        following = (
            records[index + 1]
            if index + 1 < len(records) and records[index + 1].section == record.section
            else None
        )
        for piece, line in _inner_label_lines(row):
            label = outcome_label(line.text)
            if label is None:
                continue
            expected = follows(record.outcome_id, label) and (
                following is None or (following.outcome_id != label and follows(label, following.outcome_id))
            )
            # At a page's top the white above cannot be seen: the stitching kept the piece with
            # the row for what its other cells go on with, and the label alone says no more.
            white = _white_above(piece, line)
            if expected and math.isfinite(white) and white >= SETTINGS.row_white * separation:
                found.append(
                    _finding(
                        "label_sequence",
                        table,
                        [record],
                        f"outcome {label} opens a line inside the first cell of outcome {record.outcome_id} on page {piece.page}: "
                        "a row start was missed and two rows were read as one",
                        [piece.page],
                    )
                )
    return found


def _inner_label_lines(row: StitchedRow) -> Iterable[tuple[PhysicalRow, TextLine]]:
    """The lines of a row's first cell, after its first, that open with an outcome label at the
    first line's left edge."""
    first: TextLine | None = None
    for piece in row.pieces:
        for line in piece.cells[0].lines if piece.cells else ():
            if first is None:
                first = line
            elif (
                outcome_label(line.text) is not None
                and abs(line.x0 - first.x0) <= SETTINGS.aligned * line.size
            ):
                yield piece, line


def _white_above(piece: PhysicalRow, line: TextLine) -> float:
    """The white space above a line across every column of its piece (infinite at the piece's top)."""
    above = [
        line.top - other.bottom
        for cell in piece.cells
        for other in cell.lines
        if other.bottom <= line.top + 0.5 and other is not line
    ]
    return min(above, default=math.inf)


def _row_separation(evidence: TableEvidence) -> float:
    """The commonest white space above a row start, from one row to the next on a page."""
    whites = []
    for before, after in zip(evidence.cut.rows, evidence.cut.rows[1:]):
        if (
            after.first_on_page
            or before.page != after.page
            or after.band is not None
            or before.band is not None
        ):
            continue
        bottoms = [line.bottom for cell in before.cells for line in cell.lines]
        if bottoms:
            whites.append(round(after.top - max(bottoms), 1))
    return Counter(whites).most_common(1)[0][0] if whites else math.inf


def labels_in_other_columns(evidence: TableEvidence) -> list[Check]:
    """A line of another column than the first that opens with the outcome label next in line
    after the record's own, set as the section's labels are (their case, numbering and the mark
    after them): a row whose cells were read one column over and joined to the row above, or a row
    start missed. Lines, not paragraphs: a page break may have joined the label's line to the
    paragraph above it. A cell's own list (a), b) or 1., 2.) is set otherwise, or opens with its
    first item, where a misplaced row opens with the next label."""
    found = []
    table = evidence.table
    for run in _sections(evidence):
        styles = {_label_style(evidence.records[i].outcome_text or "") for i in run} - {None}
        for index in run:
            record, row = evidence.records[index], evidence.rows[index]
            for column in range(1, len(table.columns)):
                cell = [(piece.page, line.text) for piece in row.pieces for line in piece.cells[column].lines]
                # A word broken at its hyphen goes on at the next line's start ("ITU-" | "D: ..."): no label.
                lines = [line for k, line in enumerate(cell) if not (k and breaks_word(cell[k - 1][1]))]
                labels = _next_labels(record.outcome_id, lines, styles)
                if not labels:
                    continue
                many = len(labels) > 1
                found.append(
                    _finding(
                        "label_sequence",
                        table,
                        [record],
                        f"the column {_quote(table.columns[column].label)} has {'lines' if many else 'a line'} opening "
                        f"with the label{'s' if many else ''} of outcome{'s' if many else ''} "
                        f"{', '.join(label for label, _ in labels)} (page {labels[0][1]}): a row start was missed, "
                        f"or the cells of {'those rows' if many else 'that row'} were read one column over and joined to this one",
                        [page for _, page in labels],
                    )
                )
    return found


def first_cell_only(evidence: TableEvidence) -> list[Check]:
    """Rows with text in their first cell alone, after a row with text in its other cells: points
    of that row's outcome text ("D1: ...", "D2: ...") read as rows of their own. The row above and
    each such run are named."""
    found = []
    records, table = evidence.records, evidence.table
    bare = [not any(lines for column in row.cells[1:] for lines in column) for row in evidence.rows]
    for index in range(1, len(records)):
        if not bare[index] or bare[index - 1]:
            continue
        run = list(itertools.takewhile(lambda i: bare[i], range(index, len(records))))
        found.append(
            _finding(
                "label_sequence",
                table,
                [records[index - 1], *(records[i] for i in run)],
                f"outcome{'s' if len(run) > 1 else ''} {', '.join(records[i].outcome_id for i in run)} "
                f"{'have' if len(run) > 1 else 'has'} text in the first column only: points of outcome "
                f"{records[index - 1].outcome_id}'s text may have been read as rows",
            )
        )
    return found


def _label_style(text: str) -> tuple[tuple[bool, bool], str] | None:
    """An opening label's case and numbering, and the mark after it ("A:", "a.", "A1)")."""
    match = OUTCOME_LABEL.match(text)
    return (_style(match[1]), match[0][-1]) if match else None


def _next_labels(own: str, lines: Sequence[tuple[int, str]], styles: set) -> list[tuple[str, int]]:
    """The labels in the section's style that open a cell's lines (with their pages), each next in
    line after the one before (the record's own first); none when the cell's first such label is not."""
    labels: list[tuple[str, int]] = []
    for page, text in lines:
        if _label_style(text) not in styles:
            continue
        label = outcome_label(text) or ""
        if not follows(labels[-1][0] if labels else own, label):
            break
        labels.append((label, page))
    return labels


# --- timing, SDG and goals cells ---------------------------------------------------------------------------

# A URL alone in a cell is what the edition put there, in any column.
URL = regex.compile(r"^(?:https?://|www\.)\S+$", regex.I)
YEAR = r"(?:19|20)\d\d"
# A year, a range of years ("2020-2023", "2020 – 23", "2020/2021"), a quarter or half of one.
YEAR_SPAN = regex.compile(rf"^(?:(?:Q[1-4]|H[12])\s*)?{YEAR}(?:\s*[-–—/]\s*(?:{YEAR}|\d\d))?$", regex.I)
# Words that say when without naming a year, as timing cells do ("Ongoing", "2016-2019, extended to
# 2023", "Annually from 2020", "To be determined").
TIMING_WORDS = frozenset(
    [
        "ongoing",
        "continuous",
        "continuing",
        "continued",
        "permanent",
        "permanently",
        "annual",
        "annually",
        "yearly",
        "biennial",
        "biennially",
        "periodic",
        "periodically",
        "regular",
        "regularly",
        "every",
        "each",
        "year",
        "years",
        "since",
        "from",
        "until",
        "till",
        "to",
        "by",
        "through",
        "onwards",
        "onward",
        "beyond",
        "and",
        "or",
        "extended",
        "the",
        "be",
        "determined",
        "defined",
        "tbd",
        "tbc",
        "present",
        "end",
        "start",
        "beginning",
    ]
)
TIMING_TOKEN = regex.compile(
    rf"Q[1-4]\s*{YEAR}|H[12]\s*{YEAR}|{YEAR}(?:\s*[-–—/]\s*(?:{YEAR}|\d\d)(?!\d))?|[\p{{L}}]+|[^\s\p{{L}}\d]+|\d+",
    regex.I,
)
SEPARATORS = regex.compile(r"^[,;.()\-–—/&:]+$")


def is_timing(text: str) -> bool:
    """Whether a timing cell holds only years, ranges of years, timing words and separators."""
    for paragraph in (p for p in text.split("\n") if p.strip()):
        if URL.match(paragraph.replace(" ", "")):
            continue
        tokens = TIMING_TOKEN.findall(paragraph)
        if not any(YEAR_SPAN.match(t) or t.lower() in TIMING_WORDS for t in tokens):
            return False
        if not all(YEAR_SPAN.match(t) or t.lower() in TIMING_WORDS or SEPARATORS.match(t) for t in tokens):
            return False
    return True


def timing(evidence: TableEvidence) -> list[Check]:
    odd = [r for r in evidence.records if r.timing_text is not None and not is_timing(r.timing_text)]
    if not odd:
        return []
    return [
        _finding(
            "timing",
            evidence.table,
            odd,
            f"the timing column holds text that is not a year or year range ({_quote(odd[0].timing_text or '')})",
        )
    ]


# Two numbers side by side with only a space between them ("2019 2016-2019", "Goal 1 4.1,"): a
# timing or goals cell puts a separator or a word between its numbers ("67, 69", "Goals 1 & 3").
NUMBERS_SIDE_BY_SIDE = regex.compile(r"(?<![\w.,])\d[\d.\-–/]*\s+\d")


def joined_cells(evidence: TableEvidence) -> list[Check]:
    """A timing or goals cell holding two numbers side by side (the next column's first word, or
    the next row's cell, read into it), or a timing cell holding two timings, each its own
    paragraph: a row gives one timing, so the next row's cell, or the next row whole (its first
    cell opening the next page, say), was read into this one. The next record is named too where
    its cell of that column is empty."""
    found = []
    records, table = evidence.records, evidence.table
    for column in table.columns:
        field = column.field
        if field not in ("timing_text", "goals_text") or field is None:
            continue
        for index, record in enumerate(records):
            text = getattr(record, field) or ""
            empty_next = [r for r in records[index + 1 : index + 2] if not getattr(r, field)]
            joined = next((p for p in text.split("\n") if NUMBERS_SIDE_BY_SIDE.search(p)), None)
            timings = [p for p in text.split("\n") if YEAR_SPAN.match(p.strip())]
            if joined is not None:
                what = f"two numbers side by side in outcome {record.outcome_id} ({_quote(joined)})"
            elif field == "timing_text" and len(timings) > 1:
                what = f"two timings one under the other in outcome {record.outcome_id} ({_quote(' | '.join(timings))})"
            else:
                continue
            found.append(
                _finding(
                    "joined_cells",
                    table,
                    [record, *empty_next],
                    f"the column {_quote(column.label)} holds {what}"
                    + (f", and outcome {empty_next[0].outcome_id}'s cell is empty" if empty_next else "")
                    + ": the text of another cell, or another row, may have been read into it",
                )
            )
    return found


# An SDG target ("9.c", "17.16"), a goal named outright ("SDG 9", "Goal 18"), or a bare number.
SDG_TARGET = regex.compile(r"(?<![\w.])(\d{1,3})\.(?:\d{1,2}|[a-z])(?![\w.]\w)")
NAMED_SDG = regex.compile(r"\b(?:SDGs?|goals?)\s*(\d{1,3})(?![\d.])", regex.I)
PLAIN_LIST = regex.compile(r"^[\d\s,;&.]*(?:\band\b[\d\s,;&.]*)*$", regex.I)


def sdg_numbers(text: str) -> list[int]:
    """The SDG numbers a cell names: targets' goals, goals named outright, and the numbers of a cell
    that is only a list."""
    numbers = [int(n) for n in SDG_TARGET.findall(text)] + [int(n) for n in NAMED_SDG.findall(text)]
    rest = SDG_TARGET.sub(" ", text)
    if PLAIN_LIST.match(rest):
        numbers += [int(n) for n in regex.findall(r"\d+", rest)]
    return numbers


def sdg_range(evidence: TableEvidence) -> list[Check]:
    odd = [
        r for r in evidence.records if r.sdgs_text and any(not 1 <= n <= 17 for n in sdg_numbers(r.sdgs_text))
    ]
    if not odd:
        return []
    numbers = sorted({n for r in odd for n in sdg_numbers(r.sdgs_text or "") if not 1 <= n <= 17})
    return [
        _finding(
            "sdg_range",
            evidence.table,
            odd,
            f"the SDG column names {', '.join(map(str, numbers))}, outside the SDGs 1-17: text from another column, or a number misread",
        )
    ]


def _names_sdg(record: Record) -> bool:
    return bool(record.sdg_goals or record.sdg_targets)


def _names_goal(record: Record) -> bool:
    return bool(record.itu_goals or record.resolutions or record.regional_initiatives)


def _only_urls(text: str) -> bool:
    return all(URL.match(p.replace(" ", "")) for p in text.split("\n") if p.strip())


def column_names_missing(evidence: TableEvidence, check: str, key: str, what: str, names) -> list[Check]:
    """Cells with text, yet without what most of their column's cells name (an empty cell or a URL
    alone is what the edition printed)."""
    cells = [r for r in evidence.records if getattr(r, key) and not _only_urls(getattr(r, key))]
    odd = [r for r in cells if not names(r)]
    if not odd or len(cells) - len(odd) <= SETTINGS.majority * (len(cells) - 1):
        return []
    return [
        _finding(
            check,
            evidence.table,
            odd,
            f"{what}, unlike most of the column ({_quote(getattr(odd[0], key))}): text from another column?",
        )
    ]


# --- word_cut ------------------------------------------------------------------------------------------


def word_cuts(evidence: TableEvidence) -> list[Check]:
    """Physical rows where a line of one column ends in a letter glued, at the same height, to a
    lower-case letter that opens the next column's line: one word cut by a misplaced boundary."""
    owner = _piece_owners(evidence)
    cuts: dict[int, _Cuts] = {}  # by the column left of the boundary
    for piece in evidence.cut.rows:
        for column, (left, right) in enumerate(zip(piece.cells, piece.cells[1:])):
            for words in _glued_pairs(left.lines, right.lines):
                cuts.setdefault(column, _Cuts()).add(piece.page, words, owner.get(id(piece)))
    found = []
    for column, cut in sorted(cuts.items()):
        left_label, right_label = (
            evidence.table.columns[column].label,
            evidence.table.columns[column + 1].label,
        )
        examples = ", ".join(f"{a}|{b}" for a, b in cut.words[:3])
        found.append(
            _finding(
                "word_cut",
                evidence.table,
                cut.records,
                f"{len(cut.words)} word(s) cut between the columns {_quote(left_label)} and {_quote(right_label)} (as {examples}): "
                "the column boundary is misplaced",
                cut.pages,
            )
        )
    return found


@dataclass
class _Cuts:
    """The words cut at one column boundary, with their pages and records."""

    pages: set[int] = field(default_factory=set)
    words: list[tuple[str, str]] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)

    def add(self, page: int, words: tuple[str, str], record: Record | None) -> None:
        self.pages.add(page)
        self.words.append(words)
        if record is not None and record not in self.records:
            self.records.append(record)


def _glued_pairs(left: Sequence[TextLine], right: Sequence[TextLine]) -> Iterable[tuple[str, str]]:
    for a in left:
        last = a.ink[-1:]
        for b in right:
            first = b.ink[:1]
            if not last or not first:
                continue
            x, y = last[0], first[0]
            size = max(x.size, y.size)
            glued = -SETTINGS.glued * size <= y.x0 - x.x1 <= SETTINGS.glued * size
            level = abs(x.bottom - y.bottom) <= SETTINGS.baseline * size
            if glued and level and x.text[-1:].isalpha() and y.text[:1].islower():
                yield a.text.split()[-1], b.text.split()[0]


def _piece_owners(evidence: TableEvidence) -> dict[int, Record]:
    """Each physical row (by identity) -> the record whose stitched row holds it."""
    return {id(piece): record for record, row in zip(evidence.records, evidence.rows) for piece in row.pieces}


def header_split(evidence: TableEvidence) -> list[Check]:
    """A column whose header label opens in lower case ("with SDGs"): it is the end of the label on
    its left, cut by a misplaced boundary, so every row's cells there may be misread."""
    split = [c.label for c in evidence.table.columns if c.label[:1].islower()]
    if not split:
        return []
    return [
        _finding(
            "word_cut",
            evidence.table,
            evidence.records,
            f"the column header {_quote(split[0])} opens in lower case: a header label was cut in two by a misplaced "
            "column boundary, and the cells on either side of it may be misread",
        )
    ]


# --- paragraphs ---------------------------------------------------------------------------------------

# Words that never end an English sentence or heading, without punctuation after them: a paragraph
# ending in one was cut short. (Not "a": "Category A" ends a heading.)
OPEN_ENDED = frozenset(
    ["an", "the", "of", "to", "in", "into", "for", "with", "by", "from", "on", "at", "as", "and", "or", "nor"]
    + ["whose", "its", "their", "our"]
)


# A list item's mark that may open a paragraph in lower case: "i.", "iv.", "a)", "(b)".
LOWER_ITEM = regex.compile(r"^\(?[a-z]{1,4}[.)](?=\s)")


def paragraphs_cut(evidence: TableEvidence) -> list[Check]:
    """A paragraph that ends in a word that ends no sentence ("misuse of"), in a comma or in a
    list bullet parted from its item, or one after a cell's first that opens in lower case (not an
    item "i.", "a)"): the paragraph was split, or its rest read elsewhere."""
    odd: list[tuple[Record, str]] = []
    for record in evidence.records:
        for text in [*(getattr(record, key) for key in TEXT_FIELDS), *record.extra_columns.values()]:
            cut = _cut_paragraph(text or "")
            if cut is not None:
                odd.append((record, cut))
                break
    if not odd:
        return []
    return [
        _finding(
            "paragraph_cut",
            evidence.table,
            [record for record, _ in odd],
            f"a paragraph stops or starts in the middle of a sentence ({_quote(odd[0][1])}): "
            "a paragraph may have been split, or part of it read into another cell",
        )
    ]


def _cut_paragraph(text: str) -> str | None:
    """Where a cell's paragraphs show a cut: the end or the start of the paragraph that shows it."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    for index, paragraph in enumerate(paragraphs):
        last = paragraph.split()[-1]
        if last.lower() in OPEN_ENDED or last in BULLETS.values() or last.endswith(","):
            return "…" + paragraph[1 - SETTINGS.quote :]
        if index and paragraph[0].islower() and not LOWER_ITEM.match(paragraph):
            return paragraph
    return None


# --- sections -------------------------------------------------------------------------------------------


def _bands(evidence: TableEvidence) -> list[str]:
    return [row.band for row in evidence.cut.rows if row.band]


def sections(evidence: TableEvidence, has_bands_elsewhere: bool) -> list[Check]:
    """Records without a section where the table's other records, or the edition's other tables, have one."""
    without = [r for r in evidence.records if not r.section]
    if not without:
        return []
    if len(without) < len(evidence.records):
        return [
            _finding(
                "sections",
                evidence.table,
                without,
                "no section band was found above these rows, while the table's other rows have one: a band row was missed",
            )
        ]
    if has_bands_elsewhere:
        return [
            _finding(
                "sections",
                evidence.table,
                without,
                "no row of this table has a section, while the edition's other tables have section bands: its band rows were missed",
            )
        ]
    return []


def band_text_in_cells(evidence: TableEvidence, bands: Sequence[str]) -> list[Check]:
    """A cell paragraph that is a band's text: a band row read as cell text."""
    known = {_plain(b) for b in bands}
    odd = [
        r
        for r in evidence.records
        if any(
            _plain(p) in known
            for key in TEXT_FIELDS
            for p in (getattr(r, key) or "").split("\n")
            if p.strip()
        )
    ]
    if not odd:
        return []
    return [
        _finding(
            "sections",
            evidence.table,
            odd,
            "a cell holds the text of a section band: a band row was read as cell text",
        )
    ]


def _plain(text: str) -> str:
    return "".join(text.split()).lower()


# --- pages ----------------------------------------------------------------------------------------------


def _body_chars(layout: PageLayout) -> int:
    return sum(_chars(line.text) for line in layout.body)


def _chars(text: str) -> int:
    return len("".join(text.split()))


def page_text(evidence: TableEvidence) -> list[Check]:
    """Pages of the table, between its first and last, whose body holds no text or far less than
    both neighbours'. (A page that lost its text has lost its header too: `blank_pages` finds it.)"""
    table = evidence.table
    numbers = [p.page.number for p in table.pages]
    own = {p.page.number: p for p in table.pages}
    found = []
    for page in table.pages[1:-1]:
        chars = _body_chars(page)
        if chars and not (
            _sparse(page.page.number, chars, own) and _runs_on(evidence.cut, page.page.number + 1)
        ):
            continue
        what = (
            "has no table text"
            if not chars
            else f"holds {chars} characters of table text, far less than the pages around it"
        )
        found.append(
            _finding(
                "page_text",
                table,
                _around(evidence, page.page.number),
                f"page {page.page.number}, inside the table (pages {numbers[0]}-{numbers[-1]}), {what}: "
                "its content may not have been read whole (a damaged page?); the rows around it may be incomplete",
                [page.page.number],
            )
        )
    return found


def blank_pages(document: Document, tables: Sequence[TableEvidence]) -> list[Check]:
    """Pages without any text. A page whose content could not be read (a stream that does not
    decode, a missing object) or whose text is gone reads so, but a word processor also leaves a
    page blank after a table's end or at a page break. A textless page is named when it lies inside
    a table (a row may run over it), when it still draws rules or fills (its text is gone, not its
    drawing), or when the edition's pages show a page number or running header that it lacks; a
    blank page between tables or after the last, in an edition that prints no running lines, has
    lost nothing. Each is put to the table it follows, else to the one it precedes."""
    found = []
    numbered = _running_lines_shown(tables)
    for page in document.pages:
        if any(not g.text.isspace() for g in page.glyphs) or not tables:
            continue
        inside = next((t for t in tables if _pages_of(t)[0] < page.number < _pages_of(t)[-1]), None)
        if inside is None and not (page.rules or page.fills or numbered):
            continue
        before = [t for t in tables if _pages_of(t)[0] < page.number]
        evidence = inside or (before[-1] if before else tables[0])
        where = (
            f", inside the table (pages {_pages_of(evidence)[0]}-{_pages_of(evidence)[-1]}),"
            if inside
            else ""
        )
        found.append(
            _finding(
                "page_text",
                evidence.table,
                _around(evidence, page.number),
                f"page {page.number}{where} has no text at all{', not even a page number' if numbered else ''}: "
                "its content may not have been read (a damaged page?); rows that run onto it may be incomplete or missing",
                [page.number],
            )
        )
    return found


def _pages_of(evidence: TableEvidence) -> list[int]:
    return [p.page.number for p in evidence.table.pages]


def _running_lines_shown(tables: Sequence[TableEvidence]) -> bool:
    """Whether most of the tables' pages show a page number or a running header."""
    pages = [p for t in tables for p in t.table.pages]
    shown = [p for p in pages if any(f.kind in ("page_number", "running_header") for f in p.furniture)]
    return len(shown) > SETTINGS.running_pages * len(pages)


def _runs_on(cut: TableRows, number: int) -> bool:
    """Whether page `number` opens with a row that goes on from the page before. A short page
    that the next page follows with a band or a new row is a layout's choice (a band kept with
    its first row, a row that would not break), not text lost."""
    first = next((row for row in cut.rows if row.page == number), None)
    label = (
        first is not None
        and first.band is None
        and first.cells[0].lines
        and outcome_label(first.cells[0].lines[0].text)
    )
    return first is not None and first.band is None and not label


def _sparse(number: int, chars: int, own: dict[int, PageLayout]) -> bool:
    before, after = own.get(number - 1), own.get(number + 1)
    if before is None or after is None:
        return False
    return all(chars < SETTINGS.sparse_page * _body_chars(n) for n in (before, after))


def _around(evidence: TableEvidence, number: int) -> list[Record]:
    """The records on a page, else the last one before it and the first after it (either may be
    missing: a page after the table's end names its last record)."""
    on = [r for r in evidence.records if number in r.pages]
    if on:
        return on
    before = [r for r in evidence.records if r.pages[-1] < number][-1:]
    after = [r for r in evidence.records if r.pages[0] > number][:1]
    return before + after


def page_rules(evidence: TableEvidence) -> list[Check]:
    """A page of a ruled table that draws no rule at all, while the table's other pages do: its rows
    are cut by the other pages' evidence and may be merged, and its paragraphs read without the
    cells' edges (make fuzz: such a page changed the records even where no rows merged)."""
    table = evidence.table
    if not table.ruled:
        return []
    bare = [p.page.number for p in table.pages if not _rules_in(p, table)]
    if not bare or len(bare) * 2 >= len(table.pages):
        return []
    return [
        _finding(
            "page_rules",
            table,
            _around(evidence, n),
            f"page {n} of this ruled table has no rules: its rows may have been merged or its text read otherwise",
            [n],
        )
        for n in bare
    ]


def _rules_in(layout: PageLayout, table: Table) -> bool:
    left, right = table.span
    return any(r.x1 >= left and r.x0 <= right for r in layout.page.rules)


# --- unplaced pieces ------------------------------------------------------------------------------


def unplaced_pieces(evidence: TableEvidence) -> list[Check]:
    """A piece of the table that stitching could place in no row (a reject): most likely the rest
    of the row above it (or, above the first row, the first row's start), whose record then lacks
    that text."""
    found = []
    for reject in evidence.stitched.rejects:
        place = (reject.at.page, reject.at.top)
        starts = [(row.pages[0], row.top) for row in evidence.rows]
        above = [r for r, start in zip(evidence.records, starts) if start < place][-1:]
        owner = above or [r for r, start in zip(evidence.records, starts) if start > place][:1]
        found.append(
            _finding(
                "unplaced",
                evidence.table,
                owner,
                f"a piece of the table on page {reject.at.page} ({_quote(reject.text)}) is in no row ({reject.reason})"
                + (
                    f": it may belong to outcome {owner[0].outcome_id}, whose text would then be incomplete"
                    if owner
                    else ""
                ),
                [reject.at.page],
            )
        )
    return found


# --- accounting ----------------------------------------------------------------------------------------


def unaccounted_characters(on_pages: int, outputs: Outputs) -> int:
    """Characters of the PDF (its glyphs, whitespace aside) in none of the outputs: records' text
    cells, bands, footnotes (their numbers too), furniture and rejects. Negative: counted twice."""
    in_records = sum(_chars(r.get(f) or "") for r in outputs.records for f in TEXT_FIELDS)
    in_records += sum(
        _chars(t or "") for r in outputs.records for t in (r.get("extra_columns") or {}).values()
    )
    in_bands = sum(_chars(band) for band in outputs.bands)
    in_footnotes = sum(_chars(f["text"]) + len(str(f["number"])) for f in outputs.footnotes)
    in_furniture = sum(kind["chars"] for kind in outputs.furniture.values())
    in_rejects = sum(_chars(r.get("text") or "") for r in outputs.rejects)
    return on_pages - (in_records + in_bands + in_footnotes + in_furniture + in_rejects)


def glyph_chars(document: Document) -> int:
    return sum(len(g.text) for page in document.pages for g in page.glyphs if not g.text.isspace())


def accounting(document: Document, tables: Sequence[TableEvidence], outputs: Outputs) -> list[Check]:
    """The document's characters against the outputs; where they do not add up, the rows and
    records that lost text are named (a physical row in no record or reject, a record whose text is
    shorter than its cells' lines)."""
    missing = unaccounted_characters(glyph_chars(document), outputs)
    if not missing:
        return []
    found = []
    for evidence in tables:
        found += _rows_in_nothing(evidence)
        found += _records_short_of_their_lines(evidence)
    if not found:
        found.append(
            Check(
                "accounting",
                None,
                (),
                (),
                (),
                f"{abs(missing)} characters of the PDF are {'in no record, band, footnote, furniture or reject' if missing > 0 else 'counted twice'}",
            )
        )
    return found


def _rows_in_nothing(evidence: TableEvidence) -> list[Check]:
    claimed = {id(piece) for row in evidence.stitched.rows for piece in row.pieces}
    rejected = {r.at for r in evidence.stitched.rejects}
    lost = [
        p
        for p in evidence.cut.rows
        if p.band is None and id(p) not in claimed and (p.page, p.top, p.x0) not in rejected
    ]
    found = []
    for piece in lost:
        lines = [line for cell in piece.cells for line in cell.lines]
        label = outcome_label(piece.cells[0].lines[0].text) if piece.cells and piece.cells[0].lines else None
        what = f"a row opening with outcome {label}" if label else "a row"
        found.append(
            _finding(
                "accounting",
                evidence.table,
                _around(evidence, piece.page),
                f"{what} on page {piece.page} ({sum(_chars(line.text) for line in lines)} characters) is in no record or reject",
                [piece.page],
            )
        )
    return found


def _records_short_of_their_lines(evidence: TableEvidence) -> list[Check]:
    short = []
    for record, row in zip(evidence.records, evidence.rows):
        lines = sum(_chars(line.text) for piece in row.cells for lines in piece for line in lines)
        text = sum(_chars(getattr(record, f) or "") for f in TEXT_FIELDS) + sum(
            _chars(t or "") for t in record.extra_columns.values()
        )
        if text != lines:
            short.append(record)
    if not short:
        return []
    return [
        _finding(
            "accounting",
            evidence.table,
            short,
            "the record's text does not hold every character of its cells' lines",
        )
    ]
