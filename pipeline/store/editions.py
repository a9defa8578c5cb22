"""The one rule for edition ids, and the hidden names the output folder keeps beside each edition.

An edition id names a folder of the output folder (OUT/ID), a dataset partition
(OUT/dataset/edition=ID) and a diff (OUT/diffs/OLD..NEW), so it may not be a name the output folder
uses for something else, leave the folder, be hidden, or make two diffs' names alike. Every hidden
name that belongs to an edition (its lock, its staging folders) is the id, then SEPARATOR, which no
id contains: the names of `2020` can never be mistaken for those of `2020.1`.
"""

from __future__ import annotations

import re

from pipeline.errors import PipelineError

# Names that the output folder uses itself; compared without case (a case-insensitive disk).
RESERVED = frozenset({"dataset", "diffs", "history"})
SEPARATOR = "~"
MAX_LENGTH = 64
_SHAPE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def check_edition_id(edition: str) -> str:
    """The id itself, or a PipelineError that says which part of the rule it breaks."""
    if not _SHAPE.match(edition) or len(edition) > MAX_LENGTH:
        raise PipelineError(
            f"edition id {edition!r} is not allowed: use letters, digits, '.', '_' and '-' only "
            f"(at most {MAX_LENGTH}, the first a letter or digit)"
        )
    if ".." in edition or edition.endswith("."):
        # A diff's folder is OLD..NEW: with '..' inside an id, two pairs of editions could share one.
        raise PipelineError(f"edition id {edition!r} is not allowed: no '..' and no '.' at its end")
    if edition.lower() in RESERVED:
        raise PipelineError(
            f"edition id {edition!r} is not allowed: the output folder uses that name itself "
            f"({', '.join(sorted(RESERVED))})"
        )
    return edition


def hidden_prefix(name: str) -> str:
    """What every hidden name that belongs to `name` (an edition, a diff) starts with."""
    return f".{name}{SEPARATOR}"


def lock_name(name: str) -> str:
    return f"{hidden_prefix(name)}lock"
