"""The second engine of the synthetic editions: the same Content typeset by LibreOffice Writer
(a flat OpenDocument written by writer_odf, converted by soffice through lo_bridge), with the exact
expected output: content.expected_records / expected_footnotes plus each record's `pages`, which
LibreOffice itself reports after layout (its view cursor's page of every paragraph).

Writer breaks lines where it likes: after a "/" or a dash, and inside a word wider than its cell.
Such a break inside a word is read back, per the contract, as two lines joined by a space (after a
hyphen, without one). The paragraphs at risk are probed line by line, and the expected text of
those that broke inside a word carries that space: it is what the PDF says.
"""

from __future__ import annotations

import copy
import dataclasses
import random
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from .content import Content, expected_footnotes, expected_records, footnote_numbers, sample_content  # noqa: F401 (API)
from .lo_client import convert
from .writer_layout import WriterLayout, random_writer_layout, writer_variations  # noqa: F401 (API)
from .writer_odf import DocumentPlan, write_fodt

# Characters after which (or before a dash of which) Writer may break a line inside a word.
BREAK_CHARS = "/\\–—…"
BREAKS_INSIDE_WORDS = re.compile(rf"\S[{re.escape(BREAK_CHARS)}]\S|\S[–—]")


@dataclass
class WriterEdition:
    pdf: bytes
    records: list[dict]
    footnotes: list[dict]
    plan: DocumentPlan  # what was written where
    layout_info: dict  # the bridge's answer: pages of every table cell, body paragraph and footnote
    content: Content  # as printed: the content with the spaces of line breaks inside words
    fallback: str | None = None  # why the edition was typeset otherwise than its layout asked


def as_printed(text: str, breaks: list[int]) -> str:
    """A paragraph as the contract reads it back, given the offsets where its lines break: a break
    inside a word becomes a space, except after a hyphen."""
    out, last = [], 0
    for k in sorted(breaks):
        out.append(text[last:k])
        last = k
        if not text[k - 1].isspace() and not text[k].isspace() and text[k - 1] != "-":
            out.append(" ")
    return "".join(out) + text[last:]


def _probes(plan: DocumentPlan, full: bool) -> list[tuple[dict, tuple]]:
    """(probe, what) of each paragraph whose line breaks we need: the probe for the bridge (all of
    its breaks for a word wider than its cell, or `full`; else only those inside words), and what
    it is for us: ("cell", record, key, i) or ("footnote", index)."""
    out = []
    for (record, key), (table, cell, paragraphs) in plan.cells.items():
        for i, p in enumerate(paragraphs):
            wide = (table, cell, i) in plan.at_risk
            if BREAKS_INSIDE_WORDS.search(p) or wide:
                out.append((dict(where=["cell", table, cell, i], full=full or wide), ("cell", record, key, i)))
    for k, (_, text) in enumerate(plan.footnotes):
        if BREAKS_INSIDE_WORDS.search(text):
            out.append((dict(where=["footnote", k, 0], full=full), ("footnote", k)))
    if plan.layout.footnotes == "block":
        for i, text in enumerate(plan.body):
            if re.match(r"\d+ ", text) and BREAKS_INSIDE_WORDS.search(text):
                out.append((dict(where=["body", i], full=full), ("footnote", int(text.split()[0]) - 1)))
    return out


def _printed_content(content: Content, plan: DocumentPlan, probes, answers: list[dict]) -> Content:
    """The content with each probed paragraph as printed."""
    printed = copy.deepcopy(content)
    rows = [row for al in printed.action_lines for s in al.sections for row in s.rows]
    notes = footnote_numbers(printed, plan.layout.column_keys)
    for (_, what), answer in zip(probes, answers):
        text = as_printed(answer["text"], answer["breaks"])
        if what[0] == "cell":
            _, record, key, i = what
            cell = rows[record].cells[key]
            if cell[i].startswith("• "):  # Writer's paragraph holds the typed glyph, or no glyph in a list
                text = "• " + text if plan.layout.list_bullets else "•" + text[1:]
            cell[i] = text
        else:
            al, key, number = notes[what[1]]
            al.footnotes[key] = text.split(" ", 1)[1] if plan.layout.footnotes == "block" else text
    return printed


def record_pages(plan: DocumentPlan, info: dict, record: int) -> list[int]:
    """The pages the record's non-empty cells lie on, from the first to the last page of each (a
    cell's text never starts or ends with a blank paragraph: content.sample_content)."""
    pages: set[int] = set()
    for key in plan.layout.column_keys:
        table, cell, paragraphs = plan.cells[(record, key)]
        if any(p.strip() for p in paragraphs):
            first, last = info["tables"][table]["cells"][cell]
            pages.update(range(first, last + 1))
    return sorted(pages)


def _typeset(plan: DocumentPlan, probes) -> tuple[bytes, dict]:
    with tempfile.TemporaryDirectory(prefix="writer-edition-") as folder:
        fodt, pdf = Path(folder) / "edition.fodt", Path(folder) / "edition.pdf"
        fodt.write_text(plan.xml, encoding="utf-8")
        info = convert(fodt, pdf, [probe for probe, _ in probes], BREAK_CHARS)
        return pdf.read_bytes(), info


def lost_footnotes(pdf: bytes, plan: DocumentPlan, info: dict) -> list[int]:
    """Numbers (1-based, in document order) of the Writer footnotes that are not printed on the page
    LibreOffice says they are on. LibreOffice 7.4 drops some footnotes anchored in a repeated heading
    row when its table starts at the top of a page, while its layout still places them."""
    squeeze = lambda text: "".join(unicodedata.normalize("NFKC", text).split())  # noqa: E731
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = {}
        for where in info["footnotes"]:
            n = where["pages"][0]
            if n not in pages:
                pages[n] = squeeze(doc[n - 1].get_textpage().get_text_range())
        return [k + 1 for k, ((_, text), where) in enumerate(zip(plan.footnotes, info["footnotes"]))
                if squeeze(text)[:60] not in pages[where["pages"][0]]]
    finally:
        doc.close()


def render_edition(content: Content, layout: WriterLayout, edition: str, full_probes: bool = False) -> WriterEdition:
    """The edition, its expected output and what LibreOffice says of its layout. `full_probes` reads
    every line of the probed paragraphs (slow; to check that reading only the candidates suffices).
    An edition whose Writer footnotes LibreOffice lost is typeset again with the footnote block."""
    plan = write_fodt(content, layout)
    probes = _probes(plan, full_probes)
    pdf_bytes, info = _typeset(plan, probes)
    fallback = None
    if layout.footnotes == "notes" and (lost := lost_footnotes(pdf_bytes, plan, info)):
        fallback = f"LibreOffice did not print footnote(s) {lost}: typeset with footnotes='block'"
        layout = dataclasses.replace(layout, footnotes="block")
        plan = write_fodt(content, layout)
        probes = _probes(plan, full_probes)
        pdf_bytes, info = _typeset(plan, probes)
    printed = _printed_content(content, plan, probes, info["probes"])
    records = expected_records(printed, layout.column_keys, edition)
    for index, record in enumerate(records):
        record["pages"] = record_pages(plan, info, index)
    footnotes = expected_footnotes(printed, layout.column_keys, edition)
    return WriterEdition(pdf_bytes, records, footnotes, plan, info, printed, fallback)


def render_writer(content: Content, layout: WriterLayout, edition: str) -> tuple[bytes, list[dict], list[dict]]:
    """(PDF, expected records, expected footnotes) of the content typeset by LibreOffice Writer."""
    e = render_edition(content, layout, edition)
    return e.pdf, e.records, e.footnotes


def seeded_edition(seed: int, edition: str | None = None) -> WriterEdition:
    """The writer edition of a seed: sample_content and random_writer_layout drawn from it."""
    return render_edition(sample_content(random.Random(seed)), random_writer_layout(random.Random(seed)),
                          edition or f"writer-{seed}")
