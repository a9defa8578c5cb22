"""The HTML and CSS of an edition: a Content typeset by an HtmlLayout, for a browser or WeasyPrint.

One <table> per action line with a <thead> (repeated on every page by both engines), a band row
(<td colspan>) per section and body rows that may break across pages. Lines may break only at
spaces and after a hyphen inside a word, as the contract's text rules assume: any piece of a word
holding other punctuation ("/", "–", ...) is kept whole (`white-space: nowrap`), so no URL or
"regional/sub-regional" breaks at its slash. Nothing is hyphenated (`hyphens: manual`, no soft hyphens).
"""

from __future__ import annotations

import re
from html import escape

from .content import ActionLine, Content, footnote_numbers
from .generator import HEADER_LABELS, INTRO, _pieces
from .html_layout import PAGE_SIZES, RUNNING_TITLE, HtmlLayout

FILL = {"light": "#dde3ec", "dark": "#2e4a6b"}  # dark fills carry white text
ZEBRA = "#e9eef4"
RISKY = re.compile(r"[^\w\-.,;:'\"’“”()]")  # characters a line breaker may break after or before


def header_labels(layout: HtmlLayout) -> dict[str, str]:
    labels = dict(HEADER_LABELS, outcome_text=layout.outcome_label, sdgs_text=layout.sdgs_label)
    return {key: labels[key] for key in layout.column_keys}


def _word(word: str) -> str:
    """A word as markup: its pieces (cut after inner hyphens), each kept whole when it holds a risky character."""
    return "".join(f'<span class="nobr">{escape(p)}</span>' if RISKY.search(p) else escape(p) for p in _pieces(word))


def _text(paragraph: str) -> str:
    return " ".join(_word(w) for w in paragraph.split())


def cell_html(paragraphs: list[str], bullet: str) -> str:
    """A cell's paragraphs: "" a blank line, "• text" a bullet item (a literal glyph, or <ul> items
    whose markers the engine draws), anything else ("-text" too) a plain paragraph."""
    out: list[str] = []
    items: list[str] = []

    def close_list():
        if items:
            out.append(f'<ul class="{bullet}">' + "".join(f"<li>{i}</li>" for i in items) + "</ul>")
            items.clear()

    for p in paragraphs:
        if p.startswith("• ") and bullet in ("disc", "square"):
            items.append(_text(p[2:]))
            continue
        close_list()
        if not p.strip():
            out.append('<p class="blank"><br></p>')
        elif p.startswith("• "):
            out.append(f"<p>{escape(bullet)} {_text(p[2:])}</p>")
        else:
            out.append(f"<p>{_text(p)}</p>")
    close_list()
    return "".join(out)


def _header(al: ActionLine, layout: HtmlLayout, markers: dict[str, int]) -> str:
    cells = []
    for key, label in header_labels(layout).items():
        text = escape(label) + (f"<sup>{markers[key]}</sup>" if key in markers else "")
        if key == "outcome_text":
            text += f"<br>(WSIS AL {al.id})"
        cells.append(f"<th>{text}</th>")
    return "<tr>" + "".join(cells) + "</tr>"


def _footnotes(al: ActionLine, layout: HtmlLayout, markers: dict[str, int]) -> str:
    notes = [(markers[key], al.footnotes[key]) for key in layout.column_keys if key in markers]
    if not notes:
        return ""
    if layout.footnotes == "page_foot":  # WeasyPrint floats each to the foot of the page it is on
        return '<div class="fn-anchor">' + "".join(
            f'<span class="fn"><sup>{n}</sup> {_text(text)}</span>' for n, text in notes) + "</div>"
    return '<div class="footnotes"><hr>' + "".join(f"<p><sup>{n}</sup> {_text(text)}</p>" for n, text in notes) + "</div>"


def table_html(al: ActionLine, index: int, layout: HtmlLayout, markers: dict[str, int]) -> str:
    keys = layout.column_keys
    cols = "".join(f'<col style="width:{w}%">' for w in layout.widths(index))
    body = []
    for si, section in enumerate(al.sections):
        new_page = " new-page" if si and layout.section_break else ""
        body.append(f'<tr class="band{new_page}"><td colspan="{len(keys)}">{_text(section.band)}</td></tr>')
        for ri, row in enumerate(section.rows):
            cells = "".join(f"<td>{cell_html(row.cells.get(key, []), layout.bullet)}</td>" for key in keys)
            body.append(f'<tr class="{"odd" if ri % 2 == 0 else "even"}">{cells}</tr>')
    title = f"Roadmap for WSIS Action Line {al.id}: {al.title}"
    note = f'<p class="note">{_text(al.note)}</p>' if al.note else ""
    alone = " alone" if layout.title_alone else ""
    header = _header(al, layout, markers)
    # The engines repeat a <thead> on every page; a header row in the body is an ordinary row.
    head, first_rows = (f"<thead>{header}</thead>", "") if layout.header_repeats else ("", header)
    table = f"<table><colgroup>{cols}</colgroup>{head}<tbody>{first_rows}{''.join(body)}</tbody></table>"
    notes = _footnotes(al, layout, markers)
    # Page-foot footnotes are anchored just before the table, so they float to its first page.
    parts = (notes, table) if layout.footnotes == "page_foot" else (table, notes)
    return (f'<section class="action-line"><div class="title-block{alone}"><h1>{_text(title)}</h1>{note}</div>'
            f"{''.join(parts)}</section>")


def cover_html(content: Content) -> str:
    ids = ", ".join(al.id for al in content.action_lines)
    return f'<section class="cover"><h1>WSIS Action Line Roadmaps {ids}</h1><p>{escape(INTRO)}</p></section>'


def document(content: Content, layout: HtmlLayout, engine: str) -> str:
    """The whole edition as one HTML string."""
    numbers: dict[str, dict[str, int]] = {}
    for al, key, number in footnote_numbers(content, layout.column_keys):
        numbers.setdefault(al.id, {})[key] = number
    parts = [cover_html(content)] if layout.cover_page else []
    parts += [table_html(al, i, layout, numbers.get(al.id, {})) for i, al in enumerate(content.action_lines)]
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>WSIS Action Line Roadmaps</title>'
            f"<style>{stylesheet(layout, engine)}</style></head><body>{''.join(parts)}</body></html>")


# --- CSS ----------------------------------------------------------------------------------------


def _fill(kind: str) -> str:
    if kind == "none":
        return ""
    return f"background: {FILL[kind]};" + (" color: white;" if kind == "dark" else "")


def _rules(layout: HtmlLayout) -> str:
    rule = "0.5pt solid #000"
    if layout.ruling == "grid":
        return f"th, td {{ border: {rule}; }}"
    if layout.ruling == "hrules":
        return f"th, td {{ border-top: {rule}; border-bottom: {rule}; }}"
    if layout.ruling == "zebra":
        return f"tbody tr.even td {{ background: {ZEBRA}; }}"
    return ""


def page_furniture(layout: HtmlLayout) -> dict[str, str]:
    """What each margin box holds: {"top-left": "Page {n} of {m}", ...} ({n}, {m}: page, page count)."""
    boxes = {}
    if layout.page_number:
        boxes[f"{layout.page_number_pos}-{layout.page_number_align}"] = layout.page_number
    if layout.running_title:
        side = "right" if boxes.get("top-left") else "left"
        boxes[f"top-{side}"] = RUNNING_TITLE
    return boxes


def _margin_boxes(layout: HtmlLayout) -> str:
    """WeasyPrint's @page margin boxes with the page counters; Chromium prints its own header and
    footer templates instead (html_print)."""
    rules = []
    for box, text in page_furniture(layout).items():
        parts = re.split(r"(\{n\}|\{m\})", text)
        value = " ".join({"{n}": "counter(page)", "{m}": "counter(pages)"}.get(p) or f'"{p}"' for p in parts if p)
        rules.append(f"@{box} {{ content: {value}; font-family: '{layout.font}'; font-size: {layout.font_size - 1}pt; }}")
    return " ".join(rules)


def stylesheet(layout: HtmlLayout, engine: str) -> str:
    width, height = PAGE_SIZES[layout.page_size]
    left, right, top, bottom = layout.margins
    size, pad = layout.font_size, layout.padding
    band_font = {"bold": "font-weight: bold;", "italic": "font-style: italic;", "plain": "font-weight: normal;"}[layout.band_style]
    markers = "" if layout.bullet in ("•", "▪") else f"ul.{layout.bullet} {{ list-style-type: {layout.bullet}; }}"
    boxes = _margin_boxes(layout) if engine == "weasyprint" else ""
    footnote_area = ("@footnote { border-top: 0.5pt solid #000; padding-top: 3pt; }"
                     if layout.footnotes == "page_foot" else "")
    return f"""
@page {{ size: {width}pt {height}pt; margin: {top}pt {right}pt {bottom}pt {left}pt; {boxes} {footnote_area} }}
html {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
body {{ margin: 0; font-family: '{layout.font}'; font-size: {size}pt; line-height: 1.2; hyphens: manual;
        font-variant-ligatures: common-ligatures; }}
.nobr {{ white-space: nowrap; }}
.cover {{ break-after: page; padding-top: 120pt; }}
.cover h1 {{ text-align: center; font-size: {size + 8}pt; margin: 0 0 40pt; }}
.cover p {{ margin: 0; }}
.action-line {{ break-before: page; }}
.cover + .action-line, body > .action-line:first-child {{ break-before: auto; }}
h1 {{ font-size: {size + 4}pt; margin: 0 0 6pt; font-weight: bold; }}
.note {{ margin: 0 0 4pt; }}
.title-block {{ margin-bottom: 8pt; }}
.title-block.alone {{ break-after: page; }}
table {{ width: 100%; border-collapse: collapse; table-layout: auto; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: auto; }}
th, td {{ padding: {pad}pt; vertical-align: top; }}
th {{ text-align: {layout.header_align}; vertical-align: {layout.header_valign};
      font-weight: {"bold" if layout.header_bold else "normal"}; {_fill(layout.header_fill)} }}
td p, td ul {{ margin: 0 0 {layout.paragraph_space}pt; widows: {layout.widows}; orphans: {layout.widows}; }}
td li {{ margin-bottom: {layout.paragraph_space}pt; }}
td {{ text-align: {"justify" if layout.justify else "left"}; }}
td ul {{ padding-left: {1.2 * size:.1f}pt; }}
{markers}
tr.band td {{ text-align: {layout.band_align}; {band_font} {_fill(layout.band_fill)} }}
tr.band.new-page {{ break-before: page; }}
{_rules(layout)}
sup {{ font-size: 60%; line-height: 0; }}
.footnotes {{ font-size: {max(6.5, size - 2)}pt; margin-top: 6pt; }}
.footnotes hr {{ width: 144pt; margin: 0 0 3pt; border: 0; border-top: 0.5pt solid #000; text-align: left; margin-left: 0; }}
.footnotes p {{ margin: 0 0 2pt; }}
.fn {{ float: footnote; font-size: {max(6.5, size - 2)}pt; }}
.fn::footnote-call {{ content: none; }}
.fn::footnote-marker {{ content: none; }}
"""
