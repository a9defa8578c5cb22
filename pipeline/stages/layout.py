"""Stage 2, layout: where the table is on each page, read from the page itself.

Per page: the repeated header (found by its labels), its columns and their footnote markers, the
body area, and the page furniture around it (page numbers, titles, notes, footnotes). Per table (an
action line's run of pages): the column boundaries, from vertical rules where the edition draws
them, else from the white gutters that the body text leaves between the header labels.
No coordinate, font or column count is assumed: all of it is measured.
"""

from __future__ import annotations

import dataclasses
import math

import regex

from pipeline.stages.bands import band_lines
from pipeline.stages.columns import (
    Template,
    TemplatePage,
    column_of,
    drawn_edges,
    labelled,
    read_template,
    same_edges,
)
from pipeline.stages.furniture import furniture_line, read_front_matter, running_line_above, running_lines
from pipeline.stages.header import (
    SPANNING,
    build_header,
    field_of,
    find_header,
    header_like,
    header_words,
    label_text,
    spans,
)
from pipeline.stages.models import (
    Boundary,
    Column,
    Document,
    DocumentLayout,
    Fill,
    Glyph,
    Header,
    Page,
    PageLayout,
    RunningLine,
    Table,
)
from pipeline.stages.settings import SETTINGS
from pipeline.stages.text import BULLETS, TERMINAL, TextLine, group_lines, modal, outcome_label, split_words

FOOTNOTE_START = regex.compile(r"^(\d{1,3})(?!\d)\s*(\S.*)$")


def read_layout(document: Document) -> DocumentLayout:
    lined = [(page, group_lines(page.glyphs)) for page in document.pages]  # each page's lines, once
    running = running_lines(lined, header_like)
    pages = [_page_layout(page, lines, running.get(page.number, [])) for page, lines in lined]
    tables, warnings = _tables(pages)
    missing = _missing_pages(pages)
    return DocumentLayout(
        tables=tables, pages=pages, warnings=[*missing.values(), *warnings], missing_before=set(missing)
    )


def _missing_pages(pages: list[PageLayout]) -> dict[int, str]:
    """Pages before which the shown page numbers jump: what was printed between them is missing."""
    numbered = [(p.page.number, p.shown_number) for p in pages if p.shown_number is not None]
    return {
        page: f"page numbers jump from {shown_before} to {shown} before page {page}: pages are missing"
        for (page_before, shown_before), (page, shown) in zip(numbered, numbered[1:])
        if page == page_before + 1 and shown - shown_before > 1
    }


# --- one page ---------------------------------------------------------------------------------


def _page_layout(page: Page, lines: list[TextLine], running: list[RunningLine]) -> PageLayout:
    header = find_header(_without(lines, running), page.rules)
    if header is not None:
        running = [item for item in running if not _cited_footnote(item.line, header)]
    lines = _without(lines, running)
    above = [line for line in lines if header is None or line.bottom <= header.top]
    if header is not None and (shown_above := running_line_above(page, above)):
        running, above = [*running, shown_above], above[1:]
    front = read_front_matter(page, above, is_table_page=header is not None)
    furniture = [*(furniture_line(item.kind, page, item.line) for item in running), *front.furniture]
    layout = PageLayout(
        page=page,
        header=header,
        furniture=furniture,
        outside=front.outside,
        loose=front.loose,
        title=front.title,
        note=front.note,
        shown_number=next((item.shown for item in running if item.shown is not None), None),
    )
    if header is not None:
        layout.body = [line for line in lines if line.top >= header.bottom - 0.5]
    return layout


def _without(lines: list[TextLine], running: list[RunningLine]) -> list[TextLine]:
    return [line for line in lines if not any(line is item.line for item in running)]


def _cited_footnote(line: TextLine, header: Header) -> bool:
    """Whether a page's last line below its header opens with a footnote number the header cites:
    a footnote, though its number rises page by page as a page number would (one footnote text
    under two tables' headers: "6 Relevant ..." at the foot of page 3, "7 Relevant ..." of page 4)."""
    return line.top >= header.bottom and _opens_footnote(line, _cited([header]), math.inf)


# --- the header -----------------------------------------------------------------------------------


def _repeated_header_only(pages: list[PageLayout]) -> None:
    """Give back to the body any line at the foot of a header that most of the table's pages lack.

    A body line made only of label words ("and human", "Resolutions") can sit right under a header
    that has no rule; the real header repeats on every page of the table, each line within the
    others' header's height with most of its words (footnote digits aside): footnote numbers
    printed on the first page only widen its labels, and a label then wraps, or a label centred in
    its cell moves, a word from one line to the next. Two pages can start with the same body line
    by chance, so a line must be on more than half of the pages, not just on two.
    """
    pages = _with_header(pages)
    if len(pages) < 2:
        return

    def placed(header: Header) -> list[tuple[set[str], float, float]]:
        first = header.lines[0].top
        return [
            (
                {"".join(ch for ch in word if not ch.isdigit()) for word in line.text.split()},
                line.top - first,
                line.size,
            )
            for line in header.lines
        ]

    headers = [placed(layout.table_header) for layout in pages]

    def pages_with(line: tuple[set[str], float, float]) -> int:
        # Labels centred in the middle of their cells move with the header row's height, which
        # can differ from page to page: within the other header's height, most of the words do.
        words, at, size = line
        reach = SETTINGS.header_drift * size
        return sum(
            1
            for header in headers
            if any(
                2 * len(words & others) > len(words) and at <= header[-1][1] + reach
                for others, _, _ in header
            )
        )

    for layout, mine in zip(pages, headers):
        keep = len(mine)
        while keep > 1 and 2 * pages_with(mine[keep - 1]) <= len(pages):
            keep -= 1
        if keep < len(mine):
            given_back = layout.table_header.lines[keep:]
            layout.header = build_header(list(layout.table_header.lines[:keep]), layout.page.rules)
            layout.body = sorted([*given_back, *layout.body], key=lambda line: line.top)


# --- tables -------------------------------------------------------------------------------------


def _tables(pages: list[PageLayout]) -> tuple[list[Table], list[str]]:
    """Group table pages into one table per action line and measure each table's columns."""
    tables: list[Table] = []
    warnings: list[str] = []
    title: tuple[str, str] | None = None
    note: str | None = None
    current: list[PageLayout] | None = None
    runs: list[tuple[tuple[str, str], str | None, list[PageLayout], list[PageLayout]]] = []
    # A run's header template as its pages with a header show it, read once for the pages without.
    templates: dict[tuple[int, int], Template] = {}
    for layout in pages:
        if layout.title is not None:
            title, note, current = layout.title, None, None
        note = layout.note or note
        if layout.header is None:
            if current is not None and layout.loose:
                key = (id(current), len(_with_header(current)))
                if key not in templates:
                    templates[key] = read_template(_template_pages(current))
                if _headerless(layout, current, runs[-1][3], templates[key], warnings):
                    current.append(layout)
            continue
        action_line = layout.header.action_line or (title[0] if title else None)
        if current is None or (action_line and runs[-1][0][0] != action_line):
            if title is None or (action_line and title[0] != action_line):
                title = (action_line or "", title[1] if title and not action_line else "")
                warnings.append(
                    f"page {layout.page.number}: table of {action_line or 'an unknown action line'} has no title"
                )
            current = []
            runs.append((title, note, current, []))
        current.append(layout)
    # The body's size is the edition's: a short table may hold more footnote text than rows.
    body_size = _body_size([line for run in runs for layout in run[2] for line in layout.body])
    for _, _, table_pages, _ in runs:
        _settle_body(table_pages, body_size)
    # Tables that repeat one header template share its columns: their bodies together show
    # where the gutters run (a table of one or two rows shows little of them alone). Each
    # template is read once, from all of its tables' pages in document order.
    # Tables whose headers read alike but whose pages draw other edges are not one template: a
    # column a few points wider moves a centred label by half as much.
    groups: list[tuple[list[float] | None, list[list[PageLayout]]]] = []
    for _, _, table_pages, _ in runs:
        edges = drawn_edges(_template_pages(table_pages))
        group = next(
            (
                members
                for group_edges, members in groups
                if _same_header(members[0][0].table_header, table_pages[0].table_header)
                and same_edges(group_edges, edges)
            ),
            None,
        )
        if group is None:
            groups.append((edges, [table_pages]))
        else:
            group.append(table_pages)
    boundaries: dict[int, tuple[Boundary, ...]] = {}
    for _, members in groups:
        template = _read_columns([page for table_pages in members for page in table_pages])
        boundaries.update((id(table_pages), template.boundaries) for table_pages in members)
    for (action_line, title_text), table_note, table_pages, footnote_pages in runs:
        template = labelled(table_pages[0].table_header, boundaries[id(table_pages)])
        table = _measure_table(action_line, title_text, table_note, table_pages, template, warnings)
        if table is not None:
            table.footnote_pages = footnote_pages
            tables.append(table)
    return tables, warnings


def _headerless(
    layout: PageLayout,
    table_pages: list[PageLayout],
    footnote_pages: list[PageLayout],
    template: Template,
    warnings: list[str],
) -> bool:
    """A page without a header among a table's pages: the end of its footnotes when its first
    line opens a footnote its header cites (a block after the table that ran over a page), or goes
    on with the footnote the page before ended on before the next opens; else the table going on
    without its header (True) where its lines keep the table's columns, else text that cannot be
    placed safely."""
    layout.furniture = [f for f in layout.furniture if f.kind != "front_matter"]
    cited = _cited([page.table_header for page in table_pages])
    # Footnotes open at the table's left, set smaller than its body (a cell's "1, 3, 5" does not).
    left_end = min(header_words(table_pages[0].table_header), key=lambda w: w.x0).x1
    body_size = _body_size([line for p in table_pages for line in p.body])
    opens = [
        _opens_footnote(line, cited, left_end) and _set_smaller(line, body_size) for line in layout.loose
    ]
    first = opens.index(True) if any(opens) else len(opens)
    # What stands above the first footnote goes on with the one the page before ended on when it
    # is set as the footnotes are (a page's rows that lost their header are set otherwise): as the
    # page's first footnote, or where none opens, as the page before's last line, set smaller than
    # the body and ending inside a sentence (the last footnote of a block that ran over by a line or
    # two; small text after a footnote that ended, an annex, is none of it).
    before = (footnote_pages or table_pages)[-1]
    ended_on = max(before.footnote_lines or before.body, key=lambda line: line.top, default=None)
    footnote = layout.loose[first] if first < len(opens) else ended_on
    going_on = (
        footnote is not None
        and _set_smaller(footnote, body_size)
        and (footnote is not ended_on or not ended_on.text.endswith(TERMINAL))
        and all(abs(line.size - footnote.size) < 0.1 for line in layout.loose[:first])
    )
    continued = False
    if going_on:
        layout.footnote_lines = list(layout.loose)
        footnote_pages.append(layout)
    elif _keeps_columns(layout.loose[:first], template):
        layout.header = _carried_header(layout, table_pages[-1].table_header.span)
        layout.body = list(layout.loose)
        continued = True
        warnings.append(
            f"page {layout.page.number}: no table header; read as the table of the page before going "
            "on, its lines keeping that table's columns"
        )
    else:
        warnings.append(f"page {layout.page.number}: no table header found; its text goes to rejects")
        layout.outside.extend(layout.loose)
    layout.loose = []
    return continued


def _body_size(body: list[TextLine]) -> float:
    """The size body text is set in: that of the lines that open rows (an outcome label at their
    start), where there are such: one short table can hold more footnote glyphs than body glyphs."""
    row_starts = [line for line in body if outcome_label(line.text) is not None]
    return modal((g.size for line in row_starts or body for g in line.glyphs if not g.text.isspace()), 0.0)


def _keeps_columns(lines: list[TextLine], template: Template) -> bool:
    """Whether a page's lines go on with a table: read against the columns of its header template
    (what its pages with a header show), next to no word crosses a column boundary (band lines do, a table's
    few). Running text crosses every boundary; a page's one short line at the left (a closing
    remark) could be anything, while one line further right is the end of a long cell."""
    if not template.boundaries or not lines:
        return False
    xs = [b.x for b in template.boundaries]
    crossing = sum(1 for line in lines if any(_crosses(word, x) for word in split_words(line) for x in xs))
    columns = {column_of(w[0].x0, template.boundaries) for line in lines for w in split_words(line)}
    return crossing <= SETTINGS.band_share * len(lines) and (columns != {0} or len(lines) > 1)


def _crosses(word: tuple[Glyph, ...], x: float) -> bool:
    """Whether a word's letters stand on both sides of x (a list marker hangs left of its item's
    text, in the gutter: it is no letter of the word)."""
    letters = [g for g in word if g.text not in BULLETS]
    return bool(letters) and letters[0].x0 < x < letters[-1].x1


def _carried_header(layout: PageLayout, span: tuple[float, float]) -> Header:
    """The header a page that does not repeat it goes on under: none of its lines, its span that
    of the page before, its foot the last spanning rule above the page's first line (the table's
    top edge on this page is no row's separator), else just above that line."""
    first = min(layout.loose, key=lambda line: line.top)
    above = [r.y for r in layout.page.rules if r.horizontal and r.y <= first.top and spans(r, *span)]
    bottom = max(above, default=first.top - 0.5 * first.size)
    return Header(top=bottom, bottom=bottom, lines=(), action_line=None, carried_span=span)


def _settle_body(pages: list[PageLayout], body_size: float) -> None:
    """A table's header as its pages repeat it, and each page's body below it, footnotes apart."""
    _repeated_header_only(pages)
    for layout in pages:  # the header as it stands now that lines only one page had are body again
        layout.furniture.extend(
            furniture_line("header", layout.page, line) for line in layout.table_header.lines
        )
    cited = _cited([layout.table_header for layout in pages])
    first_word = min(header_words(pages[0].table_header), key=lambda w: w.x0)
    for layout in pages:
        _split_body(layout, cited, first_word.x1, body_size, last_page=layout is pages[-1])


def _same_header(header: Header, other: Header) -> bool:
    """Whether two tables' headers are one template: the same label words, wrapped alike, each
    where the other has it (digits aside: the action line's code and the footnote numbers)."""

    def placed(header: Header) -> list[tuple[str, float, float, float, float]]:
        first = header.lines[0].top
        return [
            ("".join(ch for ch in w.text if not ch.isdigit()), w.x0, w.x1, w.top - first, w.size)
            for w in header_words(header)
        ]

    mine, theirs = placed(header), placed(other)
    return len(mine) == len(theirs) and all(
        a[0] == b[0] and max(abs(x - y) for x, y in zip(a[1:4], b[1:4])) <= SETTINGS.same_template * a[4]
        for a, b in zip(mine, theirs)
    )


def _measure_table(
    action_line, title, note, pages: list[PageLayout], template: Template, warnings: list[str]
) -> Table | None:
    first = pages[0]
    if not template.boundaries:
        warnings.append(f"page {first.page.number}: header has fewer than two columns")
        for layout in pages:
            layout.outside.extend(layout.body)
            layout.body = []
        return None
    markers: list[set[int]] = [set() for _ in template.labels]
    for layout in pages:
        for word in header_words(layout.table_header):
            markers[column_of((word.x0 + word.x1) / 2, template.boundaries)].update(word.markers)
    edges = [float("-inf"), *(b.x for b in template.boundaries), float("inf")]
    columns = tuple(
        Column(
            label=label_text(words),
            field=field_of(label_text(words)),
            x0=edges[i],
            x1=edges[i + 1],
            markers=tuple(sorted(markers[i])),
        )
        for i, words in enumerate(template.labels)
    )
    last = template.labels[-1]
    span = _span(pages, (min(w.x0 for w in last), max(w.x1 for w in last)), template.boundaries[-1].x)
    _claim_duplicate_fields(columns, warnings, first.page.number)
    return Table(
        action_line,
        title,
        note,
        pages,
        columns,
        span,
        markers={n: c for c in columns for n in c.markers},
        ruled=any(row_rules(p) for p in pages),
        boundaries=template.boundaries,
    )


def _read_columns(pages: list[PageLayout]) -> Template:
    """The header template, from the pages of the tables that repeat it, read again without the
    band rows the first reading shows: a band that wraps onto a second line stands in company,
    and its word spaces can look like a gutter where a table has few rows. Bands are few; a
    reading that takes many lines for bands is kept."""
    pages = _with_header(pages)
    template = read_template(_template_pages(pages))
    if not template.boundaries:
        return template
    bands = [{id(line) for line in band_lines(p.body, template.boundaries, p.page.rules)} for p in pages]
    body = sum(len(p.body) for p in pages)
    if not any(bands) or sum(map(len, bands)) > SETTINGS.band_share * body:
        return template
    return read_template(
        [
            TemplatePage(
                p.table_header,
                [line for line in p.body if id(line) not in banded],
                p.page.rules,
                p.page.fills,
            )
            for p, banded in zip(pages, bands)
        ]
    )


def _template_pages(pages: list[PageLayout]) -> list[TemplatePage]:
    """The pages that show the header template: a page that goes on without it shows none."""
    return [TemplatePage(p.table_header, p.body, p.page.rules, p.page.fills) for p in _with_header(pages)]


def _with_header(pages: list[PageLayout]) -> list[PageLayout]:
    return [p for p in pages if p.table_header.lines]


def _claim_duplicate_fields(columns: tuple[Column, ...], warnings: list[str], page: int) -> None:
    seen: set[str] = set()
    for column in columns:
        if column.field in seen:
            warnings.append(
                f"page {page}: two columns map to {column.field}; '{column.label}' kept as an extra column"
            )
            object.__setattr__(column, "field", None)
        elif column.field:
            seen.add(column.field)


def touching(line: TextLine, other: TextLine) -> bool:
    gap = max(line.top - other.bottom, other.top - line.bottom)
    return gap < 0.5 * min(line.size, other.size)


def _span(pages: list[PageLayout], last_label: tuple[float, float], last_left: float) -> tuple[float, float]:
    """The table's left and right edges: its spanning rules, else the text and the last label.

    Without rules the text is ragged on the right; the last label, centred in its column, tells
    how far the column reaches: as far right of the label's centre as the column starts left of it.
    """
    ruled = [
        (r.x0, r.x1)
        for layout in pages
        for r in layout.page.rules
        if r.horizontal and r.y >= layout.table_header.top - 1 and spans(r, *layout.table_header.span)
    ]
    if ruled:
        return min(x for x, _ in ruled), max(x for _, x in ruled)
    lines = [line for layout in pages for line in (*layout.table_header.lines, *layout.body)]
    centre = (last_label[0] + last_label[1]) / 2
    return min(line.x0 for line in lines), max(*(line.x1 for line in lines), 2 * centre - last_left)


# --- body, footnotes and what lies outside the table -----------------------------------------------


def row_rules(layout: PageLayout) -> list[float]:
    """Horizontal rules that span the table below its header: row separators and the table's end."""
    if layout.header is None:
        return []
    x0, x1 = layout.header.span
    return sorted(
        r.y
        for r in layout.page.rules
        if r.horizontal and r.y > layout.header.bottom + 0.5 and spans(r, x0, x1)
    )


def row_shading(layout: PageLayout) -> list[tuple[float, float]]:
    """The (top, bottom) of each shaded stretch below the header that spans the table (one fill,
    or a row of cell fills side by side): a change of shading separates rows, as a rule does. A stretch
    that runs down from behind the header (a row the page break cut, shaded on from the page
    before where the header is not repeated) counts from the header's foot."""
    if layout.header is None:
        return []
    x0, x1 = layout.header.span
    rows: dict[tuple[int, int], list[Fill]] = {}  # the fills of one row share its top and bottom
    foot = layout.header.bottom
    for fill in layout.page.fills:
        if fill.top >= foot - 0.5:
            rows.setdefault((round(fill.top), round(fill.bottom)), []).append(fill)
        elif any(foot <= line.top and line.bottom <= fill.bottom for line in layout.body):
            rows.setdefault((round(foot), round(fill.bottom)), []).append(dataclasses.replace(fill, top=foot))
    return sorted(
        (fills[0].top, fills[0].bottom)
        for fills in rows.values()
        if sum(max(0.0, min(f.x1, x1) - max(f.x0, x0)) for f in fills) >= SPANNING * (x1 - x0)
    )


def _split_body(
    layout: PageLayout, cited: set[int], first_label_end: float, body_size: float, last_page: bool
) -> None:
    """Split the lines below the header into table body, footnotes, and text outside the table.

    Footnotes open with a number the header cites, at the table's left, and are set smaller than
    the body or ruled off from it. The table ends at its last spanning rule on its last page only:
    on the others a row that runs on to the next page may leave its piece open at the foot.
    """
    lines = sorted(layout.body, key=lambda line: line.top)
    rules = row_rules(layout)
    table_bottom = rules[-1] if rules and last_page else float("inf")
    x0, x1 = layout.table_header.span
    # The footnote separator: a short rule, well under the table's width.
    separators = [
        r
        for r in layout.page.rules
        if r.horizontal and r.y > layout.table_header.bottom and r.x1 - r.x0 < 0.5 * (x1 - x0)
    ]
    start = None
    for i, line in enumerate(lines):
        if not _opens_footnote(line, cited, first_label_end):
            continue
        smaller = _set_smaller(line, body_size)
        ruled_off = line.top >= table_bottom or any(
            r.y <= line.top and (i == 0 or r.y >= lines[i - 1].bottom) for r in separators
        )
        if smaller or ruled_off:
            start = i
            break
    footnotes = lines[start:] if start is not None else []
    rest = lines[:start] if start is not None else lines
    layout.footnote_lines = footnotes
    layout.body = [line for line in rest if line.bottom <= table_bottom + 0.5]
    layout.outside.extend(line for line in rest if line.bottom > table_bottom + 0.5)


def _cited(headers: list[Header]) -> set[int]:
    """The footnote numbers the headers' labels carry."""
    return {n for header in headers for word in header_words(header) for n in word.markers}


def _opens_footnote(line: TextLine, cited: set[int], left_end: float) -> bool:
    """Whether the line opens with a number the header cites, at the table's left (before the end
    of its first label word)."""
    match = FOOTNOTE_START.match(line.text)
    return match is not None and int(match[1]) in cited and line.x0 < left_end


def _set_smaller(line: TextLine, body_size: float) -> bool:
    return line.size < 0.95 * body_size
