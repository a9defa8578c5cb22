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
STANDARD_ITALICS = {"Helvetica": "Helvetica-Oblique", "Times": "Times-Italic"}
TTF_FONTS = {  # family -> (regular, bold) file names, looked up under FONT_DIRS
    "DejaVuSans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),  # Debian: fonts-dejavu-core
    "LiberationSerif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf"),  # fonts-liberation
}
TTF_ITALICS = {"DejaVuSans": "DejaVuSans-Oblique.ttf", "LiberationSerif": "LiberationSerif-Italic.ttf"}
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
PUA_BULLET = "\uf0b7"  # the private-use bullet of Word's Symbol font, as in the real PDF
DRAWN_BULLET = "drawn"  # Layout.bullet: a small filled disc the engine draws, no glyph (the text still says "•")
FILLS = ("none", "light", "dark")  # a header's or band's fill; text on a dark fill is white
RULINGS = ("grid", "hrules", "none", "zebra")  # zebra: no rules, every other body row shaded
RUNNING_TITLE = "ITU – WSIS Action Line Roadmaps"  # the running header's left, as the other engines print it
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
    padding: float = 4.0  # cell padding, 1.5-6 pt
    paragraph_spacing: float = 3.0  # extra space between two paragraphs of a cell: 1.5-4 pt
    columns: str = "five"  # a key of COLUMN_SETS
    column_scale: tuple[float, ...] = (1.0,) * 7  # per COLUMN_KEYS, multiplies BASE_WIDTHS: 0.6-1.6
    ruling: str = "grid"  # one of RULINGS
    header_fill: str = "none"  # one of FILLS, behind the header row
    band_fill: str = "none"  # one of FILLS, behind each band row
    bold_header: bool = False
    band_style: str = "bold"  # "bold" | "italic" | "plain" (italic only where the family has an italic face)
    header_valign: str = "middle"  # "middle" | "top"
    outcome_label: str = "WSIS Outcomes"  # | "WSIS Outcome"
    sdgs_label: str = "Linkage with the SDGs"  # | "Link with SDGs"
    markers: str = "first"  # footnote markers on the header labels of "first" page of a table | "every" page
    bullet: str = "•"  # "•" | PUA_BULLET | "▪" (the last two need a TTF font) | DRAWN_BULLET
    bullet_indent: float = 0.0  # 0: "• text" inline; 8-16: bullet glyph, then text on a hanging indent
    page_number: str = "Page {n}"  # "Page {n}" | "{n}" | "- {n} -"
    page_number_pos: str = "top"  # "top" | "bottom"
    page_number_align: str = "left"  # "left" | "center" | "right"
    title_alone: str = "last"  # the title stands alone on a page before its table: "never" | "last" | "always"
    cover_page: bool = True  # a first page with the document title and an introduction
    section_break: bool = False  # every section after a table's first starts on a new page
    band_keep_with_next: bool = False  # a band row moves to the next page unless two lines fit under it
    footnote_rule: float = 144.0  # length of the separator rule above the footnotes: 72-220 pt
    band_align: str = "center"  # "center" | "left" (from the table's left edge plus the padding)
    fill_per_cell: bool = False  # the header fill as one rectangle per cell rather than one for the row
    justify: bool = False  # body lines but a paragraph's last stretched to the cell width (wider spaces)
    label_align: str = "center"  # header labels "center" | "left"
    # "foot": at the foot of the table's first page under a short rule; "after": a block right under
    # the table's last row, on its last page, no rule.
    footnote_place: str = "foot"
    footnote_number: str = "raised"  # a footnote's number: "raised" (small, raised) | "plain" (a digit and a space)
    running_header: bool = False  # "ITU – WSIS Action Line Roadmaps" left, "Page N of M" right, instead of the page number
    # Widow and orphan control in cells: a paragraph whose first line alone would end a page starts on
    # the next; one whose last line alone would open the next page takes one more line with it.
    orphan_control: bool = False

    def __post_init__(self):
        font_names(self.font)  # raises for a missing font
        if self.bullet not in bullets_for(self.font):
            raise ValueError(f"font {self.font} cannot show bullet {self.bullet!r}")
        if self.band_style == "italic" and italic_name(self.font) is None:
            raise ValueError(f"font {self.font} has no italic face on this system")
        choices = dict(columns=COLUMN_SETS, ruling=RULINGS, header_fill=FILLS, band_fill=FILLS,
                       band_style=("bold", "italic", "plain"), band_align=("center", "left"),
                       label_align=("center", "left"), footnote_place=("foot", "after"),
                       footnote_number=("raised", "plain"))
        bad = [name for name, allowed in choices.items() if getattr(self, name) not in allowed]
        if bad:
            raise ValueError(f"bad layout ({', '.join(bad)}): {self}")

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


@cache
def italic_name(family: str) -> str | None:
    """The reportlab name of the family's italic face (registered once), or None where its file is missing."""
    if family in STANDARD_ITALICS:
        return STANDARD_ITALICS[family]
    path = _find(TTF_ITALICS[family])
    if path is None:
        return None
    font = TTFont(f"Synth{family}-Italic", str(path))
    pdfmetrics.registerFont(font)
    return font.fontName


def bullets_for(family: str) -> tuple[str, ...]:
    """Standard fonts are WinAnsi-encoded: only "•" is there. Any font can have a drawn disc."""
    return ("•", DRAWN_BULLET) if family in STANDARD_FONTS else ("•", PUA_BULLET, "▪", DRAWN_BULLET)


def random_layout(rng: random.Random) -> Layout:
    """A layout with every parameter drawn at random. The draws do not depend on the fonts installed:
    a missing TTF family becomes Helvetica (and its bullet "•"), other parameters stay the same."""
    font = rng.choice(list(STANDARD_FONTS) + list(TTF_FONTS))
    bullet = rng.choice(["•", PUA_BULLET, "▪"])
    font = font if font in available_fonts() else "Helvetica"
    layout = Layout(
        page_size=rng.choice(list(PAGE_SIZES)),
        margins=tuple(float(rng.randint(30, 72)) for _ in range(4)),
        font=font,
        font_size=rng.choice([8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0]),
        padding=float(rng.randint(2, 6)),
        paragraph_spacing=rng.choice([1.5, 2.0, 3.0, 4.0]),
        columns=rng.choice(list(COLUMN_SETS)),
        column_scale=tuple(round(rng.uniform(0.6, 1.6), 2) for _ in COLUMN_KEYS),
        ruling=rng.choice(["grid", "hrules", "none"]),
        header_fill=(shading := "light" if rng.random() < 0.4 else "none"),  # the first set's `shading`: both
        band_fill=shading,
        bold_header=rng.random() < 0.5,
        band_style="bold" if rng.random() < 0.5 else "plain",
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
    return _later_knobs(rng, layout)


def _later_knobs(rng: random.Random, layout: Layout) -> Layout:
    """The knobs added after the first set, drawn after all of its draws (and always the same number
    of draws), so that every seed keeps the values it had of the first set unless a later draw
    overrides one: fills drawn apart, italic bands, zebra ruling, tight padding, drawn bullets."""
    fills_apart, header_fill, band_fill = rng.random() < 0.5, rng.choice(FILLS), rng.choice(FILLS)
    italic = rng.random() < 0.3 and italic_name(layout.font) is not None
    zebra = rng.random() < 0.2
    tight, tight_padding = rng.random() < 0.15, rng.choice([1.5, 2.5])
    knobs = dict(
        band_align=rng.choice(["center", "left"]),
        fill_per_cell=rng.random() < 0.5,
        justify=rng.random() < 0.3,
        label_align=rng.choice(["center", "left"]),
        footnote_place=rng.choice(["foot", "after"]),
        footnote_number=rng.choice(["raised", "plain"]),
        running_header=rng.random() < 0.3,
        orphan_control=rng.random() < 0.5,
    )
    drawn_bullet = rng.random() < 0.2
    if fills_apart:
        knobs.update(header_fill=header_fill, band_fill=band_fill)
    if italic:
        knobs.update(band_style="italic")
    if zebra:
        knobs.update(ruling="zebra")
    if tight:
        knobs.update(padding=tight_padding)
    if drawn_bullet:
        knobs.update(bullet=DRAWN_BULLET)
    return dataclasses.replace(layout, **knobs)


VARIATIONS = {  # every value of each parameter other than the default, to vary one at a time
    "page_size": ["Letter"],
    "margins": [(30.0, 30.0, 30.0, 30.0), (72.0, 72.0, 72.0, 72.0), (60.0, 35.0, 40.0, 65.0)],
    "font": ["Times", "DejaVuSans", "LiberationSerif"],
    "font_size": [8.0, 9.5, 11.0],
    "padding": [1.5, 2.0, 2.5, 6.0],
    "paragraph_spacing": [1.5, 4.0],
    "columns": ["four", "six", "seven"],
    "column_scale": [(1.6, 0.6, 0.6, 1.6, 0.6, 1.6, 0.6), (0.6, 1.6, 1.6, 0.6, 1.6, 0.6, 1.6)],
    "ruling": ["hrules", "none", "zebra"],
    "header_fill": ["light", "dark"],
    "band_fill": ["light", "dark"],
    "bold_header": [True],
    "band_style": ["italic", "plain"],
    "header_valign": ["top"],
    "outcome_label": ["WSIS Outcome"],
    "sdgs_label": ["Link with SDGs"],
    "markers": ["every"],
    "bullet": [DRAWN_BULLET],
    "bullet_indent": [12.0],
    "page_number": ["{n}", "- {n} -"],
    "page_number_pos": ["bottom"],
    "page_number_align": ["center", "right"],
    "title_alone": ["never", "always"],
    "cover_page": [False],
    "section_break": [True],
    "band_keep_with_next": [True],
    "footnote_rule": [72.0, 220.0],
    "band_align": ["left"],
    "justify": [True],
    "label_align": ["left"],
    "footnote_place": ["after"],
    "footnote_number": ["plain"],
    "running_header": [True],
    "orphan_control": [True],
}
# Knobs that show only beside another: (name, value, the other knobs they need).
COMBINED = [
    ("fill_per_cell", True, dict(header_fill="dark")),
    ("fill_per_cell", True, dict(header_fill="light", ruling="none")),
    ("bullet", DRAWN_BULLET, dict(bullet_indent=12.0)),
]


def single_variations() -> list[tuple[str, Layout]]:
    """("name=value", layout) for each value in VARIATIONS, all else default; fonts and bullets
    that this system lacks are left out."""
    out = []
    for name, values in VARIATIONS.items():
        for value in values:
            if name == "font" and value not in available_fonts():
                continue
            out.append((f"{name}={value}", dataclasses.replace(Layout(), **{name: value})))
    for name, value, others in COMBINED:
        label = ",".join(f"{k}={v}" for k, v in others.items())
        out.append((f"{name}={value} with {label}", Layout(**{name: value}, **others)))
    ttf = [f for f in available_fonts() if f in TTF_FONTS]
    for bullet in (PUA_BULLET, "▪") if ttf else ():
        out.append((f"bullet={bullet!r}", Layout(font=ttf[0], bullet=bullet)))
    return out
