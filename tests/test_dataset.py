"""The data product of the replicas: the dataset in pandas, DuckDB and Polars, the long tables, the
keys, the CSV files, the column order of the data dictionary, and the JSON Schema."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import EDITIONS
from pipeline import schema as schemas
from pipeline.compare.changes import diff_editions, write_diff
from pipeline.keys import record_ids
from pipeline.records import RECORD_ID
from pipeline.store.tidy import TABLES

ROOT = Path(__file__).resolve().parent.parent
TIDY = ("sdg_links", "resolutions", "items")


@pytest.fixture(scope="module")
def out(extracted) -> Path:
    """The output folder of both replicas, with their diff written."""
    root = extracted["2019"].parent
    write_diff(diff_editions(extracted["2019"], extracted["2020"]), "2019", "2020", root / "diffs" / "2019..2020")
    return root


def records_of(folder: Path) -> list[dict]:
    return json.loads((folder / "records.json").read_text(encoding="utf-8"))


def rows_of(folder: Path, table: str) -> list[dict]:
    rows = pq.read_table(folder / f"{table}.parquet").to_pylist()
    for row in rows:
        if "extra_columns" in row:
            row["extra_columns"] = dict(row["extra_columns"])
    return rows


# --- the dataset in three readers --------------------------------------------------------------


def test_pandas_reads_edition_as_text(out):
    import pandas as pd

    records = pd.read_parquet(out / "dataset" / "records")
    assert pd.api.types.is_string_dtype(records["edition"]) and len(records) == 121
    assert len(records[records.edition == "2019"]) == 60 and len(records[records.edition == "2020"]) == 61
    footnotes = pd.read_parquet(out / "dataset" / "footnotes")
    joined = records.merge(footnotes, on=["edition", "action_line"])
    assert set(joined.edition) == {"2019", "2020"}
    for table in TIDY:
        assert pd.api.types.is_string_dtype(pd.read_parquet(out / "dataset" / table)["edition"]), table


def test_duckdb_reads_edition_as_text(out):
    import duckdb

    con = duckdb.connect()
    for table in TABLES:
        where = f"read_parquet('{out}/dataset/{table}/*/*.parquet')"
        types = {row[0]: row[1] for row in con.execute(f"DESCRIBE SELECT * FROM {where}").fetchall()}
        assert types["edition"] == "VARCHAR", table
    records = f"read_parquet('{out}/dataset/records/*/*.parquet')"
    assert con.execute(f"SELECT count(*) FROM {records} WHERE edition = '2019'").fetchall() == [(60,)]
    notes = f"read_parquet('{out}/dataset/footnotes/*/*.parquet')"
    joined = con.execute(f"SELECT count(DISTINCT r.edition) FROM {records} r JOIN {notes} f USING (edition, action_line)")
    assert joined.fetchall() == [(2,)]


def test_polars_reads_edition_as_text(out):
    import polars as pl

    records = pl.read_parquet(out / "dataset" / "records" / "*" / "*.parquet")
    assert records.schema["edition"] == pl.String
    assert records.filter(pl.col("edition") == "2019").height == 60
    footnotes = pl.read_parquet(out / "dataset" / "footnotes" / "*" / "*.parquet")
    assert records.join(footnotes, on=["edition", "action_line"]).select(pl.col("edition").n_unique()).item() == 2
    assert pl.scan_parquet(out / "dataset" / "sdg_links").collect_schema()["edition"] == pl.String


# --- the long tables ---------------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_long_tables_have_a_row_per_list_item(extracted, edition):
    folder = extracted[edition]
    records = records_of(folder)
    by_id = {r["record_id"]: r for r in records}

    links = rows_of(folder, "sdg_links")
    goals_alone = sum(len(set(r["sdg_goals"]) - {int(t.split(".")[0]) for t in r["sdg_targets"]}) for r in records)
    assert len(links) == sum(len(r["sdg_targets"]) for r in records) + goals_alone
    assert sorted((l["record_id"], l["sdg_target"]) for l in links if l["sdg_target"]) == sorted(
        (r["record_id"], t) for r in records for t in r["sdg_targets"])
    assert all(l["sdg_goal"] in by_id[l["record_id"]]["sdg_goals"] for l in links)

    resolutions = rows_of(folder, "resolutions")
    assert [(x["record_id"], x["resolution"]) for x in resolutions] == [(r["record_id"], x) for r in records for x in r["resolutions"]]
    assert all(f"{x['body']} {x['number']}" == x["resolution"] and x["text"] for x in resolutions)

    items = rows_of(folder, "items")
    for record in records:
        for kind, field in (("expected_result", "expected_results"), ("itu_activity", "itu_activities")):
            mine = [i for i in items if i["record_id"] == record["record_id"] and i["kind"] == kind]
            assert [i["text"] for i in mine] == record[field] and [i["position"] for i in mine] == list(range(1, len(mine) + 1))
    assert len(items) == sum(len(r["expected_results"]) + len(r["itu_activities"]) for r in records)

    # The dataset holds the same rows as the edition folder.
    for table in TABLES:
        assert pq.read_table(folder.parent / "dataset" / table / edition / f"{table}.parquet") == pq.read_table(folder / f"{table}.parquet")


def test_long_tables_read_what_the_cell_prints(extracted):
    rows = rows_of(extracted["2019"], "sdg_links")
    links = {(l["record_id"], l["sdg_target"]): l for l in rows if l["sdg_target"]}
    assert links["C6-1-d", "9.1"]["target_text"].startswith("Develop quality, reliable, sustainable")
    assert links["C6-1-r", "17.6"]["target_text"].startswith("Enhance North-South")  # no colon after the target
    assert links["C5-1-A1", "9.c"]["target_text"] is None  # a plain list of targets
    goals_alone = [(l["sdg_goal"], l["target_text"]) for l in rows if l["record_id"] == "C2-1-A"]
    assert goals_alone == [(g, None) for g in (1, 2, 3, 4, 5, 8, 9, 10, 11, 16, 17)]  # "1, 2, 3, ...": goals, no targets
    resolutions = {(x["record_id"], x["resolution"]): x for x in rows_of(extracted["2019"], "resolutions")}
    pp174 = resolutions["C5-1-A1", "PP 174"]
    assert pp174["text"] == "PP Res. 130 (Rev. Dubai 2018), 174 (Rev. Busan, 2014), 179 (Rev. Dubai, 2018)"
    assert (pp174["body"], pp174["number"], pp174["revision"]) == ("PP", 174, "Rev. Busan, 2014")
    assert (resolutions["C5-1-A1", "WTDC 67"]["revision"], resolutions["C6-1-d", "C09 1305"]["text"]) == (None, "C09 Res 1305")
    # 2020's C5 e cell breaks a citation's note over two lines: "(Rev.\nDubai, 2014)".
    wrapped = {(x["record_id"], x["resolution"]): x for x in rows_of(extracted["2020"], "resolutions")}["C5-2-e", "WTDC 45"]
    assert wrapped["revision"] == "Rev. Dubai, 2014"


@pytest.mark.parametrize("edition", EDITIONS)
def test_footnotes_carry_the_label_of_the_column_citing_them(extracted, edition):
    manifest = json.loads((extracted[edition] / "manifest.json").read_text(encoding="utf-8"))
    labels = {(t["action_line"], c["field"] or c["label"]): c["label"] for t in manifest["tables"] for c in t["columns"]}
    footnotes = json.loads((extracted[edition] / "footnotes.json").read_text(encoding="utf-8"))
    assert [f["cited_by_label"] for f in footnotes] == [labels[f["action_line"], f["cited_by"]] for f in footnotes]
    assert "Expected Results of ITU Activities" in {f["cited_by_label"] for f in footnotes}


# --- keys --------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_record_ids_are_unique_and_positions_in_document_order(extracted, edition):
    records = records_of(extracted[edition])
    ids = [r["record_id"] for r in records]
    assert len(set(ids)) == len(ids) and all(re.match(RECORD_ID, i) for i in ids)
    assert [r["position"] for r in records] == list(range(1, len(records) + 1))
    # C6 letters a-f twice, in two sections: the section number tells them apart.
    assert {"C6-1-a", "C6-2-a", "C6-2-f", "C5-1-B3", "C2-2-d"} <= set(ids)
    assert all(r["outcome_key"] is None for r in records)


def test_record_ids_number_sections_and_repeated_labels():
    rows = [("C2", "Geneva", "A"), ("C2", "Geneva", "B"), ("C2", "WSIS+10", "a"), ("C2", "Geneva", "C"),
            ("C5", None, "A"), ("C5", None, "A"), ("C5", None, "A")]
    assert record_ids(rows) == ["C2-1-A", "C2-1-B", "C2-2-a", "C2-1-C", "C5-1-A", "C5-1-A-2", "C5-1-A-3"]


# --- CSV and the data dictionary ---------------------------------------------------------------


@pytest.mark.parametrize("table", list(TABLES))
def test_csv_holds_the_parquet_rows_readably(extracted, table):
    import pandas as pd

    folder = extracted["2019"]
    csv = pd.read_csv(folder / f"{table}.csv", dtype={"edition": str}, keep_default_na=False)
    parquet = pq.read_table(folder / f"{table}.parquet")
    assert list(csv.columns) == parquet.column_names and len(csv) == parquet.num_rows
    assert set(csv.edition) == {"2019"}
    if table == "records":
        first = records_of(folder)[0]
        assert csv.outcome_text[0] == first["outcome_text"]
        assert csv.sdg_goals[0] == ", ".join(map(str, first["sdg_goals"]))
        assert csv.expected_results[0].split("\n") == first["expected_results"]


def _dictionary(heading: str) -> list[str]:
    """The field names of the README's data dictionary under `#### `heading``, in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"#### `{heading}`", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE)


@pytest.mark.parametrize("table", list(TABLES))
def test_parquet_columns_follow_the_data_dictionary(extracted, table):
    assert pq.read_schema(extracted["2019"] / f"{table}.parquet").names == _dictionary(table) == list(TABLES[table][1])


def test_changes_columns_follow_the_data_dictionary(out):
    assert pq.read_schema(out / "diffs" / "2019..2020" / "changes.parquet").names == _dictionary("changes")


# --- JSON Schema -------------------------------------------------------------------------------


def test_checked_in_schema_is_the_generated_one():
    assert (ROOT / "docs" / "schema.json").read_text(encoding="utf-8") == schemas.schema_text()


@functools.cache
def _validator(ref: str):
    from jsonschema import Draft202012Validator

    document = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(document)
    return Draft202012Validator({**document, "$ref": f"#/$defs/{ref}"})


def test_schema_validates_every_file_written_for_both_replicas(out):
    files = [(out / e / name, name) for e in EDITIONS for name in ("records.json", "footnotes.json")]
    files.append((out / "diffs" / "2019..2020" / "changes.json", "changes.json"))
    for path, name in files:
        errors = list(_validator(name).iter_errors(json.loads(path.read_text(encoding="utf-8"))))
        assert errors == [], f"{path}: {errors[0].message}"
    models = {name: model.__name__ for name, (model, _) in TABLES.items()}
    parquet = [(p, models[p.stem]) for p in out.rglob("*.parquet") if p.stem in models]
    parquet.append((out / "diffs" / "2019..2020" / "changes.parquet", "Change"))
    assert len(parquet) == 2 * 2 * len(TABLES) + 1  # the edition folders and the dataset, both editions
    for path, model in parquet:
        validator = _validator(model)
        errors = [e for row in rows_of(path.parent, path.stem) for e in validator.iter_errors(row)]
        assert errors == [], f"{path}: {errors[0].message}"


def test_schema_catches_a_wrong_file(extracted):
    records = records_of(extracted["2019"])
    assert not list(_validator("records.json").iter_errors(records))
    records[0]["edition"] = 2019  # the number the hive partition used to give
    del records[1]["record_id"]
    records[2]["surprise"] = True
    assert len(list(_validator("records.json").iter_errors(records))) == 3
