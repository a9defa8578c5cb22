"""Synthetic roadmap editions: lay out Content with a Layout, render it as a PDF, and say exactly
what a perfect extraction returns.

`plan` does all the layout (line wrapping, pagination, rules) once; `render` only draws the plan and
`expected` only reads it, so the records' pages and texts are those of the drawn PDF. The table is
laid out by hand because a row must be able to run over page breaks under a repeated header.
Coordinates in a plan are pdfplumber's: points from the page's top-left corner.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

from .content import EXTRA_LABELS, TEXT_FIELDS, Content, Row, sample_content  # noqa: F401 (API)
from .draw import BLACK, FILL_GRAYS, ZEBRA_GRAY, dot, draw_ops, justified_spacing, spaced_words, text_gray
from .hidden import hidden_junctions, readings
from .layout import (PAGE_SIZES, BASE_WIDTHS, DRAWN_BULLET, RUNNING_TITLE, Layout, fit_widths,  # noqa: F401 (API)
                     font_names, italic_name, random_layout)

HEADER_LABELS = {
    "timing_text": "Proposed Timing",
    "goals_text": "ITU Strategic Goals and Relevant Resolutions",
    "results_text": "Expected Results of ITU Activities",
    **EXTRA_LABELS,
}
URL = re.compile(r"^(https?://|www\.)\S+$")
INTRO = (
    "In line with its mandate and the WSIS outcome documents, the ITU continues to play a key role in the WSIS "
    "implementation and follow-up process, as the WSIS Action Lines Sole Facilitator. The roadmaps are living "
    "documents that will be updated regularly in an ongoing process."
)
FOOTNOTE_GAP = 8.0  # between a table's last row and the footnotes set right after it


@dataclass
class Line:
    """One line of a cell as drawn: segments (x offset, string), and its part in the expected text."""

    segs: tuple[tuple[float, str], ...]
    text: str  # the line in the expected text ("•" for any bullet glyph); "" for a blank paragraph
    joiner: str  # glue to the line before: "\n" new paragraph, " " space (also inside a word too long for a line), "" after a hyphen
    url: str | None = None
    spacing: float = 0.0  # points added at each space of the last segment: a justified line
    dot: bool = False  # a bullet disc drawn at the line's start (DRAWN_BULLET): no glyph among the segments


@dataclass
class Item:
    """A region of a page holding text, with the text drawn in it in drawing order (for self-checks)."""

    kind: str  # "cell" | "header" | "band" | "title" | "note" | "footnote" | "pageno" | "cover"
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    text: str
    row: int | None = None  # for cells: the index of the record
    column: str | None = None
    gray: float = BLACK  # the colour of its text


@dataclass
class Page:
    number: int
    ops: list = field(default_factory=list)  # drawing operations (draw.py)
    items: list[Item] = field(default_factory=list)


@dataclass
class Plan:
    layout: Layout
    size: tuple[float, float]
    pages: list[Page] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # per record: its keys, "lines" per column, "pages"
    footnotes: list[dict] = field(default_factory=list)
    # band_at_top: sections opening a page; empty_first_cell: rows whose first piece has an empty first
    # cell (its paragraph moved whole by orphan control); controlled_breaks: cell pieces widow and
    # orphan control shortened; footnotes_kept: footnote blocks after a table that did not fit under
    # its last row, for which the table's last pages were set shorter.
    stats: dict = field(default_factory=lambda: dict(band_at_top=0, hyphen_breaks=0, empty_first_cell=0,
                                                     controlled_breaks=0, justified_lines=0, zebra_pieces=0,
                                                     footnotes_kept=0))


def _pieces(word: str) -> list[str]:
    """A word cut after each hyphen that joins two parts ("non-", "discriminatory")."""
    return re.split(r"(?<=[^-\s]-)(?=[^-])", word)


def wrap(text: str, width: float, measure) -> list[tuple[str, str]]:
    """Greedy line breaking of one paragraph: at spaces, after a hyphen inside a word, and inside a
    word only when it is longer than a line (after "/" or "." when possible). Returns (line, joiner)
    pairs, the joiner telling how the line glues to the one before in the text (see Line.joiner)."""
    lines: list[tuple[str, str]] = []
    cur, glue = "", "\n"
    for word in text.split():
        rest = word
        while rest:
            sep = " " if cur else ""
            if measure(cur + sep + rest) <= width:
                cur += sep + rest
                break
            pieces = _pieces(rest)
            k = max((k for k in range(1, len(pieces)) if measure(cur + sep + "".join(pieces[:k])) <= width), default=0)
            if k:
                lines.append((cur + sep + "".join(pieces[:k]), glue))
                cur, glue, rest = "", "", "".join(pieces[k:])
            elif cur:
                lines.append((cur, glue))
                cur, glue = "", " "
            else:  # a word longer than the line on its own
                n = max([n for n in range(1, len(rest)) if measure(rest[:n]) <= width] or [1])
                cut = max((i + 1 for i, ch in enumerate(rest[:n]) if ch in "/." and i + 1 > n // 2), default=n)
                if rest[cut:cut + 1] == "-" and cut > 1:  # never open a line with a dash: that reads as an item
                    cut -= 1
                lines.append((rest[:cut], glue))
                glue, rest = ("" if rest[cut - 1] == "-" else " "), rest[cut:]
    if cur or not lines:
        lines.append((cur, glue))
    return lines


def cell_text(lines: list[Line]) -> str | None:
    """The expected text of a cell: its lines glued by their joiners; None for an empty cell."""
    out = ""
    for line in lines:
        if line.text:
            out += (line.joiner if out else "") + line.text
    return out or None


def keep_whole(lines: list[Line], n: int) -> int:
    """How many of a cell's next `n` lines (those that fit before the page break) stay on the page
    under widow and orphan control, as a word processor keeps them: a paragraph that would leave only
    its first line before the break moves whole to the next page, and one that would leave only its
    last line after the break takes one more line with it."""
    while 0 < n < len(lines) and lines[n].joiner != "\n":  # the break falls inside a paragraph
        start = max((j for j in range(n) if lines[j].joiner == "\n"), default=None)  # None: it began on a page before
        end = next((j for j in range(n + 1, len(lines)) if lines[j].joiner == "\n"), len(lines))
        if start is not None and n - start == 1:
            n = start
        elif end - n == 1:
            n -= 1
        else:
            break
    return n


class _Planner:
    def __init__(self, content: Content, layout: Layout, kept: dict[int, int]):
        self.content, self.L = content, layout
        self.W, self.H = PAGE_SIZES[layout.page_size]
        self.left, self.right, self.top, self.bottom_margin = layout.margins
        self.tw = self.W - self.left - self.right
        self.font, self.bold = font_names(layout.font)
        self.band_font = {"bold": self.bold, "plain": self.font, "italic": italic_name(layout.font)}[layout.band_style]
        self.size = layout.font_size
        self.plan = Plan(layout, (self.W, self.H))
        self.keys = layout.column_keys
        labels = dict(HEADER_LABELS, outcome_text=layout.outcome_label, sdgs_text=layout.sdgs_label)
        self.labels = {k: labels[k] for k in self.keys}
        # Body text: one ascent and leading for the regular and bold faces.
        (a1, l1), (a2, l2) = self.metrics(self.font, self.size), self.metrics(self.bold, self.size)
        self.ascent, self.leading = max(a1, a2), max(l1, l2)
        self.widths = self._column_widths()
        self.xs = [self.left + sum(self.widths[:i]) for i in range(len(self.keys))]
        # Footnotes after a table: table index -> the page from which that table's pages are set
        # shorter by the block's height, so that the block fits under its last row (see `plan`).
        self.kept, self.overflow = kept, {}
        self.short_from, self.short_by = math.inf, 0.0

    # --- measures
    def width(self, s: str, font: str | None = None, size: float | None = None) -> float:
        return pdfmetrics.stringWidth(s, font or self.font, size or self.size)

    def metrics(self, font: str, size: float) -> tuple[float, float]:
        """(ascent, leading) of a font at a size."""
        ascent, descent = pdfmetrics.getAscentDescent(font, size)
        return ascent, max(1.2 * size, ascent - descent + 1)

    def _column_widths(self) -> list[float]:
        pad, hfont = self.L.padding, self.bold if self.L.bold_header else self.font
        marker = self.width("99", hfont, self.size * 0.6)
        words = {k: self.labels[k].split() for k in self.keys}
        words["outcome_text"] += ["(WSIS", "C99)"]
        minimum = {k: max(42.0, max(self.width(w, hfont) for w in words[k]) + marker + 2 * pad + 1) for k in self.keys}
        # Wide enough for the longest word (URLs aside) too, within reason: Word would break it anywhere.
        longest = {k: max([self.width(w) for w in self._words(k)] or [0]) + 2 * pad + 1 for k in self.keys}
        cap = 0.2 * self.tw
        while sum(max(minimum[k], min(longest[k], cap)) for k in self.keys) > 0.9 * self.tw:
            cap -= 2
        minimum = {k: max(minimum[k], min(longest[k], cap)) for k in self.keys}
        shares = {k: BASE_WIDTHS[k] * self.L.column_scale[list(BASE_WIDTHS).index(k)] for k in self.keys}
        return fit_widths(self.tw, shares, minimum)

    def _words(self, key: str):
        for al in self.content.action_lines:
            for section in al.sections:
                for row in section.rows:
                    for p in row.cells.get(key, []):
                        yield from ([] if URL.match(p) else p.split())

    # --- pages
    def new_page(self) -> Page:
        page = Page(len(self.plan.pages) + 1)
        self.plan.pages.append(page)
        self.page, self.y, self.limit = page, self.top, self.H - self.bottom_margin
        if page.number >= self.short_from:
            self.limit -= self.short_by
        if not self.L.running_header:
            self.page_number(page)
        return page

    def page_number(self, page: Page):
        text = self.L.page_number.format(n=page.number)
        m = self.top if self.L.page_number_pos == "top" else self.bottom_margin
        y = (m - self.size) / 2 if self.L.page_number_pos == "top" else self.H - (m + self.size) / 2
        w = self.width(text)
        x = {"left": self.left, "center": (self.W - w) / 2, "right": self.W - self.right - w}[self.L.page_number_align]
        self.draw_text("pageno", x, y, [(text, self.font, self.size, 0.0)])

    def running_headers(self):
        """The running header on every page, once the page count is known."""
        y, total = (self.top - self.size) / 2, len(self.plan.pages)
        for page in self.plan.pages:
            self.page = page
            self.draw_text("running", self.left, y, [(RUNNING_TITLE, self.font, self.size, 0.0)])
            text = f"Page {page.number} of {total}"
            self.draw_text("pageno", self.W - self.right - self.width(text), y, [(text, self.font, self.size, 0.0)])

    def draw_text(self, kind, x, top, segs, gray=BLACK, **item) -> float:
        """Draw one line of segments (string, font, size, rise) with its top at `top`; returns its height."""
        size = max(s[2] for s in segs)
        ascent, leading = (self.ascent, self.leading) if size == self.size else self.metrics(segs[-1][1], size)
        x0 = x
        for s, font, fsize, rise in segs:
            self.page.ops.append(("text", x, top + ascent - rise, font, fsize, s, gray))
            x += self.width(s, font, fsize)
        self.page.items.append(Item(kind, (x0, top, x, top + leading), "".join(s[0] for s in segs), gray=gray, **item))
        return leading

    def rule(self, x0, y0, x1, y1, width=0.6):
        self.page.ops.append(("line", x0, y0, x1, y1, width))

    def rules(self, top, bottom, verticals=True):
        """The rules around one table row (header, band or row part) per the layout's ruling."""
        x1 = self.left + self.tw
        if self.L.ruling in ("none", "zebra"):
            return
        self.rule(self.left, top, x1, top)
        self.rule(self.left, bottom, x1, bottom)
        if self.L.ruling == "grid":
            for x in [self.left, x1] + (self.xs[1:] if verticals else []):
                self.rule(x, top, x, bottom)

    def fill(self, x0, x1, height, gray):
        self.page.ops.append(("fill", x0, self.y, x1, self.y + height, gray))

    def block(self, kind, x, width, top, height, lines, align="center", valign="middle", gray=BLACK, **item):
        """Lines of segments in a box, centred or from its left padding; valign within the box of `height`."""
        y = top + self.L.padding if valign == "top" else top + (height - len(lines) * self.leading) / 2
        for segs in lines:
            w = sum(self.width(s, f, z) for s, f, z, _ in segs)
            dx = (width - w) / 2 if align == "center" else self.L.padding
            y += self.draw_text(kind, x + dx, y, segs, gray, **item)

    # --- table parts
    def header_lines(self, key: str, al_id: str, marker: str | None) -> list[list[tuple]]:
        font = self.bold if self.L.bold_header else self.font
        small = self.size * 0.6
        room = self.widths[self.keys.index(key)] - 2 * self.L.padding - self.width("99", font, small)
        lines = [[(s, font, self.size, 0.0)] for s, _ in wrap(self.labels[key], room, lambda s: self.width(s, font))]
        if marker:
            lines[-1].append((marker, font, small, self.size * 0.35))
        if key == "outcome_text":
            lines += [[(s, font, self.size, 0.0)] for s, _ in wrap(f"(WSIS AL {al_id})", room, lambda s: self.width(s, font))]
        return lines

    def header(self, al_id: str, markers: dict[str, int]):
        cells = [self.header_lines(k, al_id, str(markers[k]) if k in markers else None) for k in self.keys]
        height = max(len(c) for c in cells) * self.leading + 2 * self.L.padding
        if self.L.header_fill != "none":
            gray = FILL_GRAYS["header"][self.L.header_fill]
            boxes = zip(self.xs, self.widths) if self.L.fill_per_cell else [(self.left, self.tw)]
            for x, w in boxes:
                self.fill(x, x + w, height, gray)
        for key, x, w, lines in zip(self.keys, self.xs, self.widths, cells):
            self.block("header", x, w, self.y, height, lines, self.L.label_align, self.L.header_valign,
                       text_gray(self.L.header_fill), column=key)
        self.rules(self.y, self.y + height)
        self.y += height
        self.body_top = self.y

    def band(self, text: str):
        font = self.band_font
        wrapped = wrap(text, self.tw - 2 * self.L.padding, lambda s: self.width(s, font))
        lines = [[(s, font, self.size, 0.0)] for s, _ in wrapped]
        height = len(lines) * self.leading + 2 * self.L.padding
        if self.L.band_fill != "none":
            self.fill(self.left, self.left + self.tw, height, FILL_GRAYS["band"][self.L.band_fill])
        self.block("band", self.left, self.tw, self.y, height, lines, self.L.band_align, gray=text_gray(self.L.band_fill))
        self.rules(self.y, self.y + height, verticals=False)
        self.y += height

    def cell_lines(self, paragraphs: list[str], width: float) -> list[Line]:
        """A cell's lines, each paragraph's but the last justified when the layout says so."""
        out: list[Line] = []
        for p in paragraphs:
            lines = self.paragraph_lines(p, width)
            self.plan.stats["hyphen_breaks"] += sum(line.joiner == "" for line in lines[1:])
            if self.L.justify:
                for line in lines[:-1]:
                    dx, s = line.segs[-1] if line.segs else (0.0, "")
                    line.spacing = justified_spacing(s, dx, width, self.width)
                    self.plan.stats["justified_lines"] += line.spacing > 0
            out += lines
        return out

    def paragraph_lines(self, p: str, width: float) -> list[Line]:
        """A paragraph's lines. A "• " paragraph shows the layout's glyph (or a drawn disc where the
        glyph "•" would be), inline or on a hanging indent."""
        glyph, indent = self.L.bullet, self.L.bullet_indent
        drawn = glyph == DRAWN_BULLET
        if not p.startswith("• "):
            url = p if URL.match(p) else None
            return [Line(((0.0, s),) if s else (), s, joiner, url) for s, joiner in wrap(p, width, self.width)]
        out = []
        if indent:  # the glyph, then the text on a hanging indent
            for i, (s, joiner) in enumerate(wrap(p[2:], width - indent, self.width)):
                segs = ((0.0, glyph), (indent, s)) if i == 0 and not drawn else ((indent, s),)
                out.append(Line(segs, "• " + s if i == 0 else s, joiner, dot=drawn and i == 0))
            return out
        for i, (s, joiner) in enumerate(wrap(("•" if drawn else glyph) + p[1:], width, self.width)):
            text = "•" + s[1:] if i == 0 else s
            if i == 0 and drawn:  # the disc stands where the glyph would, the text after it and its space
                rest = s[2:]
                out.append(Line(((self.width("• "), rest),) if rest else (), text, joiner, dot=True))
            else:
                out.append(Line(((0.0, s),) if s else (), text, joiner))
        return out

    # --- the document
    def run(self) -> Plan:
        if self.L.cover_page:
            self.cover()
        number = 0
        for i, al in enumerate(self.content.action_lines):
            markers = {}
            for key in self.keys:
                if key in al.footnotes:
                    number += 1
                    markers[key] = number
            self.table(i, al, markers, alone=self.L.title_alone == "always"
                       or (self.L.title_alone == "last" and i == len(self.content.action_lines) - 1))
        if self.L.running_header:
            self.running_headers()
        return self.plan

    def cover(self):
        self.new_page()
        ids = ", ".join(al.id for al in self.content.action_lines)
        title, tsize = f"WSIS Action Line Roadmaps {ids}", self.size + 8
        x = (self.W - self.width(title, self.bold, tsize)) / 2
        self.y += 120 + self.draw_text("cover", x, self.y + 120, [(title, self.bold, tsize, 0.0)]) + 40
        for s, _ in wrap(INTRO, self.tw, self.width):
            self.y += self.draw_text("cover", self.left, self.y, [(s, self.font, self.size, 0.0)])

    def title(self, al):
        tsize = self.size + 4
        title = f"Roadmap for WSIS Action Line {al.id}: {al.title}"
        for s, _ in wrap(title, self.tw, lambda s: self.width(s, self.bold, tsize)):
            self.y += self.draw_text("title", self.left, self.y, [(s, self.bold, tsize, 0.0)])
        self.y += 6
        if al.note:
            self.y += self.draw_text("note", self.left, self.y, [(al.note, self.font, self.size, 0.0)]) + 4
        self.y += 4

    def footnote_lines(self, al, markers) -> tuple[list[tuple], float]:
        """The table's footnotes as (key, number, line segments, indent of the lines after the
        first) and the block's height. A number is small and raised, or a plain digit and a space."""
        fsize = max(6.5, self.size - 2)
        _, leading = self.metrics(self.font, fsize)
        notes = []
        for key, number in markers.items():
            if self.L.footnote_number == "raised":
                mark = (str(number), self.font, fsize * 0.7, fsize * 0.3)
            else:
                mark = (f"{number} ", self.font, fsize, 0.0)
            numw = self.width(mark[0], self.font, mark[2])
            lines = wrap(al.footnotes[key], self.tw - numw, lambda s: self.width(s, self.font, fsize))
            segs = [[(s, self.font, fsize, 0.0)] for s, _ in lines]
            segs[0].insert(0, mark)
            notes.append((key, number, segs, numw))
        return notes, leading * sum(len(n[2]) for n in notes)

    def footnotes(self, al, notes, y):
        """Draw the footnotes from `y` down, and record them on this page."""
        for key, number, lines, numw in notes:
            self.plan.footnotes.append(dict(action_line=al.id, number=number, text=al.footnotes[key],
                                            cited_by=key, page=self.page.number))
            for i, segs in enumerate(lines):
                y += self.draw_text("footnote", self.left + (numw if i else 0), y, segs)

    def footnotes_at_foot(self, al, notes, height):
        """At the foot of the page, under a short rule; lowers self.limit."""
        y = self.limit - height
        self.limit = y - 8
        self.rule(self.left, y - 4, self.left + min(self.L.footnote_rule, self.tw), y - 4, 0.5)
        self.footnotes(al, notes, y)

    def footnotes_after(self, index, al, notes, height):
        """Right under the table's last row. Where they do not fit there, this plan is redone with
        the table's pages from this one on set shorter by the block (self.overflow)."""
        if self.y + FOOTNOTE_GAP + height > self.H - self.bottom_margin:
            self.overflow[index] = self.page.number
            self.new_page()
        self.footnotes(al, notes, self.y + FOOTNOTE_GAP)

    def table(self, index, al, markers: dict[str, int], alone: bool):
        notes, notes_height = self.footnote_lines(al, markers)
        after = markers and self.L.footnote_place == "after"
        if after and index in self.kept:
            self.short_from, self.short_by = self.kept[index], FOOTNOTE_GAP + notes_height
            self.plan.stats["footnotes_kept"] += 1
        self.new_page()
        self.title(al)
        if alone:
            self.new_page()
        if markers and not after:
            self.footnotes_at_foot(al, notes, notes_height)
        self.header(al.id, markers)
        first_page = self.page.number
        self.body_rows = 0

        def next_page():
            self.new_page()
            self.header(al.id, markers if self.L.markers == "every" else {})

        pad, leading = self.L.padding, self.leading
        for si, section in enumerate(al.sections):
            need = leading + 2 * pad + (2 * leading + 2 * pad if self.L.band_keep_with_next else 0)
            if (si and self.L.section_break) or self.y + need > self.limit:
                next_page()
            if self.page.items[-1].kind == "header" and self.page.number != first_page:
                self.plan.stats["band_at_top"] += 1
            self.band(section.band)
            for row in section.rows:
                self.table_row(al, section, row, next_page)
        if after:
            self.footnotes_after(index, al, notes, notes_height)
        self.short_from = math.inf

    def table_row(self, al, section, row: Row, next_page):
        pad = self.L.padding
        lines = {k: self.cell_lines(row.cells.get(k, []), w - 2 * pad) for k, w in zip(self.keys, self.widths)}
        index = len(self.plan.rows)
        rec = dict(action_line=al.id, action_line_title=al.title, section=section.band,
                   outcome_id=row.outcome_id, lines=lines, pages=[], line_pages={k: [] for k in self.keys})
        self.plan.rows.append(rec)
        shaded = self.L.ruling == "zebra" and self.body_rows % 2 == 1
        self.body_rows += 1
        done = {k: 0 for k in self.keys}
        while any(done[k] < len(lines[k]) for k in self.keys):
            room = self.limit - self.y - 2 * pad
            fits = {k: self.fitting(lines[k][done[k]:], room) for k in self.keys}
            kept = {k: keep_whole(lines[k][done[k]:], fits[k]) if self.L.orphan_control else fits[k] for k in self.keys}
            parts = {k: lines[k][done[k]:done[k] + kept[k]] for k in self.keys}
            if not any(parts.values()):
                if self.y == self.body_top:
                    raise RuntimeError(f"row {row.outcome_id} of {al.id}: no line of it fits a page")
                next_page()
                continue
            self.count_controlled(done, fits, kept)
            ends = all(done[k] + len(parts[k]) >= len(lines[k]) for k in self.keys)
            height = max(self.offsets(p)[-1] for p in parts.values()) + 2 * pad if ends else self.limit - self.y
            if shaded:
                self.fill(self.left, self.left + self.tw, height, ZEBRA_GRAY)
                self.plan.stats["zebra_pieces"] += 1
            for key, x, w in zip(self.keys, self.xs, self.widths):
                self.cell_piece(index, key, x, w, parts[key], height)
                done[key] += len(parts[key])
                rec["line_pages"][key] += [self.page.number] * len(parts[key])
            if any(l.text for p in parts.values() for l in p) and self.page.number not in rec["pages"]:
                rec["pages"].append(self.page.number)
            self.rules(self.y, self.y + height)
            self.y += height
            if not ends:
                next_page()
        rec["hidden"] = {
            k: hidden_junctions(lines[k], rec["line_pages"][k], w - 2 * pad, self.width, self.size, self.L.justify)
            for k, w in zip(self.keys, self.widths)
        }

    def count_controlled(self, done, fits, kept):
        """Stats of widow and orphan control on the piece about to be drawn."""
        self.plan.stats["controlled_breaks"] += sum(kept[k] < fits[k] for k in self.keys)
        first = self.keys[0]
        if not any(done.values()) and kept[first] == 0 < fits[first]:
            self.plan.stats["empty_first_cell"] += 1

    def cell_piece(self, index, key, x, w, part: list[Line], height):
        """One cell's lines on this page, and its region for the self-check."""
        top, drawn = self.y + self.L.padding, []
        for line, line_top in zip(part, self.offsets(part)):
            self.cell_line(x + self.L.padding, top + line_top, line)
            drawn.append(" ".join(s for _, s in line.segs))
        self.page.items.append(Item("cell", (x, self.y, x + w, self.y + height), "\n".join(drawn), row=index, column=key))

    def cell_line(self, x, top, line: Line):
        """A body line from x: its disc, its segments, the last spaced out when justified; a URL's link."""
        baseline = top + self.ascent
        if line.dot:
            self.page.ops.append(dot(x, baseline, self.size, self.font))
        for i, (dx, s) in enumerate(line.segs):
            spacing = line.spacing if i == len(line.segs) - 1 else 0.0
            for wx, piece in spaced_words(s, spacing, self.width):
                self.page.ops.append(("text", x + dx + wx, baseline, self.font, self.size, piece, BLACK))
        if line.url and line.segs:  # a link annotation over the URL, as word processors make
            x1 = x + self.width(line.segs[-1][1])
            self.page.ops.append(("link", line.url, (x, top, x1, top + self.leading)))

    def offsets(self, part: list[Line]) -> list[float]:
        """Each line's top within its piece of cell, then the piece's height: a new paragraph is set
        the layout's paragraph spacing below the one before, except at the top of a piece (a word
        processor drops the space before a paragraph that a page break puts first)."""
        out, y = [], 0.0
        for j, line in enumerate(part):
            if j and line.joiner == "\n":
                y += self.L.paragraph_spacing
            out.append(y)
            y += self.leading
        return out + [y]

    def fitting(self, lines: list[Line], room: float) -> int:
        """How many of `lines` fit in `room` points of height."""
        offsets = self.offsets(lines)
        return max((j for j in range(len(lines) + 1) if offsets[j] <= room), default=0)


def plan(content: Content, layout: Layout) -> Plan:
    """Lay the document out: pages with their drawing operations and text regions, and the records.
    A table whose footnotes set after it do not fit under its last row is laid out again with its
    pages from that one on shorter by the block (then it fits, on the table's new last page)."""
    kept: dict[int, int] = {}
    while True:
        planner = _Planner(content, layout, kept)
        the_plan = planner.run()
        if not planner.overflow:
            return the_plan
        if set(planner.overflow) & set(kept):
            raise RuntimeError(f"footnotes after tables {sorted(planner.overflow)} fit nowhere")
        kept.update(planner.overflow)


def render(content: Content, layout: Layout, the_plan: Plan | None = None) -> bytes:
    """The PDF, deterministic for the same content and layout."""
    p = the_plan or plan(content, layout)
    W, H = p.size
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(W, H), invariant=1)
    c.setTitle("WSIS Action Line Roadmaps")
    for page in p.pages:
        draw_ops(c, page.ops, H)
        c.showPage()
    c.save()
    return buf.getvalue()


def hidden_readings(the_plan: Plan) -> list[dict[str, list[str | None]]]:
    """Per record, column key -> every reading of a cell whose page breaks hide a junction (hidden.py)."""
    return [
        {k: readings(lines, row["hidden"][k], cell_text) for k, lines in row["lines"].items() if row["hidden"][k]}
        for row in the_plan.rows
    ]


def expected(content: Content, layout: Layout, edition: str, the_plan: Plan | None = None) -> tuple[list[dict], list[dict]]:
    """(records, footnotes) of a perfect extraction, with the contract's text fields (no typed fields)."""
    p = the_plan or plan(content, layout)
    records = []
    for row in p.rows:
        texts = {k: cell_text(lines) for k, lines in row["lines"].items()}
        records.append(dict(
            edition=edition, action_line=row["action_line"], action_line_title=row["action_line_title"],
            section=row["section"], outcome_id=row["outcome_id"],
            **{k: texts.get(k) for k in TEXT_FIELDS},
            extra_columns={EXTRA_LABELS[k]: texts[k] or "" for k in EXTRA_LABELS if k in texts},
            pages=row["pages"],
        ))
    footnotes = [dict(edition=edition, action_line=f["action_line"], number=f["number"], text=f["text"],
                      cited_by=f["cited_by"]) for f in p.footnotes]
    return records, footnotes
