"""The review report's HTML: one self-contained page, inline CSS and a small inline script.

Layout: a sidebar (search box, a filter for rows over page breaks, links to every action line,
section and outcome), then the summary, the self-checks' findings (each beside the crop of a record
it names, linked to every record it names), rejects and warnings, footnotes, and one card per record
(a suspect one marked):
its fields as a table beside the image of its region on each page it spans. The markup is
templates/review.html.j2 (autoescaped); this module only arranges the values it shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.records import TEXT_FIELDS
from pipeline.templating import asset, long_list, render

if TYPE_CHECKING:
    from pipeline.review.gather import RecordView, Review

# Shown in the card's heading, not in its table.
HEADING_KEYS = ("edition", "action_line", "action_line_title", "section", "outcome_id", "pages")
TEXT_LABELS = {
    "outcome_text": "Outcome",
    "timing_text": "Proposed timing",
    "goals_text": "ITU strategic goals and resolutions",
    "sdgs_text": "Linkage with the SDGs",
    "results_text": "Expected results of ITU activities",
}
TYPED_LABELS = {
    "timing_start": "Timing start",
    "timing_end": "Timing end",
    "itu_goals": "ITU goals",
    "sdg_goals": "SDG goals",
    "sdg_targets": "SDG targets",
    "resolutions": "Resolutions",
    "regional_initiatives": "Regional initiatives",
    "expected_results": "Expected results (items)",
    "itu_activities": "ITU activities (items)",
}


@dataclass
class _Card:
    """A record's card, as the template shows it."""

    view: RecordView
    name: str
    pages_badge: str
    stitched: str  # "5-7" for a row over page breaks, else ""
    fields: dict[str, Any]


def render_html(review: Review) -> str:
    labels = {
        t.get("action_line"): {c.get("field") or c.get("label"): c.get("label") for c in t.get("columns", [])}
        for t in review.manifest.get("tables", [])
    }
    table_pages = {t.get("action_line"): t.get("pages", []) for t in review.manifest.get("tables", [])}
    footnote_counts = Counter(f.get("action_line") for f in review.footnotes)
    lines = []
    for action_line, title, groups in _grouped(review.records):
        line_groups = []
        for section, views in groups:
            cards = [_card(view, labels.get(action_line, {})) for view in views]
            line_groups.append(
                {"section": section, "cards": cards, "stitched": sum(1 for c in cards if c.stitched)}
            )
        lines.append(
            {
                "action_line": action_line,
                "title": title,
                "groups": line_groups,
                "pages": _pages(table_pages.get(action_line, [])),
                "footnotes": footnote_counts.get(action_line, 0),
            }
        )
    stitched = sum(1 for v in review.records if len(v.pieces) > 1)
    footnotes: dict[str, list[dict[str, Any]]] = {}
    for footnote in review.footnotes:
        footnotes.setdefault(str(footnote.get("action_line")), []).append(footnote)
    return render(
        "review.html.j2",
        title=f"Review report: WSIS Action Line Roadmaps, edition {review.edition}",
        css=asset("review.css"),
        script=asset("review.js"),
        review=review,
        source=review.manifest.get("source") or {},
        lines=lines,
        tiles=[
            (len(review.records), "records", False),
            (len(review.footnotes), "footnotes", False),
            (len(review.rejects), "rejects", bool(review.rejects)),
            (len(review.warnings), "warnings", bool(review.warnings)),
            (len(review.suspect), "suspect records", bool(review.checks)),
            ((review.manifest.get("source") or {}).get("pages", "?"), "pages", False),
            (stitched, "rows over page breaks", False),
        ],
        stitched=stitched,
        footnotes=footnotes,
    )


def _card(view: RecordView, labels: dict[str, str]) -> _Card:
    r = view.record
    pages = [p.page for p in view.pieces]
    badge = f"{'page' if len(set(pages)) == 1 else 'pages'} {_pages(r.get('pages', pages))}"
    stitched = _pages(pages) if len(view.pieces) > 1 else ""
    return _Card(view, f"{r.get('action_line')} {r.get('outcome_id')}", badge, stitched, _fields(r, labels))


def _fields(record: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    """Text cells as printed (label above text), typed fields in a compact grid, item lists folded."""
    text_rows = [
        (labels.get(k, TEXT_LABELS[k]), k, record.get(k))
        for k in TEXT_FIELDS
        if k in labels or record.get(k) is not None
    ]
    text_rows += [
        (label, "extra_columns", value) for label, value in (record.get("extra_columns") or {}).items()
    ]
    known = set(HEADING_KEYS) | set(TEXT_FIELDS) | {"extra_columns"}
    keys = [k for k in TYPED_LABELS if k in record] + [
        k for k in record if k not in known and k not in TYPED_LABELS
    ]
    typed = [(TYPED_LABELS.get(k, k.replace("_", " ").capitalize()), k, record.get(k)) for k in keys]
    folded = [row for row in typed if long_list(row[2])]
    summary = ", ".join(f"{len(value or ())} {label.split(' (')[0].lower()}" for label, _, value in folded)
    return {
        "text_rows": text_rows,
        "typed": [row for row in typed if not long_list(row[2])],
        "folded": folded,
        "summary": summary,
    }


# --- helpers ------------------------------------------------------------------------------------


def _grouped(views: list[RecordView]) -> list[tuple[str, str, list[tuple[str | None, list[RecordView]]]]]:
    """(action line, title, [(section, records)]) in document order."""
    out: list[tuple[str, str, list[tuple[str | None, list[RecordView]]]]] = []
    for view in views:
        r = view.record
        if not out or out[-1][0] != r.get("action_line"):
            out.append((str(r.get("action_line")), str(r.get("action_line_title") or ""), []))
        groups = out[-1][2]
        if not groups or groups[-1][0] != r.get("section"):
            groups.append((r.get("section"), []))
        groups[-1][1].append(view)
    return out


def _pages(pages: Iterable[int]) -> str:
    """[5, 6, 7] -> "5-7"; [3, 5] -> "3, 5"."""
    numbers = sorted(set(pages))
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}-{r[-1]}" for r in runs)
