"""pipeline.stages.rows: a cell continued in one column only, a band row right after the header."""


from __future__ import annotations

from helpers.documents import pages
from helpers.foreign import extract_and_score, replica_content
from helpers.synthcheck import mismatches

from pipeline.stages.layout import read_layout
from pipeline.stages.paragraphs import measure_text, row_texts
from pipeline.stages.rows import cut_rows
from pipeline.stages.stitch import stitch_rows
from synth.html import HOUSE_STYLES, render_html


def test_a_cell_continued_in_one_column_only(replica_2019):
    table = read_layout(pages(replica_2019, 41, 42)).tables[0]
    cut = cut_rows([table])[0]
    last_page = [row for row in cut.rows if row.page == 42]
    assert len(last_page) == 1 and last_page[0].first_on_page
    assert [not cell.empty for cell in last_page[0].cells] == [False, False, False, True, False]
    stitched = stitch_rows(cut.rows)
    row = stitched.rows[-1]
    assert row.outcome_id == "f" and row.pages == [41, 42]
    assert row_texts(row, measure_text([table], [cut])[0])[3].endswith("high-value-added and labour-intensive sectors")
    # Page 41 opens with the end of a row that began on page 40, which this cut leaves out.
    assert [(r.at.page, r.reason) for r in stitched.rejects] == [(41, "row continues from a page that is missing or has no open row")]


def test_a_band_that_fits_in_the_first_column_and_sits_close_above_the_first_row_is_a_band(tmp_path):
    """Writer seed 11140: no rules, an italic band left-aligned in a wide first column, set as close
    above "A: Develop ..." as two paragraphs are. Where no row is open (the table's start), a
    label that opens a sequence opens a row, and the text above it is the band: the band and
    outcome A were rejected as a row continued from a page that is missing."""
    assert mismatches(11140, tmp_path, "writer") == []


def test_the_rows_separation_is_read_from_labels_that_go_on_the_outcomes_sequence(tmp_path):
    """Writer seed 11182: no rules, a short table whose outcome a lists its points D1-D4 as
    paragraphs. The white above every label made the rows' separation the points' paragraph
    white (four of five labels), and each point was read as a row of its own."""
    assert mismatches(11182, tmp_path, "writer") == []


def test_a_row_whose_other_cells_start_above_its_label_starts_with_them(tmp_path):
    """Qt WebKit prints the 2019 roadmap without rules (square-bullets-no-rules) with a row's timing
    and goals cells a line and a half above its outcome label (the label's paragraph keeps a
    margin): cut right above the label, "2019" and "Goals 3 & 4" of C6 d went to row c ("2019
    2019"), and so for C5 I and C6 f: 14 cells wrong. The lines right above a label, in two other
    columns, with the row separation's white above them and the first column empty beside them,
    open the label's row."""
    content = replica_content("2019")
    pdf, records, footnotes = render_html(content, HOUSE_STYLES["square-bullets-no-rules"], "webkit", edition="2019")
    path = tmp_path / "edition.pdf"
    path.write_bytes(pdf)
    result, got = extract_and_score(path, "2019", records, footnotes)
    cells = ("C5 H ", "C5 I ", *(f"C6 {row} {field}" for row in "cdef" for field in ("timing_text", "goals_text")))
    assert [m for m in result.misses if m.startswith(cells)] == []
    assert got["rejects"] == []


def test_a_centred_band_whose_word_spaces_fall_on_the_gutters_is_a_band(tmp_path):
    """Writer seed 196: justified text, 1.5 pt padding, the band "Geneva Plan of Action and Tunis
    Agenda ..." centred across the table; its word spaces fall on two gutters, so no word runs
    across a boundary and the first cell is empty: "Geneva", "Plan of Action and" and "Tunis
    Agenda ..." were three cells of a row with no label, rejected, and C2 lost its section. One
    line with its first cell empty right above a row that opens the sequence on its page is a
    band."""
    assert mismatches(196, tmp_path, "writer") == []


def test_where_a_table_shades_its_rows_a_label_inside_a_shaded_row_is_a_point_of_its_cell(tmp_path):
    """Reportlab seed 26137: zebra rows, no rules; C5's outcome C1 lists its points "D1: ...",
    "D2: ...", "D3: ...", "D4: ..." in its first cell, each after white as wide as the row
    separation, all inside C1's stretch of the shading. They were read as rows D1-D4 (in sequence
    after C1), and C2 and every later record moved. A row starts where its shading does."""
    assert mismatches(26137, tmp_path) == []


def test_a_shaded_row_that_runs_on_from_behind_the_header_ends_where_its_shading_does(tmp_path):
    """Qt WebKit prints the 2019 roadmap with zebra rows and no header on its later pages: a row
    the page break cut is shaded on from the page's top, behind where the header stands. Read from
    the header's foot, that stretch's end is where the next row starts: without it, "c.
    Governments are invited to:" (page 15) looked like a point inside the row above it, and C6 c
    and n merged into b and m."""
    content = replica_content("2019")
    pdf, records, footnotes = render_html(content, HOUSE_STYLES["zebra-no-rules"], "webkit", edition="2019")
    path = tmp_path / "edition.pdf"
    path.write_bytes(pdf)
    result, got = extract_and_score(path, "2019", records, footnotes)
    assert (result.matched, result.records) == (60, 60)
    assert got["rejects"] == []


def test_where_a_table_shades_its_rows_a_first_label_under_a_band_in_the_first_column_opens_a_row(tmp_path):
    """Writer seed 44: zebra rows, a left-aligned band that fits in the first column, and row a
    right under it in the same unshaded stretch: taken for a point of the band's row, "a." opened
    no row, and the band and a went to rejects. A section's first label opens its row."""
    assert mismatches(44, tmp_path, "writer") == []


def test_a_label_of_the_other_case_opens_no_row_by_white_alone(tmp_path):
    """Writer seed 23053: no rules; C2 A1's outcome cell lists "i. Develop a working definition
    ..." and "ii. ...", the first with as much white above it as a row has: it opened a row "i",
    which took A1's points and the end of its goals cell, and every later record moved. Letters
    change case only where a section starts (at A or a): a label of the other case than the row
    open above it opens a row only in the label sequence."""
    assert mismatches(23053, tmp_path, "writer") == []


def test_a_label_with_a_rows_white_above_it_starts_its_row_at_a_page_top(tmp_path):
    """Writer seed 23123: no rules; page 4 opens with the end of D's goals and results cells, then
    row E after a row's white. Those two cells' lines, right under the header with the first
    column empty beside them, looked like E's other cells set higher than its label (as a browser
    sets them where the label's paragraph keeps a margin), and E's row was started above them: D
    and E were read as one. Where the label has a row's white above it, it starts its row."""
    assert mismatches(23123, tmp_path, "writer") == []
