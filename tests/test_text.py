"""pipeline.stages.text: bullets, word gaps and line-end hyphens."""


from __future__ import annotations



from pipeline.stages.models import Glyph
from pipeline.stages.text import glyph_text, join_lines




def test_bullet_glyphs_become_one_bullet_and_gaps_become_spaces():
    def glyph(text, x0):
        return Glyph(text, x0, x0 + 4, 0, 10, 10, False)

    assert glyph_text([glyph("\uf0b7", 0), glyph("A", 12), glyph("b", 16)]) == "• Ab"
    assert glyph_text([glyph("▪", 0), glyph("x", 4)]) == "• x"  # a bullet is always followed by a space


def test_a_line_ending_in_a_hyphen_joins_the_next_without_a_space():
    assert join_lines(["non-", "discriminatory laws", "and more"]) == "non-discriminatory laws and more"
