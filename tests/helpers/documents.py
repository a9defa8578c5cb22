"""Small documents: cut from the replicas, or the first generated edition that has a case."""

from __future__ import annotations

import dataclasses
import random

import pytest
from synth.content import sample_content
from synth.generator import expected, plan, render
from synth.layout import Layout

from pipeline.stages.models import Cell, Document, Glyph, PhysicalRow
from pipeline.stages.paragraphs import ColumnText, TextMetrics
from pipeline.stages.text import TextLine, group_lines


def pages(document: Document, *numbers: int) -> Document:
    """The document cut down to some of its pages (as if the others were not there)."""
    return dataclasses.replace(document, pages=tuple(document.pages[n - 1] for n in numbers))


def generated_edition(layout: Layout, want, tmp_path):
    """The first generated edition (by seed) whose expected records satisfy `want`."""
    for seed in range(60):
        content = sample_content(random.Random(seed))
        the_plan = plan(content, layout)
        records, _ = expected(content, layout, "t", the_plan)
        if want(records, the_plan):
            pdf = tmp_path / f"synth-{seed}.pdf"
            pdf.write_bytes(render(content, layout, the_plan))
            return pdf, records
    pytest.fail("no generated edition has the case")


def line(text: str, top: float = 100.0) -> TextLine:
    """A line of 5 pt wide glyphs from x 40."""
    return group_lines([Glyph(ch, 40 + 5 * i, 45 + 5 * i, top, top + 10, 10, False) for i, ch in enumerate(text)])[0]


def cell_row(page: int, first: bool, *cells: list[str]) -> PhysicalRow:
    return PhysicalRow(page, 100.0, 200.0, first, None, tuple(
        Cell(tuple(line(text, 100.0 + 12 * i) for i, text in enumerate(lines))) for lines in cells
    ), 40.0, 800.0)


# Two columns of text set from x 40 up to a right edge the short test lines never come near.
NARROW = TextMetrics(pitch=12.0, space=0.25, spaced=False, columns=(ColumnText(40.0, 200.0, False),) * 2)
