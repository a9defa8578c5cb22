"""The review report: every record beside its page region, opened in headless Chromium."""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers.browser import browser, watched_page  # noqa: F401  (browser: module-scoped fixture)
from conftest import replica_pdf
from pipeline.cli.main import main
from pipeline.errors import PipelineError
from pipeline.review.gather import write_report

ROOT = Path(__file__).resolve().parent.parent
# The README's picture is a tracked file: `make docs-shot` renews it, `make test` leaves it alone.
README_SHOT = ROOT / "docs" / "review-report.png" if os.environ.get("UPDATE_DOCS_SHOT") else None
# A word in the text of a few 2019 records, and no field label, section or title.
SEARCH_WORD = "vanuatu"


@pytest.fixture(scope="module")
def edition(tmp_path_factory) -> Path:
    """The 2019 replica extracted through the CLI, with its report written."""
    out = tmp_path_factory.mktemp("review")
    assert main(["extract", str(replica_pdf("2019")), "--edition", "2019", "--out", str(out)]) == 0
    started = time.perf_counter()
    report = write_report(out / "2019", replica_pdf("2019"))
    elapsed = time.perf_counter() - started
    print(f"\nreport: {report.stat().st_size / 1e6:.2f} MB in {elapsed:.1f} s")
    return out / "2019"


def records_of(folder: Path) -> list[dict]:
    return json.loads((folder / "records.json").read_text(encoding="utf-8"))


def test_report_is_self_contained_and_small(edition):
    html = (edition / "report.html").read_text(encoding="utf-8")
    assert (edition / "report.html").stat().st_size < 15_000_000
    # Nothing fetched: every src/href is a data: URI or an anchor in the page.
    for attribute in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert attribute.startswith(("data:", "#")), attribute
    assert "<link rel=\"stylesheet\"" not in html and "<script src" not in html


def test_report_in_browser(browser, edition, tmp_path):  # noqa: F811
    records = records_of(edition)
    url = (edition / "report.html").as_uri()
    with watched_page(browser, viewport={"width": 1600, "height": 1000}) as watched:
        page = watched.page
        page.goto(url)
        assert page.locator("article.record").count() == len(records) == 60
        assert page.locator("#shown").inner_text() == "60 of 60 records"

        # Every image decoded; each record shows one image per page it spans.
        images = page.locator("img")
        assert images.count() >= len(records)
        broken = page.evaluate("Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).length")
        assert broken == 0
        shots = page.evaluate(
            "Array.from(document.querySelectorAll('article.record')).map(a => a.querySelectorAll('img').length)"
        )
        assert shots == [len(r["pages"]) for r in records]
        stitched = [r for r in records if len(r["pages"]) > 1]
        assert page.locator("article.record .badge.stitched").count() == len(stitched)

        # Navigation: the sidebar links every record, by action line and outcome id.
        assert page.locator("#side a[data-rec]").count() == 60
        page.locator('#side a[data-rec="C5-A1"]').click()
        assert page.evaluate("location.hash") == "#C5-A1"
        assert page.locator("#C5-A1").is_visible()
        page.screenshot(path=str(tmp_path / "review-record.png"))
        page.screenshot(path=str(README_SHOT or tmp_path / "review-report.png"))

        # The search box filters records by their text.
        expected = [f"{r['action_line']} {r['outcome_id']}" for r in records if SEARCH_WORD in _text(r)]
        assert 1 < len(expected) < 10
        page.fill("#q", SEARCH_WORD.capitalize())
        visible = page.locator("article.record:visible")
        assert visible.count() == len(expected)
        assert [f"{a} {o}" for a, o in _ids(visible)] == expected
        assert page.locator("#shown").inner_text() == f"{len(expected)} of 60 records"
        page.screenshot(path=str(tmp_path / "review-search.png"))
        page.fill("#q", "no such words anywhere")
        assert page.locator("article.record:visible").count() == 0
        assert page.locator("#nomatch").is_visible()
        page.fill("#q", "")
        assert page.locator("article.record:visible").count() == 60
        page.check("#stitched-only")
        assert page.locator("article.record:visible").count() == len(stitched)
        page.uncheck("#stitched-only")

        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(tmp_path / "review-top.png"))
        assert watched.problems == []
        assert all(u.startswith(("file:", "data:")) for u in watched.requests), watched.requests


def test_rejects_and_warnings_come_first_with_images(browser, edition, tmp_path):  # noqa: F811
    """A record that failed validation, a stray line and a warning: listed first, each reject with its image."""
    folder = tmp_path / "2019"
    shutil.copytree(edition, folder)
    html = (edition / "report.html").read_text(encoding="utf-8")
    where = re.search(r'id="C2-B"[^>]*data-page="(\d+)" data-top="([\d.]+)" data-x0="([\d.]+)"', html)
    page_no, top, x0 = int(where[1]), float(where[2]), float(where[3])
    records = [r for r in records_of(edition) if (r["action_line"], r["outcome_id"]) != ("C2", "B")]
    (folder / "records.json").write_text(json.dumps(records), encoding="utf-8")
    rejects = [
        {"kind": "invalid_record", "reason": "record failed validation: outcome_id: bad", "page": page_no, "top": top, "x0": x0,
         "action_line": "C2", "text": "B: the rejected row"},
        {"kind": "unplaced", "reason": "text outside the table that is no title, note, page number or footnote", "page": 20,
         "top": 300.0, "x0": 100.0, "action_line": None, "text": "a stray line"},
    ]
    (folder / "rejects.json").write_text(json.dumps(rejects), encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["warnings"] = ["C2: the header cites footnote 9 but no such footnote was found"]
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    report = write_report(folder, replica_pdf("2019"))
    with watched_page(browser, viewport={"width": 1280, "height": 900}) as watched:
        page = watched.page
        page.goto(report.as_uri())
        assert page.locator("article.record").count() == 59
        assert page.locator("#problems ul.warnings li").count() == 1
        assert page.locator("#problems article.reject").count() == 2
        for n in (1, 2):
            assert page.locator(f"#reject-{n} img").count() >= 1
        assert page.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        # Rejects come before the records.
        order = page.evaluate("[document.querySelector('#problems'), document.querySelector('article.record')]"
                              ".map(e => e.getBoundingClientRect().top)")
        assert order[0] < order[1]
        page.locator("#problems").scroll_into_view_if_needed()
        page.screenshot(path=str(tmp_path / "review-rejects.png"))
        assert watched.problems == []


def test_rotated_pages_are_shown_upright(edition, tmp_path):
    """Pages with /Rotate 90, 180, 270: the crops show the same upright table regions as the plain PDF."""
    pdfium = pytest.importorskip("pypdfium2")
    from PIL import Image, ImageChops, ImageFilter, ImageStat

    rotated = tmp_path / "rotated.pdf"
    document = pdfium.PdfDocument(str(replica_pdf("2019")))
    for index in range(len(document)):
        document[index].set_rotation((0, 90, 180, 270)[index % 4])
    document.save(str(rotated))
    document.close()
    folder = tmp_path / "2019"
    shutil.copytree(edition, folder)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["source"] |= {"file": rotated.name, "sha256": hashlib.sha256(rotated.read_bytes()).hexdigest()}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    def images(report: Path) -> list[Image.Image]:
        found = re.findall(r'src="data:image/png;base64,([^"]+)"', report.read_text(encoding="utf-8"))
        # Blurred: thin rules a pixel apart must not count as different pictures.
        return [Image.open(io.BytesIO(base64.b64decode(d))).convert("L").filter(ImageFilter.GaussianBlur(2)) for d in found]

    plain, turned = images(edition / "report.html"), images(write_report(folder, rotated))
    assert len(plain) == len(turned) > 60
    for n, (a, b) in enumerate(zip(plain, turned)):
        assert abs(a.width - b.width) <= 2 and abs(a.height - b.height) <= 2, (n, a.size, b.size)
        # Rendering rounds differently on a turned page: allow a shift of a pixel or two.
        m = 4
        inner = a.crop((m, m, min(a.width, b.width) - m, min(a.height, b.height) - m))
        difference = min(
            ImageStat.Stat(ImageChops.difference(inner, b.crop((m + dx, m + dy, m + dx + inner.width, m + dy + inner.height)))).mean[0]
            for dx in range(-3, 4)
            for dy in range(-3, 4)
        )
        assert difference < 7, (n, difference)  # different regions differ by 10 and more


def test_other_pdf_is_refused(edition, tmp_path):
    folder = tmp_path / "2019"
    shutil.copytree(edition, folder)
    (folder / "report.html").unlink()
    with pytest.raises(PipelineError, match=r"roadmap-2020\.pdf: not the PDF that 2019 was extracted from"):
        write_report(folder, replica_pdf("2020"))
    assert not (folder / "report.html").exists()


def test_records_out_of_step_with_the_pdf_are_refused(edition, tmp_path):
    folder = tmp_path / "2019"
    shutil.copytree(edition, folder)
    records = records_of(edition)
    records[3], records[4] = records[4], records[3]
    (folder / "records.json").write_text(json.dumps(records), encoding="utf-8")
    with pytest.raises(PipelineError, match=r"does not match the rows of roadmap-2019\.pdf: record 4 is C2 "):
        write_report(folder, replica_pdf("2019"))


def test_missing_edition_is_a_clear_error(tmp_path):
    with pytest.raises(PipelineError, match="no extracted edition there"):
        write_report(tmp_path, replica_pdf("2019"))


def test_extract_does_not_import_the_review():
    code = (
        "import sys, pipeline.cli, pipeline.extraction, pipeline.store.write\n"
        "assert not [m for m in sys.modules if m.startswith('pipeline.review.gather')], sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def _text(record: dict) -> str:
    return " ".join(str(v) for v in record.values()).lower()


def _ids(locator) -> list[tuple[str, str]]:
    return [
        (locator.nth(i).get_attribute("data-action-line"), locator.nth(i).get_attribute("data-outcome-id"))
        for i in range(locator.count())
    ]


# --- the command line (`report EDITION`, `extract --report`) ------------------------------------


def _cli_has_report() -> bool:
    from pipeline.cli.main import _parser

    return any(isinstance(a, argparse._SubParsersAction) and "report" in a.choices for a in _parser()._actions)


needs_cli = pytest.mark.skipif(not _cli_has_report(), reason="pipeline.cli has no `report` command yet")


@needs_cli
def test_cli_report(edition, tmp_path, capsys):
    folder = tmp_path / "2019"
    shutil.copytree(edition, folder)
    (folder / "report.html").unlink()
    assert main(["report", str(folder), "--pdf", str(replica_pdf("2019"))]) == 0
    assert (folder / "report.html").is_file()
    (folder / "report.html").unlink()
    # Without --pdf: the declared source whose sha256 the manifest names.
    assert main(["report", "2019", "--out", str(tmp_path)]) == 0
    assert (folder / "report.html").is_file()
    capsys.readouterr()
    assert main(["report", "2019", "--out", str(tmp_path), "--pdf", str(replica_pdf("2020"))]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: roadmap-2020.pdf: not the PDF that 2019 was extracted from")


@needs_cli
def test_cli_extract_with_report(tmp_path):
    assert main(["extract", str(replica_pdf("2019")), "--edition", "2019", "--out", str(tmp_path), "--report"]) == 0
    html = (tmp_path / "2019" / "report.html").read_text(encoding="utf-8")
    assert html.count('<article class="card record"') == 60


def test_checks_come_first_beside_the_suspect_records_page(tmp_path, capsys):
    """A page of a ruled table without its rules: the findings open the report, each with the crop
    of a record it names and links to every named record, whose cards are marked suspect."""
    from helpers import badpdfs

    pdf = tmp_path / "bare-page.pdf"
    pdf.write_bytes(badpdfs.damaged_page(badpdfs.cut_pages(replica_pdf("2019"), [3, 4, 5, 6]), 3, "no_rules"))
    assert main(["extract", str(pdf), "--edition", "d", "--out", str(tmp_path), "--report"]) == 0
    assert "suspect records" in capsys.readouterr().out
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text(encoding="utf-8"))
    checks = manifest["checks"]
    assert checks and all(c["record_ids"] for c in checks)
    html = (tmp_path / "d" / "report.html").read_text(encoding="utf-8")
    assert html.index('id="checks"') < html.index('id="problems"') < html.index('class="card record"')
    cards = re.findall(r'<article class="card check" id="check-(\d+)">(.*?)</article>', html, re.S)
    assert len(cards) == len(checks)
    anchors = set(re.findall(r'<article class="card record" id="([^"]+)"', html))
    for (_, card), check in zip(cards, checks):
        assert card.count("<img src=\"data:image/png;base64,") == 1
        links = re.findall(r'<a href="#([^"]+)">', card)
        assert links and set(links) <= anchors and len(links) == len(check["record_ids"])
    suspect = {f"{r.split('-')[0]}-{r.split('-')[2]}" for c in checks for r in c["record_ids"]}
    assert html.count('class="badge suspect"') == len(suspect)
