"""The JSON Schema of the output files, generated from the pydantic models (`roadmap schema`).

One document (docs/schema.json): `$defs` holds a schema per row model (Record, Footnote, Change and
the long tables' rows) and one per JSON file ("records.json": an array of Record, ...). Every key
of a row is required: the writers always write every field, null or [] when empty.
`schema_for("records.json")` is the document with a top-level `$ref` to that file's schema.
"""

from __future__ import annotations

from typing import Any

from pydantic.json_schema import models_json_schema

from pipeline.compare.changes import Change
from pipeline.errors import PipelineError
from pipeline.store.formats import json_text
from pipeline.store.tidy import TABLES

JSON_FILES = {"records.json": "Record", "footnotes.json": "Footnote", "changes.json": "Change"}


def schema() -> dict[str, Any]:
    models = [model for model, _ in TABLES.values()] + [Change]
    _, generated = models_json_schema([(m, "serialization") for m in models], ref_template="#/$defs/{model}")
    defs = generated["$defs"]
    for definition in defs.values():
        if "properties" in definition:
            definition["required"] = list(definition["properties"])
    for file, model in JSON_FILES.items():
        defs[file] = {"type": "array", "items": {"$ref": f"#/$defs/{model}"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "roadmap-pipeline output files",
        "description": "Rows of records, footnotes, changes and the long tables; see docs/output-contract.md.",
        "$defs": dict(sorted(defs.items())),
    }


def schema_for(file: str) -> dict[str, Any]:
    if file not in JSON_FILES:
        raise PipelineError(f"{file}: no schema for that file; one of {', '.join(JSON_FILES)}")
    return {**schema(), "$ref": f"#/$defs/{file}"}


def schema_text(file: str | None = None) -> str:
    return json_text(schema_for(file) if file else schema())
