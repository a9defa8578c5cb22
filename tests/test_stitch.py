"""pipeline.stages.stitch: rows joined over page breaks (a band after a break, a row over three pages,
paragraphs going on, pieces that dangle or have lost their first paragraph, labels at a page top)."""


from __future__ import annotations

import random

import pytest

from helpers.compare import paragraphs
from helpers.documents import NARROW, cell_row, generated_edition
from synth.content import sample_content
from synth.generator import plan, render
from synth.layout import Layout, random_layout
from helpers.synthcheck import mismatches

from pipeline.stages.layout import read_layout
from pipeline.stages.load import load_document
from pipeline.stages.paragraphs import measure_text, row_texts
from pipeline.stages.rows import cut_rows
from pipeline.stages.stitch import stitch_rows


def test_a_row_over_three_pages(tmp_path):
    pdf, records = generated_edition(Layout(), lambda records, p: any(len(r["pages"]) >= 3 for r in records), tmp_path)
    tables = read_layout(load_document(pdf)).tables
    stitched = []
    for table in tables:
        cut = cut_rows([table])[0]
        stitched += [(row, measure_text([table], [cut])[0]) for row in stitch_rows(cut.rows).rows]
    long_rows = [(got, metrics, want) for (got, metrics), want in zip(stitched, records) if len(want["pages"]) >= 3]
    assert long_rows
    for got, metrics, want in long_rows:
        assert got.pages == want["pages"] and len(got.pieces) == len(want["pages"])
        assert paragraphs(row_texts(got, metrics)[4]) == paragraphs(want["results_text"])


def test_stitching_continues_a_paragraph_across_the_break_and_rejects_what_dangles():
    rows = [
        cell_row(3, False, ["A: Governments should take non-"], ["2020"]),
        cell_row(4, True, ["discriminatory action"], []),
        cell_row(4, False, [], ["2021"]),  # no label, mid-page: cannot be placed
        cell_row(4, False, ["B: Next outcome"], ["2022"]),
    ]
    stitched = stitch_rows(rows)
    assert [r.outcome_id for r in stitched.rows] == ["A", "B"]
    assert row_texts(stitched.rows[0], NARROW)[0] == "A: Governments should take non-discriminatory action"
    assert stitched.rows[0].pages == [3, 4]
    assert [(r.at.page, r.reason) for r in stitched.rejects] == [(4, "row has no outcome label in its first cell")]


def test_a_first_piece_without_its_first_paragraph_joins_the_row_that_opens_the_next_page():
    """Widow/orphan control moved the outcome's paragraph to the next page: the piece left at the
    foot (timing, goals) is the start of that row, not a reject."""
    rows = [
        cell_row(4, False, ["A: An outcome"], ["2020"]),
        cell_row(4, False, [], ["2021"]),
        cell_row(5, True, ["B: The outcome whose paragraph moved"], []),
    ]
    stitched = stitch_rows(rows)
    assert [(r.outcome_id, r.pages) for r in stitched.rows] == [("A", [4]), ("B", [4, 5])]
    assert row_texts(stitched.rows[1], NARROW)[:2] == ["B: The outcome whose paragraph moved", "2021"]
    assert stitched.rejects == []


def test_a_numbered_label_in_sequence_opens_its_row_though_a_cell_above_ends_without_a_stop():
    """LibreOffice edition 18021 (no rules): row A1's SDG cell ends "... as mutually agreed upon" (SDG
    targets carry no full stop) and row B1, at the top of the next page, opens its SDG cell with a
    URL: "a cell goes on with a sentence the page before left open" joined B1 to A1, two records
    as one. That reading is for a plain letter, which a cell's own list can hold ("i." after "h");
    a numbered label in sequence opens its row."""
    rows = [
        cell_row(1, False, ["A1: An outcome."], ["as mutually agreed upon"]),
        cell_row(2, True, ["B1: The next outcome"], ["https://www.itu.int/en/council"]),
        cell_row(2, False, ["h. An outcome."], ["in the framework of"]),
        cell_row(3, True, ["i. a point of h"], ["national strategies"]),
    ]
    stitched = stitch_rows(rows)
    assert [(r.outcome_id, r.pages) for r in stitched.rows] == [("A1", [1]), ("B1", [2]), ("h", [2, 3])]


def test_a_page_that_starts_mid_table_with_no_open_row_is_rejected():
    stitched = stitch_rows([cell_row(7, True, ["the rest of a row whose start is missing"], ["x"])])
    assert stitched.rows == [] and stitched.rejects[0].at.page == 7


def _seeded(seed: int, tmp_path):
    """Reportlab edition `seed` (the layout and content synthcheck draws for it), written to a file,
    with its plan's statistics."""
    content, layout = sample_content(random.Random(seed)), random_layout(random.Random(seed))
    the_plan = plan(content, layout)
    pdf = tmp_path / f"synth-{seed}.pdf"
    pdf.write_bytes(render(content, layout, the_plan))
    return pdf, the_plan


@pytest.mark.parametrize("seed", [
    6066,  # the page above the piece shows nothing of the first column (the row above runs on in one column)
    6194,  # the same, and paragraph spacing as wide as the row separation
    6963,  # paragraph spacing wider than the row separation: only each cell's own column shows the row's white
])
def test_a_first_piece_with_an_empty_first_cell_is_found_without_rules(seed, tmp_path):
    """Widow and orphan control in a table without rules or shading: the row's first piece at the
    page foot (its timing, a goal, a heading) joins the row whose label opens the next page, and
    the row above keeps only its own timing."""
    pdf, the_plan = _seeded(seed, tmp_path)
    assert the_plan.stats["empty_first_cell"] > 0 and not read_layout(load_document(pdf)).tables[0].ruled
    assert mismatches(seed, tmp_path) == []


def test_a_cell_going_on_after_a_blank_paragraph_is_no_first_piece(tmp_path):
    """Seed 6166: after a blank paragraph of the results cell its next paragraph opens far below
    the cell's line above it, while the SDG cell's last line runs on past its top: a row's cells
    open together, so it stays in its row (the one-row table ends on that page)."""
    assert mismatches(6166, tmp_path) == []


@pytest.mark.parametrize("seed", [6775, 6484])
def test_a_paragraph_after_a_blank_one_at_a_page_foot_stays_in_its_row(seed, tmp_path):
    """The results cell's next paragraph opens after a blank one, far below everything else on the
    page, and the next page opens a row: rows are stacked one row separation apart, so white wider
    than that is inside a cell, and the paragraph is no first piece of the next row."""
    assert mismatches(seed, tmp_path) == []


def test_a_cell_the_page_before_left_empty_goes_on_with_nothing(tmp_path):
    """Writer seed 35: C5 a runs over pages 11-14, its last page showing the results column only;
    row b opens page 15, its extra column with "https://www.itu.int/en/" in lower case. That was
    read as a's extra-column text ("Within existing budgetary resources", on page 11) going on,
    so "b." was taken for an item of a, and every later row of C5 moved up one. A cell goes on
    over a page break only where the page before shows it."""
    assert mismatches(35, tmp_path, "writer") == []


def test_a_band_that_a_page_break_cuts_is_one_section(tmp_path):
    """Writer seed 278: the WSIS+10 band wraps onto four lines and the page breaks inside it: its
    last line, "Vision for WSIS Beyond 2015", opens page 7 in the band's fill. The two pieces were
    two bands, and the records below took the second as their section."""
    assert mismatches(278, tmp_path, "writer") == []


def test_a_piece_with_text_in_a_cell_the_page_before_left_empty_starts_a_row(tmp_path):
    """Writer seed 26043: no rules; "c. Undertake ..." opens page 7 with its timing "2020-2023",
    and its SDG cell opens with "www.itu.int/" in lower case under b's SDG cell, which ended page
    6 in the middle of a sentence. "c." could be an item of b going on, and was taken so: C5 lost a
    record and every later one moved. b's timing cell ended two pages up: a cell goes on only from
    the page before, so a piece with text where the open row's last piece had none is a row."""
    assert mismatches(26043, tmp_path, "writer") == []


@pytest.mark.parametrize("seed", [30023, 30123])
def test_a_sentence_going_on_from_a_first_piece_at_the_page_foot_is_that_rows(seed, tmp_path):
    """Seeds 30023, 30123: no rules; orphan control moved "d. Encourage ..." (30023; "B: Address
    ...", 30123) to the next page, its timing, goals and SDG cell ("2.a: Increase investment,")
    opening the page foot under row c with the first cell empty. The next page's SDG cell goes on
    with "including through", so "d." was taken for an item of c whose sentence went on, and c
    swallowed d with no warning. The line right above a page break in each column is the foot
    piece's where it has text: its sentence going on says nothing of the row above it."""
    assert mismatches(seed, tmp_path) == []
