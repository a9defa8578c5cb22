"""The edition diff: what changed between two annual editions of the roadmaps.

`diff_editions` reads two edition folders (records.json and footnotes.json, see
docs/output-contract.md) and returns one `Change` per difference; `write_diff` writes them as
changes.json, changes.parquet, report.md and report.html.

Matching outcomes (per action line; outcomes never move between action lines):
  * similarity of two outcome rows = 0.6 * o + 0.4 * r, where o is the Dice coefficient of the word
    bigrams of the two outcome texts (label prefix "A:" / "h." removed) and r the same for the
    other text cells joined. Bigrams rather than single words because unrelated outcomes of one
    action line share most of their vocabulary ("ICT", "Governments", "the") but few word pairs.
  * a pair is a candidate only if o >= OUTCOME_MIN (the outcome text is what identifies an
    outcome: a new text with the old cells is a new outcome) and the row similarity > PAIR_MIN.
  * the pairs are chosen by an order-preserving alignment (outcomes keep their order from one
    edition to the next) that maximises the sum of (similarity - PAIR_MIN), plus a small bonus
    when the (section, outcome_id) key is the same. Subtracting PAIR_MIN makes one good pair beat
    two mediocre ones; the key is only a tie-break, so that when an outcome is inserted mid-list
    the shifted letters below it do not pair the wrong rows.
  * leftovers (an outcome moved out of order) are then paired greedily, best first.

Text comparison follows the contract: collapse whitespace, drop whitespace after a hyphen. The
outcome text is compared without its label prefix (the label is carried by outcome_id, so a
relabel alone is a "relabeled", not a "changed").

Word diff representation (`Change.word_diff`): a list of segments {"op", "text"} with op "="
(unchanged, text as in the new edition), "-" (only in the old text) or "+" (only in the new
text). Concatenating "=" and "-" gives the old text, "=" and "+" the new one (whitespace
between unchanged words is the new edition's). Tokens are words and single punctuation marks;
any whitespace compares equal to a space, so a line wrap is never a difference.

Items (`Change.added` / `Change.removed`): for a changed text cell, the items of the typed fields
the contract derives from it, one list per field and in that field's type ({"sdg_goals": [17],
"sdg_targets": ["17.8"], ...}; every field is present, empty when nothing changed). Timing
start/end count as one-item lists.

Each change also says where it is in both editions: old_edition and new_edition (the editions'
ids), old_record_id / new_record_id (the outcome's record_id in each, null where it is absent),
and field_label, the column's header label as printed for a text field ("Proposed Timing"; an
extra column's label is its field; null for "section" and footnotes).
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pyarrow as pa
import pyarrow.parquet as pq
import regex
from pydantic import BaseModel, ConfigDict

from pipeline.compare import report as diff_report
from pipeline.errors import PipelineError
from pipeline.keys import with_record_ids
from pipeline.records import TEXT_FIELDS
from pipeline.store.atomic import carry_over, replace_folder
from pipeline.store.formats import arrow_schema, json_text, read_json, write_json

Kind = Literal[
    "added", "removed", "changed", "relabeled", "footnote_added", "footnote_removed", "footnote_changed"
]

# A pair of outcomes is a candidate only if the outcome texts are at least this similar ...
# In the fixtures, unrelated outcomes of one action line score at most 0.38 on the outcome text,
# a few words edited 0.8 or more, the 2019 C6 "h" row (h and i printed as one) against 2020's
# "h" 0.61. Restatements (C5 B1..B5 share an opening; C5 F and a, C6 m and d) score 0.59-0.90:
# they are candidates, and the alignment, not the threshold, keeps them apart.
OUTCOME_MIN = 0.5
# ... and the whole rows more than this.
PAIR_MIN = 0.5
OUTCOME_WEIGHT = 0.6
# Enough to break a tie between equally similar rows, far too small to outweigh content.
SAME_KEY_BONUS = 0.01

# The typed contract fields read out of each text cell: their items go on that cell's change.
DERIVED = {
    "timing_text": ("timing_start", "timing_end"),
    "goals_text": ("itu_goals", "resolutions", "regional_initiatives"),
    "sdgs_text": ("sdg_goals", "sdg_targets"),
    "results_text": (),
}


class Items(BaseModel):
    """Items of the typed fields that one side of a change has and the other has not."""

    model_config = ConfigDict(extra="forbid")
    timing_start: list[int] = []
    timing_end: list[int] = []
    itu_goals: list[int] = []
    sdg_goals: list[int] = []
    sdg_targets: list[str] = []
    resolutions: list[str] = []
    regional_initiatives: list[str] = []

    def pairs(self) -> list[tuple[str, int | str]]:
        """(field, item) for every item, fields in the contract's order."""
        return [(name, item) for name in type(self).model_fields for item in getattr(self, name)]


class Segment(BaseModel):
    model_config = ConfigDict(extra="forbid")
    op: Literal["=", "-", "+"]
    text: str


class Change(BaseModel):
    """One difference. Every object carries every key (null or [] when not applicable)."""

    model_config = ConfigDict(extra="forbid")

    old_edition: str
    new_edition: str
    kind: Kind
    action_line: str
    section: str | None = None  # the old edition's, the new one's for "added"
    outcome_id: str | None = None  # the old id, the new id for "added"
    new_outcome_id: str | None = None  # "relabeled", and "changed" on a relabeled outcome
    old_record_id: str | None = None  # the outcome's record_id in the old edition (not for "added")
    new_record_id: str | None = None  # and in the new one (not for "removed")
    field: str | None = None  # "changed": a text field, an extra column label or "section"
    field_label: str | None = None  # that field's column label as printed
    old: str | None = None  # changed: the cell; added/removed/relabeled: the outcome text
    new: str | None = None
    number: int | None = None  # footnote kinds
    added: Items = Items()
    removed: Items = Items()
    word_diff: list[Segment] = []


class EditionError(PipelineError, ValueError):
    """An edition folder that cannot be read; the message is one line for the user."""


# --- text -------------------------------------------------------------------------------------

_SPACE = regex.compile(r"\s+")
_AFTER_HYPHEN = regex.compile(r"-\s+")
_WORD = regex.compile(r"\w+")


def normalize(text: str | None) -> str:
    """The contract's comparison form; None and "" are the same (an empty cell)."""
    return _AFTER_HYPHEN.sub("-", _SPACE.sub(" ", text or "").strip())


def strip_label(text: str | None, outcome_id: str) -> str:
    """ "A: Governments ..." -> "Governments ..."; text without its own label is left alone."""
    label = regex.compile(rf"^\s*\(?{regex.escape(outcome_id)}\s*[.:)\u2013\u2014-]\s*")
    return label.sub("", text or "", count=1)


def _bigrams(text: str) -> Counter:
    # Start/end markers give a one-word text a bigram, and two empty texts similarity 1.
    words = ["^", *_WORD.findall(normalize(text).lower()), "$"]
    return Counter(zip(words, words[1:]))


def _dice(a: Counter, b: Counter) -> float:
    return 2 * sum((a & b).values()) / (sum(a.values()) + sum(b.values()))


_TOKEN = regex.compile(r"\w+|\s+|[^\w\s]")


def _tokens(text: str | None) -> list[tuple[str, str]]:
    """(comparison key, shown text): words and single punctuation marks; whitespace compares as
    " " (a line wrap is a space), and whitespace after a hyphen not at all ("non-\ndiscriminatory")."""
    out: list[tuple[str, str]] = []
    for piece in _TOKEN.findall((text or "").strip()):
        if piece.isspace() and out and out[-1][0].endswith("-"):
            out[-1] = (out[-1][0], out[-1][1] + piece)
        else:
            out.append((" " if piece.isspace() else piece, piece))
    return out


def word_diff(old: str | None, new: str | None) -> list[Segment]:
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(None, [k for k, _ in a], [k for k, _ in b], autojunk=False)
    runs = [
        (tag == "equal", "".join(s for _, s in a[i1:i2]), "".join(s for _, s in b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    # Spaces and punctuation alone between two edits belong to the edit: "a b" -> "x y" reads
    # as one replacement, not two around an unchanged space.
    merged: list[list] = []
    for k, (equal, old_text, new_text) in enumerate(runs):
        between_edits = 0 < k < len(runs) - 1 and not _WORD.search(new_text)
        if equal and not between_edits:
            merged.append([True, old_text, new_text])
        elif merged and not merged[-1][0]:
            merged[-1][1] += old_text
            merged[-1][2] += new_text
        else:
            merged.append([False, old_text, new_text])
    segments = []
    for equal, old_text, new_text in merged:
        if equal:
            segments.append(Segment(op="=", text=new_text))
        else:
            segments += [
                s for s in (Segment(op="-", text=old_text), Segment(op="+", text=new_text)) if s.text
            ]
    return segments


# --- reading ----------------------------------------------------------------------------------


def _read_array(path: Path) -> list[dict]:
    data = read_json(path, f"{path}: no such file", EditionError)
    if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
        raise EditionError(f"{path}: expected a JSON array of objects")
    return data


@dataclass
class Edition:
    """One side of a diff: an edition folder's records (with their keys) and footnotes."""

    id: str
    records: list[dict]
    footnotes: list[dict]
    labels: dict[str, dict[str, str]]  # action line -> {text field: column label as printed}


def read_edition(folder: Path) -> Edition:
    folder = Path(folder)
    records = _read_array(folder / "records.json")
    footnotes = _read_array(folder / "footnotes.json")
    for record in records:
        if not {"action_line", "outcome_id", "outcome_text"} <= record.keys():
            raise EditionError(
                f"{folder / 'records.json'}: a record lacks action_line/outcome_id/outcome_text"
            )
    for note in footnotes:
        if not {"action_line", "number", "text"} <= note.keys():
            raise EditionError(f"{folder / 'footnotes.json'}: a footnote lacks action_line/number/text")
    edition = next((str(r["edition"]) for r in records + footnotes if r.get("edition")), folder.name)
    return Edition(edition, with_record_ids(records), footnotes, _column_labels(folder / "manifest.json"))


def _column_labels(manifest: Path) -> dict[str, dict[str, str]]:
    """The header labels of each table's text fields; none when the manifest is missing (they only label)."""
    try:
        tables = json.loads(manifest.read_text(encoding="utf-8")).get("tables") or []
        return {
            t["action_line"]: {c["field"]: c["label"] for c in t["columns"] if c.get("field")} for t in tables
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


# --- matching ---------------------------------------------------------------------------------


def _rest(record: dict) -> str:
    extra = record.get("extra_columns") or {}
    cells = [record.get(f) for f in TEXT_FIELDS if f != "outcome_text"]
    return "\n".join([c or "" for c in cells] + [extra[k] or "" for k in sorted(extra)])


class _Profile:
    def __init__(self, record: dict):
        self.key = (record.get("section"), record["outcome_id"])
        self.outcome = _bigrams(strip_label(record["outcome_text"], record["outcome_id"]))
        self.rest = _bigrams(_rest(record))


def _weight(old: _Profile, new: _Profile) -> float | None:
    """How much pairing these two rows is worth, or None if they are not the same outcome."""
    o = _dice(old.outcome, new.outcome)
    similarity = OUTCOME_WEIGHT * o + (1 - OUTCOME_WEIGHT) * _dice(old.rest, new.rest)
    if o < OUTCOME_MIN or similarity <= PAIR_MIN:
        return None
    return similarity - PAIR_MIN + (SAME_KEY_BONUS if old.key == new.key else 0.0)


def match_outcomes(old: list[dict], new: list[dict]) -> list[tuple[int, int]]:
    """Pairs (old index, new index) of the same outcome, for the records of one action line."""
    olds, news = [_Profile(r) for r in old], [_Profile(r) for r in new]
    w = [[_weight(o, n) for n in news] for o in olds]
    n, m = len(old), len(new)
    # best[i][j]: the best total for old[i:] against new[j:] (an alignment: no crossing pairs).
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            weight = w[i][j]
            pair = weight + best[i + 1][j + 1] if weight is not None else float("-inf")
            best[i][j] = max(pair, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        weight = w[i][j]
        if weight is not None and best[i][j] == weight + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    # An outcome moved out of order is left over by the alignment: pair the rest best first.
    left_old = set(range(n)) - {p[0] for p in pairs}
    left_new = set(range(m)) - {p[1] for p in pairs}
    candidates = sorted(
        (-weight, i, j) for i in left_old for j in left_new if (weight := w[i][j]) is not None
    )
    for _, i, j in candidates:
        if i in left_old and j in left_new:
            pairs.append((i, j))
            left_old.discard(i)
            left_new.discard(j)
    return sorted(pairs, key=lambda p: p[1])


# --- changes ----------------------------------------------------------------------------------


def _item_diff(old: dict, new: dict, field: str) -> tuple[Items, Items]:
    def items(record: dict) -> dict[str, list]:
        values = {name: record.get(name) for name in DERIVED.get(field, ())}
        return {name: v if isinstance(v, list) else ([] if v is None else [v]) for name, v in values.items()}

    before, after = items(old), items(new)
    added = Items(**{name: [v for v in after[name] if v not in before[name]] for name in after})
    removed = Items(**{name: [v for v in before[name] if v not in after[name]] for name in before})
    return added, removed


def _text_fields(old: dict, new: dict) -> list[str]:
    labels = list(new.get("extra_columns") or {})
    labels += [k for k in old.get("extra_columns") or {} if k not in labels]
    return ["section", *TEXT_FIELDS, *labels]


def _cell(record: dict, field: str) -> str | None:
    if field in TEXT_FIELDS or field == "section":
        return record.get(field)
    return (record.get("extra_columns") or {}).get(field)


@dataclass
class _Step:
    """The two editions being compared, for what every change carries."""

    old: Edition
    new: Edition

    def change(self, kind: Kind, action_line: str, **fields) -> Change:
        return Change(
            old_edition=self.old.id, new_edition=self.new.id, kind=kind, action_line=action_line, **fields
        )

    def label(self, action_line: str, field: str) -> str | None:
        if field == "section":
            return None
        if field not in TEXT_FIELDS:
            return field  # an extra column: its field is its label
        return self.new.labels.get(action_line, {}).get(field) or self.old.labels.get(action_line, {}).get(
            field
        )


def _pair_changes(step: _Step, old: dict, new: dict) -> list[Change]:
    al, old_id, new_id = old["action_line"], old["outcome_id"], new["outcome_id"]
    relabeled = old_id != new_id
    base = {
        "section": old.get("section"),
        "outcome_id": old_id,
        "old_record_id": old["record_id"],
        "new_record_id": new["record_id"],
    }
    out = []
    if relabeled:
        out.append(
            step.change(
                "relabeled",
                al,
                **base,
                new_outcome_id=new_id,
                old=old["outcome_text"],
                new=new["outcome_text"],
                word_diff=word_diff(old["outcome_text"], new["outcome_text"]),
            )
        )
    for field in _text_fields(old, new):
        a, b = _cell(old, field), _cell(new, field)
        if field == "outcome_text":
            same = normalize(strip_label(a, old_id)) == normalize(strip_label(b, new_id))
        else:
            same = normalize(a) == normalize(b)
        if same:
            continue
        added, removed = _item_diff(old, new, field)
        out.append(
            step.change(
                "changed",
                al,
                **base,
                new_outcome_id=new_id if relabeled else None,
                field=field,
                field_label=step.label(al, field),
                old=a,
                new=b,
                added=added,
                removed=removed,
                word_diff=word_diff(a, b),
            )
        )
    return out


def _outcome(step: _Step, kind: Kind, record: dict) -> Change:
    text = record["outcome_text"]
    removed = kind == "removed"
    return step.change(
        kind,
        record["action_line"],
        section=record.get("section"),
        outcome_id=record["outcome_id"],
        old_record_id=record["record_id"] if removed else None,
        new_record_id=None if removed else record["record_id"],
        old=text if removed else None,
        new=None if removed else text,
    )


def _action_line_changes(step: _Step, old: list[dict], new: list[dict]) -> list[Change]:
    """The outcome changes of one action line, in document order (removed ones where they stood)."""
    pairs = match_outcomes(old, new)
    new_of_old = dict(pairs)
    keyed: list[tuple[tuple, list[Change]]] = []
    for i, j in pairs:
        keyed.append(((j, 0, i), _pair_changes(step, old[i], new[j])))
    for j in set(range(len(new))) - {j for _, j in pairs}:
        keyed.append(((j, 0, -1), [_outcome(step, "added", new[j])]))
    for i in set(range(len(old))) - set(new_of_old):
        anchor = max((new_of_old[k] for k in range(i) if k in new_of_old), default=-1)
        keyed.append(((anchor, 1, i), [_outcome(step, "removed", old[i])]))
    return [c for _, changes in sorted(keyed, key=lambda kc: kc[0]) for c in changes]


def _footnote_changes(step: _Step, old: list[dict], new: list[dict]) -> list[Change]:
    before = {n["number"]: n for n in old}
    after = {n["number"]: n for n in new}
    out = []
    for number in sorted(before.keys() | after.keys()):
        a, b = before.get(number), after.get(number)
        if a is None and b is not None:
            out.append(step.change("footnote_added", b["action_line"], number=number, new=b["text"]))
        elif b is None and a is not None:
            out.append(step.change("footnote_removed", a["action_line"], number=number, old=a["text"]))
        elif a is not None and b is not None and normalize(a["text"]) != normalize(b["text"]):
            out.append(
                step.change(
                    "footnote_changed",
                    a["action_line"],
                    number=number,
                    old=a["text"],
                    new=b["text"],
                    word_diff=word_diff(a["text"], b["text"]),
                )
            )
    return out


def _action_line_key(action_line: str) -> tuple[int, str]:
    digits = regex.sub(r"\D", "", action_line)
    return (int(digits) if digits else 0, action_line)


def _by_action_line(rows: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row["action_line"], []).append(row)
    return groups


def diff_editions(old_dir: Path, new_dir: Path) -> list[Change]:
    """Every change from the edition in old_dir to the one in new_dir, by action line
    (C2 before C10), outcomes in document order, then footnotes by number."""
    return edition_changes(read_edition(old_dir), read_edition(new_dir))


def edition_changes(old: Edition, new: Edition) -> list[Change]:
    step = _Step(old, new)
    old_r, new_r = _by_action_line(old.records), _by_action_line(new.records)
    old_n, new_n = _by_action_line(old.footnotes), _by_action_line(new.footnotes)
    changes = []
    for al in sorted(old_r.keys() | new_r.keys() | old_n.keys() | new_n.keys(), key=_action_line_key):
        changes += _action_line_changes(step, old_r.get(al, []), new_r.get(al, []))
        changes += _footnote_changes(step, old_n.get(al, []), new_n.get(al, []))
    return changes


def matched_records(old: Edition, new: Edition) -> list[tuple[dict, dict]]:
    """(old record, new record) for every outcome the diff pairs, action line by action line."""
    old_r, new_r = _by_action_line(old.records), _by_action_line(new.records)
    return [
        (old_r[al][i], new_r[al][j])
        for al in sorted(old_r.keys() & new_r.keys(), key=_action_line_key)
        for i, j in match_outcomes(old_r[al], new_r[al])
    ]


# --- writing ----------------------------------------------------------------------------------

SCHEMA = arrow_schema(Change)
DIFFS = "diffs"  # OUT/diffs/OLD..NEW
FILES = ("changes.json", "changes.parquet", "report.md", "report.html")


def changes_json(changes: list[Change]) -> str:
    """Keys in the model's field order; same changes, same bytes."""
    return json_text(_rows(changes))


def _rows(changes: list[Change]) -> list[dict]:
    return [c.model_dump(mode="json") for c in changes]


def write_diff(changes: list[Change], old_id: str, new_id: str, out_dir: Path) -> Path:
    """Write changes.json, changes.parquet, report.md and report.html into out_dir.

    Everything is written to a temporary sibling folder that then replaces out_dir, so a reader
    never sees a half-written diff, and a failure leaves the previous out_dir as it was. Files of
    the user's own in out_dir stay (hard links into the new folder).
    """

    def fill(folder: Path) -> None:
        rows = _rows(changes)
        write_json(folder / "changes.json", rows)
        table = pa.Table.from_pylist(rows, schema=SCHEMA)
        table = table.replace_schema_metadata({"old_edition": old_id, "new_edition": new_id})
        pq.write_table(table, folder / "changes.parquet")
        (folder / "report.md").write_text(
            diff_report.render_markdown(changes, old_id, new_id), encoding="utf-8"
        )
        (folder / "report.html").write_text(
            diff_report.render_html(changes, old_id, new_id), encoding="utf-8"
        )
        carry_over(Path(out_dir), folder, FILES)

    return replace_folder(Path(out_dir), fill)
