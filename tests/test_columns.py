"""pipeline.stages.columns: column boundaries from what the page draws, and from the text alone."""

from __future__ import annotations

import dataclasses

from helpers.documents import pages

from pipeline.stages.layout import read_layout


def test_columns_come_from_the_text_when_the_rules_are_gone(replica_2019):
    ruled = read_layout(pages(replica_2019, 3, 4, 5)).tables[0]
    bare = dataclasses.replace(replica_2019, pages=tuple(dataclasses.replace(p, rules=(), fills=()) for p in replica_2019.pages))
    unruled = read_layout(pages(bare, 3, 4, 5)).tables[0]
    assert not unruled.ruled
    for a, b in zip(ruled.columns[1:], unruled.columns[1:]):
        # The text starts a cell padding right of the rule.
        assert 0 < b.x0 - a.x0 < 8
