"""The synthetic edition generator checks itself: what it says a perfect extraction returns is what
pdfplumber reads in the regions it drew, for many seeds and for each layout variation alone."""

from __future__ import annotations

import dataclasses
import io
import random
import re

import pdfplumber
import pytest

from .check import inside, norm, self_check
from .content import TEXT_FIELDS, URLS
from .draw import FILL_GRAYS, WHITE, ZEBRA_GRAY
from .generator import Line, expected, keep_whole, plan, random_layout, render, sample_content, wrap
from .hidden import hidden_junctions
from .layout import DRAWN_BULLET, PUA_BULLET, VARIATIONS, Layout, available_fonts, italic_name, single_variations

SEEDS = range(30)
# Every knob the first set lacked, at once.
NEW_KNOBS = Layout(ruling="zebra", justify=True, bullet=DRAWN_BULLET, header_fill="dark", fill_per_cell=True,
                   band_fill="dark", band_style="italic", band_align="left", label_align="left", running_header=True,
                   footnote_place="after", footnote_number="plain", orphan_control=True, padding=1.5)
CONTRACT_FIELDS = {"edition", "action_line", "action_line_title", "section", "outcome_id", *TEXT_FIELDS,
                   "extra_columns", "pages"}


def edition(seed: int):
    content = sample_content(random.Random(seed))
    layout = random_layout(random.Random(seed))
    return content, layout, plan(content, layout)


# Every third seed in `make test` (the other tests here go through all of SEEDS), all with `pytest -m slow`.
@pytest.mark.parametrize("seed", [pytest.param(s, marks=() if s % 3 == 0 else pytest.mark.slow) for s in SEEDS])
def test_what_is_drawn_is_read_back(seed):
    content, layout, the_plan = edition(seed)
    assert self_check(render(content, layout, the_plan), the_plan) == []


@pytest.mark.parametrize("name,layout", single_variations(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_variation_alone(name, layout):
    content = sample_content(random.Random(7), max_rows=3)
    the_plan = plan(content, layout)
    assert self_check(render(content, layout, the_plan), the_plan) == []


def test_deterministic():
    content, layout, the_plan = edition(3)
    pdf = render(content, layout)
    assert render(sample_content(random.Random(3)), random_layout(random.Random(3))) == pdf
    assert expected(content, layout, "e") == expected(*edition(3)[:2], "e")
    assert render(*edition(4)[:2]) != pdf
    content = sample_content(random.Random(11), max_rows=4)
    assert render(content, NEW_KNOBS) == render(sample_content(random.Random(11), max_rows=4), NEW_KNOBS)


def test_every_new_knob_at_once_is_read_back():
    content = sample_content(random.Random(11), max_rows=4)
    the_plan = plan(content, NEW_KNOBS)
    assert self_check(render(content, NEW_KNOBS, the_plan), the_plan) == []


def test_records_follow_the_contract():
    for seed in SEEDS:
        content, layout, the_plan = edition(seed)
        records, footnotes = expected(content, layout, f"synth-{seed}", the_plan)
        numbers = [f["number"] for f in footnotes]
        assert numbers == list(range(1, len(numbers) + 1))
        for rec in records:
            assert set(rec) == CONTRACT_FIELDS
            assert rec["outcome_text"].startswith(rec["outcome_id"])
            assert re.fullmatch(r"[A-Za-z]{1,3}\d{0,2}", rec["outcome_id"])
            assert rec["pages"] == sorted(set(rec["pages"])) and rec["pages"][0] >= 1
            if "sdgs_text" not in layout.column_keys:
                assert rec["sdgs_text"] is None
            assert len(rec["extra_columns"]) == len(layout.column_keys) - len(set(layout.column_keys) & set(TEXT_FIELDS))
        try:
            from pipeline.records import RecordFields  # a record as assembled, before its keys
        except ImportError:
            continue
        for rec in records:
            RecordFields(**rec)


def test_seeds_cover_every_variation_and_awkward_case():
    seen = {f.name: set() for f in dataclasses.fields(Layout)}
    found = set()
    for seed in SEEDS:
        content, layout, the_plan = edition(seed)
        for name in seen:
            seen[name].add(getattr(layout, name))
        records, _ = expected(content, layout, "e", the_plan)
        texts = [t for r in records for t in [*(r[k] for k in TEXT_FIELDS), *r["extra_columns"].values()]]
        paragraphs = [p for al in content.action_lines for s in al.sections for row in s.rows
                      for k, cell in row.cells.items() if k in layout.column_keys for p in cell]
        spans = [len(r["pages"]) for r in records]
        cases = {
            "empty cell": any(r[k] is None for r in records for k in ("timing_text", "goals_text")),
            "url cell": any(t and norm(t).replace(" ", "") in URLS for t in texts),
            "blank paragraph": "" in paragraphs,
            "hyphen at a line end": the_plan.stats["hyphen_breaks"] > 0,
            "one-row table": any(sum(len(s.rows) for s in al.sections) == 1 for al in content.action_lines),
            "row over two page breaks": 3 in spans,
            "row over three page breaks": max(spans) >= 4,
            "band at the top of a page": the_plan.stats["band_at_top"] > 0,
            # orphan control moved a row's first paragraph whole: its first piece has an empty first cell
            "empty first cell": the_plan.stats["empty_first_cell"] > 0,
            "widow or orphan control": the_plan.stats["controlled_breaks"] > 0,
            "zebra row shaded": the_plan.stats["zebra_pieces"] > 0,
            "justified line": the_plan.stats["justified_lines"] > 0,
            "footnotes after a table kept with it": the_plan.stats["footnotes_kept"] > 0,
            "header filled cell by cell": layout.fill_per_cell and layout.header_fill != "none",
        }
        found |= {name for name, hit in cases.items() if hit}
    assert found == set(cases)
    for name, values in VARIATIONS.items():
        if name not in ("margins", "column_scale", "footnote_rule"):
            assert {v for v in values if name != "font" or v in available_fonts()} <= seen[name], name
    if len(available_fonts()) > 2:
        assert {"•", PUA_BULLET, "▪", DRAWN_BULLET} <= seen["bullet"]


def test_wrap_breaks_after_hyphens_and_inside_overlong_words_only():
    measure = len  # one unit a character
    assert wrap("a non-discriminatory rule", 14, measure) == [("a non-", "\n"), ("discriminatory", ""), ("rule", " ")]
    url = "www.itu.int/ITU-D/pdf/op/StrategicPlan.pdf"
    lines = wrap(url, 12, measure)
    # A word too long for a line wraps where it must; its lines join by a space, as any wrapped line.
    assert lines[0] == ("www.itu.int/", "\n") and lines[1] == ("ITU-", " ") and lines[2][1] == ""
    assert "".join(line for line, _ in lines) == url and all(measure(line) <= 12 for line, _ in lines)
    assert wrap("", 10, measure) == [("", "\n")]
    assert [j for _, j in wrap("one two three four", 9, measure)] == ["\n", " ", " "]


def _cell(*paragraphs: int) -> list[Line]:
    """A cell of paragraphs of so many lines each."""
    return [Line((), "x", "\n" if j == 0 else " ") for n in paragraphs for j in range(n)]


def test_widow_and_orphan_control_keeps_a_paragraphs_first_and_last_lines_company():
    cell = _cell(3, 4)
    assert keep_whole(cell, 3) == 3  # a break between paragraphs stays
    assert keep_whole(cell, 4) == 3  # the second's first line alone before the break: it moves whole
    assert keep_whole(cell, 6) == 5  # its last line alone after the break: one more line goes with it
    assert keep_whole(cell, 5) == 5
    assert keep_whole(cell, 2) == 0  # 2 + 1: the widow's line makes an orphan, so the paragraph moves whole
    assert keep_whole(cell[1:], 1) == 0  # a paragraph begun on a page before: its last two lines go together
    assert keep_whole(cell[1:], 4) == 4
    assert keep_whole(_cell(1, 1, 1), 2) == 2 and keep_whole(cell, 0) == 0 and keep_whole(cell, 7) == 7


def _empty_first_cell_pieces(the_plan) -> list[tuple[int, int]]:
    """(page, record) of each row's first piece whose first cell is empty while another is not."""
    out = []
    for page in the_plan.pages:
        cells: dict[int, dict[str, str]] = {}
        for item in page.items:
            if item.kind == "cell":
                cells.setdefault(item.row, {})[item.column] = item.text
        for row, texts in cells.items():
            first_page = the_plan.rows[row]["pages"][0] == page.number
            if first_page and not texts["outcome_text"] and any(texts.values()):
                out.append((page.number, row))
    return out


def test_orphan_control_leaves_a_rows_first_piece_with_an_empty_first_cell():
    seed = next(s for s in SEEDS if edition(s)[2].stats["empty_first_cell"])
    content, layout, the_plan = edition(seed)
    pieces = _empty_first_cell_pieces(the_plan)
    assert layout.orphan_control and len(pieces) == the_plan.stats["empty_first_cell"] > 0
    records, _ = expected(content, layout, "e", the_plan)
    page, row = pieces[0]
    rec, lines = records[row], the_plan.rows[row]["lines"]["outcome_text"]
    assert rec["pages"][0] == page and the_plan.rows[row]["line_pages"]["outcome_text"][0] == page + 1
    assert norm(rec["outcome_text"]) == norm("\n".join(p for p in content_row(content, row).cells["outcome_text"] if p))
    assert len(lines) > 1
    same = dataclasses.replace(layout, orphan_control=False)
    assert not _empty_first_cell_pieces(plan(content, same))


def content_row(content, index: int):
    return [row for al in content.action_lines for s in al.sections for row in s.rows][index]


def _flush_lines(pdf: bytes, the_plan) -> int:
    """Lines read in body cells that end at the cell's right edge less its padding."""
    flush = 0
    pad = the_plan.layout.padding
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page, planned in zip(doc.pages, the_plan.pages):
            for item in (i for i in planned.items if i.kind == "cell"):
                ends: dict[float, float] = {}
                for c in page.chars:
                    if c["text"].strip() and item.bbox[0] <= c["x0"] < item.bbox[2] and item.bbox[1] <= c["top"] < item.bbox[3]:
                        ends[round(c["top"], 1)] = max(ends.get(round(c["top"], 1), 0), c["x1"])
                flush += sum(end >= item.bbox[2] - pad - 0.01 for end in ends.values())
    return flush


def test_justified_lines_but_a_paragraphs_last_reach_the_cell_edge():
    content = sample_content(random.Random(7), max_rows=3)
    layout = Layout(justify=True)
    the_plan = plan(content, layout)
    lines = [(line, k) for row in the_plan.rows for k, cell in row["lines"].items() for line in cell]
    stretched = sum(line.spacing > 0 for line, _ in lines)
    assert stretched == the_plan.stats["justified_lines"] > 50
    assert all(line.spacing == 0 for row in the_plan.rows for cell in row["lines"].values()
               for line, after in zip(cell, cell[1:] + [None]) if after is None or after.joiner == "\n")
    flush = _flush_lines(render(content, layout, the_plan), the_plan)
    assert stretched <= flush <= stretched + 3  # a last line may be as long as the cell by chance
    ragged = plan(content, Layout())
    assert _flush_lines(render(content, Layout(), ragged), ragged) < stretched / 4


def test_hidden_junctions_in_justified_text():
    """A wrap's line stretched to the edge, or a paragraph's last line short of it, shows the junction."""
    room, size = 30, 10  # one point a character; a line is flush within 2.5
    def line(text, joiner):
        return Line(((0.0, text),), text, joiner)
    sentence, wrapped = line("one two ends.", "\n"), line("The next", " ")
    assert hidden_junctions([sentence, wrapped], [1, 2], room, len, size) == [1]
    assert hidden_junctions([sentence, wrapped], [1, 2], room, len, size, justified=True) == []
    full = line("one two three four five ends.", "\n")
    assert hidden_junctions([full, wrapped], [1, 2], room, len, size, justified=True) == [1]
    short, paragraph = line("alpha beta gamma", "\n"), line("Resolutionsxxxxx and", "\n")
    assert hidden_junctions([short, paragraph], [1, 2], room, len, size) == [1]
    assert hidden_junctions([short, paragraph], [1, 2], room, len, size, justified=True) == []
    word = line("Measuresxxxxxxxxx", "\n")  # no space to widen: it looks the same either way
    assert hidden_junctions([word, paragraph], [1, 2], room, len, size, justified=True) == [1]


def test_zebra_shades_every_other_body_row_on_each_of_its_pages_and_draws_no_rule():
    content = sample_content(random.Random(3))
    layout = Layout(ruling="zebra", footnote_place="after")
    the_plan = plan(content, layout)
    assert not [op for page in the_plan.pages for op in page.ops if op[0] == "line"]
    shaded = []
    for page in the_plan.pages:
        for op in (op for op in page.ops if op[0] == "fill"):
            assert op[5] == ZEBRA_GRAY
            shaded += [(page.number, i.row) for i in page.items if i.kind == "cell" and i.bbox[1] == op[2]][:1]
    want = []
    for al in content.action_lines:
        rows = [i for i, row in enumerate(the_plan.rows) if row["action_line"] == al.id]
        want += [(page, i) for i in rows[1::2] for page in the_plan.rows[i]["pages"]]
    assert sorted(shaded) == sorted(want) and len({i for _, i in want}) < len(want)  # a shaded row over a break


def test_fills_and_white_text_on_dark_ones():
    content = sample_content(random.Random(7), max_rows=3)
    the_plan = plan(content, NEW_KNOBS)
    page = next(p for p in the_plan.pages if any(i.kind == "header" for i in p.items))
    header = [op for op in page.ops if op[0] == "fill" and op[5] == FILL_GRAYS["header"]["dark"]]
    assert len(header) == len(NEW_KNOBS.column_keys)  # one per cell, each meeting the next
    assert all(a[3] == pytest.approx(b[1]) for a, b in zip(header, header[1:]))
    assert {i.gray for i in page.items if i.kind in ("header", "band")} == {WHITE}
    assert {i.gray for i in page.items if i.kind == "cell"} == {0.0}
    single = plan(content, dataclasses.replace(NEW_KNOBS, fill_per_cell=False)).pages[page.number - 1]
    assert len([op for op in single.ops if op[0] == "fill" and op[5] == FILL_GRAYS["header"]["dark"]]) == 1


def test_left_aligned_labels_and_bands_start_at_the_padding():
    content = sample_content(random.Random(7), max_rows=3)
    layout = Layout(label_align="left", band_align="left", padding=2.5)
    page = plan(content, layout).pages[1]
    xs = {round(i.bbox[0] - layout.padding, 6) for i in page.items if i.kind == "header"}
    cells = {round(i.bbox[0], 6) for i in page.items if i.kind == "cell"}
    assert xs == cells
    assert {i.bbox[0] for i in page.items if i.kind == "band"} == {layout.margins[0] + layout.padding}


@pytest.mark.parametrize("font", available_fonts())
def test_italic_bands_use_the_familys_italic_face(font):
    content = sample_content(random.Random(7), max_rows=3)
    layout = Layout(font=font, band_style="italic")
    the_plan = plan(content, layout)
    with pdfplumber.open(io.BytesIO(render(content, layout, the_plan))) as doc:
        page, band = next((p, i) for p in the_plan.pages for i in p.items if i.kind == "band")
        fonts = {c["fontname"] for c in doc.pages[page.number - 1].chars if inside(c, band.bbox)}
    assert italic_name(font) and fonts and all(re.search("Italic|Oblique", f) for f in fonts)


@pytest.mark.parametrize("indent", [0.0, 12.0])
def test_drawn_bullets_are_discs_and_no_text(indent):
    content = sample_content(random.Random(11), max_rows=4)
    layout = Layout(bullet=DRAWN_BULLET, bullet_indent=indent)
    the_plan = plan(content, layout)
    pdf = render(content, layout, the_plan)
    records, _ = expected(content, layout, "e", the_plan)
    bullets = sum(norm(t).count("•") for r in records for t in [*(r[k] for k in TEXT_FIELDS)] if t)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        glyphs = [c["text"] for p in doc.pages for c in p.chars if c["text"] in "•▪\uf0b7"]
        discs = [c for p in doc.pages for c in p.curves if c.get("fill")]
    assert not glyphs and len(discs) == bullets > 0
    assert self_check(pdf, the_plan) == []


def test_footnotes_after_the_table_and_the_running_header():
    content = sample_content(random.Random(7), max_rows=3)
    layout = Layout(footnote_place="after", running_header=True)
    the_plan = plan(content, layout)
    last = {al.id: max(p for r in the_plan.rows if r["action_line"] == al.id for p in r["pages"]) for al in content.action_lines}
    assert the_plan.footnotes and all(f["page"] == last[f["action_line"]] for f in the_plan.footnotes)
    assert not [op for p in the_plan.pages for op in p.ops if op[0] == "line" and op[5] == 0.5]  # no footnote rule
    total = len(the_plan.pages)
    assert [i.text for p in the_plan.pages for i in p.items if i.kind == "pageno"] == [f"Page {n} of {total}" for n in range(1, total + 1)]


def _tampered(change) -> list[str]:
    """The self-check's findings on an edition of every new knob whose plan `change` altered after rendering."""
    content = sample_content(random.Random(11), max_rows=4)
    the_plan = plan(content, NEW_KNOBS)
    pdf = render(content, NEW_KNOBS, the_plan)
    change(the_plan)
    return self_check(pdf, the_plan)


def _drop_first(kind):
    def change(the_plan):
        page = next(p for p in the_plan.pages if any(op[0] == kind for op in p.ops))
        page.ops.remove(next(op for op in page.ops if op[0] == kind))
    return change


def test_the_self_check_finds_what_the_pdf_does_not_show():
    assert any("discs" in p for p in _tampered(_drop_first("dot")))
    assert any("fills" in p for p in _tampered(_drop_first("fill")))

    def black_header(the_plan):
        header = next(i for p in the_plan.pages for i in p.items if i.kind == "header")
        header.gray = 0.0
    assert any("text in gray" in p for p in _tampered(black_header))

    def footnote_elsewhere(the_plan):
        the_plan.footnotes[0]["page"] -= 1
    assert any("footnote 1" in p for p in _tampered(footnote_elsewhere))

    def no_bullet(the_plan):
        row = next(r for r in the_plan.rows if any(line.dot for cell in r["lines"].values() for line in cell))
        cell = next(c for c in row["lines"].values() if any(line.dot for line in c))
        line = next(line for line in cell if line.dot)
        line.text = line.text.replace("• ", "")
    assert any("bullet discs" in p for p in _tampered(no_bullet))

    def wrong_total(the_plan):
        item = next(i for i in the_plan.pages[0].items if i.kind == "pageno")
        item.text = item.text.replace(" of ", " of 9")
    assert any("running header" in p for p in _tampered(wrong_total))
