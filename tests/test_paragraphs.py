"""pipeline.stages.paragraphs: where a cell's lines end their paragraph, read from the lines themselves
(a column set from x 40 to its right edge at x 200, 5 pt glyphs: tests/helpers/documents.py), and on
generated editions, the junctions a page break hides."""

from __future__ import annotations

import pytest

from helpers.documents import NARROW, cell_row
from helpers.synthcheck import mismatches
from pipeline.stages.paragraphs import row_texts
from pipeline.stages.stitch import stitch_rows


def _cell(*lines: str) -> str:
    """The text of a second-column cell holding these lines (the first column opens the row)."""
    row = stitch_rows([cell_row(3, False, ["A: An outcome"], list(lines))]).rows[0]
    return row_texts(row, NARROW)[1]


@pytest.mark.parametrize("lines, text", [
    # The next line's first word would have fitted on the line: the line ended its paragraph.
    (("Goal 3", "Goal 4"), "Goal 3\nGoal 4"),
    # It would not have fitted (the line reaches x 190, "to" would end at 202.5): the paragraph goes on.
    (("Governments should take action", "to build the infrastructure"), "Governments should take action to build the infrastructure"),
    # A dash item opens a paragraph, though the line above is full.
    (("Governments should take actions to", "-Build the infrastructure"), "Governments should take actions to\n-Build the infrastructure"),
    # A heading ending in a colon ends its paragraph.
    (("ITU Activities:", "Build the infrastructure"), "ITU Activities:\nBuild the infrastructure"),
])
def test_a_line_ends_its_paragraph_when_the_next_word_would_have_fitted_or_an_item_opens(lines, text):
    assert _cell(*lines) == text


@pytest.mark.parametrize("seed", [
    6306,  # "... respond to cyber-crime and misuse of" | page break | "ICTs by:"
    6445,  # "Regional" | page break | "Initiatives: (AFR3, ...)" wrapped in a narrow goals column
])
def test_a_line_that_reads_as_a_heading_after_a_page_break_can_end_a_paragraph(seed, tmp_path):
    """A short line ending in a colon opens a paragraph as a heading does, unless the edition's own
    junctions say clearly that the words before it go on (a line ending in "of" never ends one):
    the lead-in's last line is not a heading of its own."""
    assert mismatches(seed, tmp_path) == []
@pytest.mark.parametrize("seed", [6584, 6924])
def test_a_quantity_at_a_line_start_is_no_sdg_target(seed, tmp_path):
    """"Staff: 1 P-4," | "0.5 G-5": a number of goal 0 opens no item (the SDGs are 1-17)."""
    assert mismatches(seed, tmp_path) == []
