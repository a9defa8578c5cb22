"""pipeline.stages.furniture: page numbers (at the top or the foot), titles and notes set aside."""

from __future__ import annotations

from conftest import replica_pdf
from helpers.documents import line

from pipeline.stages.furniture import running_line_above, running_lines
from pipeline.stages.layout import read_layout
from pipeline.stages.load import load_document
from pipeline.stages.models import Glyph, Page, RunningLine
from pipeline.stages.text import group_lines


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
    assert all(f.at.top > p.page.height / 2 for p in layout.pages for f in p.furniture if f.kind == "page_number")


def test_a_running_line_only_one_page_shows_is_one_where_it_shows_that_pages_number():
    """A cover page, then a table of one page: its running line ("... - 2 -", "Page 2") stands on
    no other page, but the number it shows is its own page's. A line that ends in another number,
    or in a number not dressed as a page's ("Goal 2", a bare "2": a cell's wrapped digit), stays text."""
    cover = (Page(1, 842, 595, (), ()), [line("WSIS Action Line Roadmaps C6", 160)])
    for running, found in [("ITU – WSIS Action Line Roadmaps - 2 -", True), ("Page 2", True),
                           ("Page 3", False), ("Goal 2", False), ("2", False)]:
        table = (Page(2, 842, 595, (), ()), [line(running, 40), line("Roadmap for WSIS Action Line C6", 60)])
        lines = running_lines([cover, table], lambda _: False)
        assert [r.line.text for r in lines.get(2, [])] == ([running] if found else []), running
        assert [r.shown for r in lines.get(2, [])] == ([2] if found else [])


def _set_at(top: float, *pieces: tuple[float, str]):
    """One line of 5 pt wide glyphs, 10 pt in size, each piece of text starting at its own x."""
    return group_lines([Glyph(ch, x + 5 * i, x + 5 * (i + 1), top, top + 10, 10, False)
                        for x, text in pieces for i, ch in enumerate(text)])[0]


def test_the_first_line_above_a_table_that_ends_in_its_pages_own_number_set_apart_is_a_running_line():
    """An edition of one or two pages shows its running line ("ITU - WSIS Action Line Roadmaps",
    the number at the right; or the number alone, centred) once: no repetition tells it. Above the
    table's header no cell can stand, so the page's own number there, alone or set well apart from
    the words before it, is the page's. Another number, a number a word space away ("Goal 2"), or
    a number below the first line stays text outside the table (a reject)."""
    title = _set_at(60, (40, "Roadmap for WSIS Action Line C6: Enabling Environment"))
    for first, kind in [(_set_at(30, (40, "ITU Roadmaps"), (700, "2")), "running_header"), (_set_at(30, (400, "2")), "page_number"),
                        (_set_at(30, (40, "ITU Roadmaps"), (700, "3")), None), (_set_at(30, (40, "Goal"), (65, "2")), None)]:
        expected = RunningLine(first, kind, 2) if kind else None
        assert running_line_above(Page(2, 842, 595, (), ()), [first, title]) == expected, first.text
    assert running_line_above(Page(2, 842, 595, (), ()), [title, _set_at(80, (400, "2"))]) is None


def test_footnotes_of_one_text_under_two_tables_are_no_running_lines():
    """The last line of two pages reads alike but for its number ("4 This column ...", "6 This
    column ..."): numbers that rise by two from one page to the next are no page numbers, and the
    lines are the two tables' footnotes. "Page 3", "Page 4" are."""
    for foot, running in [(("4 This column lists", "6 This column lists"), False), (("Page 3", "Page 4"), True)]:
        pages = [(Page(n, 842, 595, (), ()), [line(body, 60), line(text, 540)])
                 for n, body, text in zip((3, 4), ("Information infrastructure", "Enabling environment"), foot)]
        lines = running_lines(pages, lambda _: False)
        assert sorted(r.line.text for found in lines.values() for r in found) == (sorted(foot) if running else []), foot
