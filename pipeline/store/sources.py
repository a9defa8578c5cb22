"""The editions declared in sources/sources.json, and the edition id of a PDF."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.stages.fields import YEAR
from pipeline.store.editions import check_edition_id

SOURCES = Path(__file__).resolve().parents[2] / "sources"


@dataclass(frozen=True)
class Source:
    edition: str
    path: Path
    sha256: str
    description: str


def declared_sources(folder: Path | None = None) -> list[Source]:
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


def edition_id(pdf: Path, given: str | None, folder: Path = SOURCES) -> str:
    """The given id, else the one sources/ declares for this file, else the year in its name."""
    if given is None:
        declared = next((s.edition for s in _quiet_sources(folder) if s.path.name == pdf.name), None)
        years = YEAR.findall(pdf.stem)
        given = declared or (years[-1] if years else None)
        if given is None:
            raise PipelineError(f"{pdf.name}: cannot tell the edition from the file name; give --edition ID")
    return check_edition_id(given)


def identify(pdf: Path, given: str | None, folder: Path = SOURCES) -> str:
    """The edition id of a PDF to extract (`edition_id`), once the PDF is known to be its declared file.

    A declaration of sources/sources.json is used for the declared file itself, and for a file of the
    same name extracted without --edition (its id comes from the declaration): either way its sha256
    must be the declared one, or another file would be ingested under the edition's name.
    """
    sources = _quiet_sources(folder)
    declared = next((s for s in sources if _same_file(s.path, pdf)), None)
    declared = declared or next((s for s in sources if s.path.name == pdf.name and given is None), None)
    try:
        edition = edition_id(pdf, given, folder)
    except PipelineError:
        _check_is_pdf(pdf)  # "not a PDF" says more than "cannot tell the edition" about a text file
        raise
    if declared:
        have = _sha256(pdf)
        if have != declared.sha256:
            raise PipelineError(
                f"{pdf}: its sha256 is {have} but {folder.name}/sources.json declares {declared.sha256} for edition "
                f"{declared.edition}: not the declared file (if it is the right one, update the declaration)"
            )
    return edition


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as file:
            for block in iter(lambda: file.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise PipelineError(f"{path}: cannot read the file ({error.strerror or error})") from None
    return digest.hexdigest()


def _check_is_pdf(path: Path) -> None:
    from pipeline.stages.load import (
        _check_is_pdf as check,  # the loader's own words for a file that is not a PDF
    )

    try:
        data = path.read_bytes()
    except OSError:
        return  # the loader says so, in its own words
    check(path.name, data)


def _quiet_sources(folder: Path) -> list[Source]:
    try:
        return declared_sources(folder)
    except PipelineError:
        return []
