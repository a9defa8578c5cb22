"""pipeline.stages.paragraphs on generated editions: junctions that a page break hides."""

from __future__ import annotations

import pytest

from helpers.synthcheck import mismatches


@pytest.mark.parametrize("seed", [
    6306,  # "... respond to cyber-crime and misuse of" | page break | "ICTs by:"
    6445,  # "Regional" | page break | "Initiatives: (AFR3, ...)" wrapped in a narrow goals column
])
def test_a_line_that_reads_as_a_heading_after_a_page_break_can_end_a_paragraph(seed, tmp_path):
    """A short line ending in a colon opens a paragraph as a heading does, unless the edition's own
    junctions say clearly that the words before it go on (a line ending in "of" never ends one):
    the lead-in's last line is not a heading of its own."""
    assert mismatches(seed, tmp_path) == []


@pytest.mark.parametrize("seed", [
    6670,  # "... applications and services" | "can bring to a country.": "services" ended short items
    6889,  # "... frameworks by sharing" | "information on key ...": so did "sharing" ("information sharing")
    6906,  # "... During the" | "ITU Council Session 2009, ...": "ITU" opens many paragraphs after short lines
    6952,  # "ITU Strategic Goal 3" | "(Target 3.1)"
])
def test_a_word_that_opens_paragraphs_after_short_lines_does_not_break_a_full_one(seed, tmp_path):
    """At a junction a page break hides, after a full line: a word's share of breaks is read against
    all the junctions its counts come from (most of them after short lines, breaks), not against
    the full lines' share; and how the line ends and the next begins (lower case going on in
    lower case) speaks even where the words were seen."""
    assert mismatches(seed, tmp_path) == []


@pytest.mark.parametrize("seed", [6584, 6924])
def test_a_quantity_at_a_line_start_is_no_sdg_target(seed, tmp_path):
    """"Staff: 1 P-4," | "0.5 G-5": a number of goal 0 opens no item (the SDGs are 1-17)."""
    assert mismatches(seed, tmp_path) == []


def test_the_same_two_words_at_a_junction_read_as_the_page_showed_them_elsewhere(tmp_path):
    """Seed 6044: "5.International Cooperation" | page break | "Resolutions", the GCA list of every
    goals cell: where another cell's page showed that junction (a break), this one reads alike,
    whatever the words' odds say."""
    assert mismatches(6044, tmp_path) == []
