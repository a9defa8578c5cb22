"""Stage 1, load: the PDF's pages as plain glyphs and ruling lines, read with PDFium (pypdfium2).

Only what later stages need is kept: each glyph's text, box, size, weight and slant; every stroke
that can act as a table rule (lines, thin rectangles, the edges of stroked rectangles); the filled
rectangles that shade cells and rows, with their shade; and the small filled dots and squares an
engine draws as list markers, which become bullet glyphs.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import regex

from pipeline.errors import PipelineError
from pipeline.stages.models import Document, Fill, Glyph, Page, Rule
from pipeline.stages.settings import SETTINGS

# A rectangle thinner than this (points) is drawn as a line: Word and LibreOffice both do this.
RULE_THICKNESS = 2.0
BOLD_FONT = regex.compile(r"bold|black|heavy|semibold|demi", regex.IGNORECASE)
ITALIC_FONT = regex.compile(r"italic|oblique", regex.IGNORECASE)
# A filled shape no larger than this share of the page's text size, and about as wide as high, is
# a list marker an engine drew (a disc, a square) where a word processor would write a bullet.
MARKER_SIZE = (0.15, 0.75)
MARKER_ASPECT = 1.6
# Two rule pieces continue each other when they lie within JOIN_OFFSET points of one line and
# leave at most JOIN_GAP points between them (the joint of two cells' borders).
JOIN_OFFSET = 0.5
JOIN_GAP = 1.5
# A fill this light (1 is white) is the paper, not shading.
PAPER = 0.98


def load_document(path: Path, password: str | None = None) -> Document:
    """Read every page's glyphs and rules; a file that is not a readable PDF gives a PipelineError."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise PipelineError(f"{path}: cannot read the file ({error.strerror or error})") from None
    _check_is_pdf(path.name, data)
    try:
        pdf = pdfium.PdfDocument(data, password=password or None)
    except pdfium.PdfiumError as error:
        raise PipelineError(_unreadable(path.name, error, password)) from None
    try:
        pages = tuple(_load_page(pdf, index, path.name) for index in range(len(pdf)))
    finally:
        pdf.close()
    if not pages:
        raise PipelineError(f"{path.name}: the PDF has no pages")
    if not any(g.text.strip() for page in pages for g in page.glyphs):
        raise PipelineError(
            f"{path.name}: no text layer on any of its {len(pages)} pages (a scan?): run OCR on it first"
        )
    return Document(file_name=path.name, sha256=hashlib.sha256(data).hexdigest(), pages=pages)


def _check_is_pdf(name: str, data: bytes) -> None:
    if not data:
        raise PipelineError(f"{name}: the file is empty (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise PipelineError(f"{name}: not a PDF (it does not start with %PDF-)")
    # PDFium rebuilds a file cut short and reads what is left: a truncated download must not pass as an edition.
    if b"%%EOF" not in data[-1024:]:
        raise PipelineError(f"{name}: damaged or truncated PDF (no %%EOF at its end); download it again")


def _unreadable(name: str, error: pdfium.PdfiumError, password: str | None) -> str:
    code = getattr(error, "err_code", None)
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        if password:
            return f"{name}: the PDF is encrypted and the password given does not open it"
        return f"{name}: the PDF is encrypted: give its password with --password"
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return f"{name}: the PDF is protected by a security handler that cannot be opened here"
    reason = {
        pdfium_c.FPDF_ERR_FORMAT: "its structure cannot be parsed",
        pdfium_c.FPDF_ERR_FILE: "the file cannot be opened",
    }
    return (
        f"{name}: damaged or unreadable PDF ({reason.get(code, f'PDFium error {code}')}); download it again"
    )


def _load_page(pdf: pdfium.PdfDocument, index: int, name: str) -> Page:
    """One page, in points from the top-left corner of its media box as typeset.

    PDFium reports positions in the page's own space, before any /Rotate, which is the page as the
    table was typeset: a landscape table on a page turned for display reads upright here.
    """
    try:
        page = pdf[index]
        textpage = page.get_textpage()
    except pdfium.PdfiumError:
        raise PipelineError(
            f"{name}: page {index + 1} is damaged and cannot be read; download the PDF again"
        ) from None
    try:
        left, bottom, right, top = page.get_mediabox()
        _refuse_cut_strings(textpage.raw, name, index)
        glyphs = _glyphs(textpage.raw, left, top)
        shapes = [_from_top_left(shape, left, top) for shape in _paths(page.raw)]
    finally:
        textpage.close()
        page.close()
    glyphs += _markers(shapes, glyphs)
    return Page(
        number=index + 1,
        width=right - left,
        height=top - bottom,
        glyphs=_without_overprints(glyphs),
        rules=_joined(Rule(*box) for box in _rule_boxes(shapes)),
        fills=tuple(_fills(shapes)),
    )


# PDFium keeps the first 32,767 bytes of a string in a content stream and drops the rest without a
# word (kMaxStringLength of its stream parser): 32,767 chars of a one-byte font, 16,383 of a two-byte one.
CUT_STRING_CHARS = 16_383


def _refuse_cut_strings(textpage, name: str, index: int) -> None:
    """A page with a text object of that many chars may have lost the end of a string: an error, for
    nothing may be lost silently (roadmap cells hold a few hundred chars). Pages with fewer chars are
    not looked at."""
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count < CUT_STRING_CHARS:
        return
    page = ctypes.cast(textpage, ctypes.c_void_p).value
    per_object = Counter(_text_object(page, char) for char in range(count))
    per_object.pop(None, None)  # spaces PDFium made up
    if per_object and max(per_object.values()) >= CUT_STRING_CHARS:
        raise PipelineError(
            f"{name}: page {index + 1} has a text string longer than the PDF reader reads (32,767 bytes), "
            "so the end of it would be lost; the PDF may be malformed"
        )


def _c_function(function, result, *arguments):
    """A PDFium function retyped to take and give plain ints: ctypes converts those fastest, and a
    page has thousands of chars to ask about."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if not address:  # a pypdfium2 built without it: fail at import, not at the first page
        raise ImportError(f"PDFium has no {function}")
    return ctypes.CFUNCTYPE(result, *arguments)(address)


_INT, _ADDRESS = ctypes.c_int, ctypes.c_void_p
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF user space (y up)
_text_object = _c_function(pdfium_c.FPDFText_GetTextObject, _ADDRESS, _ADDRESS, _INT)
_char_origin = _c_function(pdfium_c.FPDFText_GetCharOrigin, _INT, _ADDRESS, _INT, _ADDRESS, _ADDRESS)
_loose_box = _c_function(pdfium_c.FPDFText_GetLooseCharBox, _INT, _ADDRESS, _INT, _ADDRESS)
# PDFium's text page replaces a hyphen that ends a line (- or soft hyphen) with code 2 (text: U+FFFE).
_LINE_END_HYPHEN = ("\x02", "\ufffe")


def _glyphs(textpage, left: float, top: float) -> list[Glyph]:
    """The page's glyphs in drawing order, with pdfminer's glyph box: the advance width across, and
    the font size high from the font's descent below the baseline.

    PDFium's text page adds spaces and line breaks of its own (skipped: no object drew them), splits
    a ligature into one char per letter at one origin (joined again), and marks a line-end hyphen
    (restored).
    """
    count = pdfium_c.FPDFText_CountChars(textpage)
    text = _page_text(textpage, count)
    page = ctypes.cast(textpage, ctypes.c_void_p).value
    x, y, box = ctypes.c_double(), ctypes.c_double(), pdfium_c.FS_RECTF()
    x_at, y_at, box_at = ctypes.addressof(x), ctypes.addressof(y), ctypes.addressof(box)
    glyphs: list[Glyph] = []
    last_object = last_origin = None
    size = descent = 0.0
    bold = italic = False
    clip: Box | None = None
    clips: set[Box] = set()
    unclipped: list[tuple[int, int]] = []  # (glyph, char) of objects no clip cuts
    dropped = False
    for index in range(count):
        char = text[index]
        if char.isspace() and char != " ":  # line breaks, tabs: the layout stages go by position
            continue
        text_object = _text_object(page, index)
        if text_object is None:  # a space PDFium made up where it saw a gap: no object drew it
            continue
        if char in _LINE_END_HYPHEN:
            char = "-"
        _char_origin(page, index, x_at, y_at)
        origin = (x.value, y.value)
        _loose_box(page, index, box_at)
        if text_object == last_object and origin == last_origin:  # a ligature's next letter
            if (
                not dropped
            ):  # its box is its share of the ligature's: the glyph reaches to the last letter's end
                glyphs[-1] = glyphs[-1]._replace(
                    text=glyphs[-1].text + char, x1=max(glyphs[-1].x1, box.right - left)
                )
            continue
        if text_object != last_object:
            size, descent, bold, italic = _font(textpage, index, text_object)
            clip = _clip_box(text_object)
            last_object = text_object
        last_origin = origin
        dropped = clip is not None and not _mostly_inside(
            (origin[0], origin[1] + descent, box.right, origin[1] + descent + size), clip
        )
        if clip is not None:
            clips.add(clip)
        else:
            unclipped.append((len(glyphs), index))
        if dropped:
            continue
        bottom = top - origin[1] - descent
        glyphs.append(
            Glyph(char, origin[0] - left, box.right - left, bottom - size, bottom, size, bold, italic)
        )
    return _without_cut_ink(textpage, glyphs, unclipped, clips, left, top) if clips else glyphs


def _without_cut_ink(
    textpage, glyphs: list[Glyph], unclipped: list[tuple[int, int]], clips: set[Box], left: float, top: float
) -> list[Glyph]:
    """The glyphs less those the page's clips cut but PDFium kept no clip for: it drops a clip that
    holds all of an object's ink, and a period's ink can lie in the part of a sliced line a page
    shows little of. Such a glyph is judged by the smallest of the page's clips that holds its ink."""
    ink = [ctypes.c_double() for _ in range(4)]
    cut = set()
    for at, index in unclipped:
        pdfium_c.FPDFText_GetCharBox(textpage, index, *ink)
        x0, x1, y0, y1 = (value.value for value in ink)
        holding = [c for c in clips if c[0] <= x0 <= x1 <= c[2] and c[1] <= y0 <= y1 <= c[3]]
        if holding:
            clip = min(holding, key=lambda c: (c[2] - c[0]) * (c[3] - c[1]))
            glyph = glyphs[at]
            if not _mostly_inside(
                (glyph.x0 + left, top - glyph.bottom, glyph.x1 + left, top - glyph.top), clip
            ):
                cut.add(at)
    return [glyph for at, glyph in enumerate(glyphs) if at not in cut]


def _clip_box(text_object: int) -> Box | None:
    """The box of the clipping paths that cut into a text object, in PDF user space; None where
    nothing clips it (PDFium drops a clip that holds the object whole)."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(ctypes.cast(text_object, pdfium_c.FPDF_PAGEOBJECT))
    if not clip:
        return None
    box = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in range(max(pdfium_c.FPDFClipPath_CountPaths(clip), 0)):
        points = []
        for index in range(max(pdfium_c.FPDFClipPath_CountPathSegments(clip, path), 0)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index)
            if segment and pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                points.append((x.value, y.value))
        if points:  # the clip is where all of its paths overlap
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            own = (min(xs), min(ys), max(xs), max(ys))
            box = (
                own
                if box is None
                else (max(box[0], own[0]), max(box[1], own[1]), min(box[2], own[2]), min(box[3], own[3]))
            )
    return box


def _mostly_inside(glyph: Box, clip: Box) -> bool:
    """Whether at least half of a glyph's box lies inside the clip: a typesetter that slices one
    long page into pages (WebKit) prints a line the cut falls through on both pages, each showing
    part of it; the page that shows more of it holds it."""
    width, height = max(glyph[2] - glyph[0], 1e-6), max(glyph[3] - glyph[1], 1e-6)
    inside_x = max(0.0, min(glyph[2], clip[2]) - max(glyph[0], clip[0]))
    inside_y = max(0.0, min(glyph[3], clip[3]) - max(glyph[1], clip[1]))
    return inside_x * inside_y >= SETTINGS.visible_share * width * height


def _page_text(textpage, count: int) -> str:
    """Every char of the text page, one str char each (per char where UTF-16 pairs would shift them)."""
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
    text = bytes(buffer)[: max(written - 1, 0) * 2].decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, index)) for index in range(count))


_font_name = ctypes.create_string_buffer(256)


def _font(textpage, index: int, text_object: int) -> tuple[float, float, bool, bool]:
    """Size as drawn, descent (points, negative below the baseline), weight and slant of a char's text object.

    PDFium gives the size set in the content (Tf); text is as often set at size 1 and scaled by its
    matrix (Tm, or the page's CTM), so the drawn size is that size times the matrix's vertical scale.
    """
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
    size = pdfium_c.FPDFText_GetFontSize(textpage, index) * math.hypot(matrix.c, matrix.d)
    descent = ctypes.c_float(0.0)
    font = pdfium_c.FPDFTextObj_GetFont(ctypes.cast(text_object, pdfium_c.FPDF_PAGEOBJECT))
    if not font or not pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(size), descent):
        descent.value = 0.0
    pdfium_c.FPDFText_GetFontInfo(textpage, index, _font_name, len(_font_name), None)
    return (round(size, 2), descent.value, *_style(_font_name.value.decode("latin-1")))


@functools.cache
def _style(fontname: str) -> tuple[bool, bool]:
    return bool(BOLD_FONT.search(fontname)), bool(ITALIC_FONT.search(fontname))


def _without_overprints(glyphs: list[Glyph]) -> tuple[Glyph, ...]:
    """Each glyph once: fake-bold text is often printed twice at nearly the same spot.

    A glyph repeats another when it has the same text, size and weight within settings.overprint
    of its size. (pdfplumber's dedupe_chars does the same but sorts the result in quadratic time.)
    Glyphs are filed by text, size and weight, each kind with its reach, then in cells twice that
    reach wide, so that the glyphs within reach of one lie in the 2 x 2 cells from the one at
    (x0 - reach, top - reach).
    """
    files: dict[tuple[str, float, bool], tuple[float, dict[tuple[int, int], list[Glyph]]]] = {}
    kept = []
    for glyph in glyphs:
        text, x0, _, top, _, size, bold, _ = glyph
        if not text.isspace():
            file = files.get((text, size, bold))
            if file is None:  # a glyph of size 0 (a broken font) has some reach too
                file = files[text, size, bold] = (max(SETTINGS.overprint * size, 0.01), {})
            reach, cells = file
            cell = 2 * reach
            column, row = math.floor((x0 - reach) / cell), math.floor((top - reach) / cell)
            if cells and _repeats(glyph, cells, column, row, reach):
                continue
            cells.setdefault((math.floor(x0 / cell), math.floor(top / cell)), []).append(glyph)
        kept.append(glyph)
    return tuple(kept)


def _repeats(
    glyph: Glyph, cells: dict[tuple[int, int], list[Glyph]], column: int, row: int, reach: float
) -> bool:
    for key in ((column, row), (column + 1, row), (column, row + 1), (column + 1, row + 1)):
        for other in cells.get(key, ()):
            if abs(other.x0 - glyph.x0) <= reach and abs(other.top - glyph.top) <= reach:
                return True
    return False


class Shape(NamedTuple):
    """A shape a page paints, in points from the page's top-left corner."""

    kind: str  # "line" (two points), "rect" (an axis-aligned four-point loop), "blob" (anything else)
    x0: float
    top: float
    x1: float
    bottom: float
    stroked: bool
    filled: bool
    shade: float  # of the fill: luminance, 0 black to 1 white


Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _paths(page, matrix: Matrix = IDENTITY, form=None) -> Iterator[Shape]:
    """Every subpath the page paints, its form XObjects' included, in PDF user space (y up)."""
    count, get = (
        (pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject)
        if form
        else (pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)
    )
    container = form or page
    for index in range(count(container)):
        obj = get(container, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            yield from _paths(page, _then(_matrix(obj), matrix), obj)
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke)
            if fill.value or stroke.value:
                full = _then(_matrix(obj), matrix)
                shade = _fill_shade(obj) if fill.value else 1.0
                for points, closed, curved in _subpaths(obj):
                    yield _shape(
                        [_apply(full, point) for point in points],
                        closed,
                        curved,
                        bool(stroke.value),
                        bool(fill.value),
                        shade,
                    )


def _fill_shade(obj) -> float:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, r, g, b, a):
        return 0.0
    return (0.2126 * r.value + 0.7152 * g.value + 0.0722 * b.value) / 255


def _subpaths(path) -> Iterator[tuple[list[tuple[float, float]], bool, bool]]:
    """Each subpath's points, whether it is closed and whether it has a curve."""
    x, y = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float]] = []
    closed = curved = False
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if points:
                yield points, closed, curved
            points, closed, curved = [], False, False
        curved = curved or kind not in (pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        points.append((x.value, y.value))
        closed = closed or bool(pdfium_c.FPDFPathSegment_GetClose(segment))
    if points:
        yield points, closed, curved


def _shape(
    points: list[tuple[float, float]], closed: bool, curved: bool, stroked: bool, filled: bool, shade: float
) -> Shape:
    """pdfminer's reading of a subpath: two points make a line, a closed axis-aligned four-point
    loop a rectangle; anything else (curves, polygons) is a blob, which is never a rule."""
    if len(points) > 2 and points[-1] == points[0]:
        points, closed = points[:-1], True
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    if curved:
        kind = "blob"
    elif len(points) == 2 and not closed:
        kind = "line"
    elif len(points) == 4 and closed and _axis_aligned(points):
        kind = "rect"
    else:
        kind = "blob"
    # y grows downwards from here on (see _from_top_left): x0, y0, x1, y1 stay user space until then.
    return Shape(kind, min(xs), min(ys), max(xs), max(ys), stroked, filled, shade)


def _from_top_left(shape: Shape, left: float, top: float) -> Shape:
    """A shape in user space (y up) as points from the page's top-left corner."""
    return shape._replace(
        x0=shape.x0 - left, top=top - shape.bottom, x1=shape.x1 - left, bottom=top - shape.top
    )


def _axis_aligned(points: list[tuple[float, float]]) -> bool:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )


def _matrix(obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(obj, m)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _then(first: Matrix, second: Matrix) -> Matrix:
    """The matrix that applies `first`, then `second`."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )


def _apply(m: Matrix, point: tuple[float, float]) -> tuple[float, float]:
    x, y = point
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def _rule_boxes(shapes: list[Shape]) -> Iterator[tuple[float, float, float, float]]:
    """Every stroke that can act as a table rule, as (x0, top, x1, bottom)."""
    for kind, x0, top, x1, bottom, stroked, _, _ in shapes:
        if kind == "blob":
            continue
        if kind == "line" or x1 - x0 <= RULE_THICKNESS or bottom - top <= RULE_THICKNESS:
            yield (x0, top, x1, bottom)
        elif stroked:
            yield from (
                (x0, top, x1, top),
                (x0, bottom, x1, bottom),
                (x0, top, x0, bottom),
                (x1, top, x1, bottom),
            )


def _joined(rules: Iterable[Rule]) -> tuple[Rule, ...]:
    """Rules with the pieces that continue each other joined: engines draw a row's rule cell by
    cell, one segment a column, and a rule across the table is what the layout reads."""
    rules = list(rules)
    out: list[Rule] = []
    for horizontal in (True, False):
        pieces = sorted(
            (r for r in rules if r.horizontal == horizontal),
            key=lambda r: (round(r.y if horizontal else r.x), r.x0 if horizontal else r.top),
        )
        for rule in pieces:
            last = out[-1] if out and out[-1].horizontal == horizontal else None
            if last is not None and _continues(last, rule, horizontal):
                out[-1] = Rule(
                    min(last.x0, rule.x0),
                    min(last.top, rule.top),
                    max(last.x1, rule.x1),
                    max(last.bottom, rule.bottom),
                )
            else:
                out.append(rule)
    return tuple(out)


def _continues(rule: Rule, piece: Rule, horizontal: bool) -> bool:
    if horizontal:
        return abs(rule.y - piece.y) <= JOIN_OFFSET and piece.x0 - rule.x1 <= JOIN_GAP
    return abs(rule.x - piece.x) <= JOIN_OFFSET and piece.top - rule.bottom <= JOIN_GAP


def _fills(shapes: list[Shape]) -> Iterator[Fill]:
    """Filled rectangles wider and higher than a rule, darker than the paper."""
    for kind, x0, top, x1, bottom, _, filled, shade in shapes:
        if kind == "rect" and filled and shade < PAPER and min(x1 - x0, bottom - top) > RULE_THICKNESS:
            yield Fill(x0, top, x1, bottom, round(shade, 3))


def _markers(shapes: list[Shape], glyphs: list[Glyph]) -> list[Glyph]:
    """Bullet glyphs for the list markers an engine drew as shapes: filled, about square, a fraction
    of the page's text size. Drawn after the text they belong to, they join its line by position."""
    sizes = sorted(g.size for g in glyphs if not g.text.isspace())
    if not sizes:
        return []
    size = sizes[len(sizes) // 2]
    low, high = MARKER_SIZE[0] * size, MARKER_SIZE[1] * size
    marks = []
    for kind, x0, top, x1, bottom, _, filled, shade in shapes:
        width, height = x1 - x0, bottom - top
        if (
            kind != "line"
            and filled
            and shade < PAPER
            and low <= min(width, height)
            and max(width, height) <= min(high, MARKER_ASPECT * min(width, height))
        ):
            marks.append(Glyph("•", x0, x1, top, bottom, round(height, 2), False))
    return marks
