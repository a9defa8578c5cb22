"""Each stage on small cases cut from the replicas (and, where the replicas have no such case, from
a generated edition): header footnote markers, page furniture, a band right after a page break,
a cell continued in one column only, a row over three pages, stitching rules."""

from __future__ import annotations

import dataclasses
import random

import pytest
from reportlab.pdfgen import canvas

from compare import paragraphs
from conftest import replica_pdf
from pipeline.layout import read_layout
from pipeline.load import Document, Glyph, load_document
from pipeline.paragraphs import ColumnText, TextMetrics, measure_text, row_texts
from pipeline.rows import Cell, PhysicalRow, cut_rows
from pipeline.stitch import stitch_rows
from pipeline.text import TextLine, follows, glyph_text, group_lines, join_lines
from synth.content import sample_content
from synth.generator import expected, plan, render
from synth.layout import Layout


@pytest.fixture(scope="module")
def replica_2019() -> Document:
    return load_document(replica_pdf("2019"))


def pages(document: Document, *numbers: int) -> Document:
    """The document cut down to some of its pages (as if the others were not there)."""
    return dataclasses.replace(document, pages=tuple(document.pages[n - 1] for n in numbers))


# --- load and text -------------------------------------------------------------------------------


def test_a_raised_footnote_digit_joins_the_label_it_is_glued_to(replica_2019):
    page = replica_2019.pages[2]
    digit = next(g for g in page.glyphs if g.text == "1" and g.size < 7)
    line = next(line for line in group_lines(page.glyphs) if digit in line.glyphs)
    assert "Outcomes" in line.text and line.size == 10.0


def test_text_set_at_size_one_and_scaled_reads_at_its_drawn_size(tmp_path):
    """Producers write 10 pt text as 10 Tf, or as 1 Tf scaled by the CTM or the text matrix."""
    path = tmp_path / "scaled.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(600, 800))
    pdf.setFont("Helvetica", 10)
    pdf.drawString(50, 700, "Plain")
    pdf.saveState()
    pdf.scale(10, 10)
    pdf.setFont("Helvetica", 1)
    pdf.drawString(5, 60, "Scaled")
    pdf.restoreState()
    text = pdf.beginText()
    text.setTextTransform(12, 0, 0, 12, 50, 500)
    text.setFont("Helvetica-Bold", 1)
    text.textOut("Matrix")
    pdf.drawText(text)
    pdf.save()
    lines = {line.text: line for line in group_lines(load_document(path).pages[0].glyphs)}
    assert {text: line.size for text, line in lines.items()} == {"Plain": 10.0, "Scaled": 10.0, "Matrix": 12.0}
    assert [round(line.bottom - line.top, 1) for line in lines.values()] == [10.0, 10.0, 12.0]
    assert lines["Matrix"].glyphs[0].bold and 295 < lines["Matrix"].bottom < 305  # baseline at 800 - 500


def test_rules_drawn_inside_a_form_xobject_land_where_the_form_is_placed(tmp_path):
    path = tmp_path / "form.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(600, 800))
    pdf.beginForm("ruled")
    pdf.line(0, 0, 100, 0)
    pdf.rect(0, 10, 100, 0.5, stroke=0, fill=1)  # a thin filled rectangle: a rule too
    pdf.rect(0, 30, 100, 40, stroke=0, fill=1)  # shading: no rule
    pdf.setFont("Helvetica", 10)
    pdf.drawString(0, 80, "Ruled")
    pdf.endForm()
    pdf.translate(50, 300)
    pdf.scale(2, 1)
    pdf.doForm("ruled")
    pdf.save()
    rules = load_document(path).pages[0].rules
    assert sorted((r.x0, r.top, r.x1, r.bottom) for r in rules) == [(50, 489.5, 250, 490), (50, 500, 250, 500)]


def test_ligatures_and_line_end_hyphens_read_as_letters(replica_2019):
    """PDFium splits a ligature glyph into letters at one origin and marks a line-end hyphen."""
    words = {word for page in replica_2019.pages for line in group_lines(page.glyphs) for word in line.text.split()}
    assert {"Action", "high-"} <= words
    ligature = next(g for page in replica_2019.pages for g in page.glyphs if len(g.text) > 1)
    assert ligature.text in {"ti", "tt", "ff", "fi", "fl", "ffi", "tf", "ft", "tti", "titi", "tifi"}


def test_bullet_glyphs_become_one_bullet_and_gaps_become_spaces():
    def glyph(text, x0):
        return Glyph(text, x0, x0 + 4, 0, 10, 10, False)

    assert glyph_text([glyph("\uf0b7", 0), glyph("A", 12), glyph("b", 16)]) == "• Ab"
    assert glyph_text([glyph("▪", 0), glyph("x", 4)]) == "• x"  # a bullet is always followed by a space


def test_a_line_ending_in_a_hyphen_joins_the_next_without_a_space():
    assert join_lines(["non-", "discriminatory laws", "and more"]) == "non-discriminatory laws and more"


# --- layout --------------------------------------------------------------------------------------


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


def test_page_furniture_is_found_and_set_aside(replica_2019):
    layout = read_layout(replica_2019)
    kinds = {kind: sum(1 for p in layout.pages for f in p.furniture if f.kind == kind) for kind in
             ("page_number", "title", "note", "header")}
    assert kinds["page_number"] == 42  # "Page N" at the top of every page
    assert kinds["title"] == 3 and kinds["note"] == 1
    assert sum(len(p.footnote_lines) for p in layout.pages) == 13  # 12 footnotes, one of them wraps
    assert [(t.action_line, t.title, t.note) for t in layout.tables] == [
        ("C2", "Information and Communication Infrastructure", None),
        ("C5", "Building Confidence and Security in Use of ICTs", "Note: GCA – Global Cybersecurity Agenda"),
        ("C6", "Enabling Environment", None),  # its title stands alone on page 28
    ]
    assert layout.tables[2].pages[0].page.number == 29


def test_page_numbers_at_the_foot_are_found_too():
    layout = read_layout(load_document(replica_pdf("2020")))
    numbers = [f for p in layout.pages for f in p.furniture if f.kind == "page_number"]
    assert len(numbers) == 40
    assert all(f.top > p.page.height / 2 for p in layout.pages for f in p.furniture if f.kind == "page_number")


def test_columns_come_from_the_text_when_the_rules_are_gone(replica_2019):
    ruled = read_layout(pages(replica_2019, 3, 4, 5)).tables[0]
    bare = dataclasses.replace(replica_2019, pages=tuple(dataclasses.replace(p, rules=(), fills=()) for p in replica_2019.pages))
    unruled = read_layout(pages(bare, 3, 4, 5)).tables[0]
    assert not unruled.ruled
    for a, b in zip(ruled.columns[1:], unruled.columns[1:]):
        # The text starts a cell padding right of the rule.
        assert 0 < b.x0 - a.x0 < 8


# --- rows and stitch -----------------------------------------------------------------------------


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
    assert [(r.page, r.reason) for r in stitched.rejects] == [(41, "row continues from a page that is missing or has no open row")]


def test_a_band_row_right_after_the_header_opens_the_section(replica_2019):
    rows = cut_rows([read_layout(pages(replica_2019, 3)).tables[0]])[0].rows
    assert rows[0].first_on_page and rows[0].band == "Geneva Plan of Action and Tunis Agenda for the Information Society"
    assert stitch_rows(rows).rows[0].section == rows[0].band


def _generated(layout: Layout, want, tmp_path):
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


def test_a_band_row_right_after_a_page_break(tmp_path):
    layout = Layout(section_break=True)  # every later section starts on a new page
    pdf, records = _generated(layout, lambda records, p: p.stats["band_at_top"] > 0, tmp_path)
    tables = read_layout(load_document(pdf)).tables
    rows = [row for table in tables for row in cut_rows([table])[0].rows]
    at_top = [row for row in rows if row.band and row.first_on_page and row.page not in {t.pages[0].page.number for t in tables}]
    assert at_top, "a band opens a page after the table's first"
    stitched = [row for table in tables for row in stitch_rows(cut_rows([table])[0].rows).rows]
    assert [(r.outcome_id, r.section) for r in stitched] == [(r["outcome_id"], r["section"]) for r in records]


def test_a_row_over_three_pages(tmp_path):
    pdf, records = _generated(Layout(), lambda records, p: any(len(r["pages"]) >= 3 for r in records), tmp_path)
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


def _line(text: str, top: float = 100.0) -> TextLine:
    """A line of 5 pt wide glyphs at the left of a column 400 pt wide."""
    return group_lines([Glyph(ch, 40 + 5 * i, 45 + 5 * i, top, top + 10, 10, False) for i, ch in enumerate(text)])[0]


def _row(page: int, first: bool, *cells: list[str]) -> PhysicalRow:
    return PhysicalRow(page, 100.0, 200.0, first, None, tuple(
        Cell(tuple(_line(text, 100.0 + 12 * i) for i, text in enumerate(lines))) for lines in cells
    ), 40.0, 800.0)


# Two columns of text set from x 40 up to a right edge the short test lines never come near.
NARROW = TextMetrics(pitch=12.0, space=0.25, spaced=False, columns=(ColumnText(40.0, 200.0, False),) * 2)


def test_stitching_continues_a_paragraph_across_the_break_and_rejects_what_dangles():
    rows = [
        _row(3, False, ["A: Governments should take non-"], ["2020"]),
        _row(4, True, ["discriminatory action"], []),
        _row(4, False, [], ["2021"]),  # no label, mid-page: cannot be placed
        _row(4, False, ["B: Next outcome"], ["2022"]),
    ]
    stitched = stitch_rows(rows)
    assert [r.outcome_id for r in stitched.rows] == ["A", "B"]
    assert row_texts(stitched.rows[0], NARROW)[0] == "A: Governments should take non-discriminatory action"
    assert stitched.rows[0].pages == [3, 4]
    assert [(r.page, r.reason) for r in stitched.rejects] == [(4, "row has no outcome label in its first cell")]


def test_a_first_piece_without_its_first_paragraph_joins_the_row_that_opens_the_next_page():
    """Widow/orphan control moved the outcome's paragraph to the next page: the piece left at the
    foot (timing, goals) is the start of that row, not a reject."""
    rows = [
        _row(4, False, ["A: An outcome"], ["2020"]),
        _row(4, False, [], ["2021"]),
        _row(5, True, ["B: The outcome whose paragraph moved"], []),
    ]
    stitched = stitch_rows(rows)
    assert [(r.outcome_id, r.pages) for r in stitched.rows] == [("A", [4]), ("B", [4, 5])]
    assert row_texts(stitched.rows[1], NARROW)[:2] == ["B: The outcome whose paragraph moved", "2021"]
    assert stitched.rejects == []


def test_a_page_that_starts_mid_table_with_no_open_row_is_rejected():
    stitched = stitch_rows([_row(7, True, ["the rest of a row whose start is missing"], ["x"])])
    assert stitched.rows == [] and stitched.rejects[0].page == 7


@pytest.mark.parametrize("previous, label, expected_follows", [
    ("A", "B", True), ("B1", "B2", True), ("B5", "C", True), ("h", "j", True),
    ("B5", "C1", True), ("B", "D", True),
    ("D2", "i", False), ("c", "B", False), ("C", "C", False), ("d", "a", False),
    ("D", "D2", False), ("D", "D1", False), ("B1", "D2", False), ("B", "F", False), ("C", "D1", False), ("B2", "D1", False), ("B2", "D", False),
])
def test_a_label_at_the_top_of_a_page_must_follow_the_open_row(previous, label, expected_follows):
    assert follows(previous, label) is expected_follows
