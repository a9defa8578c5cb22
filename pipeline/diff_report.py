"""Human reports of an edition diff: report.md and a self-contained report.html.

Both open with a summary table per action line, then list every change with the old and the new
text side by side, changed words in <del>/<ins>. The HTML has inline CSS only: no script, no
font, no image, nothing fetched, so it opens the same from a file, a mail or an archive.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # diff imports this module; the types are only for reading
    from pipeline.diff import Change, Segment

COLUMNS = (
    ("added", "Added", ("added",)),
    ("removed", "Removed", ("removed",)),
    ("relabeled", "Relabeled", ("relabeled",)),
    ("changed", "Changed fields", ("changed",)),
    ("footnotes", "Footnote changes", ("footnote_added", "footnote_removed", "footnote_changed")),
)


def summary(changes: Iterable[Change]) -> dict[str, dict[str, int]]:
    """{action line: {column: count}} in the changes' order, then "Total"."""
    table: dict[str, dict[str, int]] = {}
    for change in changes:
        counts = table.setdefault(change.action_line, {name: 0 for name, _, _ in COLUMNS})
        for name, _, kinds in COLUMNS:
            counts[name] += change.kind in kinds
    table["Total"] = {name: sum(row[name] for row in table.values()) for name, _, _ in COLUMNS}
    return table


def title(change: Change) -> str:
    """"C2 · A → B · outcome_text" and the like: where the change is."""
    if change.number is not None:
        return f"{change.action_line} · footnote {change.number}"
    outcome = change.outcome_id or ""
    if change.new_outcome_id:
        outcome += f" → {change.new_outcome_id}"
    parts = [change.action_line, change.section or "", outcome, change.field or ""]
    return " · ".join(p for p in parts if p)


def sides(change: Change) -> tuple[str, str]:
    """Old and new text as HTML, changed words wrapped in <del> (old) and <ins> (new)."""
    if not change.word_diff:
        return escape(change.old or ""), escape(change.new or "")
    return _side(change.word_diff, "-", "del"), _side(change.word_diff, "+", "ins")


def _side(segments: list[Segment], op: str, tag: str) -> str:
    out = []
    for s in segments:
        if s.op == "=":
            out.append(escape(s.text))
        elif s.op == op:
            out.append(f"<{tag}>{escape(s.text)}</{tag}>")
    return "".join(out)


def items(change: Change) -> str:
    """"added sdg_targets 17.8; removed ..." for changes that carry typed items, else ""."""
    parts = [f"{verb} {field} {item}" for verb, group in (("added", change.added), ("removed", change.removed))
             for field, item in group.pairs()]
    return "; ".join(parts)


# --- Markdown ---------------------------------------------------------------------------------


def _md_cell(html_text: str) -> str:
    # Table cells are one line: newlines become <br>, a pipe would end the cell.
    return html_text.replace("|", "&#124;").replace("\n", "<br>") or " "


def render_markdown(changes: list[Change], old_id: str, new_id: str) -> str:
    heads = [label for _, label, _ in COLUMNS]
    lines = [f"# Roadmap changes: {old_id} → {new_id}", "", f"{len(changes)} changes.", ""]
    lines += ["| Action line | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
    for al, counts in summary(changes).items():
        lines.append(f"| {al} | " + " | ".join(str(counts[name]) for name, _, _ in COLUMNS) + " |")
    for n, change in enumerate(changes, 1):
        old, new = sides(change)
        lines += ["", f"## {n}. {change.kind}: {escape(title(change))}", ""]
        lines += [f"| {old_id} | {new_id} |", "|---|---|", f"| {_md_cell(old)} | {_md_cell(new)} |"]
        if items(change):
            lines += ["", f"Items: {escape(items(change))}"]
    if not changes:
        lines += ["", "No changes."]
    return "\n".join(lines) + "\n"


# --- HTML -------------------------------------------------------------------------------------

CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
table.summary { border-collapse: collapse; margin: 1em 0 2em; }
table.summary th, table.summary td { border: 1px solid #ccc; padding: .3em .8em; text-align: right; }
table.summary th:first-child { text-align: left; }
table.summary tr.total { font-weight: bold; background: #f4f4f4; }
section.change { border: 1px solid #ddd; border-radius: 4px; margin: 1em 0; padding: .5em 1em; }
section.change h3 { font-size: 1em; margin: .2em 0 .5em; }
.kind { display: inline-block; min-width: 7em; font-weight: normal; color: #555; }
.sides { display: grid; grid-template-columns: 1fr 1fr; gap: 1em; }
.sides h4 { margin: 0 0 .3em; color: #777; font-weight: normal; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
del { background: #fdd; color: #900; }
ins { background: #dfd; color: #060; text-decoration: none; }
p.items { color: #555; margin: .5em 0 0; }
"""


def page_head(title: str, css: str) -> list[str]:
    """The start of a self-contained HTML page, up to its opened body (also the review report's)."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # An empty icon: otherwise a browser asks for /favicon.ico, a request that can only fail.
        f'<link rel="icon" href="data:,"><title>{title}</title><style>{css}</style></head><body>',
    ]


def render_html(changes: list[Change], old_id: str, new_id: str) -> str:
    heading = f"Roadmap changes: {escape(old_id)} → {escape(new_id)}"
    out = [
        *page_head(heading, CSS),
        f"<h1>{heading}</h1>",
        f'<p id="count">{len(changes)} changes.</p>',
        '<table class="summary" id="summary"><thead><tr><th>Action line</th>',
    ]
    out += [f"<th>{label}</th>" for _, label, _ in COLUMNS] + ["</tr></thead><tbody>"]
    for al, counts in summary(changes).items():
        row_class = ' class="total"' if al == "Total" else ""
        cells = "".join(f'<td data-column="{name}">{counts[name]}</td>' for name, _, _ in COLUMNS)
        out.append(f'<tr{row_class} data-action-line="{escape(al)}"><th>{escape(al)}</th>{cells}</tr>')
    out.append("</tbody></table>")
    if not changes:
        out.append("<p>No changes.</p>")
    for n, change in enumerate(changes, 1):
        old, new = sides(change)
        out += [
            f'<section class="change" id="change-{n}" data-kind="{change.kind}">',
            f'<h3><span class="kind">{change.kind}</span> {escape(title(change))}</h3>',
            '<div class="sides">',
            f'<div class="old"><h4>{escape(old_id)}</h4><p class="text">{old}</p></div>',
            f'<div class="new"><h4>{escape(new_id)}</h4><p class="text">{new}</p></div>',
            "</div>",
        ]
        if items(change):
            out.append(f'<p class="items">Items: {escape(items(change))}</p>')
        out.append("</section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
