"""The typed values that pass from one extraction stage to the next (see pipeline/stages/__init__.py).

Each stage module takes the value of the stage before it and returns its own; nothing here
computes anything beyond a property of the value itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from pipeline.records import Footnote, Record

if TYPE_CHECKING:
    from pipeline.stages.text import TextLine


class Position(NamedTuple):
    """Where a row, a line or a record starts: its page, and the top and left edge of its text (points)."""

    page: int
    top: float
    x0: float


# --- load --------------------------------------------------------------------------------------------


class Glyph(NamedTuple):
    """One glyph; a tuple because a page has thousands and a tuple is made five times faster."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    italic: bool = False


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
class Fill:
    """A filled rectangle: cell or row shading, a header's fill."""

    x0: float
    top: float
    x1: float
    bottom: float
    shade: float  # luminance, 0 black to 1 white


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 1-based
    width: float
    height: float
    glyphs: tuple[Glyph, ...]
    rules: tuple[Rule, ...]
    fills: tuple[Fill, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    file_name: str
    sha256: str
    pages: tuple[Page, ...]


# --- header ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Header:
    top: float  # the header cell's top: its rule above when there is one, else its text's top
    bottom: float  # likewise below
    lines: tuple[TextLine, ...]
    action_line: str | None
    # A page that goes on with a table without repeating its header has no header lines: the
    # header's span is then the one of the page before, where the table stands.
    carried_span: tuple[float, float] | None = None

    @property
    def text_top(self) -> float:
        return min((line.top for line in self.lines), default=self.top)

    @property
    def text_bottom(self) -> float:
        return max((line.bottom for line in self.lines), default=self.bottom)

    @property
    def span(self) -> tuple[float, float]:
        if not self.lines and self.carried_span is not None:
            return self.carried_span
        return min(line.x0 for line in self.lines), max(line.x1 for line in self.lines)


class HeaderWord(NamedTuple):
    x0: float
    x1: float
    top: float
    size: float
    text: str  # without its footnote digits
    markers: tuple[int, ...]  # the footnote numbers glued to it


# --- columns -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Boundary:
    x: float  # glyphs whose middle lies left of x are in the column on the left
    gutter: tuple[float, float]  # the white the body leaves around it: its text ends, the next starts
    drawn: bool  # a rule or a fill edge, not only white space


# --- furniture ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Furniture:
    kind: str  # page_number, running_header, title, note, header, front_matter
    at: Position
    text: str
    chars: int


class RunningLine(NamedTuple):
    """A line the edition repeats at one place on most pages: a page number, a running header."""

    line: TextLine
    kind: str  # "page_number" (the line is only the number) or "running_header"
    shown: int | None  # the page number it shows, when it shows one that rises page by page


# --- layout ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    label: str  # as printed, footnote markers removed
    field: str | None  # contract text field, or None for an extra column
    x0: float  # cell boundaries on the page
    x1: float
    markers: tuple[int, ...]


@dataclass
class PageLayout:
    page: Page
    header: Header | None
    body: list[TextLine] = field(default_factory=list)  # lines between header and table bottom
    footnote_lines: list[TextLine] = field(default_factory=list)
    outside: list[TextLine] = field(default_factory=list)  # text the layout cannot place
    loose: list[TextLine] = field(default_factory=list)  # front matter of a page without a header
    furniture: list[Furniture] = field(default_factory=list)
    title: tuple[str, str] | None = None  # (action line, title)
    note: str | None = None
    shown_number: int | None = None  # the page number printed on the page

    @property
    def table_header(self) -> Header:
        """The header of a page of a table: every such page has one (a page without is no table's)."""
        if self.header is None:
            raise ValueError(f"page {self.page.number} is in a table but has no header")
        return self.header


@dataclass
class Table:
    """One action line's table: its pages, their shared columns and what the header cites."""

    action_line: str
    title: str
    note: str | None
    pages: list[PageLayout]
    columns: tuple[Column, ...]
    span: tuple[float, float]  # left and right edge
    markers: dict[int, Column]
    ruled: bool  # spanning rules below the header on some page: rows are cut at rules
    boundaries: tuple[Boundary, ...] = ()  # between the columns, with the gutters around them
    footnote_pages: list[PageLayout] = field(default_factory=list)  # pages that hold only its footnotes' end


@dataclass
class DocumentLayout:
    tables: list[Table]
    pages: list[PageLayout]
    warnings: list[str]
    missing_before: set[int]  # pages that follow a gap in the page numbering


# --- rows --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spacing:
    pitch: float  # distance between two lines of a paragraph
    paragraph_gap: float  # white space above a paragraph that opens inside a cell
    row_gap: float  # white space above a label that is more than a paragraph's (tables without rules)
    size: float  # the body's font size
    row_separation: float = math.inf  # the commonest white space above a label (tables without rules)
    paragraph_white: float = 0.0  # the commonest white space between paragraphs of one cell (ditto)


@dataclass(frozen=True)
class Cell:
    lines: tuple[TextLine, ...]  # top to bottom

    @property
    def empty(self) -> bool:
        return not self.lines


@dataclass(frozen=True)
class PhysicalRow:
    page: int
    top: float
    bottom: float
    first_on_page: bool
    band: str | None  # the band's text for a full-width band row
    cells: tuple[Cell, ...]  # one per column (none for a band)
    x0: float
    x1: float
    # Cut off from the row above by white space alone (a table without rules): stitch may give
    # it back to that row.
    cut_by_white: bool = False


@dataclass(frozen=True)
class TableRows:
    rows: list[PhysicalRow]
    spacing: Spacing


# --- stitch ------------------------------------------------------------------------------------------


@dataclass
class StitchedRow:
    outcome_id: str
    section: str | None
    cells: list[list[tuple[TextLine, ...]]]  # per column: its lines on each page it runs over
    pages: list[int]
    top: float  # position of the row's start on its first page
    x0: float
    pieces: list[PhysicalRow] = field(default_factory=list)  # what lies on each page, in order


class RejectKind(StrEnum):
    """Why a piece of text is a reject rather than part of a record (`kind` in rejects.json)."""

    UNPLACED = "unplaced"  # no row, band, footnote or page furniture takes it
    INVALID_RECORD = "invalid_record"  # a whole record that fails the contract's validation
    INVALID_FOOTNOTE = "invalid_footnote"


@dataclass(frozen=True)
class Reject:
    kind: RejectKind
    reason: str  # in words a user understands
    at: Position
    text: str
    action_line: str | None = None

    def as_json(self) -> dict[str, Any]:
        """As rejects.json holds it."""
        return {
            "kind": self.kind.value,
            "reason": self.reason,
            "page": self.at.page,
            "top": self.at.top,
            "x0": self.at.x0,
            "text": self.text,
            "action_line": self.action_line,
        }


@dataclass
class Stitched:
    rows: list[StitchedRow] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- validate ----------------------------------------------------------------------------------------


@dataclass
class Validated:
    records: list[Record] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


@dataclass(frozen=True)
class Candidate:
    """A record or footnote as assembled, with where it starts in the PDF (for the rejects)."""

    fields: dict[str, Any]
    at: Position


# --- checks ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One finding: what is suspect, where, and why, in a user's words."""

    check: str
    action_line: str | None
    record_ids: tuple[str, ...]  # the suspect records; empty when the finding concerns a whole table
    outcome_ids: tuple[str, ...]
    pages: tuple[int, ...]
    message: str

    def as_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "action_line": self.action_line,
            "outcome_ids": list(self.outcome_ids),
            "record_ids": list(self.record_ids),
            "pages": list(self.pages),
            "message": self.message,
        }


@dataclass(frozen=True)
class TableEvidence:
    """What the stages made of one table: its rows as cut and stitched, and the records that passed
    validation, each with the stitched row it came from."""

    table: Table
    cut: TableRows
    stitched: Stitched
    records: list[Record]
    rows: list[StitchedRow]  # rows[i] is the stitched row of records[i]


@dataclass(frozen=True)
class Outputs:
    """What the extraction writes, as the accounting counts it (the shapes of the output files)."""

    records: list[dict[str, Any]]
    bands: list[str]
    footnotes: list[dict[str, Any]]
    furniture: dict[str, dict[str, int]]
    rejects: list[dict[str, Any]]
