"""Each outcome followed through every extracted edition: `outcome_key`, and `roadmap history`.

outcome_key: editions are taken in order (pipeline/store/dataset.py: numbers compared as numbers). An
outcome of the first edition gets "EDITION:RECORD_ID" of that edition ("2019:C6-2-a"). In each later
edition, an outcome that the diff pairs with one of the edition before (pipeline/compare/changes.py: by
content, so a relabeled outcome is still paired) inherits that one's key; any other outcome is new
and gets its own "EDITION:RECORD_ID". So a key names where the outcome first appeared, and stays
the same as long as it is in every edition; an outcome that skips an edition comes back as new.
Keys depend on the set of editions compared: extracting an earlier edition later can change them.

`roadmap history` writes OUT/history/: history.parquet and history.csv, one row per outcome and
edition in which it appears (and one, status "removed", in the edition where it is gone), and
history.html, the same grouped by outcome with the changed words marked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

from pipeline.compare.changes import Change, Edition, edition_changes, matched_records, read_edition
from pipeline.errors import PipelineError
from pipeline.store.atomic import replace_folder
from pipeline.store.dataset import extracted_editions
from pipeline.store.formats import write_csv
from pipeline.templating import asset, render

HISTORY = "history"

Status = Literal["first", "added", "same", "relabeled", "changed", "removed"]


class HistoryRow(BaseModel):
    """One outcome in one edition."""

    model_config = ConfigDict(extra="forbid")

    outcome_key: str
    edition: str
    # first: in the first edition; added: new in this one; same, relabeled, changed: against the
    # edition before (changed wins over relabeled); removed: gone from this edition.
    status: Status
    record_id: str | None  # null when removed
    action_line: str
    section: str | None
    outcome_id: str  # the edition's own label (the last one, when removed)
    previous_outcome_id: str | None  # the label in the edition before, when relabeled
    changed_fields: list[str]  # the fields that changed from the edition before
    outcome_text: str


def outcome_keys(editions: list[Edition]) -> dict[tuple[str, str], str]:
    """(edition, record_id) -> outcome_key, for editions given in edition order."""
    keys: dict[tuple[str, str], str] = {}
    previous: Edition | None = None
    for edition in editions:
        inherited = {}
        if previous is not None:
            inherited = {
                new["record_id"]: keys[previous.id, old["record_id"]]
                for old, new in matched_records(previous, edition)
            }
        for record in edition.records:
            keys[edition.id, record["record_id"]] = inherited.get(
                record["record_id"], f"{edition.id}:{record['record_id']}"
            )
        previous = edition
    return keys


def history(editions: list[Edition]) -> tuple[list[HistoryRow], dict[tuple[str, str], list[Change]]]:
    """The rows, grouped by outcome (in order of first appearance), and each row's changes."""
    keys = outcome_keys(editions)
    rows: list[tuple[tuple, HistoryRow]] = []
    changes_of: dict[tuple[str, str], list[Change]] = {}
    first_seen: dict[str, tuple[int, int]] = {}
    for index, edition in enumerate(editions):
        before = editions[index - 1] if index else None
        changes = edition_changes(before, edition) if before else []
        by_record: dict[str, list[Change]] = {}
        for change in changes:
            record_id = change.new_record_id or change.old_record_id
            if record_id and change.kind in ("changed", "relabeled", "added", "removed"):
                by_record.setdefault(record_id, []).append(change)
        for position, record in enumerate(edition.records):
            key = keys[edition.id, record["record_id"]]
            first_seen.setdefault(key, (index, position))
            mine = by_record.get(record["record_id"], [])
            status = _status(before is None, key.startswith(f"{edition.id}:"), mine)
            relabel = next((c for c in mine if c.kind == "relabeled"), None)
            rows.append(
                (
                    (key, index),
                    _row(
                        key,
                        edition.id,
                        status,
                        record,
                        relabel.outcome_id if relabel else None,
                        [c.field for c in mine if c.kind == "changed"],
                        record["record_id"],
                    ),
                )
            )
            changes_of[key, edition.id] = [c for c in mine if c.kind in ("changed", "relabeled")]
        for change in changes:
            if before is not None and change.kind == "removed" and change.old_record_id:
                key = keys[before.id, change.old_record_id]
                gone = next(r for r in before.records if r["record_id"] == change.old_record_id)
                rows.append(((key, index), _row(key, edition.id, "removed", gone, None, [], None)))
                changes_of[key, edition.id] = []
    rows.sort(key=lambda kr: (first_seen[kr[0][0]], kr[0][1]))
    return [row for _, row in rows], changes_of


def _status(first: bool, new: bool, changes: list[Change]) -> Status:
    if first or new:
        return "first" if first else "added"
    kinds = {c.kind for c in changes}
    return "changed" if "changed" in kinds else "relabeled" if "relabeled" in kinds else "same"


def _row(
    key: str,
    edition: str,
    status: Status,
    record: dict,
    previous_id: str | None,
    fields: list,
    record_id: str | None,
) -> HistoryRow:
    return HistoryRow(
        outcome_key=key,
        edition=edition,
        status=status,
        record_id=record_id,
        action_line=record["action_line"],
        section=record.get("section"),
        outcome_id=record["outcome_id"],
        previous_outcome_id=previous_id,
        changed_fields=fields,
        outcome_text=record["outcome_text"],
    )


def write_history(out: Path) -> tuple[Path, int, int]:
    """OUT/history/ over every edition extracted under OUT: (its folder, outcomes, editions)."""
    import pyarrow.parquet as pq

    from pipeline.store.write import arrow_table  # pyarrow only for this command

    folders = extracted_editions(out)
    if not folders:
        raise PipelineError(f"{out}: no extracted edition there (run `make extract` first)")
    editions = [read_edition(folder) for folder in folders]
    rows, changes_of = history(editions)
    dumped = [row.model_dump() for row in rows]
    columns = tuple(HistoryRow.model_fields)

    def fill(folder: Path) -> None:
        pq.write_table(arrow_table(dumped, HistoryRow), folder / "history.parquet")
        write_csv(folder / "history.csv", dumped, columns)
        (folder / "history.html").write_text(
            render_html(rows, changes_of, [e.id for e in editions]), encoding="utf-8"
        )

    folder = replace_folder(Path(out) / HISTORY, fill)
    return folder, len({row.outcome_key for row in rows}), len(editions)


# --- the page ----------------------------------------------------------------------------------


def render_html(
    rows: list[HistoryRow], changes_of: dict[tuple[str, str], list[Change]], editions: list[str]
) -> str:
    """The page, through the autoescaping templates (pipeline/templating.py) the other reports use."""
    outcomes = []
    for key in dict.fromkeys(row.outcome_key for row in rows):
        steps = [row for row in rows if row.outcome_key == key]
        outcomes.append(
            {
                "key": key,
                "latest": next(row for row in reversed(steps) if row.status != "removed"),
                "steps": [{"row": row, "changes": changes_of.get((key, row.edition), [])} for row in steps],
            }
        )
    return render(
        "history.html.j2",
        title=f"Outcome history: {' → '.join(editions)}",
        css=asset("history.css"),
        outcomes=outcomes,
        editions=editions,
    )
