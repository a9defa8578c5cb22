"""Stage 3, rows: cut each page's table body into physical rows and their cells.

A physical row is what lies on one page: a row that runs over a page break gives one physical row
per page, and `stitch` joins them. Rows are cut at the table's horizontal rules where the edition
draws them. Without rules, a row starts at a band line, and at an outcome label in the first
column that has more white space above it, across every column, than a paragraph break leaves:
a label inside a cell ("D1: ...") follows its paragraph at paragraph spacing, a new row does not.
Cells keep their lines: paragraphs are read once the rows are stitched (`paragraphs`), with the
table's text measures taken here from all of its pages.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Optional, Sequence

from pipeline.load import Glyph
from pipeline.bands import band_lines
from pipeline.layout import PageLayout, Table, row_rules, touching
from pipeline.text import TextLine, group_lines, modal, outcome_label, starts_item

# White space above a label must beat the paragraph spacing by this much (in font sizes) to open a
# row, or the leading between two lines by ROW_PADDING: cells are padded, paragraphs are not.
ROW_GAP = 0.25
ROW_PADDING = 0.4


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
    band: Optional[str]  # the band's text for a full-width band row
    cells: tuple[Cell, ...]  # one per column (none for a band)
    x0: float
    x1: float


@dataclass(frozen=True)
class Spacing:
    pitch: float  # distance between two lines of a paragraph
    row_gap: float  # white space above a label that opens a row (tables without rules)


@dataclass(frozen=True)
class TableRows:
    rows: list[PhysicalRow]
    spacing: Spacing


@dataclass(frozen=True)
class PageGrid:
    """A page's body as lines per column, with the band lines apart."""

    columns: tuple[tuple[TextLine, ...], ...]
    bands: tuple[TextLine, ...]


def cut_rows(table: Table) -> TableRows:
    grids = [(layout, _grid(layout, table)) for layout in table.pages]
    spacing = _spacing([grid for _, grid in grids])
    rows: list[PhysicalRow] = []
    for layout, grid in grids:
        cuts = row_rules(layout) if table.ruled else _label_cuts(grid, spacing)
        rows.extend(_page_rows(layout, grid, cuts, table))
    return TableRows(rows, spacing)


def _grid(layout: PageLayout, table: Table) -> PageGrid:
    bands = tuple(band_lines(layout.body, table.boundaries, layout.page.rules))  # top to bottom
    banded = {id(band) for band in bands}
    glyphs = [g for line in layout.body if id(line) not in banded for g in line.glyphs]
    return PageGrid(columns=_column_lines(glyphs, table), bands=bands)


def _column_lines(glyphs: Sequence[Glyph], table: Table) -> tuple[tuple[TextLine, ...], ...]:
    """Glyphs split into the table's columns (by their middle), as lines per column."""
    columns = table.columns
    lefts = [c.x0 for c in columns]
    members: list[list[Glyph]] = [[] for _ in columns]
    for glyph in glyphs:
        middle = (glyph.x0 + glyph.x1) / 2
        i = bisect.bisect_right(lefts, middle) - 1
        if i >= 0 and middle < columns[i].x1:
            members[i].append(glyph)
    return tuple(tuple(group_lines(m)) for m in members)


def _spacing(grids: Sequence[PageGrid]) -> Spacing:
    pitches, item_gaps, sizes = [], [], []
    for grid in grids:
        for lines in grid.columns:
            for above, line in zip(lines, lines[1:]):
                sizes.append(line.size)
                if line.top - above.top < 2 * line.size:
                    pitches.append(line.top - above.top)
                if starts_item(line.text):
                    item_gaps.append(line.top - above.bottom)
    size = modal(sizes, 10.0)
    # The shortest common pitch is the in-paragraph one; paragraph gaps only add to it.
    counts = {p: sum(1 for q in pitches if abs(q - p) <= 0.2) for p in sorted({round(p, 1) for p in pitches})}
    pitch = min(p for p, n in counts.items() if n >= 0.25 * max(counts.values())) if counts else 1.2 * size
    # Items also follow blank paragraphs and row starts: the paragraph gap is the smallest that recurs.
    recurring = [g for g in item_gaps if sum(1 for h in item_gaps if abs(h - g) <= 0.2) >= 2]
    paragraph_gap = min(recurring or item_gaps or [pitch - size])
    # Row padding shows as white space well beyond one line's leading, whatever the paragraph spacing.
    row_gap = max(paragraph_gap, pitch - size) + ROW_GAP * size
    return Spacing(pitch=pitch, row_gap=row_gap)


def _label_cuts(grid: PageGrid, spacing: Spacing) -> list[float]:
    """Row boundaries of a table without rules: around bands, and above labels that open rows."""
    cuts = []
    for i, band in enumerate(grid.bands):
        # A band that wraps stays one row: cut only before its first line and after its last.
        if i == 0 or not touching(grid.bands[i - 1], band):
            cuts.append(band.top - 0.01)
        if i == len(grid.bands) - 1 or not touching(band, grid.bands[i + 1]):
            cuts.append(band.bottom + 0.01)
    for line in grid.columns[0]:
        if outcome_label(line.text) is None:
            continue
        above = [
            line.top - max(other.bottom for other in lines if other.bottom <= line.top + 0.5)
            for lines in (*grid.columns, grid.bands)
            if any(other.bottom <= line.top + 0.5 for other in lines)
        ]
        if not above or min(above) > spacing.row_gap:
            cuts.append(line.top - 0.01)
    return sorted(cuts)


def _page_rows(layout: PageLayout, grid: PageGrid, cuts: list[float], table: Table) -> list[PhysicalRow]:
    def slot(line: TextLine) -> int:  # how many cuts (sorted) lie above the line's centre
        return bisect.bisect_left(cuts, (line.top + line.bottom) / 2)

    # Each line into its slot once, in the order it comes in.
    band_slots: list[list[TextLine]] = [[] for _ in range(len(cuts) + 1)]
    cell_slots: list[list[list[TextLine]]] = [[[] for _ in grid.columns] for _ in range(len(cuts) + 1)]
    for line in grid.bands:
        band_slots[slot(line)].append(line)
    for column, lines in enumerate(grid.columns):
        for line in lines:
            cell_slots[slot(line)][column].append(line)
    rows: list[PhysicalRow] = []
    for bands, cells in zip(band_slots, cell_slots):
        if bands and any(cells):
            # Band-like text inside a ruled row with cells is cell text: put it back in its columns.
            glyphs = [g for line in (*bands, *(l for cell in cells for l in cell)) for g in line.glyphs]
            cells = [list(lines) for lines in _column_lines(glyphs, table)]
            bands = []
        lines = bands + [line for cell in cells for line in cell]
        if not lines:
            continue
        band_only = bool(bands)
        rows.append(
            PhysicalRow(
                page=layout.page.number,
                top=round(min(line.top for line in lines), 2),
                bottom=round(max(line.bottom for line in lines), 2),
                first_on_page=not rows,
                band=" ".join(line.text for line in bands) if band_only else None,
                cells=() if band_only else tuple(Cell(tuple(cell)) for cell in cells),
                x0=round(min(line.x0 for line in lines), 2),
                x1=round(max(line.x1 for line in lines), 2),
            )
        )
    return rows
