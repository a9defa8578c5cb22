"""Stage 7, write: one edition's folder, whole or not at all.

Everything is written into a temporary folder beside the target and renamed into place, so a
failed or interrupted run leaves the previous output as it was. The same extraction always gives
the same bytes: no timestamps, fixed key order, sorted where order carries no meaning.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.json as pa_json
import pyarrow.parquet as pq
from pydantic import BaseModel

from pipeline.extraction import Extraction
from pipeline.store import dataset
from pipeline.store.atomic import replace_folders
from pipeline.store.formats import arrow_schema, csv_text, write_json
from pipeline.store.tidy import TABLES, edition_tables
from pipeline.version import __version__

FORMATS = ("parquet", "csv")
# What an edition's folder holds after `extract` (without --report).
EDITION_FILES = (
    "records.json",
    "footnotes.json",
    *(f"{t}.{f}" for t in TABLES for f in FORMATS),
    "rejects.json",
    "manifest.json",
)


def write_edition(extraction: Extraction, out_root: Path, also: Callable[[Path], None] | None = None) -> Path:
    """OUT/ID and its dataset partitions; `also` adds files to the edition's folder before it is swapped in."""
    tables = edition_tables(extraction.records, extraction.footnotes)
    # Each table is encoded once, then written into the edition's folder and into the dataset.
    arrow = {name: arrow_table(rows, *TABLES[name]) for name, rows in tables.items()}
    csv = {name: csv_text(rows, TABLES[name][1]) for name, rows in tables.items()}
    target = out_root / extraction.edition

    def table_file(name: str, format: str, folder: Path) -> None:
        if format == "csv":
            (folder / f"{name}.csv").write_text(csv[name], encoding="utf-8", newline="")
        else:
            _write_parquet(folder / f"{name}.parquet", arrow[name])

    def fill(folder: Path) -> None:
        write_json(folder / "records.json", tables["records"])
        write_json(folder / "footnotes.json", tables["footnotes"])
        for name in tables:
            for format in FORMATS:
                table_file(name, format, folder)
        write_json(folder / "rejects.json", extraction.rejects)
        write_json(folder / "manifest.json", _manifest(extraction))
        if also:
            also(folder)

    fills = {target: fill}
    for name in tables:
        # The dataset: a folder per table, format and edition, swapped in with the edition's folder.
        for format in FORMATS:
            fills[dataset.partition(out_root, name, extraction.edition, format)] = partial(
                table_file, name, format
            )
    replace_folders(fills)
    dataset.remove_old_partition(out_root, extraction.edition)
    return target


def _manifest(extraction: Extraction) -> dict[str, Any]:
    by_action_line: dict[str, dict[str, Any]] = {}
    for record in extraction.records:
        entry = by_action_line.setdefault(record.action_line, {"records": 0, "sections": {}})
        entry["records"] += 1
        entry["sections"][record.section or ""] = entry["sections"].get(record.section or "", 0) + 1
    return {
        "edition": extraction.edition,
        "source": extraction.source,
        "pipeline_version": __version__,
        "counts": {
            "records": len(extraction.records),
            "footnotes": len(extraction.footnotes),
            "rejects": len(extraction.rejects),
            "warnings": len(extraction.warnings),
            "rows_over_page_breaks": sum(1 for r in extraction.records if len(r.pages) > 1),
            "by_action_line": by_action_line,
        },
        "tables": extraction.tables,
        "furniture": extraction.furniture,
        "warnings": extraction.warnings,
        "checks": [check.as_json() for check in extraction.checks],
    }


def _write_parquet(path: Path, table: pa.Table) -> None:
    pq.write_table(table, path)


def arrow_table(
    rows: list[dict[str, Any]], model: type[BaseModel], order: Sequence[str] | None = None
) -> pa.Table:
    """The rows as an Arrow table with the model's Arrow schema, its columns in the given order.

    The table is read from the rows as JSON lines by pyarrow's JSON reader: pyarrow's Python entry
    points for Python values (pa.array, pa.table) import pandas at their first call, which took a
    quarter of an extraction's time. The reader has no map type, so a map column is read as a list
    of {key, value} entries and rebuilt from that list's own buffers.
    """
    schema = arrow_schema(model)
    schema = pa.schema([schema.field(name) for name in order or schema.names])
    if not rows:
        return schema.empty_table()
    readable = pa.schema(
        [pa.field(f.name, _entries_type(f.type)) if pa.types.is_map(f.type) else f for f in schema]
    )
    lines = "\n".join(
        json.dumps({f.name: _json_value(row[f.name], f.type) for f in schema}) for row in rows
    ).encode()
    table = pa_json.read_json(
        io.BytesIO(lines),
        read_options=pa_json.ReadOptions(use_threads=False, block_size=len(lines) + 1),
        parse_options=pa_json.ParseOptions(explicit_schema=readable, unexpected_field_behavior="error"),
    ).combine_chunks()
    columns = [
        _as_map(table.column(f.name).chunk(0), f.type) if pa.types.is_map(f.type) else table.column(f.name)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema)


def _entries_type(map_type: pa.MapType) -> pa.DataType:
    return pa.list_(
        pa.struct([pa.field("key", map_type.key_type, nullable=False), pa.field("value", map_type.item_type)])
    )


def _json_value(value: Any, arrow_type: pa.DataType) -> Any:
    if pa.types.is_map(arrow_type) and value is not None:
        return [{"key": key, "value": item} for key, item in sorted(value.items())]
    return value


def _as_map(entries: pa.ListArray, map_type: pa.MapType) -> pa.MapArray:
    return pa.MapArray.from_arrays(
        entries.offsets, entries.values.field("key"), entries.values.field("value"), type=map_type
    )
