"""The edition diff (pipeline/compare/changes.py) and its reports (pipeline/compare/report.py)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from helpers.browser import browser, page  # noqa: F401  (pytest fixtures)
from helpers.diffcases import (FIXTURES, GENEVA, KEY, find, insert_outcome, keys, load, remove_outcome,
                       set_label, write_edition)
from pipeline.compare import report as diff_report
from pipeline.compare.changes import EditionError, changes_json, diff_editions, normalize, word_diff, write_diff


def diff(tmp_path: Path, old: tuple[list, list], new: tuple[list, list]):
    return diff_editions(write_edition(tmp_path / "old", *old), write_edition(tmp_path / "new", *new))


def kinds(changes) -> Counter:
    return Counter(c.kind for c in changes)


def no_temporaries(folder: Path) -> bool:
    """write_diff's temporary folders are dot-folders next to the target."""
    return not [p for p in folder.iterdir() if p.name.startswith(".")]


@pytest.fixture
def fixture_changes(tmp_path):
    return diff(tmp_path, load("2019"), load("2020"))


# --- the ground truth -------------------------------------------------------------------------


def test_2019_to_2020_gives_exactly_the_expected_changes(fixture_changes):
    expected = json.loads((FIXTURES / "2020" / "changes-from-2019.json").read_text(encoding="utf-8"))
    want = [tuple(e.get(k) for k in KEY) for e in expected]
    got = keys(fixture_changes)
    assert len(got) == len(set(got)), "a change is listed twice"
    assert set(got) - set(want) == set(), "extra changes"
    assert set(want) - set(got) == set(), "missing changes"


def test_2019_to_2020_order_is_action_line_then_document_order(fixture_changes):
    where = [(c.kind, c.action_line, c.outcome_id or c.number) for c in fixture_changes]
    assert where == [
        ("changed", "C2", "A"), ("changed", "C2", "B"), ("removed", "C2", "C"), ("changed", "C2", "G"),
        ("added", "C2", "M"), ("changed", "C5", "B4"), ("changed", "C5", "D"), ("changed", "C6", "h"),
        ("added", "C6", "i"), ("changed", "C6", "m"), ("footnote_changed", "C6", 12),
    ]


def test_typed_items_ride_on_the_text_change(fixture_changes):
    by = {(c.action_line, c.outcome_id, c.field): c for c in fixture_changes if c.kind == "changed"}
    sdgs = by["C5", "D", "sdgs_text"]
    # Items in their fields' types: an SDG goal is a number, a target a string.
    assert sdgs.added.pairs() == [("sdg_goals", 17), ("sdg_targets", "17.8")]
    assert sdgs.added.sdg_goals == [17] and sdgs.removed.pairs() == []
    regional = by["C5", "B4", "goals_text"]
    assert regional.added.pairs() == [("regional_initiatives", "AFR3")]
    assert regional.removed.pairs() == [("regional_initiatives", "ARF3")]
    assert by["C2", "B", "goals_text"].removed.pairs() == [("itu_goals", 4)]
    timing = by["C2", "A", "timing_text"]
    assert (timing.old, timing.new) == ("2020-2023", "2021-2024")
    assert (timing.added.timing_start, timing.added.timing_end) == ([2021], [2024])


def test_changes_carry_editions_record_ids_and_column_labels(fixture_changes):
    assert {(c.old_edition, c.new_edition) for c in fixture_changes} == {("2019", "2020")}
    by = {(c.kind, c.action_line, c.outcome_id or c.number, c.field): c for c in fixture_changes}
    timing = by["changed", "C2", "A", "timing_text"]
    assert (timing.old_record_id, timing.new_record_id) == ("C2-1-A", "C2-1-A")
    assert (by["removed", "C2", "C", None].old_record_id, by["removed", "C2", "C", None].new_record_id) == ("C2-1-C", None)
    assert (by["added", "C6", "i", None].old_record_id, by["added", "C6", "i", None].new_record_id) == (None, "C6-1-i")
    # Labels come from the editions' manifests; the fixture folders have none, so only extra columns
    # (their field is their label) are labelled here: test_replicas checks the printed labels.
    assert timing.field_label is None


def test_word_diff_marks_only_the_changed_words(fixture_changes):
    by = {(c.action_line, c.outcome_id or c.number, c.field): c for c in fixture_changes}
    edits = lambda c: [(s.op, s.text.strip()) for s in c.word_diff if s.op != "="]  # noqa: E731
    assert edits(by["C5", "B4", "goals_text"]) == [("-", "ARF3"), ("+", "AFR3")]
    assert edits(by["C6", 12, None]) == [("+", "of the Action Line")]
    assert edits(by["C2", "G", "results_text"]) == [("+", "- Launch of the ITU Digital Skills Toolkit for basic literacy")]
    for change in fixture_changes:
        if change.word_diff:  # both sides can be rebuilt from the segments
            old = "".join(s.text for s in change.word_diff if s.op in "=-")
            new = "".join(s.text for s in change.word_diff if s.op in "=+")
            assert normalize(old) == normalize(change.old) and normalize(new) == normalize(change.new)


def test_split_outcome_in_the_fixture_is_changed_plus_added(fixture_changes):
    # 2019 printed C6 "i" inside the "h" row; 2020 gives it its own row and j..r keep their letters.
    c6 = [(c.kind, c.outcome_id, c.field, c.new_outcome_id) for c in fixture_changes if c.action_line == "C6"]
    assert ("changed", "h", "outcome_text", None) in c6 and ("added", "i", None, None) in c6
    assert not any(kind == "relabeled" for kind, *_ in c6)


# --- derived editions -------------------------------------------------------------------------


def test_edition_against_itself_is_empty(tmp_path):
    assert diff(tmp_path, load("2019"), load("2019")) == []


def test_line_wraps_and_spacing_are_not_changes(tmp_path):
    records, footnotes = load("2019")
    records[0]["extra_columns"] = {"Partners": "UNESCO and UNDP"}
    old = (json.loads(json.dumps(records)), footnotes)

    def rewrap(text):
        # Every third space becomes a line break, line breaks become spaces, a wrap after a hyphen.
        words = text.replace("\n", " ").split(" ")
        out = "".join(w + ("\n" if k % 3 == 2 else "  ") for k, w in enumerate(words)).strip() + "  "
        return out.replace("non-discriminatory", "non-\ndiscriminatory")

    for r in records:
        for f in ("outcome_text", "timing_text", "goals_text", "sdgs_text", "results_text"):
            if r[f]:
                r[f] = rewrap(r[f])
        r["extra_columns"] = {k: rewrap(v) for k, v in r["extra_columns"].items()}
    new_footnotes = [dict(n, text=rewrap(n["text"])) for n in footnotes]
    assert any("non-\ndiscriminatory" in r["outcome_text"] for r in records)
    assert diff(tmp_path, old, (records, new_footnotes)) == []


def test_insert_mid_list_is_one_added_and_the_rest_relabeled(tmp_path):
    new = load("2019")
    insert_outcome(new[0], "C2", "C", "Promote satellite connectivity for maritime and aeronautical services",
                   results_text="Expected Results:\n- Satellite regulation handbook")
    changes = diff(tmp_path, load("2019"), new)
    assert kinds(changes) == {"added": 1, "relabeled": 10}  # C..L became D..M; nothing "changed"
    assert [(c.kind, c.outcome_id) for c in changes if c.kind == "added"] == [("added", "C")]
    relabels = [(c.outcome_id, c.new_outcome_id) for c in changes if c.kind == "relabeled"]
    assert relabels == [(a, chr(ord(a) + 1)) for a in "CDEFGHIJKL"]


def test_insert_among_near_identical_siblings(tmp_path):
    # C5 B1..B5 share a 20-word opening: a new B3 looks like its neighbours, the shift must still win.
    new = load("2019")
    prefix = find(new[0], "C5", "B3")["outcome_text"].split("\n")[0][4:]
    insert_outcome(new[0], "C5", "B3", prefix + "\nSharing information on cyber-threats between incident response teams",
                   results_text="Expected Results:\nA trusted network for sharing threat information.")
    changes = diff(tmp_path, load("2019"), new)
    assert kinds(changes) == {"added": 1, "relabeled": 3}
    assert [(c.outcome_id, c.new_outcome_id) for c in changes if c.kind == "relabeled"] == [
        ("B3", "B4"), ("B4", "B5"), ("B5", "B6")]


def test_relabeled_outcome_with_an_edit_keeps_both(tmp_path):
    new = load("2019")
    insert_outcome(new[0], "C2", "C", "Promote satellite connectivity for maritime and aeronautical services")
    find(new[0], "C2", "F")["timing_text"] = "2021-2025"  # old E, now F
    changes = diff(tmp_path, load("2019"), new)
    assert kinds(changes) == {"added": 1, "relabeled": 10, "changed": 1}
    (changed,) = [c for c in changes if c.kind == "changed"]
    assert (changed.outcome_id, changed.new_outcome_id, changed.field) == ("E", "F", "timing_text")
    # Document order: E's relabel then its field change, between D's and F's relabels.
    order = [(c.kind, c.outcome_id) for c in changes]
    assert order.index(("relabeled", "E")) + 1 == order.index(("changed", "E"))


def test_removed_mid_list_with_and_without_relettering(tmp_path):
    new = load("2019")
    remove_outcome(new[0], "C2", "C")
    changes = diff(tmp_path / "a", load("2019"), new)
    assert kinds(changes) == {"removed": 1, "relabeled": 9}
    assert [c.outcome_id for c in changes if c.kind == "removed"] == ["C"]
    assert ("D", "C") in [(c.outcome_id, c.new_outcome_id) for c in changes]

    new = load("2019")
    remove_outcome(new[0], "C2", "C", reletter=False)
    assert keys(diff(tmp_path / "b", load("2019"), new)) == [("removed", "C2", GENEVA, "C", None, None)]


def test_outcome_split_in_two(tmp_path):
    new = load("2019")
    a = find(new[0], "C2", "A")
    insert_outcome(new[0], "C2", "B", "Governments should support the development of new services")
    a["outcome_text"] = ("A: Governments should take action, in the framework of national development policies, "
                         "in order to support an enabling and competitive environment for the necessary "
                         "investment in ICT infrastructure")
    changes = diff(tmp_path, load("2019"), new)
    assert kinds(changes) == {"changed": 1, "added": 1, "relabeled": 11}
    (changed,) = [c for c in changes if c.kind == "changed"]
    assert (changed.outcome_id, changed.field) == ("A", "outcome_text")
    assert [s.text.strip() for s in changed.word_diff if s.op == "-"] == ["and for the development of new services"]
    assert [c.outcome_id for c in changes if c.kind == "added"] == ["B"]


def test_outcomes_swapped_are_two_relabels(tmp_path):
    new = load("2019")
    j, k = find(new[0], "C2", "J"), find(new[0], "C2", "K")
    set_label(j, "K"), set_label(k, "J")
    new[0][new[0].index(j)], new[0][new[0].index(k)] = k, j
    changes = diff(tmp_path, load("2019"), new)
    assert sorted((c.kind, c.outcome_id, c.new_outcome_id) for c in changes) == [
        ("relabeled", "J", "K"), ("relabeled", "K", "J")]


def test_footnote_reworded_added_and_removed(tmp_path):
    records, footnotes = load("2019")
    new_notes = [dict(n) for n in footnotes if (n["action_line"], n["number"]) != ("C2", 3)]
    c5 = next(n for n in new_notes if n["action_line"] == "C5")
    c5["text"] = c5["text"].replace("listed", "enumerated", 1)
    new_notes.append(dict(c5, number=99, text="A note new in this edition."))
    changes = diff(tmp_path, (records, footnotes), (records, new_notes))
    assert [(c.kind, c.action_line, c.number) for c in changes] == [
        ("footnote_removed", "C2", 3), ("footnote_changed", "C5", c5["number"]), ("footnote_added", "C5", 99)]
    assert [(s.op, s.text) for s in changes[1].word_diff if s.op != "="] == [("-", "listed"), ("+", "enumerated")]
    assert all(c.outcome_id is None and c.section is None for c in changes)


def test_threshold_unrelated_replacement_is_removed_plus_added(tmp_path):
    # Same label "C", another outcome (2020's M, every cell): not the same outcome.
    new = load("2019")
    m = set_label(dict(find(load("2020")[0], "C2", "M"), edition="2019"), "C")
    new[0][new[0].index(find(new[0], "C2", "C"))] = m
    assert keys(diff(tmp_path / "a", load("2019"), new)) == [
        ("removed", "C2", GENEVA, "C", None, None), ("added", "C2", GENEVA, "C", None, None)]
    # Only the outcome text replaced, every other cell kept: still another outcome.
    new = load("2019")
    find(new[0], "C2", "C")["outcome_text"] = "C: " + m["outcome_text"][3:]
    assert Counter(k[0] for k in keys(diff(tmp_path / "b", load("2019"), new))) == {"removed": 1, "added": 1}


def test_threshold_light_edit_is_changed(tmp_path):
    new = load("2019")
    c = find(new[0], "C2", "C")
    c["outcome_text"] = c["outcome_text"].replace("provide and improve", "extend and improve").replace(
        "post offices", "postal offices")
    c["results_text"] += "\n- Connectivity mapping of schools with UNICEF"
    changes = diff(tmp_path, load("2019"), new)
    assert keys(changes) == [("changed", "C2", GENEVA, "C", "outcome_text", None),
                             ("changed", "C2", GENEVA, "C", "results_text", None)]
    assert [(s.op, s.text) for s in changes[0].word_diff if s.op != "="] == [
        ("-", "provide"), ("+", "extend"), ("-", "post"), ("+", "postal")]


def test_extra_column_label_is_a_text_field(tmp_path):
    old = load("2019")
    old[0][0]["extra_columns"] = {"Partners": "UNESCO"}
    new = load("2019")
    new[0][0]["extra_columns"] = {"Partners": "UNESCO, UNDP"}
    assert [(c.kind, c.field, c.field_label) for c in diff(tmp_path, old, new)] == [("changed", "Partners", "Partners")]


def test_whole_action_line_dropped(tmp_path):
    records, footnotes = load("2019")
    new = ([r for r in records if r["action_line"] != "C5"], [n for n in footnotes if n["action_line"] != "C5"])
    changes = diff(tmp_path, (records, footnotes), new)
    assert {c.action_line for c in changes} == {"C5"}
    assert kinds(changes) == {"removed": 21, "footnote_removed": 4}


@pytest.mark.parametrize("broken", ["missing", "not json", "not an array"])
def test_unreadable_edition_is_one_clear_error(tmp_path, broken):
    folder = write_edition(tmp_path / "bad", *load("2019"))
    if broken == "missing":
        (folder / "footnotes.json").unlink()
    else:
        (folder / "records.json").write_text("{oops" if broken == "not json" else '{"a": 1}')
    with pytest.raises(EditionError) as error:
        diff_editions(folder, folder)
    assert str(folder) in str(error.value) and "\n" not in str(error.value)


def test_word_diff_ignores_wraps_and_hyphen_breaks():
    assert all(s.op == "=" for s in word_diff("non-\ndiscriminatory  laws\nand", "non-discriminatory laws and"))
    assert [(s.op, s.text) for s in word_diff("Goal 1 & 4", "Goal 1")] == [("=", "Goal 1"), ("-", " & 4")]


# --- writing ----------------------------------------------------------------------------------


def test_write_diff_files_and_parquet_schema(tmp_path, fixture_changes):
    out = write_diff(fixture_changes, "2019", "2020", tmp_path / "diffs" / "2019..2020")
    assert sorted(p.name for p in out.iterdir()) == ["changes.json", "changes.parquet", "report.html", "report.md"]
    rows = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert [list(r) for r in rows] == [[
        "old_edition", "new_edition", "kind", "action_line", "section", "outcome_id", "new_outcome_id",
        "old_record_id", "new_record_id", "field", "field_label", "old", "new", "number",
        "added", "removed", "word_diff"]] * len(fixture_changes)
    table = pq.read_table(out / "changes.parquet")
    assert table.num_rows == len(fixture_changes)
    added = table.schema.field("added").type
    assert pa.types.is_struct(added) and added.field("sdg_goals").type == pa.list_(pa.int64())
    assert added.field("sdg_targets").type == pa.list_(pa.string())
    assert pa.types.is_list(table.schema.field("word_diff").type)
    assert table.schema.field("number").type == pa.int64()
    assert table.schema.metadata[b"new_edition"] == b"2020"
    frame = table.to_pandas()
    d = frame[(frame.outcome_id == "D") & (frame.action_line == "C5")].iloc[0]
    assert list(d["added"]["sdg_goals"]) == [17] and list(d["added"]["sdg_targets"]) == ["17.8"]
    assert set(frame.old_edition) == {"2019"} and set(frame.new_edition) == {"2020"}
    assert no_temporaries(tmp_path / "diffs")


def test_output_is_byte_identical_across_runs(tmp_path):
    first = diff(tmp_path / "1", load("2019"), load("2020"))
    second = diff(tmp_path / "2", load("2019"), load("2020"))
    assert changes_json(first) == changes_json(second)
    a = write_diff(first, "2019", "2020", tmp_path / "a")
    b = write_diff(second, "2019", "2020", tmp_path / "b")
    for name in ("changes.json", "report.md", "report.html"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_write_diff_replaces_a_previous_diff_whole_but_keeps_a_users_files(tmp_path, fixture_changes):
    out = tmp_path / "2019..2020"
    out.mkdir()
    (out / "notes.txt").write_text("the user's own")
    (out / "changes.json").write_text("from an older run")
    write_diff(fixture_changes, "2019", "2020", out)
    assert (out / "notes.txt").read_text() == "the user's own"
    assert json.loads((out / "changes.json").read_text()) != "from an older run" and (out / "report.md").exists()
    assert no_temporaries(tmp_path)


def test_write_diff_failure_leaves_the_previous_diff(tmp_path, fixture_changes, monkeypatch):
    out = write_diff(fixture_changes, "2019", "2020", tmp_path / "2019..2020")
    before = (out / "changes.json").read_bytes()

    def broken(*args):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(diff_report, "render_html", broken)
    with pytest.raises(RuntimeError):
        write_diff([], "2019", "2020", out)
    assert (out / "changes.json").read_bytes() == before
    assert no_temporaries(tmp_path)


# --- reports ----------------------------------------------------------------------------------


def test_report_markdown(fixture_changes):
    md = diff_report.render_markdown(fixture_changes, "2019", "2020")
    assert "| C2 | 1 | 1 | 0 | 3 | 0 |" in md and "| Total | 2 | 1 | 0 | 7 | 1 |" in md
    assert "(<del>ARF3</del>, ARB2" in md and "(<ins>AFR3</ins>, ARB2" in md
    assert md.count("\n## ") == len(fixture_changes)
    assert "No changes." in diff_report.render_markdown([], "2019", "2019")


def test_report_html_is_self_contained(fixture_changes):
    html = diff_report.render_html(fixture_changes, "2019", "2020")
    assert "<script" not in html and not re.search(r"(?:src|href)=\"(?!data:)", html)
    assert "http://" not in html and "https://" not in html
    assert html.count('<section class="change"') == len(fixture_changes)


def test_report_html_in_chromium(tmp_path, fixture_changes, page):
    out = write_diff(fixture_changes, "2019", "2020", tmp_path / "diff")
    page.page.goto((out / "report.html").as_uri())
    page.page.wait_for_load_state("load")

    summary = diff_report.summary(fixture_changes)
    shown = page.page.eval_on_selector_all(
        "#summary tbody tr",
        "rows => rows.map(r => [r.dataset.actionLine, ...[...r.querySelectorAll('td')].map(td => td.innerText)])")
    assert shown == [[al, *(str(counts[name]) for name, _, _ in diff_report.COLUMNS)] for al, counts in summary.items()]
    assert page.page.locator("#summary").is_visible()
    assert page.page.locator("section.change").count() == len(fixture_changes)
    assert page.page.locator("section.change del").count() > 0 and page.page.locator("section.change ins").count() > 0
    # Old and new really sit side by side.
    old_box = page.page.locator("#change-1 .old").bounding_box()
    new_box = page.page.locator("#change-1 .new").bounding_box()
    assert new_box["x"] > old_box["x"] + old_box["width"] - 1 and abs(new_box["y"] - old_box["y"]) < 1

    shot = tmp_path / "report.png"
    page.page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert page.problems == []
    assert all(url.startswith(("file://", "data:")) for url in page.requests), page.requests


def test_browser_watch_catches_broken_pages(tmp_path, page):
    # The check above is only worth something if a broken element would be caught.
    broken = tmp_path / "broken.html"
    broken.write_text('<!DOCTYPE html><img src="missing.png"><script>console.error("boom")</script>')
    page.page.goto(broken.as_uri())
    page.page.wait_for_load_state("load")
    assert any("missing.png" in p for p in page.failed_requests) and page.console_errors
