"""The editions declared in sources/sources.json, and the edition id of a PDF."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import regex

from pipeline.errors import PipelineError

SOURCES = Path(__file__).resolve().parent.parent / "sources"
EDITION_ID = regex.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class Source:
    edition: str
    path: Path
    sha256: str
    description: str


def declared_sources(folder: Path = SOURCES) -> list[Source]:
    manifest = folder / "sources.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        return [Source(e["edition"], folder / e["file"], e["sha256"], e["description"]) for e in entries]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PipelineError(f"{manifest}: not a readable sources manifest ({error})") from None


def edition_id(pdf: Path, given: Optional[str], folder: Path = SOURCES) -> str:
    """The given id, else the one sources/ declares for this file, else the year in its name."""
    if given is None:
        declared = next((s.edition for s in _quiet_sources(folder) if s.path.name == pdf.name), None)
        years = YEAR.findall(pdf.stem)
        given = declared or (years[-1] if years else None)
        if given is None:
            raise PipelineError(f"{pdf.name}: cannot tell the edition from the file name; give --edition ID")
    if not EDITION_ID.match(given):
        raise PipelineError(f"edition id {given!r} is not allowed: use letters, digits, '.', '_' and '-' only")
    return given


def _quiet_sources(folder: Path) -> list[Source]:
    try:
        return declared_sources(folder)
    except PipelineError:
        return []
