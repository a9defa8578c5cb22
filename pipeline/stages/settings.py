"""Every threshold the layout stages use, in one frozen object (as pdfplumber's TableSettings).

Lengths are in units of the text's own size (em: the font size of the line or glyph concerned),
so that they hold for any font and point size; shares are fractions. Each says why it is what it is.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LayoutSettings:
    # A glyph printed again within this of the same glyph (same text, size and weight) is one glyph
    # printed twice (fake bold offsets by a few hundredths of the size); the narrowest letters of a
    # condensed font ("ll" at 0.18 of the size) stand further apart.
    overprint: float = 0.1
    # A glyph a clipping path cuts is read where at least this share of its box shows: a line that
    # a page's edge cuts in two shows on the page that holds more of it, and only there.
    visible_share: float = 0.5
    # Glyphs of one line sit on one baseline: their centres agree to a few hundredths of their size
    # (fonts' descents differ a little). A glyph this much smaller than a line is a raised or lowered
    # one (a footnote number, a list marker) and joins it anywhere within its height.
    same_line: float = 0.3
    # A list marker's item text starts within a letter of it, or, on a justified line that
    # stretched the space after a typed marker ("▪ Regional" in a narrow column), up to this many
    # sizes right of it: the marker goes to the line whose text starts nearest after it.
    marker_stretch: float = 4.0
    same_size: float = 0.85
    # Header words closer than this (a share of their size, negative: overlapping) are one block of
    # a label: the white channels that run down the header lie between blocks.
    channel_overlap: float = 0.0
    # A channel is a column gutter when the body's words cover it at most this share as often as
    # they cover the labels on either side: only band rows cross a gutter, and they are few.
    gutter_share: float = 0.25
    # A channel this many of the header's word spaces wide is no space between two words of a label:
    # it is a boundary unless the body runs under it at least this share as often as under its labels.
    wide_channel: float = 2.5
    wide_gutter_share: float = 0.5
    # A channel no wider than a word space is a gutter only where the labels on both sides have at
    # least this many body words under them: fewer cannot tell a gutter from a gap between words.
    gutter_evidence: int = 3
    # ... and where the white the body leaves there is at least this share of its word space (two
    # cells' paddings): a narrower sliver is where one cell's words happen to leave white line by line.
    narrowest_gutter: float = 0.5
    # Two tables' headers are one template when each label word lies where the other's does within
    # this (in sizes): a footnote number or an action line's code of other digits moves a centred
    # label by a digit's width or less; columns whose widths differ by more move or wrap it further.
    same_template: float = 0.5
    # A body line with no other line within this share of its size above or below stands alone
    # between two rows' white: a band most often, no evidence of where the columns are.
    company: float = 0.5
    # A rule or fill belongs to the header when it runs down this share of the header's text.
    crossing: float = 0.5
    # Two cells' fills meet when the white between them is at most this (points: a border's width).
    tile_gap: float = 3.0
    # Two cells side by side leave the table's gutter white between them, give or take this much
    # (the gutter is measured in quarter points); a narrower gap at a boundary is a band's word space.
    gutter_margin: float = 0.05
    # A gap this many of its line's word spaces wide is two cells' gap, not a band's word space.
    cell_gap: float = 2.5
    # Gaps narrower than this (in sizes) are between letters, not words; a line with no word gap
    # of its own has a word space this wide.
    letter_gap: float = 0.05
    default_space: float = 0.25
    # Band rows are a table's few: a first reading of its columns that finds more than this share
    # of its body lines to be band lines is no reading of its bands.
    band_share: float = 0.1
    # A band's wrapped line lies closer to it than this (white space, in sizes): the row below a
    # band is a cell padding away at least.
    band_wrap: float = 0.5
    # Two lines share an edge or a middle within this (in sizes): one alignment, rounding aside.
    aligned: float = 0.1
    # A header line may sit this much (in sizes) below the last line of another page's header and
    # still be the same header: footnote numbers on the first page only make a label wrap or a
    # centred label move by a fraction of a line; a body line under a header is a line lower.
    header_drift: float = 0.3
    # A line pitch this much wider than the table's usual one opens a paragraph: paragraph spacing
    # is at least a few points, while the pitch of one paragraph's lines varies by rounding only.
    paragraph_spacing: float = 0.1
    # A column is justified when this share of its lines of several words end at its right edge
    # with word spaces wider than its narrowest (stretched): ragged text's lines end there now and
    # then only, at the natural space; justified text's all do but for each paragraph's last.
    justified_share: float = 0.3
    # ... and at least this many lines: one stretched line in a three-line column is chance.
    justified_evidence: int = 4
    # A justified line's ink ends this close to the edge (its last glyph's side bearing, the
    # engine's rounding); a paragraph's last line that ends closer says nothing.
    justified_slack: float = 0.3
    # The next line's first word "would have fitted" only with this much room to spare: the right
    # edge a column wraps at is measured from its longest lines, which may fall short of it a little.
    fit_margin: float = 0.15
    # What a column's pages show of its junctions decides a hidden one only when the column has at
    # least this many junctions the pages did show: fewer are chance.
    junction_evidence: int = 4
    # The breaks the page hides where the next word did not fit are estimated from those where it
    # just did only in a column with this many such junctions: in fewer, the estimate is chance.
    reflection_evidence: int = 20
    # How many junctions' worth of weight the overall share of a word carries against its own counts.
    junction_smoothing: float = 1.0
    # How far (log odds) a junction its page showed nothing of must lean to a break before it is
    # counted as one when the column's evidence is read again: near even, it may be either.
    junction_margin: float = 1.0
    # The most (log odds) one word's counts move a junction: repeated cells make counts overconfident,
    # and a word that mostly ends paragraphs ("Goal 3") can still go on ("(Target 3.1)").
    junction_word_odds: float = 4.0
    # ... and no more than this a sighting: a word seen once at a break may be chance.
    junction_sighting_odds: float = 2.0
    # A junction's last (or first) two words stand in for its word only where the column has seen
    # them this often: one sighting of a phrase says less than the word's own (reportlab seed
    # 24130: "Goal 1" seen once going on outweighed "1", seen twice at a break and twice going on).
    junction_phrase_sightings: int = 2
    # Rounds of reading a column's unshown junctions again with what the others taught.
    junction_rounds: int = 3
    # Without rules, white space above a label this much (in sizes) beyond both a paragraph's and
    # the leading opens a row whatever the label: cell padding on two sides is at least that.
    # Less white space than that, but more than a paragraph's, opens one only in label sequence.
    row_padding: float = 0.25
    # A page's first line above its table that ends in the page's own number set this far (in sizes)
    # from the words before it is a running line (a title left, the number right or centred): an
    # edition of one or two pages shows it once, so repetition cannot tell. A wider word space than
    # that is no justified title's (titles are not justified); above the table it is no cell's.
    running_number_apart: float = 2.0


SETTINGS = LayoutSettings()
