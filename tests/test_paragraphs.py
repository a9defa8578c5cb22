"""pipeline.stages.paragraphs on generated editions: junctions that a page break hides."""

from __future__ import annotations

import pytest

from helpers.synthcheck import mismatches


@pytest.mark.parametrize("seed", [
    6306,  # "... respond to cyber-crime and misuse of" | page break | "ICTs by:"
    6445,  # "Regional" | page break | "Initiatives: (AFR3, ...)" wrapped in a narrow goals column
])
def test_a_line_that_reads_as_a_heading_after_a_page_break_can_end_a_paragraph(seed, tmp_path):
    """A short line ending in a colon opens a paragraph as a heading does, unless the edition's own
    junctions say clearly that the words before it go on (a line ending in "of" never ends one):
    the lead-in's last line is not a heading of its own."""
    assert mismatches(seed, tmp_path) == []
