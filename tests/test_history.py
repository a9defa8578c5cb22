"""`roadmap history` and outcome_key: each outcome followed through the editions, relabels included."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from helpers.browser import browser, page  # noqa: F401  (pytest fixtures)
from helpers.diffcases import insert_outcome, load, write_edition
from pipeline.cli.main import main
from pipeline.compare.changes import read_edition
from pipeline.compare.history import history, outcome_keys, render_html


@pytest.fixture(scope="module")
def written(extracted) -> Path:
    out = extracted["2019"].parent
    assert main(["history", "--out", str(out)]) == 0
    return out / "history"


def test_history_of_the_replicas(written, extracted):
    rows = pd.read_parquet(written / "history.parquet")
    assert pd.api.types.is_string_dtype(rows.edition)
    by_edition = {e: Counter(rows[rows.edition == e].status) for e in ("2019", "2020")}
    assert by_edition["2019"] == {"first": 60}
    # Against changes-from-2019.json: 7 outcomes changed, C2 M and C6 i added, C2 C removed.
    assert by_edition["2020"] == {"same": 52, "changed": 7, "added": 2, "removed": 1}
    changed = rows[(rows.edition == "2020") & (rows.status == "changed")]
    assert sorted(changed.record_id) == ["C2-1-A", "C2-1-B", "C2-1-G", "C5-1-B4", "C5-1-D", "C6-1-h", "C6-1-m"]
    assert list(changed[changed.record_id == "C2-1-A"].changed_fields.iloc[0]) == ["timing_text"]
    removed = rows[rows.status == "removed"].iloc[0]
    assert (removed.outcome_key, removed.outcome_id) == ("2019:C2-1-C", "C") and pd.isna(removed.record_id)
    # Rows grouped by outcome, in order of first appearance, editions in order within it.
    assert list(rows.outcome_key[:4]) == ["2019:C2-1-A", "2019:C2-1-A", "2019:C2-1-B", "2019:C2-1-B"]
    records = json.loads((extracted["2020"] / "records.json").read_text(encoding="utf-8"))
    present = rows[(rows.edition == "2020") & rows.record_id.notna()]
    assert sorted(present.record_id) == sorted(r["record_id"] for r in records)
    assert (written / "history.csv").read_text(encoding="utf-8").startswith("outcome_key,edition,status,")


def test_history_page(written, page):  # noqa: F811
    html = (written / "history.html").read_text(encoding="utf-8")
    assert "<script" not in html and "http" not in html
    page.page.goto((written / "history.html").as_uri())
    assert page.page.locator("article.outcome").count() == 62  # 60 of 2019, C2 M and C6 i
    assert page.page.locator("#count").inner_text() == "62 outcomes over 2 editions."
    timing = page.page.locator('article[data-key="2019:C2-1-A"] tr[data-edition="2020"]')
    assert "Proposed Timing" in timing.inner_text() and timing.locator("ins").inner_text() == "2021-2024"
    assert page.problems == []


def test_history_twice_gives_the_same_bytes(written, extracted):
    before = {p.name: p.read_bytes() for p in written.iterdir()}
    assert main(["history", "--out", str(extracted["2019"].parent)]) == 0
    assert {p.name: p.read_bytes() for p in written.iterdir()} == before


def _derived(tmp_path: Path) -> list:
    """2019, and a 2020 with an outcome inserted at C2 C: C..L are relettered D..M."""
    old = load("2019")
    new = load("2019")
    insert_outcome(new[0], "C2", "C", "Promote satellite connectivity for maritime and aeronautical services")
    for row in new[0] + new[1]:
        row["edition"] = "2020"
    return [read_edition(write_edition(tmp_path / "2019", *old)), read_edition(write_edition(tmp_path / "2020", *new))]


def test_outcome_key_follows_a_relabeled_outcome(tmp_path):
    editions = _derived(tmp_path)
    keys = outcome_keys(editions)
    assert keys["2020", "C2-1-D"] == "2019:C2-1-C" and keys["2020", "C2-1-M"] == "2019:C2-1-L"
    assert keys["2020", "C2-1-C"] == "2020:C2-1-C"  # the inserted outcome is new
    rows, _ = history(editions)
    relabeled = [r for r in rows if r.edition == "2020" and r.status == "relabeled"]
    assert [(r.previous_outcome_id, r.outcome_id) for r in relabeled] == [(a, chr(ord(a) + 1)) for a in "CDEFGHIJKL"]


def test_history_page_escapes_the_text(tmp_path):
    editions = _derived(tmp_path)
    editions[1].records[0]["outcome_text"] = "A: <b>bold</b> & <script>alert(1)</script>"
    rows, changes = history(editions)
    html = render_html(rows, changes, ["2019", "<2020>"])
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold" not in html and "&lt;2020&gt;" in html


def test_history_needs_an_extracted_edition(tmp_path, capsys):
    assert main(["history", "--out", str(tmp_path)]) == 2
    assert "no extracted edition there" in capsys.readouterr().err
