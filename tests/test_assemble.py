"""pipeline.stages.assemble: each table's footnotes read from the lines under it, as the fixtures
hold them (paragraph by paragraph), and a record's fields from its stitched row."""

from __future__ import annotations

import pytest

from conftest import EDITIONS, expected, replica_pdf
from helpers.compare import paragraphs
from pipeline.stages.assemble import assemble_record, read_footnotes
from pipeline.stages.layout import read_layout
from pipeline.stages.load import load_document
from pipeline.stages.paragraphs import measure_text
from pipeline.stages.rows import cut_rows
from pipeline.stages.stitch import stitch_rows


@pytest.fixture(scope="module", params=EDITIONS)
def edition_tables(request):
    return request.param, read_layout(load_document(replica_pdf(request.param))).tables


def test_each_tables_footnotes_are_read_whole(edition_tables):
    edition, tables = edition_tables
    read = [read_footnotes(edition, table) for table in tables]
    got = [f.fields for footnotes in read for f in footnotes.candidates]
    want = expected(edition, "footnotes")
    key = ("action_line", "number", "cited_by")
    assert [tuple(f[k] for k in key) for f in got] == [tuple(f[k] for k in key) for f in want]
    assert [paragraphs(f["text"]) for f in got] == [paragraphs(f["text"]) for f in want]
    assert all(not footnotes.unplaced and not footnotes.warnings for footnotes in read)


def test_a_records_fields_come_from_its_stitched_row_at_its_start(edition_tables):
    edition, tables = edition_tables
    table = tables[0]
    cut = cut_rows([table])[0]
    row = stitch_rows(cut.rows).rows[0]
    candidate = assemble_record(edition, table, row, measure_text([table], [cut])[0])
    want = next(r for r in expected(edition, "records") if r["action_line"] == table.action_line)
    assert candidate.at == (row.pages[0], row.top, row.x0)
    assert candidate.fields["outcome_id"] == want["outcome_id"] and candidate.fields["section"] == want["section"]
    for field in ("outcome_text", "timing_text", "goals_text", "sdgs_text", "results_text"):
        assert paragraphs(candidate.fields[field]) == paragraphs(want[field])
