"""The review report's HTML: one self-contained page, inline CSS and a small inline script.

Layout: a sidebar (search box, a filter for rows over page breaks, links to every action line,
section and outcome), then the summary, rejects and warnings, footnotes, and one card per record:
its fields as a table beside the image of its region on each page it spans.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from typing import TYPE_CHECKING, Any, Iterable

from pipeline.diff_report import page_head

if TYPE_CHECKING:
    from pipeline.review import RecordView, RejectView, Review, Shot

# Shown in the card's heading, not in its table.
HEADING_KEYS = ("edition", "action_line", "action_line_title", "section", "outcome_id", "pages")
TEXT_KEYS = ("outcome_text", "timing_text", "goals_text", "sdgs_text", "results_text")
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

CSS = """
*{box-sizing:border-box}
[hidden]{display:none!important}
html{scroll-padding-top:2.8rem}
::highlight(hit){background:#ffe066;color:#000}
.card:target{box-shadow:0 0 0 2px #0b5cad66}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#f3f5f8}
a{color:#0b5cad;text-decoration:none}a:hover{text-decoration:underline}
#side{position:fixed;top:0;left:0;bottom:0;width:17rem;overflow-y:auto;background:#fff;border-right:1px solid #d8dee4;padding:1rem 1rem 2rem}
#side .brand{font-weight:700;font-size:1.05rem;margin:0 0 .6rem}
#q{width:100%;padding:.45rem .6rem;border:1px solid #b8c2cc;border-radius:6px;font:inherit}
#q:focus{outline:2px solid #0b5cad55;border-color:#0b5cad}
#side label{display:block;margin:.45rem 0 .2rem;color:#444;font-size:.9rem}
#shown{margin:.2rem 0 .8rem;color:#57606a;font-size:.88rem}
#side ul.toc{list-style:none;padding:0;margin:0 0 1rem;border-bottom:1px solid #eaeef2;padding-bottom:.6rem}
#side ul.toc li{margin:.15rem 0}
#side h4{margin:.9rem 0 .2rem;font-size:.95rem}
#side h4 small{display:block;font-weight:400;color:#57606a;font-size:.8rem}
#side .sec{font-size:.78rem;color:#57606a;margin:.35rem 0 .15rem;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#side .ids{display:flex;flex-wrap:wrap;gap:.25rem}
#side .ids a{min-width:2.1rem;text-align:center;padding:.05rem .3rem;border:1px solid #d0d7de;border-radius:4px;font-size:.82rem;background:#f6f8fa}
#side .ids a.stitched{border-color:#d4a72c;background:#fff8e1}
#side .ids a.off{opacity:.25}
#side .legend{font-size:.78rem;color:#57606a;margin:-.4rem 0 .8rem}
#side .swatch{display:inline-block;width:.8rem;height:.8rem;border:1px solid #d4a72c;background:#fff8e1;border-radius:2px;vertical-align:-.1rem;margin-right:.35rem}
main{margin-left:17rem;padding:1.2rem 2rem 4rem;max-width:118rem}
h1{font-size:1.45rem;margin:.2rem 0 .2rem}
.meta{color:#57606a;margin:0 0 1rem;font-size:.9rem}
.meta code{font-size:.85rem}
h2{font-size:1.2rem;margin:2rem 0 .6rem;padding-bottom:.25rem;border-bottom:2px solid #d8dee4}
h3.section{font-size:1rem;font-weight:600;color:#3d4751;margin:1.4rem 0 .5rem}
.tiles{display:flex;flex-wrap:wrap;gap:.6rem;margin:.6rem 0 1rem}
.tile{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:.5rem .9rem;min-width:8.5rem}
.tile b{display:block;font-size:1.4rem;line-height:1.2}
.tile span{color:#57606a;font-size:.85rem}
.tile.bad{border-color:#cf222e;background:#fff1f0}
table.grid{border-collapse:collapse;background:#fff;margin:.4rem 0 1rem}
table.grid th,table.grid td{border:1px solid #d8dee4;padding:.3rem .6rem;text-align:left;vertical-align:top}
table.grid thead th{background:#f6f8fa}
table.grid td.n{text-align:right;font-variant-numeric:tabular-nums}
table.grid tr.total td,table.grid tr.total th{font-weight:700;background:#f6f8fa}
.ok{background:#e9f7ec;border:1px solid #9bd3a8;border-radius:6px;padding:.5rem .8rem;display:inline-block}
ul.warnings li{margin:.2rem 0}
.card{background:#fff;border:1px solid #d8dee4;border-radius:8px;margin:0 0 1rem;padding:.7rem 1rem 1rem}
.card.reject{border-left:4px solid #cf222e}
.head{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem;margin-bottom:.5rem}
.head h4{margin:0;font-size:1.05rem}
.head .sect{color:#57606a;font-size:.85rem}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-size:.78rem;background:#eaeef2;color:#3d4751;white-space:nowrap}
.badge.stitched{background:#fff1c2;color:#6b4b00;border:1px solid #e3c25b}
.badge.reason{background:#ffebe9;color:#a40e26}
.body{display:grid;grid-template-columns:minmax(20rem,1fr) minmax(0,max-content);gap:1.4rem;align-items:start}
.card.zoomed .body{grid-template-columns:1fr}
.card.zoomed .shots{order:-1}
.fields{min-width:0}
.f{padding:.35rem 0;border-top:1px solid #eaeef2}
.f:first-child{border-top:0;padding-top:0}
.k{font-size:.78rem;font-weight:600;color:#57606a;margin-bottom:.1rem}
.k code{font-weight:400;color:#8c959f;font-size:.72rem;margin-left:.3rem}
.v{white-space:pre-wrap;overflow-wrap:anywhere}
dl.typed{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:.4rem 0 0;padding:.5rem .6rem;background:#f6f8fa;border-radius:6px;font-size:.85rem}
dl.typed dt{color:#57606a;font-weight:600}
dl.typed dd{margin:0}
details.items{margin-top:.5rem;font-size:.88rem}
details.items summary{cursor:pointer;color:#0b5cad}
details.items .k{margin-top:.4rem}
.fields ul{margin:0;padding-left:1.1rem}
.none{color:#8c959f}
.chip{display:inline-block;padding:0 .4rem;margin:0 .25rem .15rem 0;border:1px solid #d0d7de;border-radius:4px;background:#fff;font-size:.82rem;white-space:nowrap}
.shots{display:flex;flex-direction:column;gap:.6rem}
figure{margin:0}
figure img{display:block;max-width:100%;height:auto;border:1px solid #c9d1d9;border-radius:3px;cursor:zoom-in;background:#fff}
.card.zoomed figure img{cursor:zoom-out}
figcaption{font-size:.8rem;color:#57606a;margin-top:.15rem}
pre.text{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3rem 0;font:inherit;background:#f6f8fa;padding:.4rem .6rem;border-radius:4px}
details.fn summary{cursor:pointer;font-weight:600;margin:.3rem 0}
#nomatch{color:#57606a}
@media (max-width:900px){#side{position:static;width:auto;border-right:0;border-bottom:1px solid #d8dee4}main{margin-left:0;padding:1rem}.body{grid-template-columns:1fr}}
"""

SCRIPT = """
(function () {
  var q = document.getElementById('q'), only = document.getElementById('stitched-only');
  var shown = document.getElementById('shown'), nomatch = document.getElementById('nomatch');
  var cards = Array.prototype.slice.call(document.querySelectorAll('article.record'));
  var texts = cards.map(function (c) {
    return Array.prototype.map.call(c.querySelectorAll('[data-search]'), function (e) { return e.textContent; })
      .join('\\n').toLowerCase();
  });
  var links = {};
  document.querySelectorAll('#side a[data-rec]').forEach(function (a) { links[a.getAttribute('data-rec')] = a; });
  function apply() {
    var terms = q.value.toLowerCase().split(/\\s+/).filter(Boolean), n = 0;
    cards.forEach(function (card, i) {
      var ok = terms.every(function (t) { return texts[i].indexOf(t) >= 0; }) &&
        (!only.checked || card.getAttribute('data-pieces') !== '1');
      card.hidden = !ok;
      if (ok) n++;
      if (links[card.id]) links[card.id].classList.toggle('off', !ok);
    });
    document.querySelectorAll('section.group, section.al').forEach(function (s) {
      s.hidden = !s.querySelector('article.record:not([hidden])');
    });
    shown.textContent = n + ' of ' + cards.length + ' records';
    nomatch.hidden = n > 0;
    mark(terms);
  }
  // Matches are highlighted without touching the DOM (CSS Custom Highlight API, where supported).
  function mark(terms) {
    if (!(window.CSS && CSS.highlights && window.Highlight)) return;
    CSS.highlights.delete('hit');
    if (!terms.length) return;
    var ranges = [];
    cards.forEach(function (card) {
      if (card.hidden) return;
      card.querySelectorAll('[data-search]').forEach(function (e) {
        var walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT), node;
        while ((node = walker.nextNode())) {
          var text = node.data.toLowerCase();
          terms.forEach(function (t) {
            for (var i = text.indexOf(t); i >= 0; i = text.indexOf(t, i + t.length)) {
              var r = new Range(); r.setStart(node, i); r.setEnd(node, i + t.length); ranges.push(r);
            }
          });
        }
      });
    });
    CSS.highlights.set('hit', new Highlight(...ranges));
  }
  function filter() {
    apply();
    // Bring the first match into view; clearing the filter leaves the page where it is.
    var first = cards.filter(function (c) { return !c.hidden; })[0];
    if (first && (q.value.trim() || only.checked)) first.scrollIntoView({block: 'start'});
  }
  q.addEventListener('input', filter);
  only.addEventListener('change', filter);
  document.addEventListener('keydown', function (e) {
    if (e.key === '/' && document.activeElement !== q) { e.preventDefault(); q.focus(); }
    if (e.key === 'Escape' && document.activeElement === q) { q.value = ''; apply(); }
  });
  document.addEventListener('click', function (e) {
    var img = e.target.closest && e.target.closest('figure img');
    if (img) img.closest('.card').classList.toggle('zoomed');
  });
  apply();
})();
"""


def render_html(review: Review) -> str:
    edition = escape(review.edition)
    heading = f"Review report: WSIS Action Line Roadmaps, edition {edition}"
    out = [
        *page_head(heading, CSS),
        *_sidebar(review),
        "<main>",
        f"<h1>{heading}</h1>",
        _meta(review),
        *_summary(review),
        *_problems(review),
        *_footnotes(review),
        *_records(review),
        "</main>",
        f"<script>{SCRIPT}</script>",
        "</body></html>",
    ]
    return "\n".join(out) + "\n"


# --- sidebar ------------------------------------------------------------------------------------


def _sidebar(review: Review) -> list[str]:
    problems = len(review.rejects) + len(review.warnings)
    out = [
        '<nav id="side" aria-label="Records">',
        f'<p class="brand">Edition {escape(review.edition)}</p>',
        '<input type="search" id="q" placeholder="Filter records (press /)" aria-label="Filter records by text" autocomplete="off">',
        '<label><input type="checkbox" id="stitched-only"> only rows over page breaks</label>',
        f'<p id="shown">{len(review.records)} of {len(review.records)} records</p>',
        '<p class="legend"><span class="swatch"></span>row continues over a page break</p>',
        '<ul class="toc">',
        '<li><a href="#summary">Summary</a></li>',
        f'<li><a href="#problems">Rejects and warnings ({problems})</a></li>',
        f'<li><a href="#footnotes">Footnotes ({len(review.footnotes)})</a></li>',
        "</ul>",
    ]
    for action_line, title, groups in _grouped(review.records):
        out.append(f'<h4><a href="#al-{escape(action_line)}">{escape(action_line)}</a><small>{escape(title)}</small></h4>')
        for section, views in groups:
            out.append(f'<div class="sec" title="{escape(section or "")}">{escape(section or "(no section)")}</div>')
            links = "".join(
                f'<a href="#{v.anchor}" data-rec="{v.anchor}"'
                + (' class="stitched" title="continues over pages ' + _pages(p.page for p in v.pieces) + '"' if len(v.pieces) > 1 else "")
                + f">{escape(v.record['outcome_id'])}</a>"
                for v in views
            )
            out.append(f'<div class="ids">{links}</div>')
    out.append("</nav>")
    return out


# --- head, summary, problems, footnotes ---------------------------------------------------------


def _meta(review: Review) -> str:
    source = review.manifest.get("source") or {}
    version = review.manifest.get("pipeline_version", "?")
    return (
        f'<p class="meta">Source <b>{escape(str(source.get("file", "?")))}</b> '
        f'(sha256 <code>{escape(str(source.get("sha256", "?"))[:16])}…</code>, {escape(str(source.get("pages", "?")))} pages), '
        f"pipeline {escape(str(version))}. Blue boxes: the cells the pipeline detected. "
        "Click an image to enlarge it; press / to search.</p>"
    )


def _summary(review: Review) -> list[str]:
    records = [v.record for v in review.records]
    stitched = sum(1 for v in review.records if len(v.pieces) > 1)
    pages = (review.manifest.get("source") or {}).get("pages", "?")
    tiles = [
        (len(records), "records", False),
        (len(review.footnotes), "footnotes", False),
        (len(review.rejects), "rejects", bool(review.rejects)),
        (len(review.warnings), "warnings", bool(review.warnings)),
        (pages, "pages", False),
        (stitched, "rows over page breaks", False),
    ]
    out = ['<section id="summary"><h2>Summary</h2><div class="tiles">']
    out += [
        f'<div class="tile{" bad" if bad else ""}" data-count="{escape(label)}"><b>{escape(str(n))}</b><span>{escape(label)}</span></div>'
        for n, label, bad in tiles
    ]
    out.append("</div>")
    table_pages = {t.get("action_line"): t.get("pages", []) for t in review.manifest.get("tables", [])}
    footnotes = Counter(f.get("action_line") for f in review.footnotes)
    out.append(
        '<table class="grid" id="counts"><thead><tr><th>Action line</th><th>Pages</th><th>Section</th>'
        "<th>Records</th><th>Over page breaks</th><th>Footnotes</th></tr></thead><tbody>"
    )
    for action_line, title, groups in _grouped(review.records):
        span = len(groups)
        for i, (section, views) in enumerate(groups):
            row = "<tr>"
            if i == 0:
                row += (
                    f'<th rowspan="{span}"><a href="#al-{escape(action_line)}">{escape(action_line)}</a> {escape(title)}</th>'
                    f'<td rowspan="{span}">{escape(_pages(table_pages.get(action_line, [])))}</td>'
                )
            row += (
                f"<td>{escape(section or '(no section)')}</td><td class=\"n\">{len(views)}</td>"
                f'<td class="n">{sum(1 for v in views if len(v.pieces) > 1)}</td>'
            )
            if i == 0:
                row += f'<td class="n" rowspan="{span}">{footnotes.get(action_line, 0)}</td>'
            out.append(row + "</tr>")
    out.append(
        f'<tr class="total"><th colspan="3">Total</th><td class="n">{len(records)}</td>'
        f'<td class="n">{stitched}</td><td class="n">{len(review.footnotes)}</td></tr></tbody></table></section>'
    )
    return out


def _problems(review: Review) -> list[str]:
    out = ['<section id="problems"><h2>Rejects and warnings</h2>']
    if not review.rejects and not review.warnings:
        out.append('<p class="ok">No rejects and no warnings: every piece of text was placed.</p>')
    if review.warnings:
        out.append(f"<h3 class=\"section\">Warnings ({len(review.warnings)})</h3><ul class=\"warnings\">")
        out += [f"<li>{escape(w)}</li>" for w in review.warnings]
        out.append("</ul>")
    if review.rejects:
        out.append(f'<h3 class="section">Rejects ({len(review.rejects)})</h3>')
        out += [_reject(n, view) for n, view in enumerate(review.rejects, 1)]
    out.append("</section>")
    return out


def _reject(n: int, view: RejectView) -> str:
    r = view.reject
    where = f"page {r.get('page')}, {escape(str(r.get('action_line') or 'outside the tables'))}, top {r.get('top')}, x0 {r.get('x0')}"
    shots = "".join(_shot(s, f"reject {n}") for s in view.shots) or '<p class="none">No image: the reject has no position on a page.</p>'
    return (
        f'<article class="card reject" id="reject-{n}"><div class="head"><h4>Reject {n}</h4>'
        f'<span class="badge reason">{escape(str(r.get("reason", "")))}</span><span class="sect">{where}</span></div>'
        f'<div class="body"><pre class="text">{escape(str(r.get("text", "")))}</pre><div class="shots">{shots}</div></div></article>'
    )


def _footnotes(review: Review) -> list[str]:
    out = [f'<section id="footnotes"><h2>Footnotes ({len(review.footnotes)})</h2>']
    if not review.footnotes:
        out.append('<p class="none">No footnotes.</p>')
    by_line: dict[str, list[dict[str, Any]]] = {}
    for footnote in review.footnotes:
        by_line.setdefault(str(footnote.get("action_line")), []).append(footnote)
    for action_line, footnotes in by_line.items():
        out.append(f'<details class="fn"><summary>{escape(action_line)}: {len(footnotes)} footnotes</summary>')
        out.append('<table class="grid"><thead><tr><th>No.</th><th>Cited by</th><th>Text</th></tr></thead><tbody>')
        out += [
            f'<tr><td class="n">{escape(str(f.get("number")))}</td><td>{escape(str(f.get("cited_by") or "—"))}</td>'
            f"<td>{escape(str(f.get('text', '')))}</td></tr>"
            for f in footnotes
        ]
        out.append("</tbody></table></details>")
    out.append("</section>")
    return out


# --- records ------------------------------------------------------------------------------------


def _records(review: Review) -> list[str]:
    labels = {
        t.get("action_line"): {c.get("field") or c.get("label"): c.get("label") for c in t.get("columns", [])}
        for t in review.manifest.get("tables", [])
    }
    out = []
    for action_line, title, groups in _grouped(review.records):
        out.append(f'<section class="al" id="al-{escape(action_line)}"><h2>{escape(action_line)}: {escape(title)}</h2>')
        for section, views in groups:
            out.append(f'<section class="group"><h3 class="section">{escape(section or "(no section)")}</h3>')
            out += [_record(view, labels.get(action_line, {})) for view in views]
            out.append("</section>")
        out.append("</section>")
    out.append('<p id="nomatch" hidden>No record matches the filter.</p>')
    return out


def _record(view: RecordView, labels: dict[str, str]) -> str:
    r = view.record
    pages = [p.page for p in view.pieces]
    badges = f'<span class="badge">{"page" if len(set(pages)) == 1 else "pages"} {escape(_pages(r.get("pages", pages)))}</span>'
    if len(view.pieces) > 1:
        badges += f' <span class="badge stitched">continues over pages {escape(_pages(pages))}</span>'
    name = f"{r.get('action_line')} {r.get('outcome_id')}"
    head = (
        f'<div class="head"><h4 data-search><a href="#{view.anchor}">{escape(name)}</a></h4>{badges}'
        f'<span class="sect" data-search>{escape(r.get("section") or "")}</span></div>'
    )
    shots = "".join(_shot(s, name) for s in view.shots)
    return (
        f'<article class="card record" id="{view.anchor}" data-action-line="{escape(str(r.get("action_line")))}" '
        f'data-outcome-id="{escape(str(r.get("outcome_id")))}" data-pieces="{len(view.pieces)}" {_where(view)}>{head}'
        f'<div class="body">{_fields(r, labels)}<div class="shots">{shots}</div></div></article>'
    )


def _where(view: RecordView) -> str:
    """Where the row starts in the PDF, as the rejects give it: page, top, x0."""
    first = view.pieces[0]
    return f'data-page="{first.page}" data-top="{first.top}" data-x0="{first.x0}"'


def _fields(record: dict[str, Any], labels: dict[str, str]) -> str:
    """Text cells as printed (label above text), typed fields in a compact grid, item lists folded."""
    text_rows = [(labels.get(k, TEXT_LABELS[k]), k, record.get(k)) for k in TEXT_KEYS if k in labels or record.get(k) is not None]
    text_rows += [(label, "extra_columns", value) for label, value in (record.get("extra_columns") or {}).items()]
    known = set(HEADING_KEYS) | set(TEXT_KEYS) | {"extra_columns"}
    keys = [k for k in TYPED_LABELS if k in record] + [k for k in record if k not in known and k not in TYPED_LABELS]
    typed = [(TYPED_LABELS.get(k, k.replace("_", " ").capitalize()), k, record.get(k)) for k in keys]
    folded = [row for row in typed if _long_list(row[2])]
    typed = [row for row in typed if not _long_list(row[2])]

    out = ['<div class="fields">']
    out += [
        f'<div class="f"><div class="k">{escape(label)} <code>{escape(key)}</code></div><div class="v" data-search>{_value(value)}</div></div>'
        for label, key, value in text_rows
    ]
    out.append('<dl class="typed">')
    out += [f'<dt title="{escape(key)}">{escape(label)}</dt><dd data-search>{_value(value)}</dd>' for label, key, value in typed]
    out.append("</dl>")
    if folded:
        summary = ", ".join(f"{len(value)} {label.split(' (')[0].lower()}" for label, _, value in folded)
        out.append(f'<details class="items"><summary>Items read from the cells: {escape(summary)}</summary>')
        out += [f'<div class="k">{escape(label)} <code>{escape(key)}</code></div>{_value(value)}' for label, key, value in folded]
        out.append("</details>")
    out.append("</div>")
    return "".join(out)


def _long_list(value: Any) -> bool:
    return isinstance(value, list) and any(isinstance(v, str) and len(v) > 24 for v in value)


def _value(value: Any) -> str:
    if value is None or value == [] or value == {} or value == "":
        return '<span class="none">—</span>'
    if isinstance(value, list):
        if any(isinstance(v, str) and len(v) > 24 for v in value):
            return "<ul>" + "".join(f"<li>{escape(str(v))}</li>" for v in value) + "</ul>"
        return "".join(f'<span class="chip">{escape(str(v))}</span>' for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{escape(str(k))}: {escape(str(v))}" for k, v in value.items())
    return escape(str(value))


def _shot(shot: Shot, name: str) -> str:
    alt = f"{name} on page {shot.page}"
    return (
        f'<figure><img src="{shot.data_uri}" width="{shot.width}" height="{shot.height}" alt="{escape(alt)}" '
        f'title="Click to enlarge">'
        f"<figcaption>{escape(shot.caption)}</figcaption></figure>"
    )


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
