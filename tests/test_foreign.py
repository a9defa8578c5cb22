"""The harness's names for what went wrong (tests/helpers/foreign.py), on misses as compare.score words them."""

from __future__ import annotations

import pytest

from helpers.compare import score
from helpers.foreign import ENGINES, cell_miss_kind, miss_kind

WANT = dict(action_line="C2", outcome_id="A", section="Geneva Plan of Action", outcome_text="A: Governments should act",
            timing_text="2020-2023", goals_text="Goal 1\nRegional Initiatives", sdgs_text=None,
            results_text="Expected Results:\n• Development of affordable services\n-Enhanced capacity", extra_columns={})


def kinds(**got) -> list[str]:
    return [miss_kind(m) for m in score([{**WANT, **got}], [WANT], [], []).misses]


@pytest.mark.parametrize("got, kind", [
    (dict(goals_text="Goal 1 Regional Initiatives"), "paragraphs merged"),
    (dict(results_text="Expected Results:\n• Development of aff ordable services\n-Enhanced capacity"), "ligature split"),
    (dict(outcome_text="A: Govern ments should act"), "space inside a word"),
    (dict(results_text="Expected Results:\nDevelopment of affordable services\n-Enhanced capacity"), "bullet lost"),
    (dict(timing_text=None), "cell empty"),
    (dict(timing_text="2020-2023 Goal 1"), "foreign text in cell"),
    (dict(outcome_text="A: Governments should"), "text cut short (rest elsewhere)"),
    (dict(outcome_text="A: Governments sho uld act"), "space inside a word"),
    (dict(outcome_text="A: Governments sho act"), "word cut (column boundary inside a word)"),
    (dict(section=None), "band missed: section empty"),
    (dict(section="Geneva Plan"), "section wrong"),
    (dict(sdgs_text="1, 2"), "text in an empty cell"),
])
def test_each_kind_of_miss_is_named(got, kind):
    assert kinds(**got) == [kind]


def test_a_record_not_found_and_an_error_are_named():
    misses = score([], [WANT], [], [dict(action_line="C2", number=1, text="x", cited_by="outcome_text")]).misses
    assert [miss_kind(m) for m in misses] == ["record not found", "footnote not exact"]
    assert miss_kind("error: x.pdf: no roadmap table header found on pages 1-38") == "error: no roadmap table header found on pages N-N"
    assert cell_miss_kind(("a b",), ("a", "b")) == "paragraphs merged"


def test_every_engine_has_house_styles():
    for name, engine in ENGINES.items():
        assert len(engine.layouts()) >= 8, name
