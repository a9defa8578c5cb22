"""How a synthetic edition looks: the Layout parameters, their ranges, and the fonts behind them."""

from __future__ import annotations

import dataclasses
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape, letter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .content import COLUMN_KEYS

PAGE_SIZES = {"A4": landscape(A4), "Letter": landscape(letter)}
STANDARD_FONTS = {"Helvetica": ("Helvetica", "Helvetica-Bold"), "Times": ("Times-Roman", "Times-Bold")}
TTF_FONTS = {  # family -> (regular, bold) file names, looked up under FONT_DIRS
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),  # Debian: fonts-dejavu-core
    "LiberationSerif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),  # fonts-liberation
}
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
PUA_BULLET = "\uf0b7"  # the private-use bullet of Word's Symbol font, as in the real PDF
COLUMN_SETS = {
    "five": COLUMN_KEYS[:5],
    "four": ("outcome_text", "timing_text", "goals_text", "results_text"),
    "six": COLUMN_KEYS[:6],
    "seven": COLUMN_KEYS,
}
# The share of the table width each column gets before Layout.column_scale (and a minimum width).
BASE_WIDTHS = dict(zip(COLUMN_KEYS, (0.26, 0.08, 0.14, 0.10, 0.42, 0.12, 0.11)))


@dataclass(frozen=True)
class Layout:
    """Everything about the look of an edition. The defaults look like the 2019 replica."""

    page_size: str = "A4"  # "A4" | "Letter", always landscape
    margins: tuple[float, float, float, float] = (42.0, 42.0, 50.0, 42.0)  # left, right, top, bottom: 30-72 pt
    font: str = "Helvetica"  # "Helvetica" | "Times" | a TTF family of TTF_FONTS found on the system
    font_size: float = 10.0  # 8-11 pt, in half points
    padding: float = 4.0  # cell padding, 2-6 pt
    paragraph_spacing: float = 3.0  # extra space between two paragraphs of a cell: 1.5-4 pt
    columns: str = "five"  # a key of COLUMN_SETS
    column_scale: tuple[float, ...] = (1.0,) * 7  # per COLUMN_KEYS, multiplies BASE_WIDTHS: 0.6-1.6
    ruling: str = "grid"  # "grid" | "hrules" | "none"
    shading: bool = False  # light fill behind header and band rows
    bold_header: bool = False
    bold_band: bool = True
    header_valign: str = "middle"  # "middle" | "top"
    outcome_label: str = "WSIS Outcomes"  # | "WSIS Outcome"
    sdgs_label: str = "Linkage with the SDGs"  # | "Link with SDGs"
    markers: str = "first"  # footnote markers on the header labels of "first" page of a table | "every" page
    bullet: str = "•"  # "•" | PUA_BULLET | "▪" (the last two need a TTF font)
    bullet_indent: float = 0.0  # 0: "• text" inline; 8-16: bullet glyph, then text on a hanging indent
    page_number: str = "Page {n}"  # "Page {n}" | "{n}" | "- {n} -"
    page_number_pos: str = "top"  # "top" | "bottom"
    page_number_align: str = "left"  # "left" | "center" | "right"
    title_alone: str = "last"  # the title stands alone on a page before its table: "never" | "last" | "always"
    cover_page: bool = True  # a first page with the document title and an introduction
    section_break: bool = False  # every section after a table's first starts on a new page
    band_keep_with_next: bool = False  # a band row moves to the next page unless two lines fit under it
    footnote_rule: float = 144.0  # length of the separator rule above the footnotes: 72-220 pt

    def __post_init__(self):
        regular, _ = font_names(self.font)  # raises for a missing font
        if self.bullet not in bullets_for(self.font):
            raise ValueError(f"font {self.font} cannot show bullet {self.bullet!r}")
        if self.columns not in COLUMN_SETS or self.ruling not in ("grid", "hrules", "none"):
            raise ValueError(f"bad layout: {self}")

    @property
    def column_keys(self) -> tuple[str, ...]:
        return COLUMN_SETS[self.columns]


def fit_widths(width: float, shares: dict[str, float], minimum: dict[str, float]) -> list[float]:
    """Column widths summing to `width`, in proportion to `shares`, none below its minimum: columns
    below theirs get it, and the others share what is left (column order as in `shares`)."""
    fixed: dict[str, float] = {}
    while True:
        free = [k for k in shares if k not in fixed]
        room = width - sum(fixed.values())
        total = sum(shares[k] for k in free)
        widths = {k: fixed.get(k) or room * shares[k] / total for k in shares}
        low = [k for k in free if widths[k] < minimum[k]]
        if not low:
            return list(widths.values())
        fixed.update({k: minimum[k] for k in low})


def _find(filename: str) -> Path | None:
    for root in FONT_DIRS:
        for path in sorted(Path(root).rglob(filename)) if Path(root).is_dir() else []:
            return path
    return None


@cache
def available_fonts() -> list[str]:
    return list(STANDARD_FONTS) + [f for f, files in TTF_FONTS.items() if all(_find(n) for n in files)]


@cache
def font_names(family: str) -> tuple[str, str]:
    """The reportlab names of the family's regular and bold faces, registering TTF faces once.

    Our TTF faces also map U+F0B7 to the bullet's glyph: no font on a Debian system maps that
    private-use code, and the real PDF's Symbol font did, so its text reads back as U+F0B7.
    """
    if family in STANDARD_FONTS:
        return STANDARD_FONTS[family]
    names = []
    for suffix, filename in zip(("", "-Bold"), TTF_FONTS[family]):
        path = _find(filename)
        if path is None:
            raise ValueError(f"font file {filename} not found: apt-get install fonts-dejavu-core fonts-liberation")
        font = TTFont(f"Synth{family}{suffix}", str(path))
        face = font.face
        face.charToGlyph[0xF0B7] = face.charToGlyph[0x2022]
        face.charWidths[0xF0B7] = face.charWidths[0x2022]
        pdfmetrics.registerFont(font)
        names.append(font.fontName)
    return tuple(names)


def bullets_for(family: str) -> tuple[str, ...]:
    """Standard fonts are WinAnsi-encoded: only "•" is there."""
    return ("•",) if family in STANDARD_FONTS else ("•", PUA_BULLET, "▪")


def random_layout(rng: random.Random) -> Layout:
    """A layout with every parameter drawn at random. The draws do not depend on the fonts installed:
    a missing TTF family becomes Helvetica (and its bullet "•"), other parameters stay the same."""
    font = rng.choice(list(STANDARD_FONTS) + list(TTF_FONTS))
    bullet = rng.choice(["•", PUA_BULLET, "▪"])
    font = font if font in available_fonts() else "Helvetica"
    return Layout(
        page_size=rng.choice(list(PAGE_SIZES)),
        margins=tuple(float(rng.randint(30, 72)) for _ in range(4)),
        font=font,
        font_size=rng.choice([8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0]),
        padding=float(rng.randint(2, 6)),
        paragraph_spacing=rng.choice([1.5, 2.0, 3.0, 4.0]),
        columns=rng.choice(list(COLUMN_SETS)),
        column_scale=tuple(round(rng.uniform(0.6, 1.6), 2) for _ in COLUMN_KEYS),
        ruling=rng.choice(["grid", "hrules", "none"]),
        shading=rng.random() < 0.4,
        bold_header=rng.random() < 0.5,
        bold_band=rng.random() < 0.5,
        header_valign=rng.choice(["middle", "top"]),
        outcome_label=rng.choice(["WSIS Outcomes", "WSIS Outcome"]),
        sdgs_label=rng.choice(["Linkage with the SDGs", "Link with SDGs"]),
        markers=rng.choice(["first", "every"]),
        bullet=bullet if bullet in bullets_for(font) else "•",
        bullet_indent=rng.choice([0.0, float(rng.randint(8, 16))]),
        page_number=rng.choice(["Page {n}", "{n}", "- {n} -"]),
        page_number_pos=rng.choice(["top", "bottom"]),
        page_number_align=rng.choice(["left", "center", "right"]),
        title_alone=rng.choice(["never", "last", "always"]),
        cover_page=rng.random() < 0.5,
        section_break=rng.random() < 0.3,
        band_keep_with_next=rng.random() < 0.5,
        footnote_rule=float(rng.randint(72, 220)),
    )


VARIATIONS = {  # every value of each parameter other than the default, to vary one at a time
    "page_size": ["Letter"],
    "margins": [(30.0, 30.0, 30.0, 30.0), (72.0, 72.0, 72.0, 72.0), (60.0, 35.0, 40.0, 65.0)],
    "font": ["Times", "DejaVuSans", "LiberationSerif"],
    "font_size": [8.0, 9.5, 11.0],
    "padding": [2.0, 6.0],
    "paragraph_spacing": [1.5, 4.0],
    "columns": ["four", "six", "seven"],
    "column_scale": [(1.6, 0.6, 0.6, 1.6, 0.6, 1.6, 0.6), (0.6, 1.6, 1.6, 0.6, 1.6, 0.6, 1.6)],
    "ruling": ["hrules", "none"],
    "shading": [True],
    "bold_header": [True],
    "bold_band": [False],
    "header_valign": ["top"],
    "outcome_label": ["WSIS Outcome"],
    "sdgs_label": ["Link with SDGs"],
    "markers": ["every"],
    "bullet_indent": [12.0],
    "page_number": ["{n}", "- {n} -"],
    "page_number_pos": ["bottom"],
    "page_number_align": ["center", "right"],
    "title_alone": ["never", "always"],
    "cover_page": [False],
    "section_break": [True],
    "band_keep_with_next": [True],
    "footnote_rule": [72.0, 220.0],
}


def single_variations() -> list[tuple[str, Layout]]:
    """("name=value", layout) for each value in VARIATIONS, all else default; fonts and bullets
    that this system lacks are left out."""
    out = []
    for name, values in VARIATIONS.items():
        for value in values:
            if name == "font" and value not in available_fonts():
                continue
            out.append((f"{name}={value}", dataclasses.replace(Layout(), **{name: value})))
    ttf = [f for f in available_fonts() if f in TTF_FONTS]
    for bullet in (PUA_BULLET, "▪") if ttf else ():
        out.append((f"bullet={bullet!r}", Layout(font=ttf[0], bullet=bullet)))
    return out
