"""pipeline.stages.layout: the document's tables, one per action line, each over the pages its
outcomes lie on."""

from __future__ import annotations

import dataclasses
import random

import pytest
from conftest import EDITIONS, expected, replica_pdf
from helpers.foreign import extract_and_score, replica_content
from helpers.synthcheck import mismatches
from synth.content import sample_content
from synth.engines import engine
from synth.html import HOUSE_STYLES, render_html

from pipeline.stages.layout import read_layout
from pipeline.stages.load import load_document


def test_each_action_line_is_one_table_over_a_run_of_pages():
    for edition in EDITIONS:
        layout = read_layout(load_document(replica_pdf(edition)))
        tables = layout.tables
        assert [t.action_line for t in tables] == sorted({r["action_line"] for r in expected(edition, "records")})
        runs = [[p.page.number for p in table.pages] for table in tables]
        for run in runs:
            assert run == list(range(run[0], run[-1] + 1))  # one run of pages, in order
        assert all(a[-1] < b[0] for a, b in zip(runs, runs[1:]))  # the tables follow each other
        with_header = [p.page.number for p in layout.pages if p.header is not None]
        assert sorted(n for run in runs for n in run) == with_header  # every page with a header is in a table


def test_footnotes_are_smaller_than_the_rows_though_they_hold_more_glyphs(tmp_path):
    """Writer seed 11142: one short table of one page, its footnote block right after it holding
    nearly as many glyphs as the rows (721 at 6.5 pt, the body 8 pt). The body's size is read from
    the lines that open rows: by glyph count the footnotes were the body, and all five were lost."""
    assert mismatches(11142, tmp_path, "writer") == []


def test_a_footnote_that_runs_onto_a_page_of_its_own_goes_on_there(tmp_path):
    """Writer seed 11185: the footnote block after the table breaks inside footnote 7, and the
    last page holds its end ("could be further sub-divided ...") before footnotes 8 and 9. The
    page has no header and its first line opens no footnote: it was read as a page that lost its
    header, and two footnotes and the end of a third went to rejects."""
    assert mismatches(11185, tmp_path, "writer") == []


def test_the_last_line_of_a_footnote_block_alone_on_a_page_goes_on_with_the_footnote_before(tmp_path):
    """Writer seed 23146: the footnote block after the table breaks inside its last footnote, and
    the next page holds only the running title and "the ITU mandate.": no footnote opens there to
    show the page is footnotes, and the line went to rejects. It is set as the footnote the page
    before ended on, smaller than the body: it goes on with it. (The edition's one other miss is a
    paragraph junction in a results cell.)"""
    found = mismatches(23146, tmp_path, "writer")
    assert [m for m in found if m.startswith(("reject", "warning", "check", "footnotes"))] == []

    # Had the footnote before ended its sentence, the line would be no part of it (small text after
    # a block of footnotes, an annex's): it stays out, named, as before.
    content = sample_content(random.Random(23146))
    the_engine = engine("writer")
    pdf, _, _ = the_engine.render(content, the_engine.random_layout(random.Random(23146)), "synth")
    (tmp_path / "edition.pdf").write_bytes(pdf)
    document = load_document(tmp_path / "edition.pdf")
    before = document.pages[14]
    last = max(before.glyphs, key=lambda g: (g.top, g.x0))  # the end of "... in accordance with"
    stop = last._replace(text=".", x0=last.x1, x1=last.x1 + 0.3 * last.size)
    ended = dataclasses.replace(before, glyphs=(*before.glyphs, stop))
    for pages, lone_line_kept in [(document.pages, True), ((*document.pages[:14], ended, *document.pages[15:]), False)]:
        layout = read_layout(dataclasses.replace(document, pages=pages))
        assert ["the ITU mandate." in line.text for line in layout.pages[15].outside] == ([] if lone_line_kept else [True])


@pytest.mark.parametrize("seed, style", [
    (9, "list-marker-bullets"),  # the last page holds one line of a results cell, then the footnotes
    (10, "list-marker-bullets"),  # a page of the first column only (D2, D3 of an outcome), then footnotes
    (5, "dark-header-justified"),  # nine pages without a header, one of them after a table's last row
])
def test_pages_that_do_not_repeat_the_header_go_on_with_the_table(seed, style, tmp_path):
    """Chromium editions whose header row is the table's first row, not a repeated <thead> (a
    word processor's "repeat as header row" left off; wkhtmltopdf repeats none): every page after
    a table's first has no header. Each was a page that lost its header, all its text rejected;
    its lines keep the columns the header pages show, so it is the table going on, and says so."""
    layout = dataclasses.replace(HOUSE_STYLES[style], header_repeats=False)
    pdf, records, footnotes = render_html(sample_content(random.Random(seed)), layout, "chromium", edition="html")
    path = tmp_path / "edition.pdf"
    path.write_bytes(pdf)
    result, got = extract_and_score(path, "html", records, footnotes)
    assert result.misses == [] and got["rejects"] == []
    assert any("no table header; read as the table of the page before going on" in w for w in got["warnings"])


def test_list_markers_hanging_in_the_gutter_cross_no_column(tmp_path):
    """Qt WebKit prints the 2019 roadmap in the list-marker-bullets style with every page after a
    table's first headerless, and the list markers it draws hang left of their items' text, over
    the column boundary: 12 of a page's 75 lines seemed to cross it, two pages read as no table's
    and six records went to rejects. A marker is no letter of the word it stands before."""
    content = replica_content("2019")
    pdf, records, footnotes = render_html(content, HOUSE_STYLES["list-marker-bullets"], "webkit", edition="2019")
    path = tmp_path / "edition.pdf"
    path.write_bytes(pdf)
    result, got = extract_and_score(path, "2019", records, footnotes)
    assert (result.matched, result.sections_right) == (len(records), len(records))
    assert got["rejects"] == []


def test_a_footnote_whose_number_rises_with_the_pages_is_no_page_number(tmp_path):
    """Writer seed 101: one footnote text under the C5 and C6 headers, "6 Relevant ITU Strategic
    Goals ..." the last line of page 3 and "7 Relevant ..." of page 4: a line that repeats at one
    height with a number rising page by page, read as a running footer, and both footnotes were
    lost. Each opens with a number its page's header cites."""
    assert mismatches(101, tmp_path, "writer") == []
