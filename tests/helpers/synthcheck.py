"""Extract a generated edition and compare it with what its engine says it holds."""

from __future__ import annotations

import random
from pathlib import Path

from helpers.compare import TEXT_KEYS, comparable, first_difference, paragraphs
from pipeline.extraction import extract
from pipeline.stages.fields import read_typed_fields
from pipeline.records import TEXT_FIELDS
from synth.content import EXTRA_LABELS, sample_content
from synth.engines import Engine, engine

RECORD_KEYS = ("action_line", "action_line_title", "section", "outcome_id", *TEXT_FIELDS, "extra_columns", "pages")
TYPED_KEYS = ("timing_start", "timing_end", "itu_goals", "sdg_goals", "sdg_targets", "resolutions", "regional_initiatives")
FOOTNOTE_KEYS = ("action_line", "number", "text", "cited_by")


def mismatches(seed: int, folder: Path, engine_name: str = "reportlab") -> list[str]:
    """Every difference between the extraction of edition `seed` and its known content."""
    the_engine = engine(engine_name)
    return edition_mismatches(sample_content(random.Random(seed)), the_engine.random_layout(random.Random(seed)), folder, the_engine)


def edition_mismatches(content, layout, folder: Path, the_engine: Engine | None = None) -> list[str]:
    pdf_bytes, want_records, want_footnotes = (the_engine or engine("reportlab")).render(content, layout, "synth")
    return pdf_mismatches(pdf_bytes, want_records, want_footnotes, folder)


def pdf_mismatches(pdf_bytes: bytes, want_records: list[dict], want_footnotes: list[dict], folder: Path) -> list[str]:
    """Every difference between the extraction of a PDF and its expected records and footnotes,
    compared paragraph by paragraph (tests/helpers/compare.py)."""
    pdf = folder / "synth.pdf"
    pdf.write_bytes(pdf_bytes)
    got = extract(pdf, "synth")
    problems = [f"reject: page {r['page']} {r['reason']}: {r['text'][:80]!r}" for r in got.rejects]
    problems += [f"warning: {w}" for w in got.warnings]
    problems += [f"check: {c.message}" for c in got.checks]  # a check that fires on an exact edition is wrong
    records = [r.model_dump() for r in got.records]
    if len(records) != len(want_records):
        problems.append(f"{len(records)} records, expected {len(want_records)}")
    for have, want in zip(records, want_records):
        problems += record_mismatches(have, want)
    footnotes = [f.model_dump() for f in got.footnotes]
    if [comparable(f, FOOTNOTE_KEYS) for f in footnotes] != [comparable(f, FOOTNOTE_KEYS) for f in want_footnotes]:
        problems.append(f"footnotes differ: got {[(f['number'], f['text'][:30]) for f in footnotes]} expected {[(f['number'], f['text'][:30]) for f in want_footnotes]}")
    return problems


def record_mismatches(have: dict, want: dict) -> list[str]:
    """Every field of an extracted record (as dumped) that differs from its expected record."""
    want = _as_read(have, want)
    want = {**want, **read_typed_fields({k: want.get(k) for k in TEXT_FIELDS}).model_dump()}
    problems = []
    for key in (*RECORD_KEYS, *TYPED_KEYS):
        if comparable(have, [key]) != comparable(want, [key]):
            what = first_difference(have.get(key), want.get(key)) if key in TEXT_KEYS else f"got {have.get(key)!r} expected {want.get(key)!r}"
            problems.append(f"{want['action_line']} {want['outcome_id']} {key}: {what}")
    return problems


def _as_read(have: dict, want: dict) -> dict:
    """The expected record with each cell whose junction a page break hides taken in the reading the
    extraction chose, when it chose one of them (tests/synth/hidden.py)."""
    want = {**want, "extra_columns": dict(want["extra_columns"])}
    for key, texts in want.get("readings", {}).items():
        label = EXTRA_LABELS.get(key)
        got = have["extra_columns"].get(label) if label else have.get(key)
        chosen = next((text for text in texts if paragraphs(text) == paragraphs(got)), None)
        if chosen is None:
            continue
        if label:
            want["extra_columns"][label] = chosen or ""
        else:
            want[key] = chosen
    return want
