"""Self-check of the writer engine, without our extractor: read its PDF back with pdfplumber and
check it against what was written and where LibreOffice says it laid it out.

- the PDF has the page count LibreOffice reports;
- the words of the whole PDF are, as a multiset, exactly the words written: every cell, band,
  title, note, header label (once per page of its table, markers where they should show),
  footnote and page header or footer; so nothing is missing, added, hyphenated or altered
  (ligatures must read back as their letters). Words are cut after their hyphens on both sides,
  as a line may break there;
- every paragraph that LibreOffice laid out on one page is on that page, in one piece, and the
  paragraphs of a cell come in order there (the PDF's text runs in drawing order, cell by cell).
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
    return re.sub(r"\s+", "", _plain(text))


def _written(e: WriterEdition) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Every text written, as (whole-document texts, [(page, paragraphs of one cell or block on it)])."""
    plan, info, L = e.plan, e.layout_info, e.plan.layout
    body = list(plan.body)
    if L.footnotes == "block":  # the footnote paragraphs after each table, as printed
        block = iter(e.footnotes)
        body = [f"{n['number']} {n['text']}" if re.match(r"\d+ ", text) and (n := next(block)) else text for text in body]
    if len(body) != len(info["body"]):
        raise AssertionError(f"{len(info['body'])} paragraphs outside tables, wrote {len(body)}")
    texts: list[str] = list(body)
    placed: list[tuple[int, list[str]]] = []
    for text, where in zip(body, info["body"]):
        if where["pages"][0] == where["pages"][1]:
            placed.append((where["pages"][0], [text]))
    rows = [row for al in e.content.action_lines for s in al.sections for row in s.rows]
    for (record, key), (table, cell, _) in plan.cells.items():
        paragraphs = [p for p in rows[record].cells.get(key, [])]
        texts += paragraphs
        where = info["tables"][table]["cells"][cell]
        spans = where.get("paragraphs") or [where["pages"]] * len(paragraphs)
        for page in sorted({first for first, last in spans if first == last}):
            placed.append((page, [p for p, (first, last) in zip(paragraphs, spans) if first == last == page and p.strip()]))
    for table, cell, band in plan.bands:
        texts.append(band)
        first, last = info["tables"][table]["cells"][cell]["pages"]
        if first == last:
            placed.append((first, [band]))
    for t in plan.tables:
        first, last = info["tables"][t.name]["pages"]
        texts += t.first_header + t.repeated_header * (last - first)
    notes = dict(enumerate(e.footnotes)) if L.footnotes == "notes" else {}
    for k, where in enumerate(info["footnotes"]):
        texts.append(f"{notes[k]['number']} {notes[k]['text']}")
    first_numbered = 2 if L.cover_page else 1
    for n in range(first_numbered, info["page_count"] + 1):
        texts.append(plan.furniture(n, info["page_count"]))
    return texts, placed


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
    for page, paragraphs in placed:
        start = 0
        for p in paragraphs:
            at = streams[page - 1].find(squeezed(p), start)
            if at < 0:
                where = "elsewhere on the page" if squeezed(p) in streams[page - 1] else "not on the page"
                problems.append(f"page {page}: {p[:60]!r} {where}, out of order or cut")
            else:
                start = at + len(squeezed(p))
    return problems
