"""pipeline.stages.header: the header found by its label words, each label with its footnote numbers."""

from __future__ import annotations

from helpers.documents import pages

from pipeline.stages.layout import read_layout


def test_header_labels_carry_their_footnote_numbers(replica_2019):
    layout = read_layout(pages(replica_2019, 3))
    assert layout.pages[0].header.action_line == "C2"
    assert [(c.label, c.markers) for c in layout.tables[0].columns] == [
        ("WSIS Outcomes (WSIS AL C2)", (1,)),
        ("Proposed Timing", (2,)),
        ("ITU Strategic Goals and Relevant Resolutions", (3,)),
        ("Linkage with the SDGs", ()),
        ("Expected Results of ITU Activities", (4,)),
    ]
    assert [c.field for c in layout.tables[0].columns] == [
        "outcome_text", "timing_text", "goals_text", "sdgs_text", "results_text"
    ]
