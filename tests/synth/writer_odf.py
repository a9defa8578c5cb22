"""A synthetic edition as a flat OpenDocument text (.fodt) that LibreOffice typesets, and a map of
where each record's cells, each title and each header are in it.

Flat XML written by hand, not python-docx: every ODF property we vary (repeated heading rows, rows
that may break, merged band cells, text:note footnotes, list styles, hyphenation off) is one
attribute away, and the project needs no new dependency. Nothing here is typed into LibreOffice,
so autocorrect never runs; the profile turns it off anyway (lo_bridge.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from .content import Content
from .generator import HEADER_LABELS, INTRO
from .layout import fit_widths
from .writer_layout import PAGE_SIZES, RUNNING_TITLE, WriterLayout, text_width

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}
FILL_COLOURS = {"none": None, "light": "#d9d9d9", "dark": "#1f3864"}
ZEBRA_COLOUR = "#eeeeee"
RULE = "0.5pt solid #000000"
MIN_COLUMN = 36.0  # points


def cell_name(row: int, column: int) -> str:
    """LibreOffice's name of a table cell: column letter, 1-based row ("B3")."""
    return f"{chr(ord('A') + column)}{row}"


@dataclass
class TablePlan:
    name: str
    action_line: int  # index in content.action_lines
    first_header: list[str]  # the header labels as printed on the table's first page (markers glued)
    repeated_header: list[str]  # ... and on the pages its heading row is repeated on


@dataclass
class DocumentPlan:
    """The document and where its parts are: enough to read pages back and self-check the PDF."""

    xml: str
    layout: WriterLayout
    tables: list[TablePlan] = field(default_factory=list)
    # (record index, column key) -> (table name, cell name, the cell's paragraphs as written in content)
    cells: dict[tuple[int, str], tuple[str, str, list[str]]] = field(default_factory=dict)
    bands: list[tuple[str, str, str]] = field(default_factory=list)  # (table name, cell name, text)
    body: list[str] = field(default_factory=list)  # paragraphs outside tables, in document order
    footnotes: list[tuple[int, str]] = field(default_factory=list)  # (action line index, text) of text:notes
    at_risk: list[tuple[str, str, int]] = field(default_factory=list)  # cell paragraphs with a word wider than the cell

    def furniture(self, n: int, total: int) -> str:
        """The header and footer text of page n (a cover page has none)."""
        L = self.layout
        parts = [RUNNING_TITLE] if L.running_title else []
        if L.page_number:
            parts.append(L.page_number.format(n=n, total=total))
        return " ".join(parts)


def _attrs(**props) -> str:
    """XML attributes from keyword arguments: fo_margin_top="0pt" -> fo:margin-top="0pt"; None skipped."""
    out = []
    for key, value in props.items():
        if value is not None:
            prefix, name = key.split("_", 1)
            out.append(f'{prefix}:{name.replace("_", "-")}="{escape(str(value), {chr(34): "&quot;"})}"')
    return " ".join(out)


def _pt(x: float) -> str:
    return f"{x:.2f}pt"


class _Writer:
    def __init__(self, content: Content, layout: WriterLayout):
        self.content, self.L = content, layout
        self.W, self.H = PAGE_SIZES[layout.page_size]
        left, right, _, _ = layout.margins
        self.tw = self.W - left - right
        self.keys = layout.column_keys
        labels = dict(HEADER_LABELS, outcome_text=layout.outcome_label, sdgs_text=layout.sdgs_label)
        self.labels = {k: labels[k] for k in self.keys}
        self.plan = DocumentPlan("", layout)
        self.list_indent = 1.5 * layout.font_size  # where a list item's text starts
        self.auto: list[str] = []  # automatic styles made on the way (columns of each table)
        self.record = 0

    # --- column widths
    def widths(self, table: int) -> list[float]:
        """Column widths: the layout's shares of the table width, each column at least as wide as
        its widest header word (with a footnote marker) and, within reason, its widest body word.
        Words that still do not fit are probed by the bridge (see at_risk)."""
        L, pad = self.L, self.L.padding
        inner = 2 * pad + 2
        minimum = {}
        for key in self.keys:
            words = self.labels[key].split() + (["(WSIS", "AL", "C99)"] if key == "outcome_text" else [])
            header = max(text_width(w + "99", L.font, L.font_size, L.header_bold) for w in words)
            body = max([text_width(w, L.font, L.font_size) for w in self._words(key)] or [0])
            minimum[key] = max(MIN_COLUMN, header + inner, min(body + inner, 0.2 * self.tw))
        return fit_widths(self.tw, L.shares(table), minimum)

    def _words(self, key: str):
        """The unbreakable pieces of a column's text: words cut after hyphens and slashes."""
        for al in self.content.action_lines:
            for section in al.sections:
                for row in section.rows:
                    for p in row.cells.get(key, []):
                        for word in p.split():
                            yield from filter(None, word.replace("-", "-\0").replace("/", "/\0").split("\0"))

    # --- styles
    def styles(self) -> str:
        L = self.L
        size, hyph = _pt(L.font_size), dict(fo_hyphenate="false", fo_language="en", fo_country="GB")
        keep = "2" if L.widows_orphans else "0"

        def paragraph(name, text=None, **para):
            text = dict(hyph, **(text or {}))
            return (f'<style:style style:name="{name}" style:family="paragraph">'
                    f'<style:paragraph-properties {_attrs(fo_widows=keep, fo_orphans=keep, **para)}/>'
                    f'<style:text-properties {_attrs(**text)}/></style:style>')

        white = lambda fill: "#ffffff" if fill == "dark" else None  # noqa: E731
        band_font = {"bold": dict(fo_font_weight="bold"), "italic": dict(fo_font_style="italic"), "plain": {}}[L.band_style]
        align = {"left": "start", "center": "center", "justify": "justify"}
        small = max(6.5, L.font_size - 2)
        indent, hanging = _pt(self.list_indent), _pt(max(17.0, 2.4 * small))
        return "".join([
            '<office:styles>',
            '<style:default-style style:family="paragraph"><style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>',
            f'<style:text-properties {_attrs(style_font_name=L.font, fo_font_size=size, **hyph)}/></style:default-style>',
            paragraph("Body", fo_text_align=align[L.body_align], fo_margin_top="0pt", fo_margin_bottom=_pt(L.paragraph_spacing)),
            paragraph("Label", dict(fo_font_weight="bold" if L.header_bold else None, fo_color=white(L.header_fill)),
                      fo_text_align=align[L.header_align], fo_margin_top="0pt", fo_margin_bottom="0pt"),
            paragraph("Band", dict(fo_color=white(L.band_fill), **band_font), fo_text_align=align[L.band_align],
                      fo_margin_top="0pt", fo_margin_bottom="0pt"),
            paragraph("Title", dict(fo_font_size=_pt(L.font_size + 4), fo_font_weight="bold"), fo_margin_bottom="6pt"),
            paragraph("Note", fo_margin_bottom="6pt"),
            paragraph("CoverTitle", dict(fo_font_size=_pt(L.font_size + 8), fo_font_weight="bold"),
                      fo_text_align="center", fo_margin_top="120pt", fo_margin_bottom="40pt"),
            paragraph("Cover", fo_margin_bottom="6pt"),
            # a hanging indent, which also sets a text:note's number apart from its text
            paragraph("Footnote", dict(fo_font_size=_pt(small)), fo_margin_top="0pt", fo_margin_bottom="0pt",
                      fo_margin_left=hanging, fo_text_indent=f"-{hanging}"),
            paragraph("Furniture", fo_margin_top="0pt", fo_margin_bottom="0pt"),
            '<style:style style:name="Marker" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>',
            f'<text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1" text:bullet-char="{L.bullet}">',
            '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">',
            # the label's tab an em and a half in: a wide glyph from a fallback font still leaves a gap
            f'<style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="{indent}" '
            f'fo:text-indent="-{indent}" fo:margin-left="{indent}"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>',
            '<text:notes-configuration text:note-class="footnote" style:num-format="1" text:start-value="0" '
            'text:footnotes-position="page" text:start-numbering-at="document"/>',
            '</office:styles>',
        ])

    def page_styles(self) -> str:
        """The page layouts (plain for the cover, with header and footer for the rest) and master pages."""
        L = self.L
        left, right, top, bottom = L.margins
        page = _attrs(fo_page_width=_pt(self.W), fo_page_height=_pt(self.H), style_print_orientation="landscape",
                      fo_margin_left=_pt(left), fo_margin_right=_pt(right), fo_margin_top=_pt(top), fo_margin_bottom=_pt(bottom))
        band = f'<style:header-footer-properties {_attrs(fo_min_height="0pt", fo_margin_bottom="8pt")}/>'
        foot = f'<style:header-footer-properties {_attrs(fo_min_height="0pt", fo_margin_top="8pt")}/>'
        tabs = (f'<style:style style:name="FurnitureTabs" style:family="paragraph" style:parent-style-name="Furniture">'
                f'<style:paragraph-properties><style:tab-stops><style:tab-stop style:position="{_pt(self.tw / 2)}" style:type="center"/>'
                f'<style:tab-stop style:position="{_pt(self.tw)}" style:type="right"/></style:tab-stops></style:paragraph-properties></style:style>')
        automatic = (f'<style:page-layout style:name="PageCover"><style:page-layout-properties {page}/></style:page-layout>'
                     f'<style:page-layout style:name="Page"><style:page-layout-properties {page}/>'
                     f'<style:header-style>{band}</style:header-style><style:footer-style>{foot}</style:footer-style></style:page-layout>'
                     + tabs)
        header, footer = self.furniture_line("header"), self.furniture_line("footer")
        masters = ('<style:master-page style:name="Cover" style:page-layout-name="PageCover"/>'
                   '<style:master-page style:name="Standard" style:page-layout-name="Page">'
                   + (f'<style:header>{header}</style:header>' if header else "")
                   + (f'<style:footer>{footer}</style:footer>' if footer else "") + '</style:master-page>')
        return automatic, masters

    def furniture_line(self, where: str) -> str | None:
        """The header or footer paragraph: left, centre and right slots between tab stops."""
        L = self.L
        slots = {"left": "", "center": "", "right": ""}
        if L.running_title and where == "header":
            slots["left"] = escape(RUNNING_TITLE)
        if L.page_number and L.page_number_pos == where:
            number = escape(L.page_number).replace("{n}", '<text:page-number text:select-page="current">1</text:page-number>')
            slots[L.page_number_align] = number.replace("{total}", "<text:page-count>1</text:page-count>")
        if not any(slots.values()):
            return None
        return f'<text:p text:style-name="FurnitureTabs">{slots["left"]}<text:tab/>{slots["center"]}<text:tab/>{slots["right"]}</text:p>'

    def cell_style(self, name: str, fill: str | None, valign: str) -> str:
        L = self.L
        rules = {"grid": dict(fo_border=RULE),
                 "hrules": dict(fo_border_top=RULE, fo_border_bottom=RULE, fo_border_left="none", fo_border_right="none")}
        border = rules.get(L.ruling, dict(fo_border="none"))
        props = _attrs(fo_padding=_pt(L.padding), fo_background_color=fill or "transparent", style_vertical_align=valign, **border)
        return f'<style:style style:name="{name}" style:family="table-cell"><style:table-cell-properties {props}/></style:style>'

    def fixed_styles(self) -> str:
        L = self.L
        return "".join([
            self.cell_style("CellHeader", FILL_COLOURS[L.header_fill], L.header_valign),
            self.cell_style("CellBand", FILL_COLOURS[L.band_fill], "middle"),
            self.cell_style("CellBody", None, "top"),
            self.cell_style("CellZebra", ZEBRA_COLOUR, "top"),
            # rows may break across pages: the point of the exercise
            '<style:style style:name="Row" style:family="table-row"><style:table-row-properties fo:keep-together="auto"/></style:style>',
            '<style:style style:name="TitleFirst" style:family="paragraph" style:parent-style-name="Title" style:master-page-name="Standard"/>',
            '<style:style style:name="TitleNext" style:family="paragraph" style:parent-style-name="Title">'
            '<style:paragraph-properties fo:break-before="page"/></style:style>',
            '<style:style style:name="CoverFirst" style:family="paragraph" style:parent-style-name="CoverTitle" style:master-page-name="Cover"/>',
        ])

    # --- document
    def run(self) -> DocumentPlan:
        body = []
        if self.L.cover_page:
            ids = ", ".join(al.id for al in self.content.action_lines)
            body += [self.para("CoverFirst", f"WSIS Action Line Roadmaps {ids}"), self.para("Cover", INTRO)]
        number = 0
        for i, al in enumerate(self.content.action_lines):
            # the first title's master page starts the page-numbered pages (a new page after the cover)
            style = "TitleNext" if i else "TitleFirst"
            body.append(self.para(style, f"Roadmap for WSIS Action Line {al.id}: {al.title}"))
            if al.note:
                body.append(self.para("Note", al.note))
            markers = {}
            for key in self.keys:
                if key in al.footnotes:
                    number += 1
                    markers[key] = number
            body.append(self.action_line_tables(i, al, markers))
            if self.L.footnotes == "block":
                for key, n in markers.items():
                    body.append(f'<text:p text:style-name="Footnote"><text:span text:style-name="Marker">{n}</text:span> '
                                f'{escape(al.footnotes[key])}</text:p>')
                    self.plan.body.append(f"{n} {al.footnotes[key]}")
        automatic, masters = self.page_styles()
        decls = f'<office:font-face-decls><style:font-face style:name="{escape(self.L.font)}" svg:font-family="&apos;{escape(self.L.font)}&apos;"/></office:font-face-decls>'
        namespaces = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items())
        self.plan.xml = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {namespaces} office:version="1.3" '
            f'office:mimetype="application/vnd.oasis.opendocument.text">{decls}{self.styles()}'
            f'<office:automatic-styles>{automatic}{self.fixed_styles()}{"".join(self.auto)}</office:automatic-styles>'
            f'<office:master-styles>{masters}</office:master-styles>'
            f'<office:body><office:text>{"".join(body)}</office:text></office:body></office:document>\n'
        )
        return self.plan

    def para(self, style: str, text: str) -> str:
        self.plan.body.append(text)
        return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'

    def action_line_tables(self, index: int, al, markers: dict[str, int]) -> str:
        """The action line's table; with section_break, one table per section, each after the first
        on a new page under the same header (a Writer table row cannot force a page break)."""
        widths = self.widths(index)
        out = []
        for si, section in enumerate(al.sections):
            if si == 0 or self.L.section_break:
                if out:
                    out.append("</table:table>")
                name = f"{al.id}-{si + 1}"
                out.append(self.table_start(name, widths, page_break=self.L.title_alone if si == 0 else True))
                first = markers if si == 0 or self.L.markers == "every" else {}
                out.append(self.header_row(name, al, first, markers if self.L.markers == "every" else {}))
                row = 2
            out.append(self.band_row(name, row, section.band))
            row += 1
            for k, record in enumerate(section.rows):
                out.append(self.body_row(name, row, record, zebra=self.L.ruling == "zebra" and k % 2 == 1, widths=widths))
                row += 1
        out.append("</table:table>")
        return "".join(out)

    def table_start(self, name: str, widths: list[float], page_break: bool) -> str:
        props = _attrs(style_width=_pt(self.tw), table_align="left", fo_margin_left="0pt", fo_margin_right="0pt",
                       style_may_break_between_rows="true", fo_break_before="page" if page_break else None)
        self.auto.append(f'<style:style style:name="T{name}" style:family="table"><style:table-properties {props}/></style:style>')
        columns = []
        for i, w in enumerate(widths):
            self.auto.append(f'<style:style style:name="T{name}.{i}" style:family="table-column">'
                             f'<style:table-column-properties style:column-width="{_pt(w)}"/></style:style>')
            columns.append(f'<table:table-column table:style-name="T{name}.{i}"/>')
        return f'<table:table table:name="{name}" table:style-name="T{name}">{"".join(columns)}'

    def header_row(self, name: str, al, markers: dict[str, int], repeated: dict[str, int]) -> str:
        """The heading row LibreOffice repeats on every page of the table. Markers in `markers` are real
        footnotes (notes) or superscript text (block); `repeated` are those the repeats show."""
        cells, first, again = [], [], []
        for key in self.keys:
            label, n = escape(self.labels[key]), markers.get(key)
            if n and self.L.footnotes == "notes":
                note = escape(al.footnotes[key])
                label += (f'<text:note text:id="ftn{n}" text:note-class="footnote"><text:note-citation>{n}</text:note-citation>'
                          f'<text:note-body><text:p text:style-name="Footnote">{note}</text:p></text:note-body></text:note>')
                self.plan.footnotes.append((self.content.action_lines.index(al), al.footnotes[key]))
            elif n:
                label += f'<text:span text:style-name="Marker">{n}</text:span>'
            paragraphs = [f'<text:p text:style-name="Label">{label}</text:p>']
            if key == "outcome_text":
                paragraphs.append(f'<text:p text:style-name="Label">(WSIS AL {al.id})</text:p>')
            cells.append(f'<table:table-cell table:style-name="CellHeader" office:value-type="string">{"".join(paragraphs)}</table:table-cell>')
            suffix = f" (WSIS AL {al.id})" if key == "outcome_text" else ""
            first.append(self.labels[key] + (str(n) if n else "") + suffix)
            again.append(self.labels[key] + (str(repeated[key]) if key in repeated else "") + suffix)
        self.plan.tables.append(TablePlan(name, self.content.action_lines.index(al), first, again))
        return f'<table:table-header-rows><table:table-row table:style-name="Row">{"".join(cells)}</table:table-row></table:table-header-rows>'

    def band_row(self, name: str, row: int, text: str) -> str:
        self.plan.bands.append((name, cell_name(row, 0), text))
        n = len(self.keys)
        return (f'<table:table-row table:style-name="Row"><table:table-cell table:style-name="CellBand" '
                f'table:number-columns-spanned="{n}" office:value-type="string"><text:p text:style-name="Band">{escape(text)}</text:p>'
                f'</table:table-cell>{"<table:covered-table-cell/>" * (n - 1)}</table:table-row>')

    def body_row(self, name: str, row: int, record, zebra: bool, widths: list[float]) -> str:
        cells = []
        for column, key in enumerate(self.keys):
            paragraphs = record.cells.get(key, [])
            where = cell_name(row, column)
            self.plan.cells[(self.record, key)] = (name, where, paragraphs)
            self.plan.at_risk += [(name, where, i) for i, p in enumerate(paragraphs) if self.too_wide(p, widths[column])]
            style = "CellZebra" if zebra else "CellBody"
            cells.append(f'<table:table-cell table:style-name="{style}" office:value-type="string">{self.cell_body(paragraphs)}</table:table-cell>')
        self.record += 1
        return f'<table:table-row table:style-name="Row">{"".join(cells)}</table:table-row>'

    def too_wide(self, paragraph: str, width: float) -> bool:
        """Whether a word of the paragraph may not fit its cell's line (rules and measuring error
        allowed for; a list item's text starts at its indent): Writer then breaks it anywhere."""
        room = width - 2 * self.L.padding - 2 - (self.list_indent if self.L.list_bullets and paragraph.startswith("• ") else 0)
        return any(text_width(w, self.L.font, self.L.font_size) > room for w in paragraph.split())

    def cell_body(self, paragraphs: list[str]) -> str:
        """A cell's paragraphs; "• " ones show the layout's glyph typed, or as list items drawn by the engine."""
        out, in_list = [], False
        for p in paragraphs:
            bullet = p.startswith("• ")
            if self.L.list_bullets and bullet != in_list:
                out.append('<text:list text:style-name="Bullets">' if bullet else "</text:list>")
                in_list = bullet
            if bullet and self.L.list_bullets:
                out.append(f'<text:list-item><text:p text:style-name="Body">{escape(p[2:])}</text:p></text:list-item>')
            else:
                text = self.L.bullet + p[1:] if bullet else p
                out.append(f'<text:p text:style-name="Body">{escape(text)}</text:p>')
        if in_list:
            out.append("</text:list>")
        return "".join(out) or '<text:p text:style-name="Body"/>'


def write_fodt(content: Content, layout: WriterLayout) -> DocumentPlan:
    return _Writer(content, layout).run()
