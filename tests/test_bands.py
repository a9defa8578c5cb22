"""pipeline.stages.bands: full-width band rows (the sections), right after the header and after a page break."""

from __future__ import annotations

from helpers.documents import generated_edition, pages
from synth.layout import Layout

from pipeline.stages.layout import read_layout
from pipeline.stages.load import load_document
from pipeline.stages.rows import cut_rows
from pipeline.stages.stitch import stitch_rows


def test_a_band_row_right_after_the_header_opens_the_section(replica_2019):
    rows = cut_rows([read_layout(pages(replica_2019, 3)).tables[0]])[0].rows
    assert rows[0].first_on_page and rows[0].band == "Geneva Plan of Action and Tunis Agenda for the Information Society"
    assert stitch_rows(rows).rows[0].section == rows[0].band


def test_a_band_row_right_after_a_page_break(tmp_path):
    layout = Layout(section_break=True)  # every later section starts on a new page
    pdf, records = generated_edition(layout, lambda records, p: p.stats["band_at_top"] > 0, tmp_path)
    tables = read_layout(load_document(pdf)).tables
    rows = [row for table in tables for row in cut_rows([table])[0].rows]
    at_top = [row for row in rows if row.band and row.first_on_page and row.page not in {t.pages[0].page.number for t in tables}]
    assert at_top, "a band opens a page after the table's first"
    stitched = [row for table in tables for row in stitch_rows(cut_rows([table])[0].rows).rows]
    assert [(r.outcome_id, r.section) for r in stitched] == [(r["outcome_id"], r["section"]) for r in records]
