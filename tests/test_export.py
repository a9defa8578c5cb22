"""`roadmap export EDITION --xlsx`: the workbook, read back with openpyxl (not the library that wrote it)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pyarrow.parquet as pq
import pytest
from openpyxl.utils import get_column_letter

from pipeline.cli.main import main
from pipeline.store.export import CHANGE_COLUMNS, MAX_WIDTH
from pipeline.store.tidy import TABLES


@pytest.fixture(scope="module")
def out(extracted) -> Path:
    root = extracted["2019"].parent
    assert main(["diff", "2019", "2020", "--out", str(root)]) == 0
    return root


@pytest.fixture(scope="module")
def workbook(out, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "roadmap-2019.xlsx"
    assert main(["export", "2019", "--xlsx", "--diff", "2019..2020", "--out", str(out), "--to", str(path)]) == 0
    return path


def test_a_sheet_per_table_and_the_changes(workbook, out):
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == [*TABLES, "changes"]
    for name, (_, columns) in TABLES.items():
        sheet = book[name]
        rows = pq.read_table(out / "2019" / f"{name}.parquet").num_rows
        assert [c.value for c in sheet[1]] == list(columns), name
        assert sheet.max_row == rows + 1 and sheet.max_column == len(columns), name
    changes = book["changes"]
    assert [c.value for c in changes[1]] == list(CHANGE_COLUMNS) and changes.max_row == 12
    got = [dict(zip(CHANGE_COLUMNS, (c.value for c in row))) for row in changes.iter_rows(min_row=2)]
    assert {(c["old_edition"], c["new_edition"]) for c in got} == {("2019", "2020")}
    sdgs = next(c for c in got if (c["action_line"], c["outcome_id"], c["field"]) == ("C5", "D", "sdgs_text"))
    assert (sdgs["field_label"], sdgs["added"], sdgs["removed"]) == ("Linkage with the SDGs", "sdg_goals: 17\nsdg_targets: 17.8", None)


def test_sheets_are_laid_out_for_reading(workbook):
    book = openpyxl.load_workbook(workbook)
    for sheet in book:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}", sheet.title
        assert all(c.font.bold for c in sheet[1])
        widths = [sheet.column_dimensions[get_column_letter(n)].width for n in range(1, sheet.max_column + 1)]
        assert all(6 <= w <= MAX_WIDTH + 1 for w in widths), (sheet.title, widths)
        if sheet.max_row > 1:
            assert all(c.alignment.wrap_text and c.alignment.vertical == "top" for c in sheet[2])
    records = book["records"]
    header = [c.value for c in records[1]]
    widths = {h: records.column_dimensions[get_column_letter(n)].width for n, h in enumerate(header, 1)}
    assert widths["outcome_text"] > MAX_WIDTH and widths["edition"] < 12  # long text capped and wrapped, short columns narrow


def test_values_are_readable_and_typed(workbook, out):
    records = json.loads((out / "2019" / "records.json").read_text(encoding="utf-8"))
    sheet = openpyxl.load_workbook(workbook)["records"]
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, (c.value for c in sheet[2])))
    assert first["edition"] == "2019" and first["position"] == 1 and first["timing_start"] == 2020
    assert first["sdg_goals"] == ", ".join(map(str, records[0]["sdg_goals"]))  # not "[ 1  2  3 ...]"
    assert first["expected_results"].split("\n") == records[0]["expected_results"]
    assert first["outcome_text"] == records[0]["outcome_text"] and first["outcome_key"] is None
    assert [dict(zip(header, (c.value for c in row)))["record_id"] for row in sheet.iter_rows(min_row=2)] == [
        r["record_id"] for r in records]


def test_same_edition_same_bytes_and_the_default_place(workbook, out):
    assert main(["export", "2019", "--xlsx", "--diff", "2019..2020", "--out", str(out), "--to", str(workbook.with_name("again.xlsx"))]) == 0
    assert workbook.with_name("again.xlsx").read_bytes() == workbook.read_bytes()
    assert main(["export", "2019", "--xlsx", "--out", str(out)]) == 0
    assert openpyxl.load_workbook(out / "2019" / "roadmap-2019.xlsx").sheetnames == list(TABLES)
    assert not [p for p in (out / "2019").iterdir() if p.name.startswith(".")]


def test_export_errors_are_one_line(out, tmp_path, capsys):
    assert main(["export", "1999", "--xlsx", "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == "error: 1999: no extracted edition there (run `make extract` first)"
    assert main(["export", "2019", "--xlsx", "--diff", "2019..2031", "--out", str(out)]) == 2
    assert capsys.readouterr().err.strip() == "error: 2019..2031: no diff there (run `roadmap diff OLD NEW` first)"
