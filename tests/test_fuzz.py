"""Mutated replicas (bytes flipped, cut, spliced, dropped, repeated): every case ends in a clean
result or a clean one-line error, never a traceback, a hang or a half-written output.

`make test` runs FUZZ_CASES=24 cases; `make fuzz` runs many more (see the README for the counts).
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter

import pytest

from helpers import badpdfs
from conftest import replica_pdf
from pipeline import extraction
from pipeline.cli.main import main
from pipeline.errors import PipelineError
from pipeline.records import TEXT_FIELDS
from pipeline.store.write import EDITION_FILES

FUZZ_CASES = int(os.environ.get("FUZZ_CASES", "24"))
FUZZ_FIRST = int(os.environ.get("FUZZ_FIRST", "0"))
OUTPUTS = set(EDITION_FILES)


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    """Pages 3-5 of the 2019 replica: small enough for many cases, with a header, bands and a stitched row."""
    return badpdfs.cut_pages(replica_pdf("2019"), [3, 4, 5])


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    size = len(data)
    a, b = sorted(rng.randrange(size) for _ in range(2))
    kind = rng.choice(["flip", "cut", "splice", "drop", "repeat", "noise"])
    if kind == "flip":
        out = bytearray(data)
        for _ in range(rng.randint(1, 40)):
            out[rng.randrange(size)] ^= 1 << rng.randrange(8)
        return kind, bytes(out)
    if kind == "cut":
        return kind, data[:a]
    if kind == "splice":
        at = rng.randrange(size)
        return kind, data[:at] + data[a:b] + data[at:]
    if kind == "drop":
        return kind, data[:a] + data[b:]
    if kind == "repeat":
        return kind, data[:b] + data[a:b] * rng.randint(2, 5) + data[b:]
    return kind, data[:a] + rng.randbytes(min(b - a, 4096)) + data[a + min(b - a, 4096):]


@pytest.mark.parametrize("case", range(FUZZ_FIRST, FUZZ_FIRST + FUZZ_CASES))
def test_a_mutated_pdf_ends_cleanly(case, seed_pdf, tmp_path, capsys):
    kind, data = mutate(seed_pdf, random.Random(case))
    pdf = tmp_path / "mutant.pdf"
    pdf.write_bytes(data)
    out = tmp_path / "out"
    status = main(["extract", str(pdf), "--edition", "f", "--out", str(out), "--max-seconds", "60", "--max-memory", "1536"])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    if status == 0:
        assert err == ""
        assert {p.name for p in (out / "f").iterdir()} == OUTPUTS
        for name in ("records.json", "footnotes.json", "rejects.json", "manifest.json"):
            json.loads((out / "f" / name).read_text(encoding="utf-8"))
    else:
        # 2: a bad file, in one line. 70 (an internal error) would be a bug: it fails here.
        assert status == 2, f"{kind}: {err}"
        assert len(err.strip().splitlines()) == 1 and err.startswith("error: ")
        assert not (out / "f").exists()
    assert [p.name for p in out.glob(".*") if p.is_dir()] == [] if out.exists() else True


# --- one page damaged: never a silent loss ------------------------------------------------------------
# Each page of each replica damaged each way (badpdfs.DAMAGES). `make test` runs FUZZ_DAMAGE=4 of them,
# `make fuzz` all (FUZZ_DAMAGE=all). A silent loss is an extraction that --strict would pass (no
# reject, warning or check finding) whose records are not those of the intact replica.

EXTRACT = extraction
DAMAGE_PAGES = {"2019": 42, "2020": 40}
DAMAGE_CASES = [(edition, page, damage) for edition, pages in DAMAGE_PAGES.items() for page in range(1, pages + 1) for damage in badpdfs.DAMAGES]
random.Random(12).shuffle(DAMAGE_CASES)
_wanted = os.environ.get("FUZZ_DAMAGE", "4")
DAMAGE_CASES = DAMAGE_CASES if _wanted == "all" else DAMAGE_CASES[: int(_wanted)]
DAMAGE_OUTCOMES: Counter[str] = Counter()


@pytest.fixture(scope="module")
def intact() -> dict[str, list[tuple]]:
    return {edition: _contents(EXTRACT.extract(replica_pdf(edition), edition)) for edition in DAMAGE_PAGES}


def _contents(extraction) -> list[tuple]:
    return [(r.action_line, r.section, r.outcome_id, *(getattr(r, f) for f in TEXT_FIELDS), r.pages) for r in extraction.records]


@pytest.mark.parametrize("edition, page, damage", DAMAGE_CASES)
def test_a_damaged_page_is_never_a_silent_loss(edition, page, damage, intact, tmp_path):
    pdf = tmp_path / "damaged.pdf"
    pdf.write_bytes(badpdfs.damaged_page(replica_pdf(edition), page, damage))
    try:
        got = EXTRACT.extract(pdf, edition)
    except PipelineError:
        DAMAGE_OUTCOMES["one-line error"] += 1
        return
    if got.rejects or got.warnings or got.checks:
        DAMAGE_OUTCOMES["named (strict fails)"] += 1
        return
    same = _contents(got) == intact[edition]
    DAMAGE_OUTCOMES["intact" if same else "silent loss"] += 1
    assert same, f"silent loss: page {page} {damage}: {len(got.records)} records, none suspect, not those of the intact replica"


def test_damage_outcomes_counted():
    """The tally of the damaged pages above (printed with -s; `make fuzz` shows it)."""
    print("damaged pages:", dict(sorted(DAMAGE_OUTCOMES.items())))
    assert DAMAGE_OUTCOMES["silent loss"] == 0
