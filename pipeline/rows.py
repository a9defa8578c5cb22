"""Stage 3, rows: cut each page's table body into physical rows and their cells.

A physical row is what lies on one page: a row that runs over a page break gives one physical row
per page, and `stitch` joins them. Rows are cut at the table's horizontal rules where the edition
draws them; without rules, a row starts at each outcome label in the first column and at each band.
Cells keep their paragraphs (a vertical gap wider than the line pitch, or a bullet/dash item, opens
one) and each paragraph its lines.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from pipeline.layout import Column, PageLayout, Table, is_band_line, row_rules
from pipeline.load import Glyph
from pipeline.text import TextLine, group_lines, modal, outcome_label, starts_item

# A line pitch this much wider than the table's usual pitch (in font sizes) opens a paragraph.
PARAGRAPH_GAP = 0.1


@dataclass(frozen=True)
class Cell:
    paragraphs: tuple[tuple[str, ...], ...]  # each paragraph's lines, top to bottom
    first_line_starts_item: bool

    @property
    def empty(self) -> bool:
        return not self.paragraphs


@dataclass(frozen=True)
class PhysicalRow:
    page: int
    top: float
    bottom: float
    first_on_page: bool
    band: Optional[str]  # the band's text for a full-width band row
    cells: tuple[Cell, ...]  # one per column (empty for a band)
    x0: float


def cut_rows(table: Table) -> list[PhysicalRow]:
    pitch = _line_pitch(table)
    rows: list[PhysicalRow] = []
    for layout in table.pages:
        rows.extend(_page_rows(layout, table, pitch))
    return rows


def _page_rows(layout: PageLayout, table: Table, pitch: float) -> list[PhysicalRow]:
    if not layout.body:
        return []
    centres = [c.centre for c in table.columns]
    cuts = _cuts(layout, table, centres)
    bands = [line for line in layout.body if is_band_line(line, centres)]
    groups: list[list[Glyph]] = [[] for _ in range(len(cuts) + 1)]
    for line in layout.body:
        for glyph in line.glyphs:
            groups[sum(1 for y in cuts if y < (glyph.top + glyph.bottom) / 2)].append(glyph)
    rows = []
    for glyphs in groups:
        if not any(not g.text.isspace() for g in glyphs):
            continue
        lines = group_lines(glyphs)
        top, bottom = lines[0].top, lines[-1].bottom
        band = None
        if all(any(line.top == b.top and line.x0 == b.x0 for b in bands) for line in lines):
            band = " ".join(line.text for line in lines)
        cells = () if band else tuple(_cell(glyphs, column, pitch) for column in table.columns)
        rows.append(
            PhysicalRow(
                page=layout.page.number,
                top=round(top, 2),
                bottom=round(bottom, 2),
                first_on_page=not rows,
                band=band,
                cells=cells,
                x0=round(min(g.x0 for g in glyphs), 2),
            )
        )
    return rows


def _cuts(layout: PageLayout, table: Table, centres: Sequence[float]) -> list[float]:
    """The y positions between physical rows on this page."""
    if table.ruled:
        return row_rules(layout)
    cuts: list[float] = []
    previous_band = False
    first_column = table.columns[0]
    for line in sorted(layout.body, key=lambda line: line.top):
        band = is_band_line(line, centres)
        first_cell = "".join(g.text for g in line.glyphs if first_column.x0 <= g.x_mid < first_column.x1)
        if band and not previous_band:
            cuts.append(line.top - 0.01)
        elif previous_band and not band:
            cuts.append(line.top - 0.01)
        elif not band and outcome_label(first_cell.strip()):
            cuts.append(line.top - 0.01)
        previous_band = band
    return cuts


def _cell(glyphs: Sequence[Glyph], column: Column, pitch: float) -> Cell:
    lines = group_lines(g for g in glyphs if column.x0 <= g.x_mid < column.x1)
    paragraphs: list[list[str]] = []
    previous: Optional[TextLine] = None
    for line in lines:
        text = line.text
        if previous is None or starts_item(text) or line.top - previous.top > pitch + PARAGRAPH_GAP * line.size:
            paragraphs.append([])
        paragraphs[-1].append(text)
        previous = line
    return Cell(
        paragraphs=tuple(tuple(p) for p in paragraphs),
        first_line_starts_item=bool(lines) and starts_item(lines[0].text),
    )


def _line_pitch(table: Table) -> float:
    """The table's usual distance between two lines of one paragraph."""
    pitches = []
    for layout in table.pages:
        for column in table.columns:
            lines = group_lines(g for line in layout.body for g in line.glyphs if column.x0 <= g.x_mid < column.x1)
            pitches.extend(b.top - a.top for a, b in zip(lines, lines[1:]) if b.top - a.top < 2 * b.size)
    # The shortest common pitch is the in-paragraph one; paragraph gaps only add to it.
    common = sorted(set(round(p, 1) for p in pitches))
    counts = {p: sum(1 for q in pitches if abs(round(q, 1) - p) <= 0.2) for p in common}
    if not counts:
        return modal((g.size for layout in table.pages for line in layout.body for g in line.glyphs), 10.0) * 1.2
    threshold = max(counts.values()) * 0.25
    return min(p for p, n in counts.items() if n >= threshold)
