"""pipeline.stages.fields: typed fields read from the text cells, checked against the fixture editions."""

from __future__ import annotations

import json
import random
import re
import textwrap
import zlib
from pathlib import Path

import pytest

from pipeline.stages.fields import read_result_items, read_typed_fields
from pipeline.records import TEXT_FIELDS

FIXTURES = Path(__file__).parent / "fixtures"
CONTRACT_FIELDS = ("timing_start", "timing_end", "itu_goals", "sdg_goals", "sdg_targets",
                   "resolutions", "regional_initiatives")


def _load_records() -> dict[str, dict]:
    """Every fixture record under an id like "2019-C5-B3" ("-2" on the second row with that label:
    C6 restarts its lettering in a later section)."""
    records: dict[str, dict] = {}
    for edition in ("2019", "2020"):
        for record in json.loads((FIXTURES / edition / "expected-records.json").read_text("utf-8")):
            base = f"{record['edition']}-{record['action_line']}-{record['outcome_id']}"
            key, n = base, 1
            while key in records:
                n += 1
                key = f"{base}-{n}"
            records[key] = record
    return records


RECORDS = _load_records()


def _cells(record: dict) -> dict:
    return {name: record[name] for name in TEXT_FIELDS}


def _contract(fields) -> dict:
    return {name: getattr(fields, name) for name in CONTRACT_FIELDS}


def _expected(record: dict) -> dict:
    return {name: record[name] for name in CONTRACT_FIELDS}


def _map_cells(cells: dict, change) -> dict:
    return {name: (change(text) if text is not None else None) for name, text in cells.items()}


def test_fixture_counts():
    assert sum(key.startswith("2019-") for key in RECORDS) == 60
    assert sum(key.startswith("2020-") for key in RECORDS) == 61


# --- every fixture record --------------------------------------------------------------------


@pytest.mark.parametrize("key", list(RECORDS))
def test_fixture_record(key):
    record = RECORDS[key]
    assert _contract(read_typed_fields(_cells(record))) == _expected(record)


@pytest.mark.parametrize("key", list(RECORDS))
def test_fixture_record_whitespace_collapsed(key):
    # (a) an extractor that joins every wrapped line with a space
    record = RECORDS[key]
    cells = _map_cells(_cells(record), lambda text: re.sub(r"\s+", " ", text))
    assert _contract(read_typed_fields(cells)) == _expected(record)


@pytest.mark.parametrize("key", list(RECORDS))
def test_fixture_record_random_line_breaks(key):
    # (b) an extractor that breaks lines elsewhere: "PP Res. 130 (Rev.\nDubai 2018)"
    record = RECORDS[key]
    for seed in range(3):
        rng = random.Random(zlib.crc32(f"{key}/{seed}".encode()))
        cells = _map_cells(_cells(record),
                           lambda text: re.sub(" ", lambda _: "\n" if rng.random() < 0.5 else " ", text))
        assert _contract(read_typed_fields(cells)) == _expected(record), f"seed {seed}"


# --- contract examples -----------------------------------------------------------------------


@pytest.mark.parametrize("text, start, end", [
    ("2020-2023", 2020, 2023),
    ("2019", 2019, 2019),
    ("2016 –\n2019", 2016, 2019),
    ("Ongoing", None, None),
])
def test_timing(text, start, end):
    fields = read_typed_fields({"timing_text": text})
    assert (fields.timing_start, fields.timing_end) == (start, end)


@pytest.mark.parametrize("text, goals", [
    ("Goal 1", [1]),
    ("Goals 1 & 4", [1, 4]),
    ("ITU Strategic Goal 3 (Target 3.1)", [3]),
    ("Goal 4\nGoal 1\nBuenos Aires Action Plan Objective 2", [1, 4]),
    # GCA pillars and objectives are not strategic goals, even on the goal's line
    ("Goal 4 1. Legal Measures 2.Technical and Procedural Measures ITU-D Objective 3", [4]),
])
def test_itu_goals(text, goals):
    assert read_typed_fields({"goals_text": text}).itu_goals == goals


@pytest.mark.parametrize("text, resolutions", [
    ("PP Res. 130 (Rev. Dubai 2018), 174 (Rev. Busan, 2014)", ["PP 130", "PP 174"]),
    ("C09 Res 1305", ["C09 1305"]),
    ("PP Res 102, 133, C09 Res 1305", ["C09 1305", "PP 102", "PP 133"]),
    ("WTDC Res. 45 (Rev. Dubai, 2014), 67, 69 (Rev. Buenos Aires, 2017)\nWTSA Res. 50, 52 (Rev. Hammamet, 2016)",
     ["WTDC 45", "WTDC 67", "WTDC 69", "WTSA 50", "WTSA 52"]),
    ("WTSA-16 Resolution 44", ["WTSA 44"]),
    ("Resolutions\nRegional Initiatives", []),
])
def test_resolutions(text, resolutions):
    assert read_typed_fields({"goals_text": text}).resolutions == resolutions


def test_regional_initiatives_keep_misprints():
    fields = read_typed_fields({"goals_text": "Regional Initiatives (ARF3, ARB2, ASP5, CIS3,EUR4)\nITU-T Objective 1"})
    assert fields.regional_initiatives == ["ARB2", "ARF3", "ASP5", "CIS3", "EUR4"]


@pytest.mark.parametrize("text, goals, targets", [
    ("1, 2, 17", [1, 2, 17], []),
    ("9.c", [9], ["9.c"]),
    ("17.16, 9.c, 9.1, 16.b, 16.10, 1.4.", [1, 9, 16, 17], ["1.4", "9.1", "9.c", "16.10", "16.b", "17.16"]),
    # prose: the target opening a paragraph, with or without a colon; "By 2030" is no goal
    ("4.4: By 2030, increase by [x] per cent the number of youth\n17.6 Enhance North-South cooperation",
     [4, 17], ["4.4", "17.6"]),
    ("SDG 9, in particular 9.c: Significantly increase access", [9], ["9.c"]),
])
def test_sdgs(text, goals, targets):
    fields = read_typed_fields({"sdgs_text": text})
    assert (fields.sdg_goals, fields.sdg_targets) == (goals, targets)


@pytest.mark.parametrize("cells", [{}, {name: None for name in TEXT_FIELDS}, {name: "" for name in TEXT_FIELDS}])
def test_empty_cells(cells):
    fields = read_typed_fields(cells)
    assert fields.timing_start is None and fields.timing_end is None
    assert fields.itu_goals == fields.sdg_goals == fields.sdg_targets == []
    assert fields.resolutions == fields.regional_initiatives == []
    assert fields.expected_results == fields.itu_activities == []


# --- expected results and ITU activities -----------------------------------------------------


def test_items_under_headings_with_dashes():
    fields = read_typed_fields(_cells(RECORDS["2019-C2-A"]))
    assert len(fields.expected_results) == 4
    assert fields.expected_results[0] == ("Implementation of the reference framework for harmonization of "
                                          "telecommunication/ICT regulatory policies")
    assert fields.expected_results[3].startswith("Policy and Regulatory Assistance for the establishment")
    assert len(fields.itu_activities) == 5
    assert fields.itu_activities[0] == "ITU Assessment and regulatory Studies and toolkits"
    assert fields.itu_activities[-1].startswith("ITU ICT Regulatory Tracker")


def test_items_under_headings_without_markers():
    fields = read_typed_fields(_cells(RECORDS["2019-C5-A1"]))
    assert len(fields.expected_results) == 1
    assert fields.itu_activities == [
        "ITU activities under ITU-D and SG 2 Q3",
        "ITU activities under ITU-T SG 13, 17, 20 and other relevant Study Groups",
        "ITU activities under Child Online Protection initiative",
        "ITU activities under WSIS Forum",
    ]


def test_items_without_headings_are_results_and_lead_in_is_dropped():
    fields = read_typed_fields(_cells(RECORDS["2019-C6-c"]))
    assert fields.itu_activities == []
    assert len(fields.expected_results) == 5
    assert fields.expected_results[0].startswith("A more effective use of Internet through: (1)")
    assert not any(item.startswith("Results of activities") for item in fields.expected_results)


def test_items_mixing_paragraphs_and_dashes():
    items = read_typed_fields(_cells(RECORDS["2019-C6-a"])).expected_results
    assert len(items) == 10  # lead paragraph, 8 dash items, closing paragraph; "..., ITU-D:" dropped
    assert items[0].startswith("One of the core focus areas")
    assert items[1].startswith("convenes global forums")
    assert items[-1].startswith("ITU-D Study Groups provide an opportunity")


@pytest.mark.parametrize("key", ["2019-C2-A", "2019-C2-D", "2020-C6-g", "2020-C6-q"])
def test_marked_items_survive_rewrapping(key):
    # dash and bullet items keep their identity when the extractor breaks their lines elsewhere
    text = RECORDS[key]["results_text"]
    wrapped = "\n".join("\n".join(textwrap.wrap(line, 40, break_on_hyphens=False, break_long_words=False))
                        for line in text.split("\n"))
    assert read_result_items(wrapped) == read_result_items(text)


@pytest.mark.parametrize("key", ["2019-C6-c", "2020-C6-g", "2020-C6-q"])
def test_bullet_items_survive_collapsed_whitespace(key):
    # "•" marks an item even inside a line; a dash only at the start of a line ("ITU-T", "micro-, small-")
    text = RECORDS[key]["results_text"]
    assert read_result_items(re.sub(r"\s+", " ", text)) == read_result_items(text)
