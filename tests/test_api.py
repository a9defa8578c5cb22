"""The Python API (`from pipeline import extract, read_dataset, diff`) and the README's code, run as written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from conftest import EDITIONS, replica_pdf
from pipeline import diff, extract, read_dataset
from pipeline.cli.main import main
from pipeline.errors import PipelineError
from pipeline.records import RECORD_ORDER, Record

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def out(extracted, tmp_path_factory) -> Path:
    """A copy of the replicas' output folder, with the diff and a sources/ beside it (the README's cwd)."""
    root = tmp_path_factory.mktemp("notebook")
    shutil.copytree(extracted["2019"].parent, root / "output", ignore=shutil.ignore_patterns(".*"))
    (root / "sources").symlink_to(ROOT / "sources")
    assert main(["diff", "2019", "2020", "--out", str(root / "output")]) == 0
    return root / "output"


def test_the_api_names_are_functions_with_every_module_loaded():
    import pipeline.compare.changes  # noqa: F401
    import pipeline.extraction  # noqa: F401

    assert pipeline.extract is extract and pipeline.diff is diff and callable(read_dataset)


def test_extract_gives_typed_rows_and_the_written_bytes(extracted, tmp_path):
    edition = extract(str(replica_pdf("2019")), "2019")  # a str works as well as a Path
    assert isinstance(edition.records[0], Record) and len(edition.records) == 60
    assert edition.records[0].record_id == "C2-1-A" and edition.footnotes[0].cited_by_label
    assert edition.manifest.counts.records == 60 and edition.manifest.source.pages == 42
    assert edition.manifest.tables[0].columns[1].label == "Proposed Timing"
    frame = edition.records.to_pandas()
    assert list(frame.columns) == list(RECORD_ORDER) and list(frame.sdg_goals[0]) == edition.records[0].sdg_goals
    assert len(edition.sdg_links.to_pandas()) == len(edition.sdg_links) > 0
    assert edition.items.to_arrow().num_rows == len(edition.items)
    folder = edition.write(str(tmp_path))
    assert (folder / "records.json").read_bytes() == (extracted["2019"] / "records.json").read_bytes()
    # The edition id defaults as on the command line: declared, else the year in the name.
    assert extract(ROOT / "sources" / "roadmap-2020.pdf").edition == "2020"


def test_extract_errors_are_the_commands_one_liners(tmp_path):
    with pytest.raises(PipelineError, match=r"nothing\.pdf: no such file$"):
        extract(tmp_path / "nothing.pdf")
    (tmp_path / "notes.txt").write_text("not a pdf")
    with pytest.raises(PipelineError, match=r"^notes\.txt: not a PDF"):
        extract(tmp_path / "notes.txt")


def test_read_dataset_gives_every_edition_with_edition_a_string(out):
    for root in (out, str(out), out / "dataset"):
        records = read_dataset(root)
        assert pd.api.types.is_string_dtype(records.edition) and len(records[records.edition == "2019"]) == 60
    assert list(records.columns) == list(RECORD_ORDER)
    items = read_dataset(out, "items")
    assert set(items.edition) == set(EDITIONS) and set(items.kind) == {"expected_result", "itu_activity"}
    with pytest.raises(PipelineError, match="no nothing in the dataset"):
        read_dataset(out, "nothing")


def test_read_dataset_follows_outcomes_across_editions(out):
    records = read_dataset(out)
    assert records.outcome_key.notna().all()
    key = dict(zip(zip(records.edition, records.record_id), records.outcome_key))
    assert key["2019", "C2-1-A"] == key["2020", "C2-1-A"] == "2019:C2-1-A"
    assert key["2020", "C2-1-M"] == "2020:C2-1-M"  # new in 2020
    assert key["2020", "C6-1-i"] == "2020:C6-1-i"  # split out of 2019's h
    assert "2019:C2-1-C" not in set(records[records.edition == "2020"].outcome_key)  # removed in 2020


def test_diff_gives_the_changes_as_typed_rows(out):
    changes = diff("2019", "2020", root=out)
    assert len(changes) == 11 and {c.old_edition for c in changes} == {"2019"}
    frame = changes.to_pandas()
    assert list(frame.kind).count("changed") == 7
    assert list(diff(out / "2019", out / "2020").to_pandas().kind) == list(frame.kind)


def _python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", (ROOT / "README.md").read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)


def test_the_readme_python_runs_as_written(out, monkeypatch, capsys):
    blocks = _python_blocks()
    assert len(blocks) >= 3 and any("from pipeline import" in b for b in blocks)
    monkeypatch.chdir(out.parent)  # output/ and sources/ as in a clone after `make extract`
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "C2-1-A" in printed and "Proposed Timing" in printed and "2021-2024" in printed
