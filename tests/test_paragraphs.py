"""pipeline.stages.paragraphs: where a cell's lines end their paragraph, read from the lines themselves
(a column set from x 40 to its right edge at x 200, 5 pt glyphs: tests/helpers/documents.py), and on
generated editions, the junctions a page break hides."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest

from helpers.documents import NARROW, cell_row, line
from helpers.foreign import extract_and_score, replica_content
from helpers.synthcheck import mismatches
from pipeline.extraction import table_rows
from pipeline.stages.layout import read_layout
from pipeline.stages.load import load_document
from pipeline.stages.models import Cell, PhysicalRow
from pipeline.stages.paragraphs import Junctions, measure_text, row_texts
from pipeline.stages.settings import SETTINGS
from pipeline.stages.stitch import stitch_rows
from synth.content import sample_content
from synth.html import HOUSE_STYLES, HtmlLayout, render_html


def _cell(*lines: str) -> str:
    """The text of a second-column cell holding these lines (the first column opens the row)."""
    row = stitch_rows([cell_row(3, False, ["A: An outcome"], list(lines))]).rows[0]
    return row_texts(row, NARROW)[1]


@pytest.mark.parametrize("lines, text", [
    # The next line's first word would have fitted on the line: the line ended its paragraph.
    (("Goal 3", "Goal 4"), "Goal 3\nGoal 4"),
    # It would not have fitted (the line reaches x 190, "to" would end at 202.5): the paragraph goes on.
    (("Governments should take action", "to build the infrastructure"), "Governments should take action to build the infrastructure"),
    # "(RIs" alone would have fitted, but no line may open with "/others)": the unit did not fit.
    (("Implementation of relevant", "(RIs /others) for all"), "Implementation of relevant (RIs /others) for all"),
    # A dash item opens a paragraph, though the line above is full.
    (("Governments should take actions to", "-Build the infrastructure"), "Governments should take actions to\n-Build the infrastructure"),
    # So do an item in roman numerals and an outcome's sub-item.
    (("i. facilitate the establishment", "ii. manage their own domains"), "i. facilitate the establishment\nii. manage their own domains"),
    (("D2: encourage public-private par", "D3: promote the provision"), "D2: encourage public-private par\nD3: promote the provision"),
    # A heading ending in a colon ends its paragraph.
    (("ITU Activities:", "Build the infrastructure"), "ITU Activities:\nBuild the infrastructure"),
])
def test_a_line_ends_its_paragraph_when_the_next_word_would_have_fitted_or_an_item_opens(lines, text):
    assert _cell(*lines) == text


@pytest.mark.parametrize("seed", [
    6306,  # "... respond to cyber-crime and misuse of" | page break | "ICTs by:"
    6445,  # "Regional" | page break | "Initiatives: (AFR3, ...)" wrapped in a narrow goals column
])
def test_a_line_that_reads_as_a_heading_after_a_page_break_can_end_a_paragraph(seed, tmp_path):
    """A short line ending in a colon opens a paragraph as a heading does, unless the edition's own
    junctions say clearly that the words before it go on (a line ending in "of" never ends one):
    the lead-in's last line is not a heading of its own."""
    assert mismatches(seed, tmp_path) == []
@pytest.mark.parametrize("seed", [6584, 6924])
def test_a_quantity_at_a_line_start_is_no_sdg_target(seed, tmp_path):
    """"Staff: 1 P-4," | "0.5 G-5": a number of goal 0 opens no item (the SDGs are 1-17)."""
    assert mismatches(seed, tmp_path) == []


def _unspaced_goals_column() -> Junctions:
    """The junctions of a narrow goals column in an edition without paragraph spacing, as
    `_learn_junctions` counts them: lines that show a break (the next word would have fitted, or an
    item opens), lines whose junction shows nothing (the next word was too long), and every line's
    word pairs."""
    junctions = Junctions()
    cells = [
        ["ITU Strategic Goal 3", "(Target 3.1)", "GCA", "Resolutions", "PP Res. 130 (Rev.", "Dubai 2018)"],
        ["Goal 3", "ITU-D Objective 3", "Resolutions", "PP Res. 102 (Rev.", "Busan, 2014)"],
        ["5.International", "Cooperation", "Resolutions", "WTDC Res. 45 (Rev.", "Dubai, 2014)"],
        ["1. Legal Measures", "2.Technical and", "Procedural Measures", "3. Organizational", "Structures"],
    ]
    shown = {("(Target 3.1)", "GCA"), ("GCA", "Resolutions"), ("Resolutions", "PP Res. 130 (Rev."),
             ("Goal 3", "ITU-D Objective 3"), ("ITU-D Objective 3", "Resolutions"),
             ("Resolutions", "PP Res. 102 (Rev."), ("Resolutions", "WTDC Res. 45 (Rev.")}
    for _ in range(4):  # an edition repeats its cells
        for lines in cells:
            for line in lines:
                junctions.add_line(line)
            for line, following in zip(lines, lines[1:]):
                item = following[0].isdigit()  # shown by the item it opens, the line full or not
                is_break = True if (line, following) in shown or item else None
                junctions.add(line, following, is_break, unfitting=is_break is None or item)
    junctions.settle()
    return junctions


def test_a_word_that_opens_paragraphs_opens_one_after_a_full_line_without_paragraph_spacing():
    """"5.International Cooperation" | "Resolutions": the page shows nothing ("Resolutions" was too
    long for the line), but the column's pages show "Resolutions" opening paragraphs and never
    inside a line. Counting such hidden junctions as going on made every one of them a merge."""
    odds = _unspaced_goals_column().break_odds("Cooperation", "Resolutions")
    assert odds is not None and odds > SETTINGS.junction_margin


def test_a_line_that_opens_with_what_opens_words_inside_lines_goes_on():
    """"ITU Strategic Goal 3" | "(Target 3.1)": "3" ends paragraphs often, but a bracket opens
    words inside lines ("(Rev.") far more often than paragraphs: the paragraph goes on."""
    odds = _unspaced_goals_column().break_odds("ITU Strategic Goal 3", "(Target 3.1)")
    assert odds is not None and odds < SETTINGS.junction_margin


def _spacing_read(pdf: Path) -> set[bool]:
    """Whether each table of the edition was read as spacing its paragraphs."""
    layout = read_layout(load_document(pdf))
    cuts = [cut for cut, _ in table_rows(layout)]
    return {metrics.spaced for metrics in measure_text(layout.tables, cuts)}


@pytest.mark.parametrize("seed", [4, 5])
def test_a_few_wide_pitches_are_no_paragraph_spacing(seed, tmp_path):
    """Qt WebKit (wkhtmltopdf) pushes a line down here and there: one or two junctions of a table
    whose paragraphs are set without spacing stand wider apart than the rest. One wide pitch made
    the whole edition read as spaced, and every break without spacing as a paragraph going on
    ("4. Capacity Building" | "5.International Cooperation" merged). An edition spaces its
    paragraphs where the breaks the page shows otherwise (the next word would have fitted) are
    spaced; the same content with 3 pt after each paragraph still reads as spaced."""
    content = sample_content(random.Random(seed))
    for space, spaced in ((0.0, False), (3.0, True)):
        pdf, _, _ = render_html(content, HtmlLayout(paragraph_space=space), "webkit", edition="html")
        path = tmp_path / f"space-{space}.pdf"
        path.write_bytes(pdf)
        assert _spacing_read(path) == {spaced}


def _chromium_misses(tmp_path: Path, edition: str, style: str, *cells: str) -> list[str]:
    """The misses in `cells` ("C6 a results_text") of a replica's text printed by Chromium in one
    of the house styles."""
    pdf, records, footnotes = render_html(replica_content(edition), HOUSE_STYLES[style], "chromium", edition=edition)
    path = tmp_path / "edition.pdf"
    path.write_bytes(pdf)
    result, _ = extract_and_score(path, edition, records, footnotes)
    return [m for m in result.misses if m.startswith(cells)]


def test_a_sentence_that_ends_at_a_line_end_goes_on_as_the_editions_sentences_do(tmp_path):
    """Chromium prints the 2019 roadmap without paragraph spacing (browser-plain-grid): "... from all
    regions." | "The maps are ..." ends a line and the next word did not fit, so the page shows
    nothing. Read as "a sentence that ended before a capital breaks" unless the column's words said
    clearly otherwise, four results cells split their prose (C2 a, C6 e, m, p): "The" opens
    paragraphs far more often than it follows a word inside a line, but in this edition's results a
    sentence's end before a capital goes on inside a line many times for every break. Junctions
    after a sentence's end are now weighed by what such junctions show, apart from the others."""
    cells = ("C2 a results_text", "C6 e results_text", "C6 m results_text", "C6 p results_text")
    assert _chromium_misses(tmp_path, "2019", "browser-plain-grid", *cells) == []


def test_two_words_seen_at_a_break_elsewhere_break_where_the_page_shows_nothing(tmp_path):
    """Chromium prints the 2019 roadmap with a running header and without paragraph spacing: in the
    results of C5 F and C5 a, "... ITU-T Study Group 17 activities" | "Work under the ITU-T Focus
    Group ..." are two items, the line full. Each word alone says going on ("activities" ends many
    lines that go on, "Work" follows words inside lines), but the column shows these two words at a
    break elsewhere, where the next word fitted: the pair is counted as evidence of its own."""
    assert _chromium_misses(tmp_path, "2019", "running-header-page-of", "C5 F results_text", "C5 a results_text") == []


def test_a_heading_at_a_page_top_is_read_with_all_of_the_columns_junctions(tmp_path):
    """Reportlab seed 20101: "... receivers for commercial use at affordable prices" | (page
    break) "ITU Activities:". Read only with the junctions of its kind (no sentence ended before
    it), the heading had odds -1.7 and went on: what "ITU" showed after sentences' ends, a break
    most often, counted for the other kind only. A line shaped as a heading is read with all of
    the column's junctions and breaks unless they say clearly that it goes on."""
    assert mismatches(20101, tmp_path) == []


def test_breaks_the_page_hides_at_full_lines_are_counted_from_those_it_shows_at_near_full_ones(tmp_path):
    """Chromium prints the 2020 roadmap without paragraph spacing (browser-plain-grid): in C2 K's
    results "... roaming for the user" | "ITU Activities:" fills its line, so the page shows nothing
    of the break. A column's junctions where the next word did not fit were all counted as going on
    but for the few an item showed, so its odds of a break there were taken far too low (the heading
    was read into the item above). A paragraph's last line ends anywhere: about as many breaks fall
    where the next word just did not fit as where it just did, and those the page shows."""
    assert _chromium_misses(tmp_path, "2020", "browser-plain-grid", "C2 K results_text") == []


def test_a_colon_before_a_capital_goes_on_where_the_column_sets_the_two_words_side_by_side(tmp_path):
    """Chromium prints the 2019 roadmap with left-aligned bands (left-bold-bands-light): in C6 a's
    results, '... under the theme of “Inclusive connectivity:' | 'The future of regulation”' fills
    its line. A colon before a capital reads as a lead-in ending its paragraph, but the column sets
    "connectivity: The" side by side inside a line elsewhere and never apart at a break it shows:
    the junction is read as the others the page shows nothing of."""
    assert _chromium_misses(tmp_path, "2019", "left-bold-bands-light", "C6 a results_text") == []


def test_two_words_seen_once_do_not_outweigh_their_word(tmp_path):
    """Reportlab seed 24130: "Goal 1" | "Buenos Aires Action Plan Objective 2", two paragraphs of a
    goals cell, the next word too long for the line. The column had seen "Goal 1" once, going on,
    and "1" twice at a break and twice going on: read by the phrase, the junction went on and the
    paragraphs merged. A phrase stands in for its word only where seen more than once."""
    assert mismatches(24130, tmp_path) == []


def test_one_ragged_line_set_in_three_rows_is_no_justified_column(tmp_path):
    """Writer seed 257: the narrow "Relevant Partners" column, set ragged, holds "Regional
    organizations (APT, ATU," in three rows: three lines of several words at one right edge were
    enough to take the column for justified, and its lines that end short of that edge for
    paragraph ends ("World Bank;" | "regional development banks"). Each text counts once."""
    assert mismatches(257, tmp_path, "writer") == []


def test_a_colon_before_a_capital_goes_on_in_a_column_whose_colons_lead_in(tmp_path):
    """Writer seed 317: the narrow "Impact on ITU Human and Financial Resources" column holds
    "Staff: 1 P-4, 0.5 G-5" and "Non-staff: CHF 120 000", the page breaking after "Non-staff:".
    A line ending in a colon before a capital was read as a heading ("ITU Activities:"); this
    column's colons introduce text on their own line and never end one the page shows ended, so
    the junction is read as any other the page hides."""
    assert mismatches(317, tmp_path, "writer") == []


def test_a_narrow_justified_column_is_read_against_the_tables_word_space(tmp_path):
    """Reportlab seed 27: justified text; the narrow impact column holds "Within existing",
    "resources to be", "Covered by the", "operational plan", each stretched to the column's edge,
    and "Regular budget", a paragraph's last line. Measured against the column's own narrowest
    gaps (all stretched but one), three of five lines looked stretched: too few, the column read
    as ragged, and "Regular budget" | "Extra-budgetary ..." merged. The natural word space is the
    table's."""
    assert mismatches(27, tmp_path) == []


@pytest.mark.parametrize("following, text", [
    ("libraries, post offices", "schools and health institutions, libraries, post offices"),
    ("11, 16, 17", "schools and health institutions, 11, 16, 17"),
    ("Libraries and post offices", "schools and health institutions,\nLibraries and post offices"),
    ("ii. post offices", "schools and health institutions,\nii. post offices"),
])
def test_a_clause_going_on_in_lower_case_goes_on_across_paragraph_spacing(following, text):
    """Qt WebKit left a paragraph's spacing between "... health institutions," and "libraries, post
    offices" inside one paragraph (zebra-no-rules), and between "8, 10," and "11, 16, 17": read
    as two paragraphs. Words that go on mid-clause in lower case (or with a number after a comma)
    go on whatever white lies between them; a capital or an item after the same white opens one."""
    lines = ("schools and health institutions,", following)  # it reaches x 200: nothing fits after it
    cell = Cell(tuple(line(text_, 100.0 + 25 * i) for i, text_ in enumerate(lines)))
    row = stitch_rows([PhysicalRow(3, 100.0, 200.0, False, None, (Cell((line("A: An outcome", 100.0),)), cell), 40.0, 800.0)]).rows[0]
    spaced = dataclasses.replace(NARROW, spaced=True)
    assert row_texts(row, spaced)[1] == text
