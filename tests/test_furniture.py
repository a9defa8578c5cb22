"""pipeline.stages.furniture: page numbers (at the top or the foot), titles and notes set aside."""

from __future__ import annotations

from conftest import replica_pdf

from pipeline.stages.layout import read_layout
from pipeline.stages.load import load_document


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
