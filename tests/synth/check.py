"""Self-check of the generator: read a rendered edition back with pdfplumber and compare it with the plan."""

from __future__ import annotations

import io
import re

import pdfplumber

from .content import EXTRA_LABELS
from .generator import Plan, expected

BULLETS = re.compile("[\uf0b7▪●•]")


def norm(text: str | None) -> str:
    """The contract's comparison: bullets as "•", whitespace collapsed, no whitespace after a hyphen."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", BULLETS.sub("•", text or ""))).strip()


def _inside(char: dict, bbox) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def self_check(pdf: bytes, plan: Plan) -> list[str]:
    """Problems found (an empty list when none): the text read in each region the plan drew is the
    text drawn there, every character on a page belongs to exactly one region, and each record's
    text read back from its cells, and its pages, are what `expected` says; URLs carry their links."""
    problems: list[str] = []
    records, _ = expected(None, plan.layout, "x", plan)
    read: dict[tuple[int, str], list[str]] = {}
    pages: dict[int, set[int]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        if len(doc.pages) != len(plan.pages):
            return [f"{len(doc.pages)} pages, planned {len(plan.pages)}"]
        for page, planned in zip(doc.pages, plan.pages):
            chars = [c for c in page.chars if c["text"].strip()]
            claimed = [0] * len(chars)
            for item in planned.items:
                mine = [i for i, c in enumerate(chars) if _inside(c, item.bbox)]
                for i in mine:
                    claimed[i] += 1
                got = "".join(chars[i]["text"] for i in mine)
                if got != re.sub(r"\s+", "", item.text):
                    problems.append(f"p{planned.number} {item.kind} {item.column}: read {got[:80]!r}, drew {item.text[:80]!r}")
                if item.kind == "cell":
                    words = page.filter(lambda o: o.get("object_type") == "char" and _inside(o, item.bbox)).extract_words()
                    text = " ".join(w["text"] for w in words)
                    if text != " ".join(item.text.split()):
                        problems.append(f"p{planned.number} cell {item.row}/{item.column}: words {text[:80]!r}")
                    read.setdefault((item.row, item.column), []).append(text)
                    if text:
                        pages.setdefault(item.row, set()).add(planned.number)
            links = sorted(op[1] for op in planned.ops if op[0] == "link")
            if sorted(link["uri"] for link in page.hyperlinks) != links:
                problems.append(f"p{planned.number}: links {[h['uri'] for h in page.hyperlinks]}, drew {links}")
            stray = [chars[i]["text"] for i, n in enumerate(claimed) if n != 1]
            if stray:
                problems.append(f"p{planned.number}: {len(stray)} characters in no region or in two: {''.join(stray)[:60]!r}")
    for index, rec in enumerate(records):
        for key in plan.layout.column_keys:
            want = rec[key] if key in rec else rec["extra_columns"][EXTRA_LABELS[key]]
            got = " ".join(read.get((index, key), []))
            if norm(got) != norm(want):
                problems.append(f"record {index} {key}: read {norm(got)[:80]!r} != expected {norm(want)[:80]!r}")
        if sorted(pages.get(index, ())) != rec["pages"]:
            problems.append(f"record {index}: read on pages {sorted(pages.get(index, ()))}, expected {rec['pages']}")
    return problems
