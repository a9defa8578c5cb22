"""`roadmap export EDITION --xlsx`: an edition's tables as one Excel workbook a colleague can open.

One sheet per table (records, sdg_links, resolutions, items, footnotes), plus the changes of a diff
when one is given. Each sheet: a bold header row that stays in view, an autofilter over the whole
table, columns as wide as their content up to a limit, text wrapped and set at the top of its cell,
lists joined as `formats.readable` joins them ("1, 2, 17"; the items of a results cell one a line).
Numbers are numbers, every other value is written as text (never read as a formula or a date).

Written with XlsxWriter, which gives every part of the file a fixed timestamp; the workbook's
"created" date is fixed as well, so the same edition gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import PipelineError, write_error
from pipeline.store.atomic import replace_file
from pipeline.store.formats import readable
from pipeline.store.tidy import TABLES

FIXED_DATE = datetime(1980, 1, 1, tzinfo=UTC)
MIN_WIDTH, MAX_WIDTH = 6, 60
# The diff's columns in the workbook: word_diff is old and new again, marked up for a browser.
CHANGE_COLUMNS = (
    "old_edition",
    "new_edition",
    "kind",
    "action_line",
    "section",
    "outcome_id",
    "new_outcome_id",
    "old_record_id",
    "new_record_id",
    "field",
    "field_label",
    "old",
    "new",
    "number",
    "added",
    "removed",
)


def write_workbook(edition: Path, path: Path, diff: Path | None = None) -> Path:
    """Write the workbook of the edition folder `edition` (and the diff folder `diff`) to `path`."""
    sheets = [(name, _parquet_rows(edition, name), columns) for name, (_, columns) in TABLES.items()]
    if diff is not None:
        sheets.append(("changes", _json_rows(diff / "changes.json"), CHANGE_COLUMNS))
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_error(path, error) from None
    replace_file(path, lambda temporary: _write(temporary, sheets))  # a reader never sees half a workbook
    return path


def _parquet_rows(folder: Path, table: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    path = folder / f"{table}.parquet"
    if not path.is_file():
        raise PipelineError(
            f"{folder}: no {table}.parquet (extracted by an older version? run extract again)"
        )
    rows = pq.read_table(path).to_pylist()
    for row in rows:
        if "extra_columns" in row:
            row["extra_columns"] = dict(row["extra_columns"] or [])  # a map reads back as (key, value) pairs
    return rows


def _json_rows(path: Path) -> list[dict[str, Any]]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PipelineError(f"{path}: not readable ({error})") from None


def _write(path: Path, sheets: Sequence[tuple[str, list[dict[str, Any]], Sequence[str]]]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties({"title": "WSIS Action Line Roadmaps", "created": FIXED_DATE})
    header = workbook.add_format({"bold": True, "valign": "top", "bg_color": "#E8EEF4", "bottom": 1})
    text = workbook.add_format({"text_wrap": True, "valign": "top"})
    for name, rows, columns in sheets:
        sheet = workbook.add_worksheet(name)
        cells = [[readable(row.get(column), column) for column in columns] for row in rows]
        sheet.write_row(0, 0, columns, header)
        for r, values in enumerate(cells, 1):
            for c, value in enumerate(values):
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    sheet.write_number(r, c, value, text)
                elif value == "":
                    sheet.write_blank(r, c, None, text)  # an empty cell, not an empty string
                else:
                    sheet.write_string(r, c, str(value), text)
        for c, column in enumerate(columns):
            sheet.set_column(c, c, _width(column, [values[c] for values in cells]))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(cells), len(columns) - 1)
    workbook.close()


def _width(column: str, values: list[Any]) -> int:
    """The longest line among the header and the cells (+2 for the filter button), within limits."""
    longest = max([len(column) + 2, *(len(line) for v in values for line in str(v).split("\n"))])
    return max(MIN_WIDTH, min(MAX_WIDTH, longest + 1))
