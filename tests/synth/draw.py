"""Drawing for the reportlab engine: the fills' shades, justified lines placed word by word, drawn
bullet discs, and the canvas calls for a planned page's operations.

Operations, in pdfplumber's space (points from the page's top-left):
("text", x, baseline, font, size, string, gray), ("line", x0, y0, x1, y1, width),
("fill", x0, top, x1, bottom, gray), ("dot", cx, cy, radius), ("link", url, (x0, top, x1, bottom)).
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas

BLACK, WHITE = 0.0, 1.0
# Fill shades (1 is white) by row kind and Layout fill; "light" header and band are the shades of
# the first engine's `shading`. Text on a "dark" fill is WHITE.
FILL_GRAYS = {"header": {"light": 0.87, "dark": 0.25}, "band": {"light": 0.94, "dark": 0.35}}
ZEBRA_GRAY = 0.92
# A drawn bullet: a disc of this radius (in font sizes), centred on where the glyph "•" would be.
DOT_RADIUS, DOT_HEIGHT = 0.17, 0.32


def text_gray(fill: str) -> float:
    return WHITE if fill == "dark" else BLACK


def spaced_words(s: str, spacing: float, measure) -> list[tuple[float, str]]:
    """(x offset, piece) to draw `s` with `spacing` more points at each space: every word but the
    last keeps its space, so a reader still finds a space glyph between the words."""
    if not spacing:
        return [(0.0, s)]
    out, x = [], 0.0
    words = s.split(" ")
    for i, word in enumerate(words):
        piece = word if i == len(words) - 1 else word + " "
        out.append((x, piece))
        x += measure(piece) + spacing
    return out


def justified_spacing(s: str, dx: float, room: float, measure) -> float:
    """The extra points per space that make `s`, set at `dx`, end at `room`; 0 without a space."""
    spaces = s.count(" ")
    return max(0.0, room - dx - measure(s)) / spaces if spaces else 0.0


def dot(x: float, baseline: float, size: float, font: str) -> tuple:
    """The operation of a bullet disc drawn where a "•" glyph would stand at x on the baseline."""
    width = pdfmetrics.stringWidth("•", font, size)
    return ("dot", x + width / 2, baseline - DOT_HEIGHT * size, DOT_RADIUS * size)


def _draw_string(c: canvas.Canvas, x: float, y: float, font: str, size: float, s: str):
    """drawString, except that a standard font's "•" is written as WinAnsi 0x95 as a word processor
    does (reportlab writes 0x7F, which pdfminer cannot decode)."""
    if "•" not in s or font not in pdfmetrics.standardFonts:
        c.setFont(font, size)
        c.drawString(x, y, s)
        return
    for i, run in enumerate(s.split("•")):
        if i:
            t = c.beginText(x, y)
            t.setFont(font, size)
            t._code.append("(\\225) Tj")
            c.drawText(t)
            x += pdfmetrics.stringWidth("•", font, size)
        if run:
            _draw_string(c, x, y, font, size, run)
            x += pdfmetrics.stringWidth(run, font, size)


def draw_ops(c: canvas.Canvas, ops: list, height: float):
    """Draw one page's operations; the fill colour is black between them (set only where it is not)."""
    for op in ops:
        kind = op[0]
        if kind == "text":
            _, x, baseline, font, size, s, gray = op
            if gray != BLACK:
                c.setFillGray(gray)
            _draw_string(c, x, height - baseline, font, size, s)
            if gray != BLACK:
                c.setFillGray(BLACK)
        elif kind == "line":
            _, x0, y0, x1, y1, width = op
            c.setLineWidth(width)
            c.line(x0, height - y0, x1, height - y1)
        elif kind == "fill":
            _, x0, top, x1, bottom, gray = op
            c.setFillGray(gray)
            c.rect(x0, height - bottom, x1 - x0, bottom - top, stroke=0, fill=1)
            c.setFillGray(BLACK)
        elif kind == "dot":
            _, cx, cy, radius = op
            c.circle(cx, height - cy, radius, stroke=0, fill=1)
        elif kind == "link":
            _, url, (x0, top, x1, bottom) = op
            c.linkURL(url, (x0, height - bottom, x1, height - top), relative=0)
