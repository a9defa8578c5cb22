"""Human reports of an edition diff: report.md and a self-contained report.html.

Both open with a summary table per action line, then list every change with the old and the new
text side by side, changed words in <del>/<ins>. The HTML (templates/diff.html.j2, autoescaped)
has inline CSS only: no script, no font, no image, nothing fetched, so it opens the same from a
file, a mail or an archive. The Markdown escapes every character Markdown would act on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape
from typing import TYPE_CHECKING

import regex

from pipeline.templating import asset, render

if TYPE_CHECKING:  # diff imports this module; the types are only for reading
    from pipeline.compare.changes import Change, Segment

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
    """ "C2 · A → B · outcome_text" and the like: where the change is."""
    if change.number is not None:
        return f"{change.action_line} · footnote {change.number}"
    outcome = change.outcome_id or ""
    if change.new_outcome_id:
        outcome += f" → {change.new_outcome_id}"
    parts = [change.action_line, change.section or "", outcome, change.field or ""]
    return " · ".join(p for p in parts if p)


def sides(change: Change, text: Callable[[str], str] = escape) -> tuple[str, str]:
    """Old and new text as HTML, changed words wrapped in <del> (old) and <ins> (new); `text`
    escapes the words themselves."""
    if not change.word_diff:
        return text(change.old or ""), text(change.new or "")
    return _side(change.word_diff, "-", "del", text), _side(change.word_diff, "+", "ins", text)


def _side(segments: list[Segment], op: str, tag: str, text: Callable[[str], str]) -> str:
    out = []
    for s in segments:
        if s.op == "=":
            out.append(text(s.text))
        elif s.op == op:
            out.append(f"<{tag}>{text(s.text)}</{tag}>")
    return "".join(out)


def items(change: Change) -> str:
    """ "added sdg_targets 17.8; removed ..." for changes that carry typed items, else ""."""
    parts = [
        f"{verb} {field} {item}"
        for verb, group in (("added", change.added), ("removed", change.removed))
        for field, item in group.pairs()
    ]
    return "; ".join(parts)


# --- Markdown ---------------------------------------------------------------------------------


# Markdown's active characters, and what viewers turn into links without brackets (a scheme's
# colon, the dot of a domain name, an e-mail's @), written as numeric character references:
# CommonMark and Python-Markdown show those as the characters and never read them as syntax.
MARKDOWN_ACTIVE = regex.compile(r"[\\`*_\[\]<>!|~#&@]|:(?=\S)|(?<=\w)\.(?=[^\W\d_])")


def md_text(text: str) -> str:
    """Text from the PDF or an edition's name, inert in Markdown: no link, image, emphasis or HTML."""
    return MARKDOWN_ACTIVE.sub(lambda m: f"&#{ord(m[0])};", text)


def _md_cell(html_text: str) -> str:
    # Table cells are one line: newlines become <br> (the pipe that would end the cell is escaped).
    return html_text.replace("\n", "<br>") or " "


def render_markdown(changes: list[Change], old_id: str, new_id: str) -> str:
    heads = [label for _, label, _ in COLUMNS]
    old_name, new_name = md_text(old_id), md_text(new_id)
    lines = [f"# Roadmap changes: {old_name} → {new_name}", "", f"{len(changes)} changes.", ""]
    lines += ["| Action line | " + " | ".join(heads) + " |", "|---" * (len(heads) + 1) + "|"]
    for al, counts in summary(changes).items():
        lines.append(f"| {md_text(al)} | " + " | ".join(str(counts[name]) for name, _, _ in COLUMNS) + " |")
    for n, change in enumerate(changes, 1):
        old, new = sides(change, md_text)
        lines += ["", f"## {n}. {change.kind}: {md_text(title(change))}", ""]
        lines += [f"| {old_name} | {new_name} |", "|---|---|", f"| {_md_cell(old)} | {_md_cell(new)} |"]
        if items(change):
            lines += ["", f"Items: {md_text(items(change))}"]
    if not changes:
        lines += ["", "No changes."]
    return "\n".join(lines) + "\n"


# --- HTML -------------------------------------------------------------------------------------


def render_html(changes: list[Change], old_id: str, new_id: str) -> str:
    return render(
        "diff.html.j2",
        title=f"Roadmap changes: {old_id} → {new_id}",
        css=asset("diff.css"),
        columns=COLUMNS,
        summary=summary(changes),
        changes=changes,
        titles=[title(c) for c in changes],
        items=[items(c) for c in changes],
        old_id=old_id,
        new_id=new_id,
    )
