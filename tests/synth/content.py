"""What a synthetic edition says: action lines, sections and rows, sampled from the replica fixtures.

A cell is a list of paragraphs; "" is a blank paragraph, [] an empty cell. Bullets are written "•"
here (as in the expected text); the layout chooses the glyph the PDF shows.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# Every column an edition may have, in table order: the contract's text fields, then the extras.
TEXT_FIELDS = ("outcome_text", "timing_text", "goals_text", "sdgs_text", "results_text")
EXTRA_LABELS = {"impact": "Impact on ITU Human and Financial Resources", "partners": "Relevant Partners"}
COLUMN_KEYS = TEXT_FIELDS + tuple(EXTRA_LABELS)

TITLES = {
    "C2": "Information and Communication Infrastructure",
    "C5": "Building Confidence and Security in Use of ICTs",
    "C6": "Enabling Environment",
}
NOTES = ["Note: GCA – Global Cybersecurity Agenda"]

IMPACT = [
    "Within existing budgetary resources",
    "Regular budget\nExtra-budgetary resources to be mobilized",
    "Staff: 1 P-4, 0.5 G-5\nNon-staff: CHF 120 000",
    "To be determined",
    "Covered by the ITU-D operational plan 2020-2023",
]
PARTNERS = [
    "UNESCO, UNDP, UNCTAD",
    "Regional organizations (APT, ATU, CEPT, CITEL, RCC)",
    "ITU Member States, Sector Members and Academia",
    "World Bank; regional development banks",
    "• Internet Society\n• ICANN\n• Regional Internet Registries",
]
URLS = [
    "www.itu.int/ITU-D/pdf/op/ITU-D-StrategicPlan-2008-2011.pdf",
    "https://www.itu.int/en/council/cwg-wsis/Documents/Resolution-140-PP18.pdf",
    "https://www.itu.int/en/ITU-D/Cybersecurity/Pages/global-cybersecurity-index.aspx",
]
HYPHENATED = (
    "Promote and enforce non-discriminatory, cross-border and multi-stakeholder approaches to "
    "evidence-based policy-making for small- and medium-sized enterprises, e-government and "
    "e-commerce, including cost-oriented and non-discriminatory interconnection"
)
SDG_FOOTNOTE = "The Sustainable Development Goals and targets (A/RES/70/1) that each outcome contributes to."
LABEL = re.compile(r"^([A-Za-z]{1,2}\d{0,2})[:.]\s*")


@dataclass
class Row:
    outcome_id: str  # the label without punctuation: "A", "B1", "a"
    cells: dict[str, list[str]]  # column key -> paragraphs; outcome_text's first one starts with the label


@dataclass
class Section:
    band: str  # the full-width band row's text
    rows: list[Row]


@dataclass
class ActionLine:
    id: str  # "C2"
    title: str
    note: str | None = None  # a line under the title, such as "Note: GCA – Global Cybersecurity Agenda"
    footnotes: dict[str, str] = field(default_factory=dict)  # column key -> footnote text on its header label
    sections: list[Section] = field(default_factory=list)


@dataclass
class Content:
    action_lines: list[ActionLine]


@cache
def _pool() -> dict:
    """Cells, paragraphs, sections and footnotes of every replica edition under tests/fixtures."""
    pool: dict = {key: [] for key in TEXT_FIELDS}
    pool.update(sections=[], footnotes={key: [] for key in TEXT_FIELDS}, paragraphs=[])
    pool["footnotes"]["sdgs_text"].append(SDG_FOOTNOTE)  # the replicas cite none on that column
    for path in sorted(FIXTURES.glob("*/expected-records.json")):
        for rec in json.loads(path.read_text()):
            for key in TEXT_FIELDS:
                text = rec[key]
                if key == "outcome_text":
                    text = LABEL.sub("", text, count=1)
                if text and text not in pool[key]:
                    pool[key].append(text)
            if rec["section"] not in pool["sections"]:
                pool["sections"].append(rec["section"])
            pool["paragraphs"] += [p for p in rec["results_text"].split("\n") if len(p) > 40]
        for note in json.loads((path.parent / "expected-footnotes.json").read_text()):
            if note["cited_by"] in TEXT_FIELDS:
                pool["footnotes"][note["cited_by"]].append(note["text"])
    return pool


def _labels(rng: random.Random, style: str, n: int) -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    if style == "lower":
        return [f"{letters[i].lower()}." for i in range(n)]
    if style == "upper":
        return [f"{letters[i]}:" for i in range(n)]
    labels = []  # "upper_digit": A1:, A2:, B1:, ...
    for letter in letters:
        labels += [f"{letter}{k}:" for k in range(1, rng.randint(1, 3) + 1)]
        if len(labels) >= n:
            return labels[:n]
    raise ValueError(n)


def _row(rng: random.Random, label: str) -> Row:
    pool = _pool()
    cells = {key: rng.choice(pool[key]).split("\n") for key in TEXT_FIELDS}
    cells["outcome_text"][0] = f"{label} {cells['outcome_text'][0]}"
    cells["impact"] = rng.choice(IMPACT).split("\n")
    cells["partners"] = rng.choice(PARTNERS).split("\n")
    return Row(LABEL.match(label + " ").group(1), cells)


def _long_cell(rng: random.Random, chars: int) -> list[str]:
    paragraphs = ["ITU Activities:"]
    while sum(len(p) for p in paragraphs) < chars:
        paragraphs.append(rng.choice(_pool()["paragraphs"]))
    return paragraphs


def sample_content(rng: random.Random, max_rows: int = 5, awkward: float = 0.5) -> Content:
    """A document of one to three action lines built from the replicas' cells.

    Each awkward case is put in with probability `awkward`: an empty cell, a cell that is only a URL,
    a paragraph of hyphenated compounds, blank paragraphs between items, a one-row table, and rows
    long enough to run over two and three page breaks.
    """
    pool = _pool()
    ids = sorted(rng.sample(sorted(TITLES), rng.randint(1, 3)))
    content = Content([])
    for al_id in ids:
        al = ActionLine(al_id, TITLES[al_id])
        if al_id == "C5" or rng.random() < 0.2:
            al.note = rng.choice(NOTES)
        al.footnotes = {k: rng.choice(pool["footnotes"][k]) for k in TEXT_FIELDS if rng.random() < 0.7}
        first = rng.choice(["upper", "upper_digit", "lower"])  # two sections never share a label style
        styles = [first, "lower" if first != "lower" else rng.choice(["upper", "upper_digit"])]
        for band, style in zip(pool["sections"][: rng.randint(1, 2)], styles):
            n = rng.randint(1, max_rows)
            al.sections.append(Section(band, [_row(rng, label) for label in _labels(rng, style, n)]))
        content.action_lines.append(al)

    rows = [row for al in content.action_lines for s in al.sections for row in s.rows]
    other = [k for k in COLUMN_KEYS if k != "outcome_text"]
    if rng.random() < awkward:  # a one-row table
        al = rng.choice(content.action_lines)
        al.sections = [Section(al.sections[0].band, al.sections[0].rows[:1])]
        rows = [row for al in content.action_lines for s in al.sections for row in s.rows]
    if rng.random() < awkward:
        rng.choice(rows).cells[rng.choice(["timing_text", "sdgs_text", "goals_text"])] = []
    if rng.random() < awkward:
        rng.choice(rows).cells[rng.choice(other)] = [rng.choice(URLS)]
    if rng.random() < awkward:
        cell = rng.choice(rows).cells[rng.choice(["outcome_text", "results_text"])]
        cell.insert(1, HYPHENATED)
    if rng.random() < awkward:
        cell = rng.choice(rows).cells["results_text"]
        for i in sorted(rng.sample(range(1, len(cell)), max(0, min(3, len(cell) - 1))), reverse=True):
            cell.insert(i, "")
    if rng.random() < awkward:
        for chars in rng.sample([3500, 7000], rng.randint(1, 2)):
            rng.choice(rows).cells["results_text"] = _long_cell(rng, chars)
    return content


# --- content of a replica, and what any engine's edition of a Content must extract to ------------

REPLICA_NOTES = {"C5": NOTES[0]}


def content_from_records(records: list[dict], footnotes: list[dict], notes: dict[str, str] = REPLICA_NOTES) -> Content:
    """A replica's expected records and footnotes as Content, so that any engine can typeset the
    real roadmap text anew and the replica's expected output is the exact answer (pages aside)."""
    content = Content([])
    for rec in records:
        if not content.action_lines or content.action_lines[-1].id != rec["action_line"]:
            content.action_lines.append(ActionLine(rec["action_line"], rec["action_line_title"], notes.get(rec["action_line"])))
        al = content.action_lines[-1]
        if not al.sections or al.sections[-1].band != rec["section"]:
            al.sections.append(Section(rec["section"], []))
        cells = {key: rec[key].split("\n") if rec[key] else [] for key in TEXT_FIELDS}
        for key, label in EXTRA_LABELS.items():
            if label in rec.get("extra_columns", {}):
                cells[key] = (rec["extra_columns"][label] or "").split("\n")
        al.sections[-1].rows.append(Row(rec["outcome_id"], cells))
    for note in footnotes:
        al = next(a for a in content.action_lines if a.id == note["action_line"])
        al.footnotes[note["cited_by"]] = note["text"]
    return content


def _cell_text(paragraphs: list[str]) -> str | None:
    return "\n".join(p for p in paragraphs if p.strip()) or None


def expected_records(content: Content, columns: tuple[str, ...], edition: str) -> list[dict]:
    """What a perfect extraction of `content` typeset with these columns returns (no `pages`: an
    engine that breaks its own lines and pages knows them only from what it drew)."""
    records = []
    for al in content.action_lines:
        for section in al.sections:
            for row in section.rows:
                texts = {key: _cell_text(row.cells.get(key, [])) for key in columns}
                records.append(dict(
                    edition=edition, action_line=al.id, action_line_title=al.title, section=section.band,
                    outcome_id=row.outcome_id, **{k: texts.get(k) for k in TEXT_FIELDS},
                    extra_columns={EXTRA_LABELS[k]: texts[k] or "" for k in EXTRA_LABELS if k in texts},
                ))
    return records


def footnote_numbers(content: Content, columns: tuple[str, ...]) -> list[tuple[ActionLine, str, int]]:
    """(action line, column key, number) of every footnote: numbered through the document, each
    table's in column order, only on the columns the edition has."""
    out, number = [], 0
    for al in content.action_lines:
        for key in columns:
            if key in al.footnotes:
                number += 1
                out.append((al, key, number))
    return out


def expected_footnotes(content: Content, columns: tuple[str, ...], edition: str) -> list[dict]:
    return [
        dict(edition=edition, action_line=al.id, number=number, text=al.footnotes[key], cited_by=key)
        for al, key, number in footnote_numbers(content, columns)
    ]
