"""How the tests compare text with an expected value (docs/output-contract.md): paragraph by paragraph.

A text field holds a cell's paragraphs joined by "\\n". Two texts are equal when they have the same
paragraphs in the same order, each compared after collapsing whitespace and dropping whitespace
after a hyphen (a line break after a hyphen cannot tell "small- and" from "non-discriminatory").
Whitespace is never collapsed across paragraphs: that hid merged paragraphs.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any, Optional

import regex

TEXT_KEYS = ("outcome_text", "timing_text", "goals_text", "sdgs_text", "results_text", "section", "action_line_title", "text")
CELL_KEYS = ("outcome_text", "timing_text", "goals_text", "sdgs_text", "results_text")


def normalise(text: str) -> str:
    """One paragraph: whitespace collapsed, none after a hyphen."""
    return regex.sub(r"-\s+", "-", " ".join(text.split()))


def paragraphs(text: Optional[str]) -> Optional[tuple[str, ...]]:
    """A text field as its normalised paragraphs (blank ones left out); None stays None."""
    if text is None:
        return None
    return tuple(p for p in (normalise(line) for line in text.split("\n")) if p)


def comparable(item: dict[str, Any], keys) -> dict[str, Any]:
    out = {}
    for key in keys:
        value = item.get(key)
        if key in TEXT_KEYS:
            value = paragraphs(value)
        elif key == "extra_columns":
            value = {label: paragraphs(text) for label, text in (value or {}).items()}
        out[key] = value
    return out


def first_difference(got: Optional[str], want: Optional[str]) -> str:
    """Where two texts' paragraphs part: the paragraphs around the first that differs."""
    a, b = paragraphs(got) or (), paragraphs(want) or ()
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"paragraph {i + 1}: got {a[i:i + 2]!r} expected {b[i:i + 2]!r}"


@dataclass
class Score:
    """How close an extraction is to its expected records, counted as the layout issue counts it."""

    records: int = 0  # expected records
    matched: int = 0  # found, same action line and outcome id, in order
    sections_right: int = 0
    cells: int = 0  # expected cells (text fields and extra columns) of matched records
    cells_exact: int = 0
    paragraphs: int = 0  # expected paragraphs of those cells
    paragraphs_exact: int = 0
    extra_records: int = 0  # extracted records that match no expected one
    footnotes: int = 0
    footnotes_exact: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def exact(self) -> bool:
        return not self.misses

    def summary(self) -> str:
        return (
            f"records {self.matched}/{self.records} (+{self.extra_records} extra), sections {self.sections_right}/{self.records}, "
            f"cells {self.cells_exact}/{self.cells}, paragraphs {self.paragraphs_exact}/{self.paragraphs}, "
            f"footnotes {self.footnotes_exact}/{self.footnotes}"
        )


def _cells(record: dict[str, Any]) -> dict[str, Optional[tuple[str, ...]]]:
    cells = {key: paragraphs(record.get(key)) for key in CELL_KEYS}
    cells.update({f"extra:{label}": paragraphs(text) for label, text in (record.get("extra_columns") or {}).items()})
    return cells


def score(got: list[dict], want: list[dict], got_footnotes: list[dict], want_footnotes: list[dict]) -> Score:
    """Match records in document order by (action line, outcome id), then count what is exact."""
    result = Score(records=len(want), footnotes=len(want_footnotes))
    key = lambda r: (r["action_line"], r["outcome_id"])  # noqa: E731
    matcher = difflib.SequenceMatcher(None, [key(r) for r in got], [key(r) for r in want], autojunk=False)
    pairs = [(got[b.a + k], want[b.b + k]) for b in matcher.get_matching_blocks() for k in range(b.size)]
    result.matched = len(pairs)
    result.extra_records = len(got) - len(pairs)
    found = {id(w) for _, w in pairs}
    result.misses += [f"{w['action_line']} {w['outcome_id']}: not found" for w in want if id(w) not in found]
    if result.extra_records:
        result.misses.append(f"{result.extra_records} extracted records match no expected one")
    for have, wanted in pairs:
        name = f"{wanted['action_line']} {wanted['outcome_id']}"
        if have.get("section") == wanted.get("section") or paragraphs(have.get("section")) == paragraphs(wanted.get("section")):
            result.sections_right += 1
        else:
            result.misses.append(f"{name} section: got {have.get('section')!r}")
        mine, theirs = _cells(have), _cells(wanted)
        for column, expected_paragraphs in theirs.items():
            got_paragraphs = mine.get(column)
            result.cells += 1
            count = len(expected_paragraphs or ())
            result.paragraphs += count
            if got_paragraphs == expected_paragraphs:
                result.cells_exact += 1
                result.paragraphs_exact += count
                continue
            same = difflib.SequenceMatcher(None, got_paragraphs or (), expected_paragraphs or (), autojunk=False)
            result.paragraphs_exact += sum(b.size for b in same.get_matching_blocks())
            result.misses.append(f"{name} {column}: got {got_paragraphs!r} expected {expected_paragraphs!r}")
        for column in set(mine) - set(theirs):
            if mine[column] is not None:
                result.misses.append(f"{name} {column}: unexpected {mine[column]!r}")
    footnote_keys = ("action_line", "number", "text", "cited_by")
    have_notes = [comparable(f, footnote_keys) for f in got_footnotes]
    for wanted in want_footnotes:
        if comparable(wanted, footnote_keys) in have_notes:
            result.footnotes_exact += 1
        else:
            result.misses.append(f"footnote {wanted['action_line']} {wanted['number']}: not found exactly")
    if len(got_footnotes) > len(want_footnotes):
        result.misses.append(f"{len(got_footnotes) - len(want_footnotes)} footnotes more than expected")
    return result
