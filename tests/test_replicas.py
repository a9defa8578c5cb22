"""The replicas, end to end: every record and footnote exactly as expected, in every output format."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import EDITIONS, FIXTURES, expected, replica_pdf
from helpers.compare import comparable
from pipeline.store import write
from pipeline.cli.main import main
from pipeline.records import Footnote, Record

CASES = [(edition, i) for edition in EDITIONS for i in range(len(expected(edition, "records")))]


def _records(extracted, edition):
    return json.loads((extracted[edition] / "records.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("edition, count", [("2019", 60), ("2020", 61)])
def test_record_count_and_document_order(extracted, edition, count):
    records = _records(extracted, edition)
    wanted = expected(edition, "records")
    assert len(records) == len(wanted) == count
    keys = ("action_line", "section", "outcome_id")
    assert [tuple(r[k] for k in keys) for r in records] == [tuple(r[k] for k in keys) for r in wanted]


@pytest.mark.parametrize("edition, index", CASES, ids=[f"{e}-{i}" for e, i in CASES])
def test_record_equals_expected(extracted, edition, index):
    wanted = expected(edition, "records")[index]
    got = _records(extracted, edition)[index]
    assert comparable(got, wanted) == comparable(wanted, wanted)


@pytest.mark.parametrize("edition", EDITIONS)
def test_footnotes_equal_expected(extracted, edition):
    wanted = expected(edition, "footnotes")
    got = json.loads((extracted[edition] / "footnotes.json").read_text(encoding="utf-8"))
    assert len(got) == len(wanted) == 12
    assert [comparable(g, w) for g, w in zip(got, wanted)] == [comparable(w, w) for w in wanted]


@pytest.mark.parametrize("edition", EDITIONS)
def test_manifest_counts_and_no_rejects(extracted, edition):
    manifest = json.loads((extracted[edition] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["records"] == len(expected(edition, "records"))
    assert manifest["counts"]["footnotes"] == 12
    assert manifest["counts"]["rejects"] == 0 and manifest["warnings"] == []
    assert manifest["source"]["pages"] == {"2019": 42, "2020": 40}[edition]
    assert json.loads((extracted[edition] / "rejects.json").read_text()) == []
    # Rows really do run over page breaks in these replicas, and the manifest says how many.
    assert manifest["counts"]["rows_over_page_breaks"] > 20


@pytest.mark.parametrize("edition", EDITIONS)
def test_parquet_reads_back_with_typed_list_columns(extracted, edition):
    table = pq.read_table(extracted[edition] / "records.parquet")
    assert table.schema.field("itu_goals").type == pa.list_(pa.int64())
    assert table.schema.field("sdg_targets").type == pa.list_(pa.string())
    assert table.schema.field("pages").type == pa.list_(pa.int64())
    assert table.schema.field("timing_start").type == pa.int64()
    assert pa.types.is_map(table.schema.field("extra_columns").type)
    rows = table.to_pylist()
    records = _records(extracted, edition)
    assert len(rows) == len(records)
    for row, record in zip(rows, records):
        row["extra_columns"] = dict(row["extra_columns"])
        assert row == record
    footnotes = pq.read_table(extracted[edition] / "footnotes.parquet").to_pylist()
    assert footnotes == json.loads((extracted[edition] / "footnotes.json").read_text(encoding="utf-8"))


def test_parquet_keeps_extra_columns_and_writes_an_empty_table(extracted, tmp_path):
    """The replicas' extra_columns maps are all empty: a map with entries, and no rows at all."""
    records = _records(extracted, "2019")[:3]
    records[0]["extra_columns"] = {"Relevant Partners": "• ICANN\n• ISOC", "Impact on ITU Human and Financial Resources": "Staff: 1 P-4"}
    write._write_parquet(tmp_path / "records.parquet", write.arrow_table(records, Record))
    rows = pq.read_table(tmp_path / "records.parquet").to_pylist()
    assert rows[0]["extra_columns"] == sorted(records[0]["extra_columns"].items()) and rows[1]["extra_columns"] == []
    assert [{**row, "extra_columns": dict(row["extra_columns"])} for row in rows] == records
    write._write_parquet(tmp_path / "footnotes.parquet", write.arrow_table([], Footnote))
    empty = pq.read_table(tmp_path / "footnotes.parquet")
    assert empty.num_rows == 0 and empty.schema == write.arrow_schema(Footnote)


def test_dataset_holds_every_edition_once(extracted, tmp_path):
    import pandas as pd

    out = extracted["2019"].parent
    frame = pd.read_parquet(out / "dataset" / "records")
    assert sorted(frame["edition"].unique()) == ["2019", "2020"]
    assert len(frame) == 121
    # Re-extracting replaces the edition's part, and the hive partition of earlier versions goes.
    old_layout = out / "dataset" / "edition=2019"
    old_layout.mkdir()
    (old_layout / "records.parquet").write_bytes(b"left by 0.1")
    assert main(["extract", str(replica_pdf("2019")), "--edition", "2019", "--out", str(out)]) == 0
    assert len(pd.read_parquet(out / "dataset" / "records")) == 121
    assert not old_layout.exists()


def test_extracting_twice_gives_identical_bytes(extracted, tmp_path):
    """The command (a forked extraction process) and the API write the same bytes, every file."""
    assert main(["extract", str(replica_pdf("2019")), "--edition", "2019", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in (tmp_path / "2019").iterdir())
    assert names == sorted(p.name for p in extracted["2019"].iterdir() if p.suffix != ".xlsx")
    assert {"records.csv", "sdg_links.parquet", "resolutions.csv", "items.parquet", "footnotes.csv"} <= set(names)
    for name in names:
        assert (tmp_path / "2019" / name).read_bytes() == (extracted["2019"] / name).read_bytes(), name
    dataset = sorted(p.relative_to(tmp_path) for p in (tmp_path / "dataset").rglob("*.*"))
    assert len(dataset) == 10  # five tables, Parquet and CSV
    for path in dataset:
        assert (tmp_path / path).read_bytes() == (extracted["2019"].parent / path).read_bytes(), path
    # No temporary folder is left behind beside the output (only the edition's lock file).
    assert sorted(p.name for p in tmp_path.iterdir()) == [".2019~lock", "2019", "dataset"]


def test_diff_of_the_extracted_replicas_gives_exactly_the_listed_changes(extracted, tmp_path):
    """End to end: `extract` both PDFs, then `diff 2019 2020`, against changes-from-2019.json."""
    out = extracted["2019"].parent
    assert main(["diff", "2019", "2020", "--out", str(out)]) == 0
    folder = out / "diffs" / "2019..2020"
    assert {"changes.json", "changes.parquet", "report.md", "report.html"} <= {p.name for p in folder.iterdir()}
    key = ("kind", "action_line", "section", "outcome_id", "field", "new_outcome_id")
    got = [tuple(c.get(k) for k in key) for c in json.loads((folder / "changes.json").read_text(encoding="utf-8"))]
    listed = json.loads((FIXTURES / "2020" / "changes-from-2019.json").read_text(encoding="utf-8"))
    want = [tuple(c.get(k) for k in key) for c in listed]
    assert len(got) == len(set(got)) and set(got) == set(want)
    # Each change says which editions it is between, and a changed field's column label as printed.
    changes = json.loads((folder / "changes.json").read_text(encoding="utf-8"))
    assert {(c["old_edition"], c["new_edition"]) for c in changes} == {("2019", "2020")}
    labels = {(c["action_line"], c["outcome_id"], c["field"]): c["field_label"] for c in changes if c["kind"] == "changed"}
    assert labels["C2", "A", "timing_text"] == "Proposed Timing"
    assert labels["C5", "D", "sdgs_text"] == "Linkage with the SDGs"
    assert labels["C6", "h", "outcome_text"] == "WSIS Outcomes (WSIS AL C6)"
    assert all(labels.values())


def test_extract_sources_extracts_every_declared_edition(extracted, tmp_path, capsys):
    """What `make extract` runs: every edition of sources/sources.json, one process each."""
    assert main(["extract-sources", "--out", str(tmp_path)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("extracting 2 editions in ")
    for edition in EDITIONS:
        assert (tmp_path / edition / "records.json").read_bytes() == (extracted[edition] / "records.json").read_bytes()
