"""Stage 5, assemble: stitched rows and footnote lines become contract records with typed fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.records import TEXT_FIELDS
from pipeline.stages.fields import read_typed_fields
from pipeline.stages.layout import FOOTNOTE_START
from pipeline.stages.models import Candidate, Position, Reject, StitchedRow, Table
from pipeline.stages.paragraphs import TextMetrics, row_texts
from pipeline.stages.stitch import line_reject
from pipeline.stages.text import join_lines


def assemble_record(edition: str, table: Table, row: StitchedRow, metrics: TextMetrics) -> Candidate:
    texts = dict(zip(table.columns, row_texts(row, metrics)))
    cells = dict.fromkeys(TEXT_FIELDS)
    cells.update({column.field: text for column, text in texts.items() if column.field})
    extra = {column.label: text for column, text in texts.items() if not column.field}
    typed = read_typed_fields(cells)
    fields = {
        "edition": edition,
        "action_line": table.action_line,
        "action_line_title": table.title,
        "section": row.section,
        "outcome_id": row.outcome_id,
        **cells,
        "extra_columns": extra,
        **typed.model_dump(),
        "pages": sorted(set(row.pages)),
    }
    return Candidate(fields, Position(row.pages[0], row.top, row.x0))


@dataclass
class Footnotes:
    candidates: list[Candidate]
    warnings: list[str]
    unplaced: list[Reject]  # footnote-area lines above the first footnote


def read_footnotes(edition: str, table: Table) -> Footnotes:
    """The footnotes under the table: a line opening with the next number the header cites starts one."""
    unplaced: list[Reject] = []
    footnotes: list[dict[str, Any]] = []
    starts: list[Position] = []
    lines: list[list[str]] = []
    for layout in [*table.pages, *table.footnote_pages]:
        for line in layout.footnote_lines:
            text = line.text
            match = FOOTNOTE_START.match(text)
            number = int(match[1]) if match else None
            if number in table.markers and all(number > f["number"] for f in footnotes):
                column = table.markers[number]
                footnotes.append(
                    {
                        "edition": edition,
                        "action_line": table.action_line,
                        "number": number,
                        "cited_by": column.field or column.label,
                        "cited_by_label": column.label,
                        "page": layout.page.number,
                    }
                )
                lines.append([match[2]])
                starts.append(Position(layout.page.number, round(line.top, 2), round(line.x0, 2)))
            elif lines:
                lines[-1].append(text)
            else:
                unplaced.append(
                    line_reject("text in the footnote area before any footnote", layout.page.number, line)
                )
    for footnote, footnote_lines in zip(footnotes, lines):
        footnote["text"] = join_lines(footnote_lines)
    found = {f["number"] for f in footnotes}
    warnings = [
        f"{table.action_line}: the header cites footnote {n} but no such footnote was found"
        for n in sorted(set(table.markers) - found)
    ]
    candidates = [Candidate(f, at) for f, at in zip(footnotes, starts)]
    return Footnotes(candidates, warnings, unplaced)
