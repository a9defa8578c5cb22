"""Self-check of the generator: read a rendered edition back with pdfplumber and compare it with the plan."""

from __future__ import annotations

import io
import re

import pdfplumber

from .content import EXTRA_LABELS
from .generator import Plan, expected
from .layout import DRAWN_BULLET, RUNNING_TITLE

BULLETS = re.compile("[\uf0b7▪●•]")


def norm(text: str | None) -> str:
    """The contract's comparison: bullets as "•", whitespace collapsed, no whitespace after a hyphen."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", BULLETS.sub("•", text or ""))).strip()


def inside(obj: dict, bbox) -> bool:
    x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def _gray(color) -> float:
    """pdfplumber's colour of a gray fill or glyph as one number (None: black, the default)."""
    if color is None:
        return 0.0
    return float(color[0] if isinstance(color, (tuple, list)) else color)


def self_check(pdf: bytes, plan: Plan) -> list[str]:
    """Problems found (an empty list when none): the text read in each region the plan drew is the
    text drawn there, in its colour, every character on a page belongs to exactly one region, the
    rules, fills and bullet discs read are those drawn, each record's text read back from its cells,
    and its pages, are what `expected` says (a drawn bullet is a disc, no text), URLs carry their
    links, footnotes and the running header say what the plan says."""
    problems: list[str] = []
    read: dict[tuple[int, str], list[str]] = {}
    pages: dict[int, set[int]] = {}
    dots: dict[int, int] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        if len(doc.pages) != len(plan.pages):
            return [f"{len(doc.pages)} pages, planned {len(plan.pages)}"]
        for page, planned in zip(doc.pages, plan.pages):
            problems += _regions(page, planned, read, pages, dots)
            problems += _shapes(page, planned)
            links = sorted(op[1] for op in planned.ops if op[0] == "link")
            if sorted(link["uri"] for link in page.hyperlinks) != links:
                problems.append(f"p{planned.number}: links {[h['uri'] for h in page.hyperlinks]}, drew {links}")
    return problems + _records(plan, read, pages, dots) + _footnotes(plan) + _running_header(plan)


def _regions(page, planned, read, pages, dots) -> list[str]:
    """Each region's characters, words and colour; the characters no region or two claim. Collects
    the words and bullet discs read in each cell, and the pages of each record."""
    problems = []
    chars = [c for c in page.chars if c["text"].strip()]
    claimed = [0] * len(chars)
    discs = [c for c in page.curves if c.get("fill")]
    for item in planned.items:
        mine = [i for i, c in enumerate(chars) if inside(c, item.bbox)]
        for i in mine:
            claimed[i] += 1
        got = "".join(chars[i]["text"] for i in mine)
        if got != re.sub(r"\s+", "", item.text):
            problems.append(f"p{planned.number} {item.kind} {item.column}: read {got[:80]!r}, drew {item.text[:80]!r}")
        colours = {round(_gray(chars[i]["non_stroking_color"]), 2) for i in mine}
        if colours - {item.gray}:
            problems.append(f"p{planned.number} {item.kind} {item.column}: text in gray {sorted(colours)}, drew {item.gray}")
        if item.kind == "cell":
            # Our glyphs abut within a word; a smaller gap than pdfplumber's default 3 pt apart is a
            # word break we drew (a bullet glyph before its hanging indent).
            chars_in = page.filter(lambda o: o.get("object_type") == "char" and inside(o, item.bbox))
            words = chars_in.extract_words(x_tolerance=1)
            text = " ".join(w["text"] for w in words)
            if text != " ".join(item.text.split()):
                problems.append(f"p{planned.number} cell {item.row}/{item.column}: words {text[:80]!r}")
            read.setdefault((item.row, item.column), []).append(text)
            found = sum(inside(d, item.bbox) for d in discs)
            dots[item.row] = dots.get(item.row, 0) + found
            if text or found:
                pages.setdefault(item.row, set()).add(planned.number)
    stray = [chars[i]["text"] for i, n in enumerate(claimed) if n != 1]
    if stray:
        problems.append(f"p{planned.number}: {len(stray)} characters in no region or in two: {''.join(stray)[:60]!r}")
    return problems


def _shapes(page, planned) -> list[str]:
    """The rules, filled rectangles and bullet discs read on the page are those the plan drew."""
    def rounded(*values):
        return tuple(round(v, 1) for v in values)

    drawn = {
        "rules": sorted(rounded(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)) for k, x0, y0, x1, y1, _ in
                        (op for op in planned.ops if op[0] == "line")),
        "fills": sorted(rounded(*op[1:6]) for op in planned.ops if op[0] == "fill"),
        "discs": sorted(rounded(*op[1:4]) for op in planned.ops if op[0] == "dot"),
    }
    got = {
        "rules": sorted(rounded(o["x0"], o["top"], o["x1"], o["bottom"]) for o in page.lines),
        "fills": sorted(rounded(o["x0"], o["top"], o["x1"], o["bottom"], _gray(o["non_stroking_color"]))
                        for o in page.rects if o.get("fill")),
        "discs": sorted(rounded((o["x0"] + o["x1"]) / 2, (o["top"] + o["bottom"]) / 2, (o["x1"] - o["x0"]) / 2)
                        for o in page.curves if o.get("fill")),
    }
    return [f"p{planned.number}: {kind} read {got[kind][:3]}..., drew {drawn[kind][:3]}... ({len(got[kind])} vs {len(drawn[kind])})"
            for kind in drawn if got[kind] != drawn[kind]]


def _records(plan: Plan, read, pages, dots) -> list[str]:
    """Each record's text and pages as read back, against `expected`: where bullets are drawn discs,
    the text without its "•" and as many discs as it has bullets."""
    problems = []
    records, _ = expected(None, plan.layout, "x", plan)
    drawn = plan.layout.bullet == DRAWN_BULLET
    for index, rec in enumerate(records):
        texts = [rec[key] if key in rec else rec["extra_columns"][EXTRA_LABELS[key]] for key in plan.layout.column_keys]
        for key, want in zip(plan.layout.column_keys, texts):
            want = norm(want)
            if drawn:
                want = norm(want.replace("•", " "))
            got = " ".join(read.get((index, key), []))
            if norm(got) != want:
                problems.append(f"record {index} {key}: read {norm(got)[:80]!r} != expected {want[:80]!r}")
        bullets = sum(norm(t).count("•") for t in texts) if drawn else 0
        if dots.get(index, 0) != bullets:
            problems.append(f"record {index}: {dots.get(index, 0)} bullet discs read, {bullets} expected")
        if sorted(pages.get(index, ())) != rec["pages"]:
            problems.append(f"record {index}: read on pages {sorted(pages.get(index, ()))}, expected {rec['pages']}")
    return problems


def _footnotes(plan: Plan) -> list[str]:
    """Each footnote is drawn, number first, on the page it is recorded on; set after its table, it
    lies on the table's last page, under every cell there."""
    problems = []
    for note in plan.footnotes:
        page = plan.pages[note["page"] - 1]
        drawn = re.sub(r"\s+", "", "".join(i.text for i in page.items if i.kind == "footnote"))
        if re.sub(r"\s+", "", f"{note['number']}{note['text']}") not in drawn:
            problems.append(f"footnote {note['number']}: not drawn on page {note['page']}")
        if plan.layout.footnote_place != "after":
            continue
        last = max(p for row in plan.rows if row["action_line"] == note["action_line"] for p in row["pages"])
        cells = [i.bbox[3] for i in page.items if i.kind == "cell"]
        notes = [i.bbox[1] for i in page.items if i.kind == "footnote"]
        if note["page"] != last or min(notes) < max(cells, default=0):
            problems.append(f"footnote {note['number']}: on page {note['page']}, not under its table's last row (page {last})")
    return problems


def _running_header(plan: Plan) -> list[str]:
    """With a running header, every page has the title at the left and "Page N of M" (M pages), and
    no other page number."""
    if not plan.layout.running_header:
        return []
    problems = []
    for page in plan.pages:
        furniture = sorted((i.kind, i.text) for i in page.items if i.kind in ("running", "pageno"))
        want = [("pageno", f"Page {page.number} of {len(plan.pages)}"), ("running", RUNNING_TITLE)]
        if furniture != want:
            problems.append(f"p{page.number}: running header {furniture}")
    return problems
