"""pipeline.stages.columns: column boundaries from what the page draws, and from the text alone."""

from __future__ import annotations

import dataclasses
import random

import pytest

from helpers.documents import pages

from helpers.synthcheck import mismatches
from pipeline.stages.layout import read_layout
from pipeline.stages.load import load_document
from synth.content import sample_content
from synth.generator import plan, render
from synth.layout import random_layout


def test_columns_come_from_the_text_when_the_rules_are_gone(replica_2019):
    ruled = read_layout(pages(replica_2019, 3, 4, 5)).tables[0]
    bare = dataclasses.replace(replica_2019, pages=tuple(dataclasses.replace(p, rules=(), fills=()) for p in replica_2019.pages))
    unruled = read_layout(pages(bare, 3, 4, 5)).tables[0]
    assert not unruled.ruled
    for a, b in zip(ruled.columns[1:], unruled.columns[1:]):
        # The text starts a cell padding right of the rule.
        assert 0 < b.x0 - a.x0 < 8


@pytest.mark.parametrize("seed", [6270, 6324, 6478, 6587])
def test_a_short_table_takes_its_columns_from_the_tables_that_repeat_its_header(seed, tmp_path):
    """A table of one row, without rules, shows too little of its gutters to place them (its SDG
    list's word space "1, | 3, 5" looked like one); the edition's other tables repeat its header
    and show them well."""
    content, layout = sample_content(random.Random(seed)), random_layout(random.Random(seed))
    pdf = tmp_path / "synth.pdf"
    pdf.write_bytes(render(content, layout, plan(content, layout)))
    tables = read_layout(load_document(pdf)).tables
    short = min(tables, key=lambda table: sum(len(page.body) for page in table.pages))
    longest = max(tables, key=lambda table: sum(len(page.body) for page in table.pages))
    assert [c.label.replace(longest.action_line, "") for c in longest.columns] == [
        c.label.replace(short.action_line, "") for c in short.columns
    ]
    assert [b.x for b in short.boundaries] == [b.x for b in longest.boundaries]
    assert mismatches(seed, tmp_path) == []


@pytest.mark.parametrize("seed", [
    6073,  # one line in the narrow impact column, "To be determined", and its word spaces
    6212,  # two short SDG lists, "4.1, 4.5, 16.2" and "9.1, 9.c", whose first word spaces line up
])
def test_a_gutter_is_where_a_cells_lines_open_not_a_word_space_that_lines_up(seed, tmp_path):
    """An edition of one table without rules, whose narrow column holds one or two short lines: the
    white after their first word lines up as well as the gutter does, but a word after a word
    space is no cell's first."""
    content, layout = sample_content(random.Random(seed)), random_layout(random.Random(seed))
    pdf = tmp_path / "synth.pdf"
    pdf.write_bytes(render(content, layout, plan(content, layout)))
    assert len(read_layout(load_document(pdf)).tables) == 1  # no other table to pool evidence with
    assert mismatches(seed, tmp_path) == []


def test_a_sliver_of_white_between_words_of_one_column_is_no_gutter(tmp_path):
    """Seed 6427: left-aligned labels, "Link with SDGs" on one line, and a justified SDG column
    whose lists ("7.1, 7.a, 7.b, ...") leave a white sliver under the word space between "Link"
    and "with" on every line: narrower than half a word space, it is no two cells' paddings, and
    the label stays one column."""
    content, layout = sample_content(random.Random(6427)), random_layout(random.Random(6427))
    pdf = tmp_path / "synth.pdf"
    pdf.write_bytes(render(content, layout, plan(content, layout)))
    (table,) = read_layout(load_document(pdf)).tables
    assert "Link with SDGs" in [column.label for column in table.columns]
    assert mismatches(6427, tmp_path) == []


@pytest.mark.parametrize("seed", [
    23028,  # a centred italic band, "Geneva Plan" | "of Action ...": "of" starts 2.5 pt into a 3 pt gutter
    23118,  # the band of one table's second page, its word space in the SDG column's gutter
])
def test_a_bands_word_that_starts_inside_a_gutter_does_not_narrow_it(seed, tmp_path):
    """No rules, cell padding 1.5 pt: a band's word space falls in a gutter, and the band's next word
    starts inside the white the body leaves there. Taken as the gutter's end, it left only the
    band's own word space for a gutter, and the band read as cells side by side ("Geneva Plan" in
    the goals column, sections empty). No line opens at that word; the column's lines open a few
    points on, and the gutter ends there."""
    content, layout = sample_content(random.Random(seed)), random_layout(random.Random(seed))
    pdf = tmp_path / "synth.pdf"
    pdf.write_bytes(render(content, layout, plan(content, layout)))
    assert mismatches(seed, tmp_path) == []


@pytest.mark.parametrize("seed", [
    11076,  # "Proposed Timing" | "ITU Strategic ...": 4.9 pt between the labels, timing read into goals
    11081,  # "Relevant Partners" beside "Impact on ITU ...": the extra columns' labels mixed
])
def test_rows_shaded_cell_by_cell_show_where_the_columns_meet(seed, tmp_path):
    """A word processor's zebra rows, no rules, an unfilled header whose labels keep to the left of
    their cells: the shaded cells of a body row meet where the columns do."""
    assert mismatches(seed, tmp_path, "writer") == []


def test_tables_whose_headers_read_alike_but_draw_other_edges_keep_their_own_columns(tmp_path):
    """Writer seed 11003: C2's and C5's headers are filled cell by cell, their columns a few points
    apart (the results column starts at 472 and 463): the centred labels lie within half a size,
    so the tables were one template, and C2 took C5's edges; its SDG text ran across the
    boundary and was read as band rows."""
    assert mismatches(11003, tmp_path, "writer") == []


def test_a_boundary_lies_where_a_left_aligned_label_and_its_column_start_together(tmp_path):
    """Writer seed 46: justified text, 1.5 pt padding, a C5 table of one outcome whose first cell
    holds two lines. "... security in the" ends 3.6 pt before "2019-2023", closer than its own
    stretched word spaces (9 pt): the timing column's first word opened no line by its gap, while
    "the" did, and the boundary went before "the", which was read as timing. The run of white that
    ends where the "Proposed Timing" label starts, over a body word that starts there too, is the
    boundary."""
    assert mismatches(46, tmp_path, "writer") == []


def test_a_footnote_number_ends_a_label_where_no_body_text_tells(tmp_path):
    """Writer seed 170: C5's SDG column is empty, and "Link with SDGs⁴" stands 3 pt before
    "Expected Results" (a word space and a half): with no body text beside the channel the two
    labels were one column, and footnote 4 was cited by the results column. A footnote number ends
    a label: the white after the word it marks is a boundary where nothing says otherwise."""
    assert mismatches(170, tmp_path, "writer") == []


def test_a_sliver_where_two_lines_word_spaces_meet_is_no_gutter(tmp_path):
    """Reportlab seed 26076: a C5 table of four lines, no rules, centred labels. "user" ends at
    271.4 above "of" at 271.9: a quarter point that no word covers, as white as the real gutter
    (50 pt wide) and with words against both its sides, so "of" was read into the timing column.
    A gutter is at least half a word space wide."""
    assert mismatches(26076, tmp_path) == []


@pytest.mark.parametrize("seed", [30002, 30017, 24122])
def test_white_where_the_next_label_and_its_lines_open_together_is_a_boundary(seed, tmp_path):
    """Writer seed 30002 (30017 and 24122 alike): a one-row table, labels set from their cells'
    left edge, no vertical rules, the goals label without a footnote number. Between "Goals" and "Linkage"
    the header leaves 7 pt (under 2.5 word spaces), the body nothing across it but too few lines
    on both sides to count: the goals cell was read into the SDG column. The SDG cell's lines all
    open where its label starts: that is where a column opens."""
    assert mismatches(seed, tmp_path, "writer") == []
