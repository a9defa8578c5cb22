"""How a word-processor edition looks: the WriterLayout knobs, their ranges, and font metrics for
column widths. The defaults look like a plain secretariat document in Carlito."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from functools import cache

from reportlab.pdfbase.ttfonts import TTFont

from .content import COLUMN_KEYS
from .layout import BASE_WIDTHS, COLUMN_SETS, PUA_BULLET, _find

PAGE_SIZES = {"A4": (841.89, 595.28), "Letter": (792.0, 612.0)}  # landscape, points
# Family name as LibreOffice knows it -> (regular, bold) files, for measuring words only: the fonts
# LibreOffice typesets with are the system's (Debian: fonts-crosextra-carlito, -caladea, fonts-liberation, fonts-dejavu).
FONTS = {
    "Carlito": ("Carlito-Regular.ttf", "Carlito-Bold.ttf"),
    "Caladea": ("Caladea-Regular.ttf", "Caladea-Bold.ttf"),
    "Liberation Sans Narrow": ("LiberationSansNarrow-Regular.ttf", "LiberationSansNarrow-Bold.ttf"),
    "DejaVu Serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf"),
    "Liberation Serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),
    "DejaVu Sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
}
BULLETS = ("•", "▪", PUA_BULLET)
FILLS = ("none", "light", "dark")  # dark: white text
PAGE_NUMBERS = ("Page {n}", "{n}", "- {n} -", "Page {n} of {total}")
RUNNING_TITLE = "ITU – WSIS Action Line Roadmaps"
MAX_TABLES = 3  # column widths are drawn per action line: C2, C5, C6


@dataclass(frozen=True)
class WriterLayout:
    page_size: str = "A4"  # "A4" | "Letter", landscape
    margins: tuple[float, float, float, float] = (42.0, 42.0, 42.0, 42.0)  # left, right, top, bottom: 30-72 pt
    font: str = "Carlito"  # a key of FONTS
    font_size: float = 10.0  # 8-11 pt, in half points
    padding: float = 4.0  # cell padding, 1.5-6 pt
    paragraph_spacing: float = 3.0  # space under each paragraph of a cell, 1.5-4.5 pt
    columns: str = "five"  # a key of COLUMN_SETS
    column_scales: tuple[tuple[float, ...], ...] = ((1.0,) * 7,) * MAX_TABLES  # per table, per COLUMN_KEYS: 0.6-1.6
    ruling: str = "grid"  # "grid" | "hrules" | "none" | "zebra" (no rules, every other body row shaded)
    header_fill: str = "light"  # a FILLS value
    header_align: str = "center"  # "center" | "left"
    header_bold: bool = True
    header_valign: str = "middle"  # "middle" | "top"
    band_fill: str = "none"
    band_align: str = "left"  # "left" | "center"
    band_style: str = "bold"  # "bold" | "italic" | "plain"
    body_align: str = "left"  # "left" | "justify"
    outcome_label: str = "WSIS Outcomes"  # | "WSIS Outcome"
    sdgs_label: str = "Linkage with the SDGs"  # | "Link with SDGs"
    # "notes": real Writer footnotes (text:note) printed at the foot of the table's first page; their
    # anchors are not repeated by LibreOffice's repeated heading rows, so markers show on the first
    # header only. "block": numbered paragraphs right after the table, the header's markers plain
    # superscript text, which the repeated heading rows repeat: markers on every page. LibreOffice 7.4
    # drops some "notes" anchored in a repeated heading row when the table starts a page: such an
    # edition is typeset with "block" instead (writer.render_edition, WriterEdition.fallback).
    footnotes: str = "notes"
    page_number: str | None = "Page {n}"  # a PAGE_NUMBERS value, or None for none
    page_number_pos: str = "footer"  # "header" | "footer"
    page_number_align: str = "right"  # "left" | "center" | "right"
    running_title: bool = False  # RUNNING_TITLE at the left of the page header
    title_alone: bool = False  # a page break after each title: the table starts on the next page
    cover_page: bool = False  # a first page with the document title and an introduction, no header or footer
    # fo:widows/fo:orphans 2, or 0. Word would then move a row's first paragraph whole to the next page,
    # leaving a piece with an empty first cell; LibreOffice 7.4 ignores widows, orphans and keep-together
    # inside table rows that may split (test_writer shows it), so this knob changes nothing there.
    widows_orphans: bool = True
    bullet: str = "•"  # a BULLETS glyph
    list_bullets: bool = False  # bullets drawn by the engine as list labels (text:list) instead of typed glyphs
    section_break: bool = False  # every section after a table's first starts on a new page (a table of its own)

    def __post_init__(self):
        checks = {
            "page_size": self.page_size in PAGE_SIZES, "font": self.font in FONTS,
            "columns": self.columns in COLUMN_SETS, "ruling": self.ruling in ("grid", "hrules", "none", "zebra"),
            "fills": {self.header_fill, self.band_fill} <= set(FILLS), "bullet": self.bullet in BULLETS,
            "list label": not (self.list_bullets and self.bullet == PUA_BULLET and self.font in NO_PUA_LABEL),
            "footnotes": self.footnotes in ("notes", "block"), "page_number": self.page_number in (*PAGE_NUMBERS, None),
            # the running title holds the header's left: a page number there goes to its right
            "running title": not (self.running_title and self.page_number and self.page_number_pos == "header"
                                  and self.page_number_align == "left"),
        }
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            raise ValueError(f"bad writer layout ({', '.join(bad)}): {self}")

    @property
    def column_keys(self) -> tuple[str, ...]:
        return COLUMN_SETS[self.columns]

    @property
    def markers(self) -> str:
        """On which header pages footnote markers show: "first" or "every" (see `footnotes`)."""
        return "first" if self.footnotes == "notes" else "every"

    def shares(self, table: int) -> dict[str, float]:
        """Each column's share of the table width before minimums, for the table-th action line."""
        scale = self.column_scales[table % len(self.column_scales)]
        return {k: BASE_WIDTHS[k] * scale[COLUMN_KEYS.index(k)] for k in self.column_keys}


@cache
def _measuring_font(family: str, bold: bool) -> TTFont:
    """A face loaded for measuring only (the PDF is LibreOffice's), not registered: reportlab gives a
    second font of a registered face's name the first one's object, so a registered measuring face
    and the reportlab engine's (its U+F0B7 mapped to the bullet) would be one, whichever came first."""
    filename = FONTS[family][bold]
    path = _find(filename)
    if path is None:
        raise ValueError(f"font file {filename} not found: apt-get install fonts-crosextra-carlito "
                         "fonts-crosextra-caladea fonts-liberation fonts-dejavu")
    return TTFont(f"Measure-{filename}", str(path))


def text_width(text: str, family: str, size: float, bold: bool = False) -> float:
    """Width in points, without kerning or ligatures (which only make LibreOffice's narrower)."""
    return _measuring_font(family, bold).stringWidth(text, size)


# Fonts in which LibreOffice draws a list label of PUA_BULLET as nothing (the char is in the text
# layer, the page shows no bullet: an edition that would not show what its expected records hold).
# Typed in the text, the same glyph is drawn.
NO_PUA_LABEL = frozenset({"Liberation Serif"})


def random_writer_layout(rng: random.Random) -> WriterLayout:
    """Every knob drawn at random. The draws do not depend on the fonts installed (a missing font
    fails loudly when measured, as the PDF would otherwise silently use another)."""
    pos, align = rng.choice(["header", "footer"]), rng.choice(["left", "center", "right"])
    running_title = rng.random() < 0.4
    if running_title and pos == "header" and align == "left":
        align = "right"
    knobs = dict(
        page_size=rng.choice(list(PAGE_SIZES)),
        margins=tuple(float(rng.randint(30, 72)) for _ in range(4)),
        font=rng.choice(list(FONTS)),
        font_size=rng.choice([8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0]),
        padding=rng.choice([1.5, 2.0, 3.0, 4.0, 5.0, 6.0]),
        paragraph_spacing=rng.choice([1.5, 3.0, 4.5]),
        columns=rng.choice(list(COLUMN_SETS)),
        column_scales=tuple(tuple(round(rng.uniform(0.6, 1.6), 2) for _ in COLUMN_KEYS) for _ in range(MAX_TABLES)),
        ruling=rng.choice(["grid", "hrules", "none", "zebra"]),
        header_fill=rng.choice(FILLS),
        header_align=rng.choice(["center", "left"]),
        header_bold=rng.random() < 0.6,
        header_valign=rng.choice(["middle", "top"]),
        band_fill=rng.choice(FILLS),
        band_align=rng.choice(["left", "center"]),
        band_style=rng.choice(["bold", "italic", "plain"]),
        body_align=rng.choice(["left", "justify"]),
        outcome_label=rng.choice(["WSIS Outcomes", "WSIS Outcome"]),
        sdgs_label=rng.choice(["Linkage with the SDGs", "Link with SDGs"]),
        footnotes=rng.choice(["notes", "block"]),
        page_number=rng.choice([*PAGE_NUMBERS, None]),
        page_number_pos=pos,
        page_number_align=align,
        running_title=running_title,
        title_alone=rng.random() < 0.3,
        cover_page=rng.random() < 0.4,
        widows_orphans=rng.random() < 0.5,
        bullet=rng.choice(BULLETS),
        list_bullets=rng.random() < 0.3,
        section_break=rng.random() < 0.3,
    )
    if knobs["bullet"] == PUA_BULLET and knobs["font"] in NO_PUA_LABEL:
        knobs["list_bullets"] = False  # drawn all the same: every other seed keeps its layout
    return WriterLayout(**knobs)


# Every value of each knob other than the default, to vary one at a time (widows_orphans aside: a no-op in LibreOffice).
WRITER_VARIATIONS = {
    "page_size": ["Letter"],
    "margins": [(30.0, 30.0, 30.0, 30.0), (72.0, 72.0, 72.0, 72.0), (60.0, 35.0, 40.0, 65.0)],
    "font": [f for f in FONTS if f != "Carlito"],
    "font_size": [8.0, 9.5, 11.0],
    "padding": [1.5, 6.0],
    "paragraph_spacing": [1.5, 4.5],
    "columns": ["four", "six", "seven"],
    "column_scales": [((1.6, 0.6, 0.6, 1.6, 0.6, 1.6, 0.6), (0.6, 1.6, 1.6, 0.6, 1.6, 0.6, 1.6), (1.0,) * 7)],
    "ruling": ["hrules", "none", "zebra"],
    "header_fill": ["none", "dark"],
    "header_align": ["left"],
    "header_bold": [False],
    "header_valign": ["top"],
    "band_fill": ["light", "dark"],
    "band_align": ["center"],
    "band_style": ["italic", "plain"],
    "body_align": ["justify"],
    "outcome_label": ["WSIS Outcome"],
    "sdgs_label": ["Link with SDGs"],
    "footnotes": ["block"],
    "page_number": [None, "{n}", "- {n} -", "Page {n} of {total}"],
    "page_number_pos": ["header"],
    "page_number_align": ["left", "center"],
    "running_title": [True],
    "title_alone": [True],
    "cover_page": [True],
    "bullet": ["▪", PUA_BULLET],
    "list_bullets": [True],
    "section_break": [True],
}


def writer_variations() -> list[tuple[str, WriterLayout]]:
    """("name=value", layout) for each value in WRITER_VARIATIONS, all else default."""
    return [(f"{name}={value!r}", dataclasses.replace(WriterLayout(), **{name: value}))
            for name, values in WRITER_VARIATIONS.items() for value in values]
