"""The synthetic edition generator checks itself: what it says a perfect extraction returns is what
pdfplumber reads in the regions it drew, for many seeds and for each layout variation alone."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from .check import norm, self_check
from .content import TEXT_FIELDS, URLS
from .generator import expected, plan, random_layout, render, sample_content, wrap
from .layout import PUA_BULLET, VARIATIONS, Layout, available_fonts, single_variations

SEEDS = range(30)
CONTRACT_FIELDS = {"edition", "action_line", "action_line_title", "section", "outcome_id", *TEXT_FIELDS,
                   "extra_columns", "pages"}


def edition(seed: int):
    content = sample_content(random.Random(seed))
    layout = random_layout(random.Random(seed))
    return content, layout, plan(content, layout)


@pytest.mark.parametrize("seed", SEEDS)
def test_what_is_drawn_is_read_back(seed):
    content, layout, the_plan = edition(seed)
    assert self_check(render(content, layout, the_plan), the_plan) == []


@pytest.mark.parametrize("name,layout", single_variations(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_variation_alone(name, layout):
    content = sample_content(random.Random(7), max_rows=3)
    the_plan = plan(content, layout)
    assert self_check(render(content, layout, the_plan), the_plan) == []


def test_deterministic():
    content, layout, the_plan = edition(3)
    pdf = render(content, layout)
    assert render(sample_content(random.Random(3)), random_layout(random.Random(3))) == pdf
    assert expected(content, layout, "e") == expected(*edition(3)[:2], "e")
    assert render(*edition(4)[:2]) != pdf


def test_records_follow_the_contract():
    for seed in SEEDS:
        content, layout, the_plan = edition(seed)
        records, footnotes = expected(content, layout, f"synth-{seed}", the_plan)
        numbers = [f["number"] for f in footnotes]
        assert numbers == list(range(1, len(numbers) + 1))
        for rec in records:
            assert set(rec) == CONTRACT_FIELDS
            assert rec["outcome_text"].startswith(rec["outcome_id"])
            assert re.fullmatch(r"[A-Za-z]{1,3}\d{0,2}", rec["outcome_id"])
            assert rec["pages"] == sorted(set(rec["pages"])) and rec["pages"][0] >= 1
            if "sdgs_text" not in layout.column_keys:
                assert rec["sdgs_text"] is None
            assert len(rec["extra_columns"]) == len(layout.column_keys) - len(set(layout.column_keys) & set(TEXT_FIELDS))
        try:
            from pipeline.records import RecordFields  # a record as assembled, before its keys
        except ImportError:
            continue
        for rec in records:
            RecordFields(**rec)


def test_seeds_cover_every_variation_and_awkward_case():
    seen = {f.name: set() for f in dataclasses.fields(Layout)}
    found = set()
    for seed in SEEDS:
        content, layout, the_plan = edition(seed)
        for name in seen:
            seen[name].add(getattr(layout, name))
        records, _ = expected(content, layout, "e", the_plan)
        texts = [t for r in records for t in [*(r[k] for k in TEXT_FIELDS), *r["extra_columns"].values()]]
        paragraphs = [p for al in content.action_lines for s in al.sections for row in s.rows
                      for k, cell in row.cells.items() if k in layout.column_keys for p in cell]
        spans = [len(r["pages"]) for r in records]
        cases = {
            "empty cell": any(r[k] is None for r in records for k in ("timing_text", "goals_text")),
            "url cell": any(t and norm(t).replace(" ", "") in URLS for t in texts),
            "blank paragraph": "" in paragraphs,
            "hyphen at a line end": the_plan.stats["hyphen_breaks"] > 0,
            "one-row table": any(sum(len(s.rows) for s in al.sections) == 1 for al in content.action_lines),
            "row over two page breaks": 3 in spans,
            "row over three page breaks": max(spans) >= 4,
            "band at the top of a page": the_plan.stats["band_at_top"] > 0,
        }
        found |= {name for name, hit in cases.items() if hit}
    assert found == set(cases)
    for name, values in VARIATIONS.items():
        if name not in ("margins", "column_scale", "footnote_rule"):
            assert {v for v in values if name != "font" or v in available_fonts()} <= seen[name], name
    if len(available_fonts()) > 2:
        assert {"•", PUA_BULLET, "▪"} <= seen["bullet"]


def test_wrap_breaks_after_hyphens_and_inside_overlong_words_only():
    measure = len  # one unit a character
    assert wrap("a non-discriminatory rule", 14, measure) == [("a non-", "\n"), ("discriminatory", ""), ("rule", " ")]
    url = "www.itu.int/ITU-D/pdf/op/StrategicPlan.pdf"
    lines = wrap(url, 12, measure)
    # A word too long for a line wraps where it must; its lines join by a space, as any wrapped line.
    assert lines[0] == ("www.itu.int/", "\n") and lines[1] == ("ITU-", " ") and lines[2][1] == ""
    assert "".join(line for line, _ in lines) == url and all(measure(line) <= 12 for line, _ in lines)
    assert wrap("", 10, measure) == [("", "\n")]
    assert [j for _, j in wrap("one two three four", 9, measure)] == ["\n", " ", " "]
