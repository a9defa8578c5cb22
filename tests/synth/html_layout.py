"""How an HTML/CSS edition looks: the HtmlLayout knobs, their ranges, and named house styles.

The knobs are CSS-level choices a person printing the roadmap from a browser or a paged-media
typesetter would make. Two things the reportlab Layout has cannot be said here:
- footnote markers on the first page's header only: a repeated <thead> is the same on every page,
  so its markers repeat too ("every" page is the only choice);
- footnotes at the page foot in Chromium: it has no `float: footnote` (WeasyPrint only).
"""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass

from .layout import BASE_WIDTHS, COLUMN_SETS

ENGINES = ("chromium", "weasyprint")
# Qt WebKit (Debian's wkhtmltopdf): another browser engine, printing Chromium's markup. It repeats no
# <thead> and draws no page furniture; it slices a long page into pages, a line the cut falls
# through printed in part on both. Used by the harness and a few tests, not by every generator test.
WEBKIT = "webkit"
PAGE_SIZES = {"A4": (841.89, 595.28), "Letter": (792.0, 612.0)}  # landscape, in points
# Font families as fontconfig names them (Debian: fonts-crosextra-carlito, fonts-crosextra-caladea,
# fonts-liberation, fonts-dejavu-core).
FONTS = ("Carlito", "Caladea", "Liberation Sans", "Liberation Serif", "Liberation Sans Narrow", "DejaVu Sans", "DejaVu Serif")
RULINGS = ("grid", "hrules", "none", "zebra")  # zebra: alternate body rows filled, no rules
FILLS = ("none", "light", "dark")  # dark: white text
BULLETS = ("•", "▪", "disc", "square")  # literal glyphs, or list markers the engine draws (<ul>)
PAGE_NUMBERS = ("", "Page {n}", "{n}", "- {n} -", "Page {n} of {m}")
RUNNING_TITLE = "ITU – WSIS Action Line Roadmaps"


@dataclass(frozen=True)
class HtmlLayout:
    """Everything about the look of an HTML edition. The defaults: a plain bordered browser print."""

    page_size: str = "A4"  # "A4" | "Letter", landscape
    margins: tuple[float, float, float, float] = (42.0, 42.0, 50.0, 42.0)  # left, right, top, bottom: 30-72 pt
    font: str = "Carlito"  # one of FONTS
    font_size: float = 10.0  # 8-11 pt
    padding: float = 4.0  # cell padding, 1.5-6 pt
    columns: str = "five"  # a key of layout.COLUMN_SETS
    column_scales: tuple[tuple[float, ...], ...] = ((1.0,) * 7,)  # per table (cycled), per COLUMN_KEYS: 0.6-1.6
    ruling: str = "grid"  # one of RULINGS
    justify: bool = False  # body cells set justified
    paragraph_space: float = 0.0  # space after each paragraph in a cell: 0-4 pt (a browser's <p> margin)
    band_align: str = "center"  # "center" | "left"
    band_style: str = "bold"  # "bold" | "italic" | "plain"
    band_fill: str = "none"  # one of FILLS
    header_fill: str = "none"  # one of FILLS
    header_align: str = "center"  # "center" | "left"
    header_bold: bool = True
    header_valign: str = "middle"  # "middle" | "top"
    outcome_label: str = "WSIS Outcomes"  # | "WSIS Outcome"
    sdgs_label: str = "Linkage with the SDGs"  # | "Link with SDGs"
    footnotes: str = "after_table"  # "after_table": a small block under the table | "page_foot" (WeasyPrint only)
    page_number: str = "Page {n}"  # one of PAGE_NUMBERS ("" none; {m} the page count)
    page_number_pos: str = "bottom"  # "top" | "bottom"
    page_number_align: str = "right"  # "left" | "center" | "right"
    running_title: bool = False  # RUNNING_TITLE at the top, opposite a top page number
    title_alone: bool = False  # each title (and note) on a page of its own before its table
    cover_page: bool = False
    widows: int = 2  # CSS widows and orphans in cells: 2 | 1
    bullet: str = "•"  # one of BULLETS
    section_break: bool = False  # every section after a table's first starts on a new page
    header_repeats: bool = True  # False: the header row is the table's first row, on its first page only

    def __post_init__(self):
        choices = dict(page_size=PAGE_SIZES, font=FONTS, columns=COLUMN_SETS, ruling=RULINGS, band_fill=FILLS,
                       header_fill=FILLS, bullet=BULLETS, page_number=PAGE_NUMBERS,
                       band_align=("center", "left"), band_style=("bold", "italic", "plain"),
                       header_align=("center", "left"), header_valign=("middle", "top"),
                       footnotes=("after_table", "page_foot"), page_number_pos=("top", "bottom"),
                       page_number_align=("left", "center", "right"), widows=(1, 2))
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"HtmlLayout.{name}={getattr(self, name)!r}: not one of {list(allowed)}")

    @property
    def column_keys(self) -> tuple[str, ...]:
        return COLUMN_SETS[self.columns]

    def widths(self, table: int) -> list[float]:
        """Percent widths of the columns of the table-th table."""
        scale = self.column_scales[table % len(self.column_scales)]
        shares = [BASE_WIDTHS[k] * scale[list(BASE_WIDTHS).index(k)] for k in self.column_keys]
        return [round(100 * s / sum(shares), 2) for s in shares]

    def supported_by(self, engine: str) -> bool:
        return engine in (*ENGINES, WEBKIT) and not (engine != "weasyprint" and self.footnotes == "page_foot")


def for_engine(layout: HtmlLayout, engine: str) -> HtmlLayout:
    """The layout as close as the engine can print it: Chromium puts page-foot footnotes under the table."""
    return layout if layout.supported_by(engine) else dataclasses.replace(layout, footnotes="after_table")


def random_html_layout(rng: random.Random, engine: str | None = None) -> HtmlLayout:
    """Every knob drawn at random; the draws do not depend on `engine`, which only turns what it
    cannot print into the nearest thing it can (see for_engine)."""
    layout = HtmlLayout(
        page_size=rng.choice(list(PAGE_SIZES)),
        margins=tuple(float(rng.randint(30, 72)) for _ in range(4)),
        font=rng.choice(FONTS),
        font_size=rng.choice([8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0]),
        padding=rng.choice([1.5, 2.0, 3.0, 4.0, 5.0, 6.0]),
        columns=rng.choice(list(COLUMN_SETS)),
        column_scales=tuple(tuple(round(rng.uniform(0.6, 1.6), 2) for _ in BASE_WIDTHS) for _ in range(3)),
        ruling=rng.choice(RULINGS),
        justify=rng.random() < 0.4,
        paragraph_space=rng.choice([0.0, 0.0, 1.5, 3.0, 4.0]),
        band_align=rng.choice(["center", "left"]),
        band_style=rng.choice(["bold", "italic", "plain"]),
        band_fill=rng.choice(FILLS),
        header_fill=rng.choice(FILLS),
        header_align=rng.choice(["center", "left"]),
        header_bold=rng.random() < 0.6,
        header_valign=rng.choice(["middle", "top"]),
        outcome_label=rng.choice(["WSIS Outcomes", "WSIS Outcome"]),
        sdgs_label=rng.choice(["Linkage with the SDGs", "Link with SDGs"]),
        footnotes=rng.choice(["after_table", "page_foot"]),
        page_number=rng.choice(PAGE_NUMBERS),
        page_number_pos=rng.choice(["top", "bottom"]),
        page_number_align=rng.choice(["left", "center", "right"]),
        running_title=rng.random() < 0.4,
        title_alone=rng.random() < 0.3,
        cover_page=rng.random() < 0.5,
        widows=rng.choice([1, 2]),
        bullet=rng.choice(BULLETS),
        section_break=rng.random() < 0.3,
    )
    return for_engine(layout, engine) if engine else layout


VARIATIONS = {  # every value of each knob other than the default, to vary one at a time
    "page_size": ["Letter"],
    "margins": [(30.0, 30.0, 30.0, 30.0), (72.0, 72.0, 72.0, 72.0), (60.0, 35.0, 40.0, 65.0)],
    "font": [f for f in FONTS if f != "Carlito"],
    "font_size": [8.0, 9.5, 11.0],
    "padding": [1.5, 6.0],
    "columns": ["four", "six", "seven"],
    "column_scales": [((1.6, 0.6, 0.6, 1.6, 0.6, 1.6, 0.6), (0.6, 1.6, 1.6, 0.6, 1.6, 0.6, 1.6))],
    "ruling": ["hrules", "none", "zebra"],
    "justify": [True],
    "paragraph_space": [2.0, 4.0],
    "band_align": ["left"],
    "band_style": ["italic", "plain"],
    "band_fill": ["light", "dark"],
    "header_fill": ["light", "dark"],
    "header_align": ["left"],
    "header_bold": [False],
    "header_valign": ["top"],
    "outcome_label": ["WSIS Outcome"],
    "sdgs_label": ["Link with SDGs"],
    "footnotes": ["page_foot"],
    "page_number": ["", "{n}", "- {n} -", "Page {n} of {m}"],
    "page_number_pos": ["top"],
    "page_number_align": ["left", "center"],
    "running_title": [True],
    "title_alone": [True],
    "cover_page": [True],
    "widows": [1],
    "bullet": ["▪", "disc", "square"],
    "section_break": [True],
}


def html_variations(engine: str | None = None) -> list[tuple[str, HtmlLayout]]:
    """("name=value", layout) for each value in VARIATIONS, all else default; with an engine, only
    what it can print."""
    out = []
    for name, values in VARIATIONS.items():
        for value in values:
            layout = dataclasses.replace(HtmlLayout(), **{name: value})
            if engine is None or layout.supported_by(engine):
                out.append((f"{name}={value}", layout))
    return out


# Named house styles for the harness (tests/helpers/foreign.py): each a realistic way to typeset the roadmap.
_A4_NARROW = (36.0, 36.0, 42.0, 40.0)
HOUSE_STYLES = {
    "browser-plain-grid": HtmlLayout(font="Liberation Serif", page_number=""),
    "zebra-no-rules": HtmlLayout(ruling="zebra", font="Liberation Sans", font_size=9.0, band_fill="light", paragraph_space=3.0,
                                 header_fill="light", page_number="{n}", page_number_align="center"),
    "left-bold-bands-light": HtmlLayout(ruling="hrules", band_align="left", band_fill="light", header_align="left",
                                        font="DejaVu Sans", font_size=8.5, page_number="- {n} -", page_number_align="center"),
    "dark-header-justified": HtmlLayout(header_fill="dark", band_fill="dark", justify=True, font="Caladea", paragraph_space=2.0,
                                        column_scales=((1.3, 0.8, 1.0, 0.7, 1.1, 1.0, 1.0),)),
    "tight-padding": HtmlLayout(padding=1.5, font="Liberation Sans Narrow", font_size=9.0, margins=_A4_NARROW,
                                header_valign="top", header_bold=False),
    "running-header-page-of": HtmlLayout(page_number="Page {n} of {m}", page_number_pos="top", running_title=True,
                                         cover_page=True, band_style="italic", page_size="Letter"),
    "list-marker-bullets": HtmlLayout(bullet="disc", font="DejaVu Serif", font_size=9.0, ruling="hrules", paragraph_space=4.0,
                                      title_alone=True, widows=1),
    "square-bullets-no-rules": HtmlLayout(bullet="▪", ruling="none", font="Carlito", font_size=11.0,
                                          band_style="plain", band_fill="light", section_break=True),
    "four-columns-left-header": HtmlLayout(columns="four", header_align="left", header_fill="light",
                                           outcome_label="WSIS Outcome", page_number_align="left"),
    "footnotes-at-page-foot": HtmlLayout(footnotes="page_foot", font="Liberation Serif", font_size=9.5, paragraph_space=2.0,
                                         page_number="Page {n} of {m}", running_title=True, page_number_pos="top"),
}


def house_styles(engine: str) -> dict[str, HtmlLayout]:
    """The named house styles the engine can print."""
    return {name: layout for name, layout in HOUSE_STYLES.items() if layout.supported_by(engine)}
