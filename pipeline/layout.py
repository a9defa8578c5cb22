"""Stage 2, layout: where the table is on each page, read from the page itself.

Per page: the repeated header (found by its labels), its columns and their footnote markers, the
body area, and the page furniture around it (page numbers, titles, notes, footnotes). Per table (an
action line's run of pages): the column boundaries, from vertical rules where the edition draws
them, else from the white gutters that the body text leaves between the header labels.
No coordinate, font or column count is assumed: all of it is measured.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Optional, Sequence

import regex

from pipeline.load import Document, Glyph, Page, Rule
from pipeline.text import TextLine, group_lines, modal, split_segments, split_words

# Words that make up header labels across editions (compared lower-case, without punctuation).
HEADER_VOCABULARY = set(
    "wsis outcome outcomes al proposed timing itu strategic goals goal and relevant resolutions "
    "linkage link links with the to sdgs sdg expected results result of activities impact on human "
    "financial resources partners partner sustainable development".split()
)
# Header label -> contract field; the first pattern that matches wins. Others become extra columns.
LABEL_FIELDS = (
    (regex.compile(r"\bexpected\s+results?\b", regex.I), "results_text"),
    (regex.compile(r"\bsdgs?\b|sustainable\s+development", regex.I), "sdgs_text"),
    (regex.compile(r"\bstrategic\s+goals?\b|\bresolutions?\b", regex.I), "goals_text"),
    (regex.compile(r"\btiming\b", regex.I), "timing_text"),
    (regex.compile(r"\boutcomes?\b", regex.I), "outcome_text"),
)
LABEL_GROUPS = (
    regex.compile(r"\boutcomes?\b", regex.I),
    regex.compile(r"\btiming\b", regex.I),
    regex.compile(r"\bstrategic\b|\bresolutions?\b", regex.I),
    regex.compile(r"\bsdgs?\b", regex.I),
    regex.compile(r"\bexpected\b|\bactivities\b", regex.I),
    regex.compile(r"\bimpact\b|\bpartners?\b", regex.I),
)
ACTION_LINE_IN_HEADER = regex.compile(r"\(\s*WSIS\s+AL\s+(C\d{1,2})\s*\)", regex.I)
TITLE = regex.compile(r"^Roadmap\s+for\s+(?:the\s+)?WSIS\s+Action\s+Line\s+(C\d{1,2})\b\s*[:.\-–—]?\s*(.*)$", regex.I)
NOTE = regex.compile(r"^Note\s*:", regex.I)
PAGE_NUMBER = regex.compile(
    r"^(?:page\s*)?[-–—]?\s*(\d{1,4})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", regex.I
)
FOOTNOTE_START = regex.compile(r"^(\d{1,3})(?!\d)\s*(\S.*)$")

# A footnote digit is a glyph at most this share of its line's size.
MARKER_SIZE = 0.85
# A page number must sit at the same place on at least this share of the pages.
PAGE_NUMBER_SHARE = 0.5
# A band line's middle lies within this share of the table's width from the table's middle.
BAND_CENTRING = 0.1
# A rule counts as spanning the table when it covers this share of the header's width.
SPANNING = 0.8


@dataclass(frozen=True)
class Column:
    label: str  # as printed, footnote markers removed
    field: Optional[str]  # contract text field, or None for an extra column
    x0: float  # cell boundaries on the page
    x1: float
    centre: float
    markers: tuple[int, ...]


@dataclass(frozen=True)
class Furniture:
    kind: str  # page_number, title, note, header, front_matter
    page: int
    top: float
    x0: float
    text: str
    chars: int


@dataclass(frozen=True)
class Header:
    top: float
    bottom: float
    lines: tuple[TextLine, ...]
    labels: tuple[tuple[float, float, str, tuple[int, ...]], ...]  # x0, x1, label, markers
    action_line: Optional[str]


@dataclass
class PageLayout:
    page: Page
    header: Optional[Header]
    body: list[TextLine] = field(default_factory=list)  # lines between header and table bottom
    footnote_lines: list[TextLine] = field(default_factory=list)
    outside: list[TextLine] = field(default_factory=list)  # text the layout cannot place
    furniture: list[Furniture] = field(default_factory=list)
    title: Optional[tuple[str, str]] = None  # (action line, title)
    note: Optional[str] = None
    shown_number: Optional[int] = None  # the page number printed on the page


@dataclass
class Table:
    """One action line's table: its pages, their shared columns and what the header cites."""

    action_line: str
    title: str
    note: Optional[str]
    pages: list[PageLayout]
    columns: tuple[Column, ...]
    span: tuple[float, float]  # left and right edge
    markers: dict[int, Column]

    @property
    def ruled(self) -> bool:
        return any(row_rules(p) for p in self.pages)


@dataclass
class DocumentLayout:
    tables: list[Table]
    pages: list[PageLayout]
    warnings: list[str]
    missing_before: set[int]  # pages that follow a gap in the page numbering


def read_layout(document: Document) -> DocumentLayout:
    page_numbers = _page_number_lines(document.pages)
    pages = [_page_layout(page, page_numbers.get(page.number)) for page in document.pages]
    tables, warnings = _tables(pages)
    missing = _missing_pages(pages)
    return DocumentLayout(tables=tables, pages=pages, warnings=[*missing.values(), *warnings], missing_before=set(missing))


# --- page numbers -----------------------------------------------------------------------------


def _page_number_lines(pages: Sequence[Page]) -> dict[int, tuple[float, int]]:
    """The top of each page's page-number line, where the edition has one.

    A page number is the first or last line of a page and reads as a number; at that end of the
    page it stands at one height on most pages, and the numbers rise from page to page (a draft
    with pages taken out skips some).
    """
    found: dict[int, tuple[float, int]] = {}
    for end in (0, -1):
        candidates: list[tuple[int, float, int]] = []  # page, top, number shown
        for page in pages:
            lines = group_lines(page.glyphs)
            match = PAGE_NUMBER.match(lines[end].text) if lines else None
            if match:
                candidates.append((page.number, lines[end].top, int(match[1])))
        height = modal(top for _, top, _ in candidates)
        placed = [(page, top, shown) for page, top, shown in candidates if abs(top - height) <= 2]
        rising = all(a[2] < b[2] for a, b in zip(placed, placed[1:]))
        if rising and len(placed) >= (1 if len(pages) == 1 else max(2, PAGE_NUMBER_SHARE * len(pages))):
            found.update((page, (top, shown)) for page, top, shown in placed)
    return found


def _missing_pages(pages: list[PageLayout]) -> dict[int, str]:
    """Pages before which the shown page numbers jump: what was printed between them is missing."""
    numbered = [(p.page.number, p.shown_number) for p in pages if p.shown_number is not None]
    return {
        page: f"page numbers jump from {shown_before} to {shown} before page {page}: pages are missing"
        for (page_before, shown_before), (page, shown) in zip(numbered, numbered[1:])
        if page == page_before + 1 and shown - shown_before > 1
    }


# --- one page ---------------------------------------------------------------------------------


def _page_layout(page: Page, page_number: Optional[tuple[float, int]]) -> PageLayout:
    lines = group_lines(page.glyphs)
    furniture: list[Furniture] = []
    if page_number is not None:
        number_line = next(line for line in lines if line.top == page_number[0])
        furniture.append(_furniture("page_number", page, number_line))
        lines = [line for line in lines if line is not number_line]
    header = _find_header(lines, page.rules)
    layout = PageLayout(page=page, header=header, furniture=furniture, shown_number=page_number and page_number[1])
    above = [line for line in lines if header is None or line.bottom <= header.top]
    _read_front_matter(layout, above, is_table_page=header is not None)
    if header is not None:
        furniture.extend(_furniture("header", page, line) for line in header.lines)
        layout.body = [line for line in lines if line.top >= header.bottom - 0.5]
    return layout


def _furniture(kind: str, page: Page, line: TextLine) -> Furniture:
    text = line.text
    return Furniture(kind, page.number, round(line.top, 2), round(line.x0, 2), text, len(text.replace(" ", "")))


def _read_front_matter(layout: PageLayout, lines: list[TextLine], is_table_page: bool) -> None:
    """Titles, notes and other text above the table (or on a page with no table)."""
    title_lines: list[TextLine] = []
    for line in lines:
        text = line.text
        title = TITLE.match(text)
        if title:
            title_lines = [line]
            layout.title = (title[1].upper(), title[2].strip())
            layout.furniture.append(_furniture("title", layout.page, line))
        elif title_lines and _continues_title(title_lines[-1], line):
            # A long title wraps: same size and weight, one line pitch below.
            title_lines.append(line)
            action_line, words = layout.title
            layout.title = (action_line, f"{words} {text}".strip())
            layout.furniture.append(_furniture("title", layout.page, line))
        elif NOTE.match(text):
            title_lines = []
            layout.note = text
            layout.furniture.append(_furniture("note", layout.page, line))
        else:
            title_lines = []
            kind = "outside" if is_table_page else "front_matter"
            if kind == "outside":
                layout.outside.append(line)
            else:
                layout.furniture.append(_furniture(kind, layout.page, line))


def _continues_title(previous: TextLine, line: TextLine) -> bool:
    same_style = abs(previous.size - line.size) < 0.5 and previous.glyphs[0].bold == line.glyphs[0].bold
    return same_style and line.top - previous.bottom < 0.8 * line.size


# --- the header ---------------------------------------------------------------------------------


def _is_marker(glyph: Glyph, line_size: float) -> bool:
    return glyph.text.isdigit() and glyph.size <= MARKER_SIZE * line_size


def _label_words(line: TextLine) -> list[str]:
    size = line.size
    words = []
    for word in split_words(line):
        text = "".join(g.text for g in word if not _is_marker(g, size))
        if text:
            words.append(text)
    return words


def _header_like(line: TextLine) -> bool:
    words = _label_words(line)
    if not words:
        return False
    text = " ".join(words)
    if ":" in text:  # "Expected Results:" opens a cell, it is not a label
        return False
    plain = ACTION_LINE_IN_HEADER.sub(" ", text)
    return all(w.lower().strip("()[],.") in HEADER_VOCABULARY for w in plain.split())


def _find_header(lines: list[TextLine], rules: Sequence[Rule]) -> Optional[Header]:
    """The topmost run of lines made only of header-label words, naming at least three columns."""
    i = 0
    while i < len(lines):
        if not _header_like(lines[i]):
            i += 1
            continue
        run = [lines[i]]
        j = i + 1
        while j < len(lines) and _header_like(lines[j]) and lines[j].top - run[-1].bottom < lines[j].size:
            if _ruled_between(run, lines[j], rules):  # the header cell ends at its rule
                break
            run.append(lines[j])
            j += 1
        text = " ".join(" ".join(_label_words(line)) for line in run)
        if sum(1 for group in LABEL_GROUPS if group.search(text)) >= 3:
            return _header(run, rules)
        i = j
    return None


def _ruled_between(run: list[TextLine], line: TextLine, rules: Sequence[Rule]) -> bool:
    x0, x1 = min(r.x0 for r in run), max(r.x1 for r in run)
    return any(r.horizontal and run[-1].bottom <= r.y <= line.top and _spans(r, x0, x1) for r in rules)


def _repeated_header_only(pages: list[PageLayout]) -> None:
    """Give back to the body any line at the foot of a header that no other page repeats.

    A body line made only of label words ("and human") can sit right under a header that has no
    rule; the real header repeats on every page of the table (footnote digits aside).
    """
    if len(pages) < 2:
        return
    def key(line: TextLine) -> str:
        return "".join(ch for ch in line.text if not ch.isdigit() and not ch.isspace())

    for layout in pages:
        others = {key(line) for other in pages if other is not layout for line in other.header.lines}
        run = list(layout.header.lines)
        while len(run) > 1 and key(run[-1]) not in others:
            run.pop()
        if len(run) < len(layout.header.lines):
            given_back = layout.header.lines[len(run):]
            layout.header = _header(run, layout.page.rules)
            layout.furniture = [f for f in layout.furniture if not (f.kind == "header" and any(f.top == round(l.top, 2) and f.x0 == round(l.x0, 2) for l in given_back))]
            layout.body = sorted([*given_back, *layout.body], key=lambda line: line.top)


def _header(run: list[TextLine], rules: Sequence[Rule]) -> Header:
    top = min(line.top for line in run)
    bottom = max(line.bottom for line in run)
    x0 = min(line.x0 for line in run)
    x1 = max(line.x1 for line in run)
    size = max(line.size for line in run)
    # The header cell ends at the first rule below its text, when there is one.
    below = [r.y for r in rules if r.horizontal and bottom <= r.y <= bottom + 1.5 * size and _spans(r, x0, x1)]
    above = [r.y for r in rules if r.horizontal and top - 1.5 * size <= r.y <= top and _spans(r, x0, x1)]
    text = " ".join(line.text for line in run)
    action_line = ACTION_LINE_IN_HEADER.search(text)
    return Header(
        top=max(above) if above else top,
        bottom=min(below) if below else bottom,
        lines=tuple(run),
        labels=tuple(_labels(run, rules, top, bottom)),
        action_line=action_line[1].upper() if action_line else None,
    )


def _spans(rule: Rule, x0: float, x1: float) -> bool:
    return min(rule.x1, x1) - max(rule.x0, x0) >= SPANNING * (x1 - x0)


def _labels(run: list[TextLine], rules: Sequence[Rule], top: float, bottom: float):
    """Cluster the header's words into column labels, each with its footnote numbers.

    Where vertical rules cross the header they separate the labels; elsewhere a label is a set of
    words that overlap horizontally from line to line (labels are centred in their cells).
    """
    words: list[tuple[float, float, float, str]] = []  # x0, x1, top, text
    markers: list[tuple[float, int]] = []
    for line in run:
        for word in split_words(line):
            digits = "".join(g.text for g in word if _is_marker(g, line.size))
            text = "".join(g.text for g in word if not _is_marker(g, line.size))
            if digits:
                markers.append((word[-1].x1, int(digits)))
            if text:
                words.append((word[0].x0, word[-1].x1, word[0].top, text))
    verticals = sorted(r.x for r in rules if not r.horizontal and r.top <= top + 1 and r.bottom >= bottom - 1)
    if len(verticals) >= 2:
        clusters = _cluster_between(words, verticals)
    else:
        clusters = _cluster_by_overlap(words, max(line.size for line in run))
    labels = []
    for members in clusters:
        ordered = sorted(members, key=lambda w: (round(w[2]), w[0]))
        x0 = min(w[0] for w in members)
        x1 = max(w[1] for w in members)
        # A marker belongs to the label it is glued to: the one whose text ends nearest on its left.
        numbers = tuple(
            sorted(n for x, n in markers if _nearest_label_end(x, clusters) is members)
        )
        labels.append((x0, x1, " ".join(w[3] for w in ordered), numbers))
    return labels


def _nearest_label_end(x: float, clusters):
    def distance(members):
        ends = [w[1] for w in members if w[1] <= x + 0.5]
        return x - max(ends) if ends else float("inf")

    return min(clusters, key=distance)


def _cluster_between(words, verticals: list[float]):
    """Words grouped by the pair of vertical rules they sit between."""
    groups: dict[int, list] = {}
    for word in words:
        mid = (word[0] + word[1]) / 2
        groups.setdefault(sum(1 for v in verticals if v < mid), []).append(word)
    return [groups[k] for k in sorted(groups)]


def _cluster_by_overlap(words, size: float):
    """Words grouped when they overlap horizontally or stand close on one line (union-find)."""
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(words):
        for j in range(i + 1, len(words)):
            b = words[j]
            same_line = abs(a[2] - b[2]) < 0.5 * size
            gap = max(a[0], b[0]) - min(a[1], b[1])
            if gap < 0 or (same_line and gap < 0.6 * size):
                parent[find(i)] = find(j)
    groups: dict[int, list] = {}
    for i, word in enumerate(words):
        groups.setdefault(find(i), []).append(word)
    return sorted(groups.values(), key=lambda g: min(w[0] for w in g))


# --- tables -------------------------------------------------------------------------------------


def _tables(pages: list[PageLayout]) -> tuple[list[Table], list[str]]:
    """Group table pages into one table per action line and measure each table's columns."""
    tables: list[Table] = []
    warnings: list[str] = []
    title: Optional[tuple[str, str]] = None
    note: Optional[str] = None
    current: Optional[list[PageLayout]] = None
    runs: list[tuple[tuple[str, str], Optional[str], list[PageLayout]]] = []
    for layout in pages:
        if layout.title is not None:
            title, note, current = layout.title, None, None
        note = layout.note or note
        if layout.header is None:
            if current is not None and layout.page.glyphs:
                # A page inside a table that lost its header: nothing on it can be placed safely.
                warnings.append(f"page {layout.page.number}: no table header found; its text goes to rejects")
                layout.outside.extend(layout.body or group_lines(layout.page.glyphs))
            continue
        action_line = layout.header.action_line or (title[0] if title else None)
        if current is None or (action_line and runs[-1][0][0] != action_line):
            if title is None or (action_line and title[0] != action_line):
                title = (action_line or "", title[1] if title and not action_line else "")
                warnings.append(f"page {layout.page.number}: table of {action_line or 'an unknown action line'} has no title")
            current = []
            runs.append((title, note, current))
        current.append(layout)
    for (action_line, title_text), table_note, table_pages in runs:
        table = _measure_table(action_line, title_text, table_note, table_pages, warnings)
        if table is not None:
            tables.append(table)
    return tables, warnings


def _measure_table(action_line, title, note, pages: list[PageLayout], warnings: list[str]) -> Optional[Table]:
    _repeated_header_only(pages)
    first = pages[0]
    labels = first.header.labels
    if len(labels) < 2:
        warnings.append(f"page {first.page.number}: header has fewer than two columns")
        for layout in pages:
            layout.outside.extend(layout.body)
            layout.body = []
        return None
    centres = [(x0 + x1) / 2 for x0, x1, _, _ in labels]
    markers_by_column: list[set[int]] = [set() for _ in labels]
    for layout in pages:
        if len(layout.header.labels) == len(labels):
            for i, (_, _, _, numbers) in enumerate(layout.header.labels):
                markers_by_column[i].update(numbers)
        else:
            warnings.append(
                f"page {layout.page.number}: header has {len(layout.header.labels)} columns, "
                f"the table's first page {len(labels)}; the first page's columns are used"
            )
    cited = set().union(*markers_by_column)
    for layout in pages:
        _split_body(layout, cited, centres[0])
    span = _span(pages)
    edges = [float("-inf"), *_boundaries(pages, labels, centres, span, warnings), float("inf")]
    columns = tuple(
        Column(
            label=label,
            field=_field_of(label),
            x0=edges[i],
            x1=edges[i + 1],
            centre=centres[i],
            markers=tuple(sorted(markers_by_column[i])),
        )
        for i, (_, _, label, _) in enumerate(labels)
    )
    _claim_duplicate_fields(columns, warnings, first.page.number)
    table = Table(action_line, title, note, pages, columns, span, markers={})
    table.markers = {n: c for c in columns for n in c.markers}
    return table


def _field_of(label: str) -> Optional[str]:
    plain = ACTION_LINE_IN_HEADER.sub(" ", label)
    return next((name for pattern, name in LABEL_FIELDS if pattern.search(plain)), None)


def _claim_duplicate_fields(columns: tuple[Column, ...], warnings: list[str], page: int) -> None:
    seen: set[str] = set()
    for column in columns:
        if column.field in seen:
            warnings.append(f"page {page}: two columns map to {column.field}; '{column.label}' kept as an extra column")
            object.__setattr__(column, "field", None)
        elif column.field:
            seen.add(column.field)


def band_lines(lines: Sequence[TextLine], table: Table) -> list[TextLine]:
    """The lines of full-width band rows.

    A band line is one run of text centred on the table that crosses a column boundary, or that
    wraps from such a line (a short first or last line of a band sits right against it).
    """
    centred = [line for line in lines if _centred_run(line, table.span)]
    inner = [c.x1 for c in table.columns[:-1]]
    bands = [line for line in centred if any(_runs_across(line, x) for x in inner)]
    grown = True
    while grown:
        grown = False
        for line in centred:
            if not any(line is band for band in bands) and any(touching(line, band) for band in bands):
                bands.append(line)
                grown = True
    return sorted(bands, key=lambda line: line.top)


def _runs_across(line: TextLine, x: float) -> bool:
    """Whether the line's text runs on across x, not with a gutter there (two cells side by side)."""
    glyphs = [g for g in line.glyphs if not g.text.isspace()]
    if not glyphs or not glyphs[0].x0 < x < glyphs[-1].x1:
        return False
    gaps = [b.x0 - a.x1 for a, b in zip(glyphs, glyphs[1:])]
    words = sorted(gap for gap in gaps if gap > 0.1 * line.size) or [0.25 * line.size]
    typical = words[len(words) // 2]
    at_x = next((gap for gap, a, b in zip(gaps, glyphs, glyphs[1:]) if a.x1 <= x <= b.x0), 0.0)
    return at_x <= 1.5 * typical


def _centred_run(line: TextLine, span: tuple[float, float]) -> bool:
    segments = split_segments(line, gap_em=0.8)
    if len(segments) != 1:
        return False
    middle = (segments[0][0].x0 + segments[0][-1].x1) / 2
    return abs(middle - (span[0] + span[1]) / 2) <= BAND_CENTRING * (span[1] - span[0])


def touching(line: TextLine, other: TextLine) -> bool:
    gap = max(line.top - other.bottom, other.top - line.bottom)
    return gap < 0.5 * min(line.size, other.size)


def _span(pages: list[PageLayout]) -> tuple[float, float]:
    """The table's left and right edges: its spanning rules, else the furthest text."""
    ruled = [
        (r.x0, r.x1)
        for layout in pages
        for r in layout.page.rules
        if r.horizontal and r.y >= layout.header.top - 1 and _spans(r, *_header_span(layout.header))
    ]
    if ruled:
        return min(x for x, _ in ruled), max(x for _, x in ruled)
    lines = [line for layout in pages for line in (*layout.header.lines, *layout.body)]
    return min(line.x0 for line in lines), max(line.x1 for line in lines)


def _boundaries(pages: list[PageLayout], labels, centres: list[float], span, warnings: list[str]) -> list[float]:
    """The x between each pair of adjacent columns.

    A vertical rule between two labels is the boundary. Without one, the boundary is the right end
    of a white gutter that the body text leaves between the two labels (each label lies inside its
    own column): cells are filled from their left edge, so the next column's lines start right
    there. Of several gutters (word spaces that happen to line up in a few ragged lines), the widest
    at whose end some glyph starts wins.
    """
    verticals = sorted(
        r.x for layout in pages for r in layout.page.rules if not r.horizontal and r.bottom - r.top > 0
    )
    glyphs = [
        g
        for layout in pages
        for line in layout.body
        if not _centred_run(line, span)  # band lines cross the gutters: leave them out
        for g in line.glyphs
        if not g.text.isspace()
    ]
    covered = sorted((g.x0, g.x1) for g in glyphs)
    starts = Counter(round(g.x0) for g in glyphs)
    boundaries = []
    for (_, left_end, _, _), (right_start, _, _, _), a, b in zip(labels, labels[1:], centres, centres[1:]):
        between = [v for v in verticals if left_end <= v <= right_start]
        if between:
            boundaries.append(modal(between))
            continue
        gaps = _gutters(covered, left_end, right_start + 0.5)
        if not gaps:
            warnings.append(f"no gutter between columns at x {a:.0f}-{b:.0f}; split halfway between the labels")
            boundaries.append((left_end + right_start) / 2)
            continue
        best = max(gaps, key=lambda gap: (any(starts[round(gap[1]) + d] for d in (-1, 0, 1)), gap[1] - gap[0]))
        boundaries.append(best[1] - 0.01)
    return boundaries


def _gutters(intervals: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    """The stretches of (lo, hi) that no interval covers."""
    gaps = []
    reach = lo
    for x0, x1 in intervals:
        if x1 <= reach:
            continue
        if x0 >= hi:
            break
        if x0 > reach:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    if reach < hi:
        gaps.append((reach, hi))
    return gaps


# --- body, footnotes and what lies outside the table -----------------------------------------------


def _header_span(header: Header) -> tuple[float, float]:
    return min(label[0] for label in header.labels), max(label[1] for label in header.labels)


def row_rules(layout: PageLayout) -> list[float]:
    """Horizontal rules that span the table below its header: row separators and the table's end."""
    if layout.header is None:
        return []
    x0, x1 = _header_span(layout.header)
    return sorted(
        r.y for r in layout.page.rules if r.horizontal and r.y > layout.header.bottom + 0.5 and _spans(r, x0, x1)
    )


def _split_body(layout: PageLayout, cited: set[int], first_centre: float) -> None:
    """Split the lines below the header into table body, footnotes, and text outside the table.

    Footnotes open with a number the header cites, at the table's left, and are set smaller than
    the body or ruled off from it.
    """
    lines = sorted(layout.body, key=lambda line: line.top)
    body_size = modal((g.size for line in lines for g in line.glyphs if not g.text.isspace()), 0.0)
    rules = row_rules(layout)
    table_bottom = rules[-1] if rules else float("inf")
    x0, x1 = _header_span(layout.header)
    # The footnote separator: a short rule, well under the table's width.
    separators = [r for r in layout.page.rules if r.horizontal and r.y > layout.header.bottom and r.x1 - r.x0 < 0.5 * (x1 - x0)]
    start = None
    for i, line in enumerate(lines):
        match = FOOTNOTE_START.match(line.text)
        if not match or int(match[1]) not in cited or line.x0 >= first_centre:
            continue
        smaller = line.size < 0.95 * body_size
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
