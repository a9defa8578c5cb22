"""Shared fixtures: each replica is extracted once per test session, through the Python API
(the command line's own tests run `main`, and one checks that it writes the same bytes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pipeline

FIXTURES = Path(__file__).parent / "fixtures"
EDITIONS = ("2019", "2020")


def replica_pdf(edition: str) -> Path:
    return FIXTURES / edition / f"roadmap-{edition}.pdf"


def expected(edition: str, name: str) -> list[dict]:
    return json.loads((FIXTURES / edition / f"expected-{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def extracted(tmp_path_factory) -> dict[str, Path]:
    """edition -> its output folder, as `roadmap extract` writes it."""
    out = tmp_path_factory.mktemp("output")
    return {edition: pipeline.extract(replica_pdf(edition), edition).write(out) for edition in EDITIONS}
