"""Self-check of the writer engine, without our extractor: read its PDF back with pdfplumber and
check it against what was written and where LibreOffice says it laid it out.

- the PDF has the page count LibreOffice reports;
- the words of the whole PDF are, as a multiset, exactly the words written: every cell, band,
  title, note, header label (once per page of its table, markers where they should show),
  footnote and page header or footer; so nothing is missing, added, hyphenated or altered
  (ligatures must read back as their letters). Words are cut after their hyphens on both sides,
  as a line may break there;
- a Writer footnote is printed on the page of its marker (the table's first);
- every cell, title, band and footnote is where LibreOffice says it laid it out: on one page, each
  of its paragraphs there in one piece and in order (the PDF's text runs in drawing order, cell by
  cell); over pages, its text in one piece on each of them, in order.
"""

from __future__ import annotations

import io
import re
from collections import Counter

import pdfplumber

from .writer import WriterEdition

BULLETS = re.compile("[\uf0b7▪●•]")


def _plain(text: str) -> str:
    return BULLETS.sub("•", text)


def words(text: str) -> list[str]:
    """Whitespace-separated words, each cut after its inner hyphens ("non-", "discriminatory")."""
    return [piece for word in _plain(text).split() for piece in re.split(r"(?<=[^-\s]-)(?=[^-])", word)]


def squeezed(text: str) -> str:
    """Text for the order checks: no whitespace, and no bullets either: a glyph that the font lacks
    (Caladea has no "▪") comes from a fallback font, which LibreOffice draws after the line."""
    return re.sub(r"\s+", "", BULLETS.sub("", text))


Placed = tuple[int, int, list[str]]  # first page, last page, paragraphs in the order they are drawn


def _cell_placement(paragraphs: list[str], pages: list[int]) -> Placed:
    """A cell's non-blank paragraphs as drawn: in order on one page, or as one text over its pages."""
    text = [p for p in paragraphs if p.strip()]
    return (pages[0], pages[1], text if pages[0] == pages[1] else ["\n".join(text)])


def _written(e: WriterEdition) -> tuple[list[str], list[Placed]]:
    """Every text written (for the word count of the whole PDF), and where each was laid out."""
    plan, info, L = e.plan, e.layout_info, e.plan.layout
    body = list(plan.body)
    if L.footnotes == "block":  # the footnote paragraphs after each table, as printed
        block = iter(e.footnotes)
        body = [f"{n['number']} {n['text']}" if re.match(r"\d+ ", text) and (n := next(block)) else text for text in body]
    if len(body) != len(info["body"]):
        raise AssertionError(f"{len(info['body'])} paragraphs outside tables, wrote {len(body)}")
    texts: list[str] = list(body)
    placed: list[Placed] = [(*where["pages"], [text]) for text, where in zip(body, info["body"])]
    rows = [row for al in e.content.action_lines for s in al.sections for row in s.rows]
    for (record, key), (table, cell, _) in plan.cells.items():
        paragraphs = rows[record].cells.get(key, [])
        texts += paragraphs
        if any(p.strip() for p in paragraphs):
            placed.append(_cell_placement(paragraphs, info["tables"][table]["cells"][cell]))
    for table, cell, band in plan.bands:
        texts.append(band)
        placed.append((*info["tables"][table]["cells"][cell], [band]))
    for t in plan.tables:
        first, last = info["tables"][t.name]["pages"]
        texts += t.first_header + t.repeated_header * (last - first)
    for note, where in zip(e.footnotes if L.footnotes == "notes" else [], info["footnotes"]):
        text = f"{note['number']} {note['text']}"
        texts.append(text)
        placed.append((*where["pages"], [text]))
    first_numbered = 2 if L.cover_page else 1
    for n in range(first_numbered, info["page_count"] + 1):
        texts.append(plan.furniture(n, info["page_count"]))
    return texts, placed


def _longest_prefix_in(text: str, stream: str) -> int:
    """The length of the longest start of `text` found in `stream` (binary search: a start of a
    found start is found too)."""
    low, high = 0, len(text)
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if text[:mid] in stream else (low, mid - 1)
    return low


def _placement_problems(placed: list[Placed], streams: list[str]) -> list[str]:
    problems = []
    for first, last, paragraphs in placed:
        if not 1 <= first <= last <= len(streams):
            problems.append(f"pages {first}-{last} of {len(streams)}: {paragraphs[0][:60]!r}")
            continue
        if first == last:  # in one piece each, in order
            start = 0
            for p in paragraphs:
                at = streams[first - 1].find(squeezed(p), start)
                if at < 0:
                    where = "out of order" if squeezed(p) in streams[first - 1] else "not there in one piece"
                    problems.append(f"page {first}: {p[:60]!r} {where}")
                start = at + len(squeezed(p)) if at >= 0 else start
            continue
        rest = squeezed(paragraphs[0])  # over a page break: a piece on each page from first to last
        for page in range(first, last + 1):
            k = _longest_prefix_in(rest, streams[page - 1])
            if k == 0:
                break
            rest = rest[k:]
        if rest:
            problems.append(f"pages {first}-{last}: {paragraphs[0][:60]!r} not laid out over those pages")
    return problems


def writer_self_check(e: WriterEdition) -> list[str]:
    """Problems found; an empty list when the PDF holds exactly what was written, where it was laid out."""
    with pdfplumber.open(io.BytesIO(e.pdf)) as pdf:
        pages = pdf.pages
        if len(pages) != e.layout_info["page_count"]:
            return [f"{len(pages)} pages in the PDF, LibreOffice laid out {e.layout_info['page_count']}"]
        read = [[w["text"] for w in page.extract_words(use_text_flow=True)] for page in pages]
        streams = [squeezed("".join(c["text"] for c in page.chars)) for page in pages]
    texts, placed = _written(e)
    problems = []
    got, want = Counter(w for page in read for piece in page for w in words(piece)), Counter(w for t in texts for w in words(t))
    if got != want:
        missing, extra = want - got, got - want
        problems.append(f"words written but not read: {sorted(missing.elements())[:12]}; read but not written: {sorted(extra.elements())[:12]}")
    problems += [f"footnote {k + 1} on pages {n['pages']}, its marker on page {n['anchor']}"
                 for k, n in enumerate(e.layout_info["footnotes"]) if n["pages"] != [n["anchor"]] * 2]
    return problems + _placement_problems(placed, streams)
