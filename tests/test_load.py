"""pipeline.stages.load on cases cut from the replicas and small drawn PDFs: glyph sizes, forms, ligatures,
footnote digits glued to labels."""


from __future__ import annotations


from reportlab.pdfgen import canvas

from pipeline.stages.load import load_document
from pipeline.stages.text import group_lines




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


def test_a_glyph_printed_twice_is_one_but_narrow_letters_side_by_side_are_two(tmp_path):
    """Fake bold prints a word twice a fraction of a point apart: one word. A condensed or small
    font sets two narrow letters closer than a point ("ll" at 4 pt: 0.9 pt), as WebKit's footnotes
    at 5 pt did ("will" read "wil"): a repeat is judged within a share of the glyph's size."""
    path = tmp_path / "overprint.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(600, 800))
    pdf.setFont("Helvetica", 4)
    pdf.drawString(50, 700, "will")
    pdf.setFont("Helvetica", 10)
    pdf.drawString(50, 600, "Bold")
    pdf.drawString(50.3, 600, "Bold")
    pdf.save()
    assert [line.text for line in group_lines(load_document(path).pages[0].glyphs)] == ["will", "Bold"]


def test_a_line_a_clipping_path_cuts_reads_where_most_of_it_shows(tmp_path):
    """Qt WebKit slices one long page into pages and prints a line the cut falls through on both,
    clipped: the upper part on one page, the rest on the next. Read twice, it doubled lines at
    every page break ("to help in providing the capacity to" in C2 D twice). A glyph a clip cuts
    is read where at least half of its box shows; a clip that holds text whole changes nothing.
    A period left alone there made a paragraph of its own (".")."""
    path = tmp_path / "clipped.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(600, 800))
    pdf.saveState()
    clip = pdf.beginPath()
    clip.rect(40, 103, 400, 600)  # from y 103 up; a 10 pt glyph's box runs from 2.1 below its baseline
    pdf.clipPath(clip, stroke=0, fill=0)
    pdf.setFont("Helvetica", 10)
    pdf.drawString(50, 102, "Mostly shown")  # box 99.9-109.9: 6.9 of its 10 pt inside
    pdf.drawString(250, 97, "Mostly cut")  # box 94.9-104.9: 1.9 pt inside
    pdf.drawString(50, 600, "Whole")
    # At the clip's top edge (y 703) a line shows only its lower part, 3.6 of 10 pt: a period drawn
    # on its own has all of its ink inside (PDFium keeps no clip for it) and goes with its line.
    pdf.drawString(50, 701.5, "Sliced")
    pdf.drawString(50 + pdf.stringWidth("Sliced", "Helvetica", 10), 701.5, ".")
    pdf.restoreState()
    pdf.save()
    assert [line.text for line in group_lines(load_document(path).pages[0].glyphs)] == ["Whole", "Mostly shown"]
