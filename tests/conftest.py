"""Shared fixtures: each replica is extracted once per test session, through the Python API
(the command line's own tests run `main`, and one checks that it writes the same bytes)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import pipeline
from pipeline.stages.load import load_document
from pipeline.stages.models import Document

FIXTURES = Path(__file__).parent / "fixtures"
EDITIONS = ("2019", "2020")


def replica_pdf(edition: str) -> Path:
    return FIXTURES / edition / f"roadmap-{edition}.pdf"


def expected(edition: str, name: str) -> list[dict]:
    return json.loads((FIXTURES / edition / f"expected-{name}.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def replica_2019() -> Document:
    """The 2019 replica as loaded (pipeline.stages.load)."""
    return load_document(replica_pdf("2019"))


@pytest.fixture(scope="session")
def extracted(tmp_path_factory) -> dict[str, Path]:
    """edition -> its output folder, as `roadmap extract` writes it."""
    out = tmp_path_factory.mktemp("output")
    return {edition: pipeline.extract(replica_pdf(edition), edition).write(out) for edition in EDITIONS}


@pytest.fixture(autouse=True, scope="module")
def _one_playwright_at_a_time():
    """Close the Chromium that the HTML editions' printer keeps open (synth.html_print) when a test
    module ends: playwright's sync API refuses to start a second instance in a process while one
    runs, and the report tests (tests/helpers/browser.py) start their own. The printer starts it again on
    its next use."""
    yield
    printer = sys.modules.get("synth.html_print")
    if printer is not None:
        printer._chromium.close()
