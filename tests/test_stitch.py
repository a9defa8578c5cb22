"""pipeline.stages.stitch: rows joined over page breaks (a band after a break, a row over three pages,
paragraphs going on, pieces that dangle or have lost their first paragraph, labels at a page top)."""


from __future__ import annotations

from helpers.compare import paragraphs
from helpers.documents import NARROW, cell_row, generated_edition
from synth.layout import Layout

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


def test_a_page_that_starts_mid_table_with_no_open_row_is_rejected():
    stitched = stitch_rows([cell_row(7, True, ["the rest of a row whose start is missing"], ["x"])])
    assert stitched.rows == [] and stitched.rejects[0].at.page == 7
