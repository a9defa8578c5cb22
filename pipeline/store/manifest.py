"""manifest.json as typed objects, for the Python API (pipeline/api.py).

The fields the README describes are typed; anything else a newer pipeline writes is kept as it
is (extra="allow"), so an older reader still opens a newer manifest.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class SourceFile(_Open):
    file: str
    sha256: str
    pages: int


class ActionLineCounts(_Open):
    records: int
    sections: dict[str, int]


class Counts(_Open):
    records: int
    footnotes: int
    rejects: int
    warnings: int
    rows_over_page_breaks: int
    by_action_line: dict[str, ActionLineCounts]


class Column(_Open):
    label: str
    field: str | None  # null for an extra column
    footnotes: list[int]


class TableInfo(_Open):
    action_line: str
    title: str
    note: str | None = None
    pages: list[int]
    columns: list[Column]
    ruled: bool
    bands: list[dict[str, Any]] = []
    rows: int
    rows_over_page_breaks: int
    verdict: str = "clean"  # "suspect" when a check names the table or its records (absent before the checks)


class CheckFinding(_Open):
    """One finding of the self-checks (pipeline/stages/checks.py)."""

    check: str
    action_line: str | None
    outcome_ids: list[str]
    record_ids: list[str] = []
    pages: list[int]
    message: str


class Manifest(_Open):
    edition: str
    source: SourceFile
    pipeline_version: str
    counts: Counts
    tables: list[TableInfo]
    furniture: dict[str, dict[str, int]]
    warnings: list[str]
    checks: list[CheckFinding] = []
