"""Stage 3, rows: cut each page's table body into physical rows and their cells.

A physical row is what lies on one page: a row that runs over a page break gives one physical row
per page, and `stitch` joins them. Rows are cut at the table's horizontal rules where the edition
draws them. Without rules, at the edges of shading that spans the table (alternate rows filled),
and a row starts at a band line, and at an outcome label in the first column that has more white
space above it, across every column, than a paragraph break leaves:
a label inside a cell ("D1: ...") follows its paragraph at paragraph spacing, a new row does not.
The white space above most labels is the table's row separation (two cell paddings and a
leading). A label with less white space above it than that, though more than a paragraph's (an
edition whose paragraph spacing is near its cell padding, or whose spacing between list items
belies its paragraphs'), opens a row only when it is the next in the table's sequence of labels
(A1 after the band, A2 after A1).
Cells keep their lines: paragraphs are read once the rows are stitched (`paragraphs`), with the
table's text measures taken here from all of its pages.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.stages.bands import band_lines
from pipeline.stages.layout import row_rules, row_shading, touching
from pipeline.stages.models import Cell, Glyph, PageLayout, PhysicalRow, Spacing, Table, TableRows
from pipeline.stages.settings import SETTINGS
from pipeline.stages.text import TextLine, follows, modal, opens_sequence, outcome_label, starts_item


@dataclass(frozen=True)
class PageGrid:
    """A page's body as lines per column, with the band lines apart."""

    columns: tuple[tuple[TextLine, ...], ...]
    bands: tuple[TextLine, ...]
    # The first column's lines that open with an outcome label, each with the white space above
    # it across every column (infinite at the top of the page).
    labels: tuple[tuple[TextLine, str, float], ...] = ()


def cut_rows(tables: Sequence[Table]) -> list[TableRows]:
    """Each table's physical rows. The row separation (where no rules are drawn) is the
    edition's: one editor padded every table's cells alike, and one table may hold more labels
    inside its cells than rows."""
    grids = [[(layout, _grid(layout, table)) for layout in table.pages] for table in tables]
    separation = modal(white for pages in grids for white in _row_start_whites([grid for _, grid in pages]))
    return [_table_rows(table, pages, separation) for table, pages in zip(tables, grids)]


def _row_start_whites(grids: Sequence[PageGrid]) -> list[float]:
    """The white above the labels that go on the table's sequence of outcomes (A, B, B1 ...; a
    band starts it anew), where a page shows it: labels of a cell's own points ("D1: broaden
    ...") break the sequence, and where a table lists more points than rows they would set the
    rows' separation to their paragraphs'."""
    whites = []
    last: str | None = None
    for grid in grids:
        for _, label, white in _events(grid):
            if label is None:
                last = None
            elif opens_sequence(label) or (last is not None and follows(last, label)):
                last = label
                if white < math.inf:
                    whites.append(white)
    return whites


def _table_rows(table: Table, grids: Sequence[tuple[PageLayout, PageGrid]], separation: float) -> TableRows:
    spacing = _spacing([grid for _, grid in grids])
    spacing = dataclasses.replace(
        spacing,
        row_separation=separation,
        paragraph_white=_paragraph_white([grid for _, grid in grids], spacing),
    )
    rows: list[PhysicalRow] = []
    last_label: str | None = None  # the label of the row open at the foot of the page before
    shadings = [row_shading(layout) for layout, _ in grids]
    zebra = _shades_rows(grids, shadings)
    for (layout, grid), shading in zip(grids, shadings):
        rules = row_rules(layout) if table.ruled else []
        if rules:
            rows.extend(_page_rows(layout, grid, rules, table))
            continue
        # A table without rules, or a page of a ruled one that lost them: its own evidence.
        fills = sorted({edge for stretch in shading for edge in stretch})
        edges = [layout.table_header.bottom, *fills] if zebra and fills else None
        cuts, last_label = _label_cuts(grid, spacing, last_label, edges)
        foot = _foot_piece(grid, spacing)
        page_rows = _page_rows(
            layout, grid, sorted([*cuts, *fills, *([] if foot is None else [foot])]), table
        )
        if foot is not None:
            page_rows = [
                dataclasses.replace(row, cut_by_white=True) if row.top + row.bottom > 2 * foot else row
                for row in page_rows
            ]
        rows.extend(page_rows)
    return TableRows(_merged_cell_bands(rows), spacing)


def _merged_cell_bands(rows: list[PhysicalRow]) -> list[PhysicalRow]:
    """Band rows that no line runs across a boundary of (a short band, left-aligned in its merged
    cell, or one that wraps right at a boundary, or whose word spaces fall on the gutters): a row
    without an outcome label that holds only first-column text, or a single line, right before a
    row whose label opens a section's sequence (A, A1, a). A piece that continues the row above
    at the top of a page is followed by the band, or by that row's next outcome, never by a first
    one."""
    banded = []
    for row, following in zip(rows, [*rows[1:], None]):
        if (
            row.band is None
            and following is not None
            and following.band is None
            and _band_like(row, following)
        ):
            label = outcome_label(following.cells[0].lines[0].text) if following.cells[0].lines else None
            if label is not None and opens_sequence(label):
                lines = sorted(
                    (line for cell in row.cells for line in cell.lines), key=lambda line: (line.top, line.x0)
                )
                row = dataclasses.replace(row, band=" ".join(line.text for line in lines), cells=())
        banded.append(row)
    return banded


def _band_like(row: PhysicalRow, following: PhysicalRow) -> bool:
    """A row's first cell holds no outcome label, and the row is one line, or first-column text
    only. A line with its first cell empty is a band's (centred, its words falling in other
    columns) only with the row it heads on its page: at a page's foot it may be a row's first
    piece whose outcome the next page opens (widow and orphan control)."""
    first = row.cells[0].lines
    if first and outcome_label(first[0].text) is not None:
        return False
    lines = [line for cell in row.cells for line in cell.lines]
    if not lines or (not first and row.page != following.page):
        return False
    one_line = all(abs(line.top - lines[0].top) <= SETTINGS.aligned * line.size for line in lines)
    return one_line or (bool(first) and all(cell.empty for cell in row.cells[1:]))


def _grid(layout: PageLayout, table: Table) -> PageGrid:
    bands = tuple(band_lines(layout.body, table.boundaries, layout.page.rules))  # top to bottom
    banded = {id(band) for band in bands}
    columns = _split_lines([line for line in layout.body if id(line) not in banded], table)
    labels = tuple(
        (line, label, _white_above(line, (*columns, bands)))
        for line in columns[0]
        if (label := outcome_label(line.text)) is not None
    )
    return PageGrid(columns=columns, bands=bands, labels=labels)


def _split_lines(lines: Sequence[TextLine], table: Table) -> tuple[tuple[TextLine, ...], ...]:
    """The page's lines cut at the column boundaries (each glyph by its middle): the lines of
    each column, top to bottom. The page grouped its glyphs into lines once already."""
    columns = table.columns
    lefts = [c.x0 for c in columns]
    parts: list[list[TextLine]] = [[] for _ in columns]
    for line in sorted(lines, key=lambda line: (line.top + line.bottom) / 2):
        members: list[list[Glyph]] = [[] for _ in columns]
        for glyph in line.glyphs:
            middle = (glyph.x0 + glyph.x1) / 2
            i = bisect.bisect_right(lefts, middle) - 1
            if i >= 0 and middle < columns[i].x1:
                members[i].append(glyph)
        for column, glyphs in zip(parts, members):
            if any(not g.text.isspace() for g in glyphs):
                column.append(TextLine(tuple(glyphs)))
    return tuple(tuple(column) for column in parts)


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
    row_gap = max(paragraph_gap, pitch - size) + SETTINGS.row_padding * size
    return Spacing(pitch=pitch, paragraph_gap=paragraph_gap, row_gap=row_gap, size=size)


def _events(grid: PageGrid) -> list[tuple[TextLine, str | None, float]]:
    """A page's bands (label None) and labels with the white above them, top to bottom."""
    return sorted([*((band, None, 0.0) for band in grid.bands), *grid.labels], key=lambda event: event[0].top)


def _shades_rows(
    grids: Sequence[tuple[PageLayout, PageGrid]], shadings: Sequence[list[tuple[float, float]]]
) -> bool:
    """Whether the table shades its rows (alternate rows filled), not only its bands: stretches of
    shading that hold an outcome label, two at least (one row set off is no pattern)."""
    holding = 0
    for (_, grid), shading in zip(grids, shadings):
        for top, bottom in shading:
            holding += any(top <= line.top and line.bottom <= bottom for line, _, _ in grid.labels)
    return holding >= 2


def _opens_shading(grid: PageGrid, label: TextLine, edges: Sequence[float]) -> bool:
    """Whether a label opens a stretch of the shading: nothing of the first column between it and
    the nearest change of shading above it (or the header, or a band: a row of its own). Where a
    table shades its rows, a row starts where its shading does; "D1: ..." further down a row's
    first cell is a point of that cell."""
    above = [*edges, *(band.bottom for band in grid.bands)]
    edge = max((e for e in above if e <= label.top + SETTINGS.aligned * label.size), default=-math.inf)
    return not any(
        edge < other.top and other.bottom <= label.top + 0.5 and other is not label
        for other in grid.columns[0]
    )


def _label_cuts(
    grid: PageGrid, spacing: Spacing, last_label: str | None, edges: Sequence[float] | None = None
) -> tuple[list[float], str | None]:
    """Row boundaries of a table without rules: around bands, and above labels that open rows;
    with the label of the row open at the page's foot (None after a band: a section starts anew).
    `edges`: where the table shades its rows, the changes of shading (and the header's foot): a
    label opens a row only where it opens a stretch of the shading."""
    cuts = []
    for i, band in enumerate(grid.bands):
        # A band that wraps stays one row: cut only before its first line and after its last.
        if i == 0 or not touching(grid.bands[i - 1], band):
            cuts.append(band.top - 0.01)
        if i == len(grid.bands) - 1 or not touching(band, grid.bands[i + 1]):
            cuts.append(band.bottom + 0.01)
    more_than_paragraph = spacing.paragraph_gap + SETTINGS.paragraph_spacing * spacing.size
    separated = spacing.row_separation - SETTINGS.aligned * spacing.size
    # Top to bottom, bands among the labels: a band ends the sequence of the section above it.
    for line, label, white in _events(grid):
        if label is None:
            last_label = None
            continue
        # Where no row is open (the table's start, after a band) a label that opens a sequence
        # opens a row however close the text above it: that text can continue no row (a band that
        # fits in the first column, set as close above the row as a paragraph).
        opening = last_label is None and opens_sequence(label)
        # Where the table shades its rows, a point of a cell is no row; a first label (A, a) may
        # yet follow a band set inside the first column, in the band's stretch of shading.
        if edges is not None and not opens_sequence(label) and not _opens_shading(grid, line, edges):
            continue
        in_sequence = last_label is None or follows(last_label, label)
        # Clear white opens a row whatever its label's place in the sequence, but for a label of
        # the other case: letters change case only where a section starts (at A, a), so "i." after
        # A1 is a point of A1's cell.
        same_case = last_label is None or last_label[:1].isupper() == label[:1].isupper()
        clear = white > spacing.row_gap and white >= separated and (same_case or opens_sequence(label))
        if (in_sequence and white >= min(more_than_paragraph, separated)) or clear or opening:
            cuts.append(_row_top(grid, line, white, separated) - 0.01)
            # A label out of sequence at the top of a page may yet continue the row above it
            # (stitch decides): the sequence goes on from that row's label.
            if in_sequence or white < math.inf:
                last_label = label
    return sorted(cuts), last_label


def _row_top(grid: PageGrid, label: TextLine, white: float, separated: float) -> float:
    """Where the row a label opens starts: at the label, or higher where its other cells start
    higher than its first (a browser sets a cell's first line lower where its paragraph keeps a
    margin): the lines right above the label, in two other columns at least, each opening at the
    block's top, the first column empty beside them, with clearly more white above them than the
    label has, as much as the row separation, and some text of the page above them."""
    floor = max((other.bottom for other in grid.columns[0] if other.bottom <= label.top), default=-math.inf)
    # (column, line) of the other columns and the bands (column None), nearest the label first.
    above = sorted(
        (
            (column, other)
            for column, lines in [*enumerate(grid.columns), (None, grid.bands)][1:]
            for other in lines
            if floor < other.top < label.top
        ),
        key=lambda placed: -placed[1].top,
    )
    block: list[tuple[int | None, TextLine]] = []
    top = label.top - white  # the block's top: the foot of the text right above the label
    for column, other in above:
        if other.bottom <= top - SETTINGS.aligned * label.size:
            gap = top - other.bottom  # the white above the block
            break
        block.append((column, other))
        top = min(top, other.top)
    else:
        gap = top - floor
    if not block or any(other.bottom > label.top + 0.5 for _, other in block):
        return label.top
    opening = {
        column
        for column, other in block
        if column is not None and other.top - top <= SETTINGS.aligned * label.size
    }
    # Lines that open the page's body are the row before's own piece from the page before: a
    # row's cells start higher than its label only below other text of the page.
    clearly = math.isfinite(gap) and gap >= separated and gap > white + SETTINGS.aligned * label.size
    return top if clearly and len(opening) >= 2 else label.top


def _paragraph_white(grids: Sequence[PageGrid], spacing: Spacing) -> float:
    """The commonest white space wider than a leading between two lines of one column where the
    lower does not open a row (no label starts at its height): the white between a cell's
    paragraphs, which an edition may set wider than its rows' (0 when it shows none)."""
    whites = []
    for grid in grids:
        starts = [line.top for line, _, _ in grid.labels]
        for lines in grid.columns:
            for above, below in zip(lines, lines[1:]):
                white = below.top - above.bottom
                opens_row = any(abs(below.top - top) <= SETTINGS.aligned * below.size for top in starts)
                leading = spacing.pitch - spacing.size
                if (
                    not opens_row
                    and leading + SETTINGS.paragraph_spacing * spacing.size < white < 2 * spacing.size
                ):
                    whites.append(white)
    return modal(whites, 0.0)


def _foot_piece(grid: PageGrid, spacing: Spacing) -> float | None:
    """Where a row's first piece may start at the page's foot with its first cell empty (widow
    and orphan control moved the outcome's paragraph to the next page): below the first column's
    last line (anywhere below the page's top when the first column shows nothing on the page), the
    first cell that opens after white space across every column as wide as the row separation (no
    wider: rows are stacked, so more white is a blank paragraph inside a cell) and wider than a
    paragraph's: across every column where the edition separates rows by more than
    paragraphs, else in the cell's own column (a cell's paragraphs follow each other at paragraph
    spacing, a new row's cell opens far below what its column last showed, or first on the page).
    No other column's line may run on past its top: a row's cells open together. A cell's own
    paragraph can still open so: stitch decides."""
    beyond_paragraph = (
        max(spacing.paragraph_gap, spacing.paragraph_white) + SETTINGS.row_padding * spacing.size
    )
    rows_apart = spacing.row_separation >= beyond_paragraph
    first_column_end = max((line.bottom for line in grid.columns[0]), default=-math.inf)
    separated = spacing.row_separation - SETTINGS.aligned * spacing.size
    columns = (*grid.columns, grid.bands)
    every_line = [line for lines in columns for line in lines]
    opening = []
    for lines in grid.columns[1:]:
        for line in lines:
            if line.top <= first_column_end or _straddled(line, every_line):
                continue
            white = _white_above(line, columns)
            # At the page's top a piece continues the row before (stitch), whatever its first cell.
            if not separated <= white <= spacing.row_separation + SETTINGS.aligned * spacing.size:
                continue
            if rows_apart or _white_above(line, (lines,)) >= beyond_paragraph:
                opening.append(line.top)
    return min(opening) - 0.01 if opening else None


def _straddled(line: TextLine, others: Sequence[TextLine]) -> bool:
    """Whether a line that starts higher (beyond rounding) runs on past this line's top."""
    higher = line.top - SETTINGS.aligned * line.size
    return any(other.top < higher and other.bottom > line.top for other in others)


def _white_above(line: TextLine, columns: Sequence[Sequence[TextLine]]) -> float:
    """The white space above a line across every column (infinite at the top of the page)."""
    above = [other.bottom for lines in columns for other in lines if other.bottom <= line.top + 0.5]
    return line.top - max(above) if above else math.inf


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
            cells = [
                list(lines)
                for lines in _split_lines([*bands, *(line for cell in cells for line in cell)], table)
            ]
            bands = []
        row_lines = bands + [line for cell in cells for line in cell]
        if not row_lines:
            continue
        band_only = bool(bands)
        rows.append(
            PhysicalRow(
                page=layout.page.number,
                top=round(min(line.top for line in row_lines), 2),
                bottom=round(max(line.bottom for line in row_lines), 2),
                first_on_page=not rows,
                band=" ".join(line.text for line in bands) if band_only else None,
                cells=() if band_only else tuple(Cell(tuple(cell)) for cell in cells),
                x0=round(min(line.x0 for line in row_lines), 2),
                x1=round(max(line.x1 for line in row_lines), 2),
            )
        )
    return rows
