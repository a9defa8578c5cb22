"""Small documents cut from the replicas."""

from __future__ import annotations

import dataclasses

from pipeline.stages.models import Document


def pages(document: Document, *numbers: int) -> Document:
    """The document cut down to some of its pages (as if the others were not there)."""
    return dataclasses.replace(document, pages=tuple(document.pages[n - 1] for n in numbers))
