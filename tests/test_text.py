"""pipeline.stages.text: bullets, word gaps and line-end hyphens."""


from __future__ import annotations

import pytest

from pipeline.stages.models import Glyph
from pipeline.stages.text import follows, glyph_text, group_lines, join_lines


def test_bullet_glyphs_become_one_bullet_and_gaps_become_spaces():
    def glyph(text, x0):
        return Glyph(text, x0, x0 + 4, 0, 10, 10, False)

    assert glyph_text([glyph("\uf0b7", 0), glyph("A", 12), glyph("b", 16)]) == "• Ab"
    assert glyph_text([glyph("▪", 0), glyph("x", 4)]) == "• x"  # a bullet is always followed by a space


def test_a_line_ending_in_a_hyphen_joins_the_next_without_a_space():
    assert join_lines(["non-", "discriminatory laws", "and more"]) == "non-discriminatory laws and more"


@pytest.mark.parametrize("previous, label, expected_follows", [
    ("A", "B", True), ("B1", "B2", True), ("B5", "C", True), ("h", "j", True),
    ("B5", "C1", True), ("B", "D", True),
    ("D2", "i", False), ("c", "B", False), ("C", "C", False), ("d", "a", False),
    ("D", "D2", False), ("D", "D1", False), ("B1", "D2", False), ("B", "F", False), ("C", "D1", False), ("B2", "D1", False), ("B2", "D", False),
])
def test_a_label_at_the_top_of_a_page_must_follow_the_open_row(previous, label, expected_follows):
    assert follows(previous, label) is expected_follows



def test_a_list_marker_in_another_fonts_box_joins_the_line_its_item_starts_on():
    """LibreOffice sets a "▪" its text font lacks in a symbol font, whose box sits 2 pt lower on the
    same baseline; the line's centre is set by a neighbouring cell whose box sits 1.5 pt higher.
    The marker stood as a line of its own and ended the item's first line ("... and •")."""
    def word(text, x, top):
        return [Glyph(ch, x + 4 * i, x + 4 * i + 4, top, top + 8.5, 8.5, False, False) for i, ch in enumerate(text)]

    glyphs = [*word("Goal", 200, 375.09), Glyph("▪", 361.4, 367.2, 378.6, 387.1, 8.5, False, False),
              *word("Assistance", 369.0, 376.59), *word("economical", 361.4, 386.9)]
    lines = group_lines(glyphs)
    assert [line.text for line in lines] == ["Goal • Assistance", "economical"]


def test_a_marker_drawn_as_a_small_shape_joins_its_item_an_indent_away():
    """Reportlab seed 22114 draws its bullets as 3.2 pt discs, the item's text 7.8 pt to their right
    (an 11 pt indent). A disc level with two lines joins the one whose glyphs it follows closest:
    the goals cell's line to its left, 4 pt higher, ending a point before it ("... the global •").
    It goes to the line its item starts on where that text starts right after it, and "right
    after" was measured in the disc's own size: it stayed, and the results read "•" as a paragraph
    of its own before its item. It is measured in the text's size."""
    def word(text, x, top):
        return [Glyph(ch, x + 5 * i, x + 5 * i + 5, top, top + 9.5, 9.5, False, False) for i, ch in enumerate(text)]

    disc = Glyph("•", 431.3, 434.5, 276.9, 280.2, 3.23, False, False)
    lines = group_lines([*word("global", 400.0, 270.5), *word("More", 442.3, 274.5), disc])
    assert [line.text for line in lines] == ["global", "• More"]


def test_a_list_marker_joined_to_another_columns_line_goes_to_its_items_line():
    """Writer seed 13015: the symbol font's "▪" sits 3.4 pt below its item's first line, nearer the
    centre of a goals cell's line ("(AFR3, CIS3)"), and joined that line: the item's text read
    "... information between •" where the next line began."""
    def word(text, x, top):
        return [Glyph(ch, x + 4 * i, x + 4 * i + 4, top, top + 10, 10, False, False) for i, ch in enumerate(text)]

    glyphs = [*word("AFR3", 300, 161.4), Glyph("▪", 574.0, 580.8, 160.8, 170.8, 10, False, False),
              *word("Improved", 583.5, 157.4), *word("Member", 574.0, 169.9)]
    assert [line.text for line in group_lines(glyphs)] == ["• Improved", "AFR3", "Member"]


def test_a_typed_marker_goes_to_its_item_across_a_space_a_justified_line_stretched():
    """Writer seed 27128 sets "▪ Regional" in a narrow justified column: the space after the marker
    stretched to 16 pt (1.5 sizes), and the marker, in a symbol font whose box sits lower, stood
    as a line of its own that joined no item within a letter: the cell read "Regional •". A lone
    marker goes to the line whose text starts nearest after it on its level, within
    `marker_stretch` sizes; further off it stays apart."""
    def word(text, x, top):
        return [Glyph(ch, x + 6 * i, x + 6 * i + 6, top, top + 10.5, 10.5, False, False) for i, ch in enumerate(text)]

    marker = Glyph("▪", 663.6, 670.7, 314.5, 325.0, 10.5, False, False)
    glyphs = [*word("CHF", 400.0, 310.6), *word("Regional", 686.9, 310.6), *word("Internet", 663.6, 322.7)]
    assert [line.text for line in group_lines([*glyphs, marker])] == ["CHF • Regional", "Internet"]
    far = marker._replace(x0=603.6, x1=610.7)  # 76 pt (7 sizes) before "Regional"
    assert [line.text for line in group_lines([*glyphs, far])] == ["CHF Regional", "•", "Internet"]
