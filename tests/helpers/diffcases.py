"""Editions derived from the expected records, for the edition diff's tests.

The fixture files are never edited: each helper works on deep copies and the test writes the
result into its own tmp folder as records.json / footnotes.json.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "fixtures"
GENEVA = "Geneva Plan of Action and Tunis Agenda for the Information Society"
# The tuple the ground truth (changes-from-2019.json) is compared on.
KEY = ("kind", "action_line", "section", "outcome_id", "field", "new_outcome_id")


def load(year: str) -> tuple[list[dict], list[dict]]:
    folder = FIXTURES / year
    records = json.loads((folder / "expected-records.json").read_text(encoding="utf-8"))
    footnotes = json.loads((folder / "expected-footnotes.json").read_text(encoding="utf-8"))
    return copy.deepcopy(records), copy.deepcopy(footnotes)


def write_edition(folder: Path, records: list[dict], footnotes: list[dict]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "records.json").write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    (folder / "footnotes.json").write_text(json.dumps(footnotes, ensure_ascii=False, indent=1), encoding="utf-8")
    return folder


def find(records: list[dict], action_line: str, outcome_id: str, section: str = GENEVA) -> dict:
    (record,) = [r for r in records if (r["action_line"], r["section"], r["outcome_id"]) == (action_line, section, outcome_id)]
    return record


def set_label(record: dict, outcome_id: str) -> dict:
    """Give a record a new id and the matching label prefix ("C: ..." -> "D: ...")."""
    old = record["outcome_id"]
    record["outcome_text"] = re.sub(rf"^{re.escape(old)}(?=[.:])", outcome_id, record["outcome_text"])
    record["outcome_id"] = outcome_id
    return record


def _step(outcome_id: str, by: int) -> str:
    """"C" -> "D", "h" -> "i", "B3" -> "B4" (by=+1); the other way with by=-1."""
    m = re.fullmatch(r"([A-Za-z]+)(\d*)", outcome_id)
    letters, digits = m.groups()
    if digits:
        return f"{letters}{int(digits) + by}"
    return letters[:-1] + chr(ord(letters[-1]) + by)


def _series(records: list[dict], action_line: str, section: str, from_id: str) -> list[dict]:
    """The records from from_id to the end of its lettered series (B1..B5 stop at C)."""
    rows = [r for r in records if r["action_line"] == action_line and r["section"] == section]
    start = next(k for k, r in enumerate(rows) if r["outcome_id"] == from_id)
    prefix = re.match(r"[A-Za-z]+", from_id).group() if re.search(r"\d", from_id) else None
    out = []
    for r in rows[start:]:
        same = r["outcome_id"].startswith(prefix) if prefix else not re.search(r"\d", r["outcome_id"])
        if not same:
            break
        out.append(r)
    return out


def insert_outcome(records: list[dict], action_line: str, at_id: str, text: str, section: str = GENEVA,
                   **cells) -> list[dict]:
    """Insert a new outcome labelled at_id before the one that had it; that one and the rest of
    its series are re-lettered one down, as an editor would."""
    shifted = _series(records, action_line, section, at_id)
    template = shifted[0]
    for r in reversed(shifted):
        set_label(r, _step(r["outcome_id"], +1))
    new = copy.deepcopy(template)
    new.update(outcome_id=at_id, outcome_text=f"{at_id}: {text}", **cells)
    records.insert(records.index(template), new)
    return records


def remove_outcome(records: list[dict], action_line: str, outcome_id: str, section: str = GENEVA,
                   reletter: bool = True) -> list[dict]:
    """Remove an outcome; with reletter, the rest of its series moves one label up."""
    series = _series(records, action_line, section, outcome_id)
    records.remove(series[0])
    if reletter:
        for r in series[1:]:
            set_label(r, _step(r["outcome_id"], -1))
    return records


def keys(changes) -> list[tuple]:
    return [tuple(c.model_dump().get(k) for k in KEY) for c in changes]
