"""The self-checks (pipeline/stages/checks.py): quiet on good extractions, and each firing, naming the right
outcomes, when a good extraction is broken the way extractions go wrong."""

from __future__ import annotations

import dataclasses
import json

import pytest

from helpers import badpdfs
from helpers.foreign import ENGINES, replica_content
from helpers.synthcheck import mismatches
from pipeline import extraction
from conftest import EDITIONS, replica_pdf
from pipeline.stages.bands import band_lines
from pipeline.stages.checks import is_timing, run_checks
from synth.writer_editions import LAYOUTS
from pipeline.stages.models import Cell, Page, TableEvidence
from pipeline.cli.main import main
from pipeline.stages.fields import read_typed_fields
from pipeline.stages.layout import read_layout, row_rules
from pipeline.stages.load import load_document
from pipeline.stages.stitch import stitch_rows
from pipeline.stages.text import TextLine, outcome_label
from pipeline.records import TEXT_FIELDS

EXTRACT = extraction


@pytest.fixture(scope="module")
def document():
    return load_document(replica_pdf("2019"))


def extraction(document, change=None):
    """The 2019 replica extracted, with `change` made to its layout first."""
    layout = read_layout(document)
    if change:
        change(layout)
    return EXTRACT.extract_layout(document, layout, "2019")


@pytest.fixture(scope="module")
def good(document):
    """The good extraction and what its checks were given (document, evidence, outputs)."""
    given = []

    def spy(*arguments):
        given.append(arguments)
        return run_checks(*arguments)

    original, EXTRACT.run_checks = EXTRACT.run_checks, spy
    try:
        return extraction(document), given[0]
    finally:
        EXTRACT.run_checks = original


def named(checks, kind):
    """{outcome ids} of each finding of a kind, with their action lines."""
    return [(c.action_line, set(c.outcome_ids)) for c in checks if c.check == kind]


def rechecked(good, table: str, edit, edit_table=lambda table: table):
    """The good extraction's checks run again after `edit(records, rows)` changed one table's
    records and rows (and `edit_table` its Table)."""
    document, evidence, outputs = good[1]
    changed = []
    for item in evidence:
        if item.table.action_line == table:
            records, rows = edit(list(item.records), list(item.rows))
            item = TableEvidence(edit_table(item.table), item.cut, item.stitched, records, rows)
        changed.append(item)
    return run_checks(document, changed, outputs)


def with_cells(record, **cells):
    """The record with other text cells, its typed fields read from them again."""
    texts = {key: getattr(record, key) for key in TEXT_FIELDS} | cells
    return record.model_copy(update={**cells, **read_typed_fields(texts).model_dump()})


# --- quiet on good extractions -------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_check_fires_on_the_replicas(extracted, edition):
    manifest = json.loads((extracted[edition] / "manifest.json").read_text())
    assert manifest["checks"] == []
    assert [t["verdict"] for t in manifest["tables"]] == ["clean", "clean", "clean"]


def test_no_check_fires_on_the_replica_without_its_rules(document):
    bare = dataclasses.replace(document, pages=tuple(dataclasses.replace(p, rules=(), fills=()) for p in document.pages))
    got = extraction(bare)
    assert len(got.records) == 60 and got.checks == []


@pytest.mark.parametrize("text", ["2020-2023", "2019", "2016 – 2019", "Ongoing", "2016-2019, extended to 2023",
                                  "Annually from 2020", "To be determined", "www.itu.int/wsis"])
def test_timing_wordings_are_timing(text):
    assert is_timing(text)


@pytest.mark.parametrize("text", ["e 2020-2023 e-", "2019 s), by ss ed", "Goal 1 PP Res. 130", "c. Using policy and financing"])
def test_debris_is_not_timing(text):
    assert not is_timing(text)


# --- broken extractions ---------------------------------------------------------------------------


def test_two_rows_merged_by_a_lost_rule(document):
    """The rule between C2 D and E gone: one row D holding E's label where rows start."""
    def drop_rule_above_e(layout):
        table = layout.tables[0]
        page = next(p for p in table.pages if any(line.text.startswith("E:") for line in p.body))
        e_top = next(line.top for line in page.body if line.text.startswith("E:"))
        above = max(y for y in row_rules(page) if y < e_top)
        page.page = dataclasses.replace(page.page, rules=tuple(r for r in page.page.rules if not (r.horizontal and abs(r.y - above) < 0.5)))

    got = extraction(document, drop_rule_above_e)
    assert [r.outcome_id for r in got.records[:6]] == ["A", "B", "C", "D", "F", "G"]
    finding = next(c for c in got.checks if c.check == "label_sequence")
    assert finding.action_line == "C2" and finding.outcome_ids == ("D",) and finding.record_ids == ("C2-1-D",)
    assert "outcome E opens a line inside the first cell of outcome D" in finding.message
    assert got.suspect_records == {"C2-1-D"}
    assert [t["verdict"] for t in got.tables] == ["suspect", "clean", "clean"]


def test_a_column_boundary_inside_words(document):
    """The boundary between timing and goals moved 3 pt into the goals text: "B|uenos Aires"."""
    def move_boundary(layout):
        table = layout.tables[0]
        goals = next(i for i, c in enumerate(table.columns) if c.field == "goals_text")
        left = min(line.x0 for p in table.pages for line in p.body if table.columns[goals].x0 < line.x0 < table.columns[goals].x1)
        x = left + 3
        columns = list(table.columns)
        columns[goals - 1] = dataclasses.replace(columns[goals - 1], x1=x)
        columns[goals] = dataclasses.replace(columns[goals], x0=x)
        table.columns = tuple(columns)

    got = extraction(document, move_boundary)
    cuts = [c for c in got.checks if c.check == "word_cut"]
    assert len(cuts) == 1 and cuts[0].action_line == "C2"
    c2 = [r.outcome_id for r in got.records if r.action_line == "C2"]
    assert set(cuts[0].outcome_ids) == set(c2)  # every goals cell of C2 opens with a cut word
    assert "between the columns 'Proposed Timing' and" in cuts[0].message and "B|uenos" in cuts[0].message
    assert ("C2", set(c2)) in named(got.checks, "timing")
    assert all(c.action_line == "C2" for c in got.checks)


def test_band_rows_dropped(document):
    """C2's band rows lost: its records have no section, while C5's and C6's do."""
    def drop_bands(layout):
        table = layout.tables[0]
        for page in table.pages:
            bands = {id(line) for line in band_lines(page.body, table.boundaries, page.page.rules)}
            page.body = [line for line in page.body if id(line) not in bands]

    got = extraction(document, drop_bands)
    c2 = {r.outcome_id for r in got.records if r.action_line == "C2"}
    assert len(c2) == 16 and all(r.section is None for r in got.records if r.action_line == "C2")
    assert named(got.checks, "sections") == [("C2", c2)]
    assert ("C2", {"L", "a"}) in named(got.checks, "label_sequence")  # the second section's labels start again


def test_a_cell_shifted_into_the_next_column(good):
    """C2 B's cells from the goals cell on read one column to the left (a boundary lost)."""
    def shift(records, rows):
        b = next(i for i, r in enumerate(records) if r.outcome_id == "B")
        r = records[b]
        records[b] = with_cells(r, timing_text=r.goals_text, goals_text=r.sdgs_text, sdgs_text=r.results_text, results_text=None)
        return records, rows

    checks = rechecked(good, "C2", shift)
    assert named(checks, "timing") == [("C2", {"B"})]
    assert named(checks, "goals_missing") == [("C2", {"B"})]
    assert named(checks, "sdgs_missing") == [("C2", {"B"})]
    assert {c.record_ids for c in checks} == {("C2-1-B",)}


@pytest.mark.parametrize("seed", [10073, 10216, 10259])
def test_a_word_broken_at_its_hyphen_opens_no_label_in_another_column(seed, tmp_path):
    """"ITU-" | "D: ..." in a results cell: the next line's start is the rest of a word, not the
    label D (three reportlab editions of a held-out range where the check named exact records)."""
    assert mismatches(seed, tmp_path) == []


def test_rows_read_one_column_over(document, good, monkeypatch):
    """Each row that opens a page read one column to the right (a boundary misplaced on that page):
    with its first cell empty it goes on the row above, and its label opens a line of that row's
    timing column."""
    table_rows = EXTRACT.table_rows
    shifted = []

    def one_column_over(layout):
        rows = []
        for table, (cut, _) in zip(layout.tables, table_rows(layout)):
            pieces = list(cut.rows)
            for i, piece in enumerate(pieces):
                label = outcome_label(piece.cells[0].lines[0].text) if piece.band is None and piece.cells[0].lines else None
                if piece.first_on_page and label:
                    cells = piece.cells
                    pieces[i] = dataclasses.replace(piece, cells=(Cell(()), *cells[:-2], Cell(cells[-2].lines + cells[-1].lines)))
                    shifted.append((table.action_line, label, piece.page))
            rows.append((dataclasses.replace(cut, rows=pieces), stitch_rows(pieces)))
        return rows

    monkeypatch.setattr(EXTRACT, "table_rows", one_column_over)
    got = extraction(document)
    records = good[0].records
    row_of = {(r.action_line, r.outcome_id, r.pages[0]): i for i, r in enumerate(records)}
    above = [records[row_of[shift] - 1].record_id for shift in shifted]
    findings = [c for c in got.checks if c.check == "label_sequence" and "has a line opening with the label" in c.message]
    assert len(shifted) >= 2
    assert [(c.record_ids, c.pages[-1]) for c in findings] == [((record_id,), page) for record_id, (*_, page) in zip(above, shifted)]
    for finding, (_, label, page) in zip(findings, shifted):
        assert f"the column 'Proposed Timing' has a line opening with the label of outcome {label} (page {page})" in finding.message


def with_opening(line, text):
    """The line with its first glyphs reading `text`."""
    return TextLine(tuple(g._replace(text=c) for g, c in zip(line.glyphs, text)) + line.glyphs[len(text):])


@pytest.mark.parametrize("items, fires", [(("a. ", "b. "), False), (("a) ", "b) "), False), (("b. ", "c. "), True)])
def test_a_list_in_a_cell_is_no_misplaced_row(good, items, fires):
    """Two lines of C2 a's results opening with list items: a list of its own ("a.", "b." or "a)",
    "b)") is quiet; "b.", "c." are the next outcomes' labels, set as the section's are."""
    def relabel(records, rows):
        i = next(i for i, r in enumerate(records) if r.outcome_id == "a")
        piece = rows[i].pieces[0]
        column = len(piece.cells) - 1
        lines = piece.cells[column].lines
        cell = Cell((*(with_opening(line, item) for line, item in zip(lines, items)), *lines[len(items):]))
        changed = dataclasses.replace(piece, cells=(*piece.cells[:column], cell))
        rows[i] = dataclasses.replace(rows[i], pieces=[changed, *rows[i].pieces[1:]])
        return records, rows

    checks = rechecked(good, "C2", relabel)
    a = next(r for r in good[0].records if r.action_line == "C2" and r.outcome_id == "a")
    assert [(c.outcome_ids, c.pages) for c in checks] == ([(("a",), tuple(a.pages))] if fires else [])
    if fires:
        assert "has lines opening with the labels of outcomes b, c" in checks[0].message


@pytest.mark.parametrize(
    "column, joined, next_empty",
    [("timing_text", "2020-2023 2019", True), ("timing_text", "2020-2023\n2019", True), ("goals_text", "Goal 1 4.1,", False)],
)
def test_two_cells_read_as_one(good, column, joined, next_empty):
    """C2 B's cell holding two numbers side by side or two timings: the next row's timing kept with
    B (its own cell then empty), or the SDG column's first target read into the goals cell."""
    def join(records, rows):
        b = next(i for i, r in enumerate(records) if r.outcome_id == "B")
        records[b] = with_cells(records[b], **{column: joined})
        if next_empty:
            records[b + 1] = with_cells(records[b + 1], **{column: None})
        return records, rows

    checks = rechecked(good, "C2", join)
    assert named(checks, "joined_cells") == [("C2", {"B", "C"} if next_empty else {"B"})]
    message = next(c.message for c in checks if c.check == "joined_cells")
    assert " | ".join(joined.split("\n")) in message and ("outcome C's cell is empty" in message) == next_empty


def test_two_timings_name_the_row_though_the_next_has_its_own(good):
    """Two timings, each its own paragraph, where the next row has its timing: a row gives one
    timing, so a whole row was read into this one (reportlab seeds 30023, 30123: a row's first
    piece at a page foot joined to the row above, no check fired). Only B is named."""
    def two(records, rows):
        b = next(i for i, r in enumerate(records) if r.outcome_id == "B")
        records[b] = with_cells(records[b], timing_text="2016-2019\n2020-2023")
        return records, rows

    checks = rechecked(good, "C2", two)
    assert named(checks, "joined_cells") == [("C2", {"B"})]
    assert "two timings one under the other in outcome B ('2016-2019 | 2020-2023')" in checks[0].message


def test_a_row_read_into_the_row_above(good):
    """C5 B2's row read into B1's (its label a line of B1's first cell): the labels jump from B1 to
    B3, and that finding names only B1, which holds B2; B3 is whole."""
    def merge(records, rows):
        b1 = next(i for i, r in enumerate(records) if r.outcome_id == "B1")
        rows[b1] = dataclasses.replace(rows[b1], pieces=[*rows[b1].pieces, *rows[b1 + 1].pieces])
        return records[: b1 + 1] + records[b1 + 2 :], rows[: b1 + 1] + rows[b1 + 2 :]

    checks = rechecked(good, "C5", merge)
    jump = next(c for c in checks if "jump from B1 to B3" in c.message)
    assert jump.outcome_ids == ("B1",) and "B2 opens a line inside the first cell of outcome B1" in jump.message
    assert {c.outcome_ids for c in checks} == {("B1",)}


def test_points_of_a_row_read_as_rows(good):
    """C2 D and E with text in their first cell only, after C: as points of C's outcome text read
    as rows ("D1: ...") would be. C and the two are named."""
    def bare(records, rows):
        for i, r in enumerate(records):
            if r.outcome_id in ("D", "E"):
                rows[i] = dataclasses.replace(rows[i], cells=[rows[i].cells[0], *([] for _ in rows[i].cells[1:])])
        return records, rows

    checks = rechecked(good, "C2", bare)
    assert [(c.check, c.outcome_ids) for c in checks] == [("label_sequence", ("C", "D", "E"))]
    assert "outcomes D, E have text in the first column only" in checks[0].message


def test_a_label_twice_the_first_at_a_page_top(good):
    """C5 B2 opens page 15; were B3 labelled B2 as well, the first B2 would be a point of B1's own
    text read as a row: B1 and that B2 are named."""
    def relabel(records, rows):
        b3 = next(i for i, r in enumerate(records) if r.outcome_id == "B3")
        assert rows[b3 - 1].pieces[0].first_on_page
        records[b3] = records[b3].model_copy(update={"outcome_id": "B2"})
        return records, rows

    checks = rechecked(good, "C5", relabel)
    finding = next(c for c in checks if c.check == "label_sequence")
    assert finding.outcome_ids == ("B1", "B2") and finding.record_ids == ("C5-1-B1", "C5-1-B2")
    assert "the first time at the top of page 15" in finding.message


def test_a_piece_in_no_row(document, good, monkeypatch):
    """C2 D's label read into its timing cell: its pieces, without a label, are in no row, and the
    record above them, C, is named as the one they may belong to."""
    table_rows = EXTRACT.table_rows

    def unlabelled(layout):
        rows = table_rows(layout)
        cut, _ = rows[0]
        d = next(i for i, piece in enumerate(cut.rows) if piece.cells and piece.cells[0].lines and outcome_label(piece.cells[0].lines[0].text) == "D")
        cells = cut.rows[d].cells
        pieces = [*cut.rows[:d], dataclasses.replace(cut.rows[d], cells=(Cell(()), Cell(cells[0].lines + cells[1].lines), *cells[2:])), *cut.rows[d + 1:]]
        return [(dataclasses.replace(cut, rows=pieces), stitch_rows(pieces)), *rows[1:]]

    monkeypatch.setattr(EXTRACT, "table_rows", unlabelled)
    got = extraction(document)
    d = next(r for r in good[0].records if r.action_line == "C2" and r.outcome_id == "D")
    unplaced = [c for c in got.checks if c.check == "unplaced"]  # D's piece on each of its pages
    assert [c.record_ids for c in unplaced] == [("C2-1-C",)] * len(d.pages)
    assert [f"on page {page} " in c.message for c, page in zip(unplaced, d.pages)] == [True] * len(d.pages)
    assert {c.check for c in got.checks} == {"unplaced"}  # C -> E is a letter skipped, as editions do


def test_a_header_label_cut_in_two(good):
    """C6's SDG column read as the end of a label cut by a misplaced boundary ("with the SDGs"):
    every C6 record is named."""
    def cut_label(table):
        columns = tuple(dataclasses.replace(c, label="with the SDGs") if c.field == "sdgs_text" else c for c in table.columns)
        return dataclasses.replace(table, columns=columns)

    checks = rechecked(good, "C6", lambda records, rows: (records, rows), cut_label)
    c6 = {r.outcome_id for r in good[0].records if r.action_line == "C6"}
    assert named(checks, "word_cut") == [("C6", c6)] and len(checks) == 1
    assert "the column header 'with the SDGs' opens in lower case" in checks[0].message


@pytest.mark.parametrize("split", [("of", "national"), ("e-strategies,", "provide"), ("ICT", "connectivity"), "bullet"])
def test_a_paragraph_cut_short(good, split):
    """C2 C's outcome paragraph split after " of " or a comma, or before "connectivity" (the rest
    opening in lower case), or a results bullet parted from its item."""
    def cut(records, rows):
        c = next(i for i, r in enumerate(records) if r.outcome_id == "C")
        if split == "bullet":
            records[c] = with_cells(records[c], results_text="•\n" + records[c].results_text)
        else:
            text = records[c].outcome_text.replace(" ".join(split), "\n".join(split), 1)
            assert "\n" in text
            records[c] = with_cells(records[c], outcome_text=text)
        return records, rows

    checks = rechecked(good, "C2", cut)
    assert [(c.check, c.outcome_ids) for c in checks] == [("paragraph_cut", ("C",))]


def test_rows_missing_from_the_sequence(good):
    """C2 C and D gone: the labels jump from B to E."""
    def drop(records, rows):
        keep = [i for i, r in enumerate(records) if r.outcome_id not in ("C", "D")]
        return [records[i] for i in keep], [rows[i] for i in keep]

    checks = rechecked(good, "C2", drop)
    assert [(c.check, c.outcome_ids) for c in checks] == [("label_sequence", ("B", "E"))]
    assert "jump from B to E" in checks[0].message


def test_a_label_repeated_and_a_section_opening_late(good):
    def relabel(records, rows):
        records[1] = records[1].model_copy(update={"outcome_id": "A"})  # A, A, C (A -> C is a skip the editions make)
        return records, rows

    checks = rechecked(good, "C2", relabel)
    assert [(c.check, c.outcome_ids) for c in checks] == [("label_sequence", ("A",))]
    assert "the label A comes twice in a row" in checks[0].message
    checks = rechecked(good, "C2", lambda records, rows: (records[2:], rows[2:]))
    assert [(c.check, c.outcome_ids) for c in checks] == [("label_sequence", ("C",))]
    assert "opens with outcome C, not with A, a or A1" in checks[0].message


def test_sdg_numbers_out_of_range(good):
    def misread(records, rows):
        records[0] = with_cells(records[0], sdgs_text="1, 9, 18, 71")
        return records, rows

    checks = rechecked(good, "C2", misread)
    assert [(c.check, c.outcome_ids) for c in checks] == [("sdg_range", ("A",))]
    assert "18, 71" in checks[0].message


def test_a_row_lost_between_the_stages(document, monkeypatch):
    """A stage that drops a stitched row (a bug): the accounting names the row and its page."""
    table_rows = EXTRACT.table_rows

    def losing(layout):
        rows = table_rows(layout)
        cut, stitched = rows[1]  # C5
        lost = next(i for i, row in enumerate(stitched.rows) if row.outcome_id == "B2")
        return [rows[0], (cut, dataclasses.replace(stitched, rows=stitched.rows[:lost] + stitched.rows[lost + 1:])), *rows[2:]]

    monkeypatch.setattr(EXTRACT, "table_rows", losing)
    got = extraction(document)
    assert [(c.check, c.outcome_ids) for c in got.checks if c.check != "accounting"] == [("label_sequence", ("B1", "B3"))]
    finding = next(c for c in got.checks if c.check == "accounting")
    assert finding.action_line == "C5" and "a row opening with outcome B2 on page" in finding.message
    assert {"B1", "B3"} & set(finding.outcome_ids) and finding.pages


# --- pages without text ------------------------------------------------------------------------------


def without_page_numbers(document):
    """The document as an edition that prints no page numbers (a word processor's default)."""
    numbers = {p.page.number: [f.at.top for f in p.furniture if f.kind == "page_number"] for p in read_layout(document).pages}
    return dataclasses.replace(document, pages=tuple(
        dataclasses.replace(page, glyphs=tuple(g for g in page.glyphs if not any(abs(g.top - top) < 1 for top in numbers[page.number])))
        for page in document.pages))


def with_blank_page(document, after: int, drawn_like: int | None = None):
    """A page without text inserted after page `after`, drawing what page `drawn_like` draws, if given."""
    pages = list(document.pages)
    model = pages[(drawn_like or after) - 1]
    blank = Page(after + 1, model.width, model.height, (), model.rules if drawn_like else (), model.fills if drawn_like else ())
    return dataclasses.replace(document, pages=(*pages[:after], blank, *(dataclasses.replace(p, number=p.number + 1) for p in pages[after:])))


def contents(got):
    return [(r.record_id, r.section, *(getattr(r, f) for f in TEXT_FIELDS)) for r in got.records]


@pytest.fixture(scope="module")
def c2_pages(document):
    return [p.page.number for p in read_layout(document).tables[0].pages]


@pytest.mark.parametrize("where", ["after the first table", "after the last table"])
def test_a_page_left_blank_outside_the_tables_is_no_loss(document, good, c2_pages, where):
    """A word processor leaves a page blank after a table's end: in an edition without page numbers
    that page has lost nothing, and nothing is named."""
    after = c2_pages[-1] if where == "after the first table" else len(document.pages)
    got = extraction(with_blank_page(without_page_numbers(document), after))
    assert got.checks == [] and got.warnings == [] and got.rejects == []
    assert contents(got) == contents(good[0])


@pytest.mark.parametrize("case", ["inside a table", "with page numbers", "still drawn"])
def test_a_page_without_text_where_text_was_lost_is_named(document, c2_pages, case):
    """A blank page inside a table, one without the page number the other pages show, or one that
    still draws a table's rules, lost its text: the rows around it are named."""
    if case == "inside a table":
        after, changed = c2_pages[1], with_blank_page(without_page_numbers(document), c2_pages[1])
    elif case == "with page numbers":
        after, changed = c2_pages[-1], with_blank_page(document, c2_pages[-1])
    else:
        after = c2_pages[-1]
        changed = with_blank_page(without_page_numbers(document), after, drawn_like=after)
    got = extraction(changed)
    findings = [c for c in got.checks if c.check == "page_text"]
    assert [(c.action_line, after + 1 in c.pages) for c in findings] == [("C2", True)]
    last_before = [r.outcome_id for r in got.records if r.action_line == "C2" and after in r.pages][-1]
    assert last_before in findings[0].outcome_ids
    assert f"page {after + 1}" in findings[0].message and ("inside the table" in findings[0].message) == (case == "inside a table")


# --- damaged replicas, through the command line -----------------------------------------------------


@pytest.fixture(scope="module")
def four_pages():
    """Pages 3-6 of the 2019 replica: C2's first four pages, so that pages 4 and 5 lie inside it."""
    return badpdfs.cut_pages(replica_pdf("2019"), [3, 4, 5, 6])


@pytest.mark.parametrize("damage", badpdfs.DAMAGES)
def test_a_damaged_page_does_not_pass_strict_without_a_word(four_pages, damage, tmp_path, capsys):
    pdf = tmp_path / "damaged.pdf"
    pdf.write_bytes(badpdfs.damaged_page(four_pages, 2, damage))
    status = main(["extract", str(pdf), "--edition", "d", "--out", str(tmp_path), "--strict"])
    out, err = capsys.readouterr()
    assert status == 1 and "Traceback" not in err
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text())
    page_findings = [c for c in manifest["checks"] if 2 in c["pages"]]
    assert page_findings, manifest["checks"]
    assert all(c["outcome_ids"] and c["action_line"] == "C2" for c in page_findings)
    assert "suspect records" in out and manifest["tables"][0]["verdict"] == "suspect"


def test_a_label_at_a_page_top_that_the_row_goes_on_past_is_no_finding(tmp_path):
    """The real C6 h holds "i. Governments and stakeholders ..." as a point of its own, and
    LibreOffice's zebra-dark setting of the 2019 text breaks the page right before it. At a page's
    top the white above a line cannot be seen: the label-sequence check named the exact record h
    as two rows read as one (a false alarm). The stitching kept the piece with its row for what its
    other cells go on with; the label alone says no more."""
    pdf, records, footnotes = ENGINES["libreoffice"].render(replica_content("2019"), LAYOUTS["zebra-dark"], "2019")
    path = tmp_path / "edition.pdf"
    path.write_bytes(pdf)
    result = EXTRACT.extract(path, "2019")
    assert [r for r in records if (r["action_line"], r["outcome_id"]) == ("C6", "h")][0]["outcome_text"].split("\n")[1].startswith("i. ")
    assert [c.message for c in result.checks if c.check == "label_sequence"] == []
