"""The pipeline, top to bottom: load -> layout -> rows -> stitch -> assemble -> validate -> checks.

`extract` is pure apart from reading the PDF; `write` puts its result on disk.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError
from pipeline.records import Footnote, Record
from pipeline.stages.assemble import assemble_record, read_footnotes
from pipeline.stages.checks import run_checks, suspect_records
from pipeline.stages.layout import read_layout
from pipeline.stages.load import load_document
from pipeline.stages.models import (
    Candidate,
    Check,
    Document,
    DocumentLayout,
    Outputs,
    Reject,
    RejectKind,
    Stitched,
    Table,
    TableEvidence,
    TableRows,
    Validated,
)
from pipeline.stages.paragraphs import measure_text
from pipeline.stages.rows import cut_rows
from pipeline.stages.stitch import line_reject, stitch_rows
from pipeline.stages.validate import validate


@dataclass
class Extraction:
    edition: str
    source: dict[str, Any]
    records: list[Record]
    footnotes: list[Footnote]
    rejects: list[dict[str, Any]]
    warnings: list[str]
    furniture: dict[str, dict[str, int]]
    tables: list[dict[str, Any]] = field(default_factory=list)
    checks: list[Check] = field(
        default_factory=list
    )  # what the self-checks found (pipeline/stages/checks.py)

    @property
    def suspect_records(self) -> set[str]:
        """The record ids that some check names."""
        return suspect_records(self.checks)


def extract(path: Path, edition: str, password: str | None = None) -> Extraction:
    with no_cycle_collection():
        document = load_document(path, password)
        layout = read_layout(document)
        if not layout.tables:
            raise PipelineError(
                f"{path.name}: no roadmap table header found on pages 1-{len(document.pages)}"
            )
        return extract_layout(document, layout, edition)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector. An extraction makes some 200k small objects (glyphs, lines,
    cells) without cycles among them; their number alone sets off collections that walk all of them
    again and again, a fifth of the run. Reference counting still frees them as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def extract_layout(document: Document, layout: DocumentLayout, edition: str) -> Extraction:
    warnings = list(layout.warnings)
    record_candidates: list[Candidate] = []
    footnote_candidates: list[Candidate] = []
    rejects: list[Reject] = []
    tables: list[dict[str, Any]] = []
    per_table: list[list[Candidate]] = []
    cuts, stitchings = zip(*table_rows(layout)) if layout.tables else ((), ())
    for table, cut, stitched, metrics in zip(
        layout.tables, cuts, stitchings, measure_text(layout.tables, cuts)
    ):
        per_table.append([assemble_record(edition, table, row, metrics) for row in stitched.rows])
        record_candidates += per_table[-1]
        footnotes = read_footnotes(edition, table)
        footnote_candidates += footnotes.candidates
        warnings += [f"{table.action_line}: {w}" for w in stitched.warnings] + footnotes.warnings
        rejects += [
            replace(reject, action_line=table.action_line) for reject in stitched.rejects + footnotes.unplaced
        ]
        if not stitched.rows:
            warnings.append(f"{table.action_line}: the table has no outcome rows")
        tables.append(
            {
                "action_line": table.action_line,
                "title": table.title,
                "note": table.note,
                "pages": [p.page.number for p in table.pages],
                "columns": [
                    {"label": c.label, "field": c.field, "footnotes": list(c.markers)} for c in table.columns
                ],
                "ruled": table.ruled,
                "bands": [{"page": row.page, "text": row.band} for row in cut.rows if row.band],
                "rows": len(stitched.rows),
                "rows_over_page_breaks": sum(1 for row in stitched.rows if len(row.pieces) > 1),
            }
        )
    for page in layout.pages:
        rejects += [
            line_reject(
                "text outside the table that is no title, note, page number or footnote",
                page.page.number,
                line,
            )
            for line in page.outside
        ]
    validated = validate(record_candidates, footnote_candidates)
    rejected = [r.as_json() for r in sorted(rejects + validated.rejects, key=lambda r: r.at)]
    if rejected:
        warnings.append(f"{len(rejected)} piece(s) of text could not be placed: see rejects.json")
    furniture = _furniture_counts(layout)
    evidence = _evidence(layout.tables, cuts, stitchings, per_table, validated)
    outputs = Outputs(
        [r.model_dump() for r in validated.records],
        [b["text"] for t in tables for b in t["bands"]],
        [f.model_dump() for f in validated.footnotes],
        furniture,
        rejected,
    )
    checks = run_checks(document, evidence, outputs)
    for info in tables:
        info["verdict"] = "suspect" if any(c.action_line == info["action_line"] for c in checks) else "clean"
    return Extraction(
        edition=edition,
        source={"file": document.file_name, "sha256": document.sha256, "pages": len(document.pages)},
        records=validated.records,
        footnotes=validated.footnotes,
        rejects=rejected,
        warnings=warnings,
        furniture=furniture,
        tables=tables,
        checks=checks,
    )


def _evidence(
    tables: Sequence[Table],
    cuts: Sequence[TableRows],
    stitchings: Sequence[Stitched],
    candidates: Sequence[list[Candidate]],
    validated: Validated,
) -> list[TableEvidence]:
    """Each table's rows and the validated records, each beside the stitched row it came from (the
    rows whose record failed validation are left out: they are rejects)."""
    failed = {r.at for r in validated.rejects if r.kind is RejectKind.INVALID_RECORD}
    records = iter(validated.records)
    evidence = []
    for table, cut, stitched, table_candidates in zip(tables, cuts, stitchings, candidates):
        kept = [(row, next(records)) for row, c in zip(stitched.rows, table_candidates) if c.at not in failed]
        evidence.append(
            TableEvidence(table, cut, stitched, [record for _, record in kept], [row for row, _ in kept])
        )
    return evidence


def table_rows(layout: DocumentLayout) -> list[tuple[TableRows, Stitched]]:
    """Each table's physical rows and their stitching (the review report redoes exactly this)."""
    # A row cannot continue over a gap in the page numbering, nor over a page without any text
    # (a damaged page: what stood on it is lost, and the checks name it).
    blank = {layout_page.page.number + 1 for layout_page in layout.pages if not layout_page.page.glyphs}
    missing = frozenset(layout.missing_before | blank)
    return [(cut, stitch_rows(cut.rows, missing)) for cut in cut_rows(layout.tables)]


def _furniture_counts(layout: DocumentLayout) -> dict[str, dict[str, int]]:
    """What was set aside on purpose (page numbers, titles, headers...), by kind."""
    lines: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for page in layout.pages:
        for item in page.furniture:
            lines[item.kind] += 1
            chars[item.kind] += item.chars
    return {kind: {"lines": lines[kind], "chars": chars[kind]} for kind in sorted(lines)}
