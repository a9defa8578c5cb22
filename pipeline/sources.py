"""The editions declared in sources/sources.json, and the edition id of a PDF."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import regex

from pipeline.editions import check_edition_id
from pipeline.errors import PipelineError

SOURCES = Path(__file__).resolve().parent.parent / "sources"
YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@dataclass(frozen=True)
class Source:
    edition: str
    path: Path
    sha256: str
    description: str


def declared_sources(folder: Optional[Path] = None) -> list[Source]:
    folder = folder or SOURCES  # read when called, so that a test can point it elsewhere
    manifest = folder / "sources.json"
    try:
        entries = json.loads(manifest.read_text(encoding="utf-8"))
        if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
            raise ValueError("it must be a non-empty list of entries")
        if not all(isinstance(e["edition"], str) and isinstance(e["file"], str) for e in entries):
            raise ValueError("each entry's edition and file must be strings")
        sources = [Source(e["edition"], folder / e["file"], e["sha256"], e["description"]) for e in entries]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PipelineError(f"{manifest}: not a readable sources manifest ({error})") from None
    _check_editions(manifest, [s.edition for s in sources])
    return sources


def _check_editions(manifest: Path, editions: list[str]) -> None:
    """Each declared id obeys the rule and is declared once: two extractions into one folder would race."""
    for edition in editions:
        try:
            check_edition_id(edition)
        except PipelineError as error:
            raise PipelineError(f"{manifest}: {error}") from None
        if editions.count(edition) > 1:
            raise PipelineError(f"{manifest}: edition {edition} is declared twice")


def edition_id(pdf: Path, given: Optional[str], folder: Path = SOURCES) -> str:
    """The given id, else the one sources/ declares for this file, else the year in its name."""
    if given is None:
        declared = next((s.edition for s in _quiet_sources(folder) if s.path.name == pdf.name), None)
        years = YEAR.findall(pdf.stem)
        given = declared or (years[-1] if years else None)
        if given is None:
            raise PipelineError(f"{pdf.name}: cannot tell the edition from the file name; give --edition ID")
    return check_edition_id(given)


def _quiet_sources(folder: Path) -> list[Source]:
    try:
        return declared_sources(folder)
    except PipelineError:
        return []
