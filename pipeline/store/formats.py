"""How outputs are encoded, shared by the edition writer and the diff: JSON text, Arrow types,
and the readable cells of CSV files and workbooks."""

from __future__ import annotations

import csv
import io
import json
import types
import typing
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
from pydantic import BaseModel

from pipeline.errors import PipelineError


def json_text(value: Any) -> str:
    """Indented, UTF-8 as is, one trailing newline: the same value gives the same bytes."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def write_json(path: Path, value: Any) -> None:
    path.write_text(json_text(value), encoding="utf-8")


def read_json(path: Path, missing: str, error: type[PipelineError] = PipelineError) -> Any:
    """The JSON value in `path`: a missing file is the one-line error `missing`, a file that cannot be
    read or parsed says so."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise error(missing) from None
    except (OSError, ValueError) as problem:
        raise error(f"{path}: not readable JSON ({problem})") from None


def arrow_schema(model: type[BaseModel]) -> pa.Schema:
    """The Arrow schema of a contract model: lists stay lists, dicts become maps, models structs."""
    return pa.schema(
        [pa.field(name, _arrow_type(info.annotation)) for name, info in model.model_fields.items()]
    )


def _arrow_type(annotation: Any) -> pa.DataType:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        return _arrow_type(next(a for a in args if a is not type(None)))
    if origin is typing.Literal:
        return _arrow_type(type(args[0]))
    if origin is list:
        return pa.list_(_arrow_type(args[0]))
    if origin is dict:
        return pa.map_(_arrow_type(args[0]), _arrow_type(args[1]))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct(list(arrow_schema(annotation)))
    return {str: pa.string(), int: pa.int64(), bool: pa.bool_(), float: pa.float64()}[annotation]


# Lists whose items are sentences: one item a line. Every other list reads "1, 4" or "PP 130, WTDC 45".
LINE_LISTS = frozenset({"expected_results", "itu_activities"})


def readable(value: Any, column: str = "") -> Any:
    """A value as one spreadsheet cell: lists joined, {key: value} as "key: value" lines, None empty."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return "\n".join(
            f"{key}: {readable(item, key)}" for key, item in value.items() if item not in (None, [], "")
        )
    if isinstance(value, (list, tuple)):
        return ("\n" if column in LINE_LISTS else ", ").join(str(readable(item)) for item in value)
    return value


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """A header row, then cells as `readable` gives them. A CSV has no types, so "2019" reads back as
    whatever the reader guesses: give the edition column as text (dtype={"edition": str})."""
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(columns)
    writer.writerows([readable(row[column], column) for column in columns] for row in rows)
    return text.getvalue()


def write_csv(path: Path, rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> None:
    path.write_text(csv_text(rows, columns), encoding="utf-8", newline="")
