"""Hostile text through both reports (issue 14, points 6 and 7): text from a PDF, a tampered edition
folder or a folder's name never becomes markup, a link, an image or script.

report.md is rendered by two Markdown libraries (Python-Markdown; markdown-it-py as CommonMark and
with its GFM-like linkify); both HTML reports are opened in Chromium, which must show no dialog,
make no request beyond the file itself and data: URIs, and hold no element the report did not make.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import badpdfs
from helpers.browser import browser, watched_page  # noqa: F401  (browser: module-scoped fixture)
from conftest import replica_pdf
from helpers.diffcases import find, load, write_edition
from pipeline.compare import report as diff_report
from pipeline.cli.main import main
from pipeline.compare.changes import diff_editions
from pipeline.review.gather import write_report

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = [
    "[click me](javascript:alert(1))",
    "![pixel](http://evil.example/pixel.png)",
    "<img src=x onerror=alert(2)>",
    "<script>alert(3)</script>",
    "<http://evil.example/auto>",
    "see https://evil.example/bare or www.evil.example or mail@evil.example",
    '"><svg onload=alert(4)>',
    "*em* _em_ `code` ~~gone~~ | a pipe # not a heading",
    "&lt;b&gt; stays as typed",
]
HOSTILE_ID = "<img src=x onerror=alert(5)>"
# What the reports make themselves; anything else in a rendered report came from the text.
MARKDOWN_TAGS = {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "del", "ins", "br"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}

    def handle_data(self, data):
        self.text.append(data)


def parsed(html: str) -> _Tags:
    tags = _Tags()
    tags.feed(html)
    return tags


@pytest.fixture(scope="module")
def hostile_changes(tmp_path_factory):
    """A diff whose changed cells, extra column label and footnote carry the hostile text."""
    folder = tmp_path_factory.mktemp("hostile-diff")
    old, new = load("2019"), load("2019")
    record = find(new[0], "C2", "A")
    record["outcome_text"] += " " + " ".join(HOSTILE)
    record["extra_columns"] = {HOSTILE[2]: HOSTILE[0]}
    new[1][0]["text"] = " ".join(HOSTILE)
    return diff_editions(write_edition(folder / "old", *old), write_edition(folder / "new", *new))


def _markdown_renderers():
    markdown = pytest.importorskip("markdown")
    markdown_it = pytest.importorskip("markdown_it")
    return {
        "Python-Markdown": lambda text: markdown.markdown(text, extensions=["tables"]),
        "markdown-it CommonMark": lambda text: markdown_it.MarkdownIt("commonmark").enable("table").render(text),
        "markdown-it GFM-like (linkify)": lambda text: markdown_it.MarkdownIt("gfm-like").render(text),
    }


@pytest.mark.parametrize("renderer", ["Python-Markdown", "markdown-it CommonMark", "markdown-it GFM-like (linkify)"])
def test_report_md_makes_no_link_image_or_markup_from_pdf_text(hostile_changes, renderer):
    text = diff_report.render_markdown(hostile_changes, HOSTILE_ID, "2020")
    html = _markdown_renderers()[renderer](text)
    tags = parsed(html)
    assert tags.tags <= MARKDOWN_TAGS, sorted(tags.tags - MARKDOWN_TAGS)
    assert not {a for a in tags.attributes if a in ("href", "src") or a.startswith("on")}, tags.attributes
    shown = " ".join("".join(tags.text).split())
    for hostile in [*HOSTILE, HOSTILE_ID]:
        assert hostile in shown, hostile  # every character shown as typed


def _no_injection(watched, page) -> None:
    """No dialog, no request but the file and data: URIs, no element or handler from the text."""
    assert watched.dialogs == []
    assert all(url.startswith(("file:", "data:")) for url in watched.requests), watched.requests
    assert watched.problems == []
    handlers = page.evaluate(
        "Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes)"
        ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))")
    assert handlers == []
    assert page.locator("svg, iframe, object, embed").count() == 0


@pytest.fixture
def watched(browser):  # noqa: F811
    with watched_page(browser, viewport={"width": 1280, "height": 900}) as page:
        page.dialogs = []
        page.page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        yield page


def test_diff_report_html_shows_hostile_text_as_text(hostile_changes, tmp_path, watched):
    report = tmp_path / "report.html"
    report.write_text(diff_report.render_html(hostile_changes, HOSTILE_ID, "2020"), encoding="utf-8")
    watched.page.goto(report.as_uri())
    _no_injection(watched, watched.page)
    assert watched.page.locator("img, script, a").count() == 0
    shown = " ".join(watched.page.inner_text("body").split())
    for hostile in [*HOSTILE, HOSTILE_ID]:
        assert hostile in shown, hostile


@pytest.fixture(scope="module")
def small_edition(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("small-review")
    pdf = folder / "small.pdf"
    pdf.write_bytes(badpdfs.cut_pages(replica_pdf("2019"), [3, 4, 5]))
    assert main(["extract", str(pdf), "--edition", "x", "--out", str(folder / "out")]) == 0
    return folder / "out" / "x", pdf


def test_review_report_of_a_tampered_edition_shows_it_as_text(small_edition, tmp_path, watched):
    """Every value of the edition's files that the report shows, reject positions included."""
    source, pdf = small_edition
    folder = tmp_path / "x"
    shutil.copytree(source, folder)

    def edit(name, change):
        path = folder / name
        value = json.loads(path.read_text(encoding="utf-8"))
        change(value)
        path.write_text(json.dumps(value), encoding="utf-8")

    def records(rows):
        for row in rows:
            row |= {"outcome_text": HOSTILE[0], "goals_text": HOSTILE[1], "section": HOSTILE[2],
                    "action_line_title": HOSTILE[3], "sdg_targets": [HOSTILE[4]], "resolutions": [HOSTILE[5]],
                    "extra_columns": {HOSTILE[6]: HOSTILE[7]}}

    def manifest(value):
        value["edition"] = HOSTILE_ID
        value["warnings"] = HOSTILE
        value["pipeline_version"] = HOSTILE[6]
        value["source"]["file"] = HOSTILE[2]
        for table in value["tables"]:
            table["columns"][0]["label"] = HOSTILE[3]

    edit("records.json", records)
    edit("manifest.json", manifest)
    edit("footnotes.json", lambda notes: [n.update(text=HOSTILE[0], cited_by=HOSTILE[2]) for n in notes])
    positions = ["<img src=x onerror=alert(6)>", '"><script>alert(7)</script>', 3]
    (folder / "rejects.json").write_text(json.dumps([
        {"kind": "unplaced", "reason": HOSTILE[2], "page": positions[0], "top": positions[1], "x0": positions[0], "action_line": HOSTILE[3], "text": HOSTILE[0]},
        {"kind": "invalid_record", "reason": f"record failed validation: {HOSTILE[6]}", "page": 3, "top": positions[1], "x0": 1.5, "action_line": None, "text": HOSTILE[1]},
    ]), encoding="utf-8")

    report = write_report(folder, pdf)
    watched.page.goto(report.as_uri())
    _no_injection(watched, watched.page)
    assert watched.page.locator("script").count() == 1  # the report's own
    sources = watched.page.evaluate("Array.from(document.images).map(i => i.src.slice(0, 22))")
    assert sources and set(sources) == {"data:image/png;base64,"}
    assert watched.page.locator("article.record").count() == len(json.loads((folder / "records.json").read_text()))
    shown = " ".join(watched.page.inner_text("body").split())
    for hostile in [*HOSTILE[:8], HOSTILE_ID, *positions[:2]]:
        assert hostile in shown, hostile


def test_an_edition_folder_named_like_markup_is_refused_by_diff(small_edition, tmp_path):
    source, _ = small_edition
    shutil.copytree(source, tmp_path / HOSTILE_ID)
    result = subprocess.run([sys.executable, "-m", "pipeline", "diff", str(tmp_path / HOSTILE_ID), str(source),
                             "--out", str(tmp_path / "out")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "an edition folder is named by its edition id" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


def test_the_review_report_is_the_same_bytes_run_after_run(small_edition, tmp_path):
    source, pdf = small_edition
    reports = []
    for run in ("a", "b"):
        shutil.copytree(source, tmp_path / run / "x")
        reports.append(write_report(tmp_path / run / "x", pdf).read_bytes())
    assert reports[0] == reports[1] and b"<script>" in reports[0]
