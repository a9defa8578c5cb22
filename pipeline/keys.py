"""Keys of an edition's records: `record_id` ("C6-2-a") and `position` (document order).

record_id = action line, number of the record's section within its action line, outcome id.
Sections are numbered 1, 2, ... in the order they first appear in the action line's table (a
table without bands has one section, null, numbered 1), so C6's two runs of a-f read "C6-1-a" and
"C6-2-a". Should a label repeat within one section (a misprint), the second gets "-2", the third
"-3". Everything depends only on the edition's own records in document order: the same PDF gives
the same keys on every run.
"""

from __future__ import annotations

from collections.abc import Iterable

from pipeline.records import Record, RecordFields


def record_ids(rows: Iterable[tuple[str, str | None, str]]) -> list[str]:
    """The record_id of each (action_line, section, outcome_id), given in document order."""
    sections: dict[str, dict[str | None, int]] = {}
    seen: dict[str, int] = {}
    ids = []
    for action_line, section, outcome_id in rows:
        numbers = sections.setdefault(action_line, {})
        number = numbers.setdefault(section, len(numbers) + 1)
        base = f"{action_line}-{number}-{outcome_id}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def keyed(records: list[RecordFields]) -> list[Record]:
    """The validated records of one edition, in document order, with their record_id and position."""
    ids = record_ids((r.action_line, r.section, r.outcome_id) for r in records)
    return [
        Record(**record.model_dump(), record_id=record_id, position=position)
        for position, (record, record_id) in enumerate(zip(records, ids), 1)
    ]


def with_record_ids(records: list[dict]) -> list[dict]:
    """Records read back from records.json, given their keys when the file predates them."""
    if all("record_id" in r for r in records):
        return records
    ids = record_ids((r["action_line"], r.get("section"), r["outcome_id"]) for r in records)
    return [
        {**r, "record_id": record_id, "position": n} for n, (r, record_id) in enumerate(zip(records, ids), 1)
    ]
