"""The HTML engines check themselves without our extractor: every word the content holds is read back
by pdfplumber from the PDF each engine prints, unaltered, for each knob alone and random layouts."""

from __future__ import annotations

import dataclasses
import io
import os
import random

import pdfplumber
import pytest

from .content import HYPHENATED, NOTES, URLS, Content, sample_content
from .html import ENGINES, HtmlLayout, html_variations, random_html_layout, render_html
from .html_check import allowed, drawn_bullets, furniture_words, self_check, tokens
from .html_document import document
from .html_print import missing, print_weasyprint


def _available(engine: str) -> None:
    if missing(engine):
        pytest.skip(missing(engine))


def awkward_content() -> Content:
    """One table of two sections, about two pages, with every awkward case put in by hand: a note,
    footnotes, hyphenated compounds, a URL-only cell, bullet items, a blank paragraph, a dash item."""
    al = sample_content(random.Random(1), max_rows=2).action_lines[0]
    al.note = NOTES[0]
    rows = [row for section in al.sections for row in section.rows]
    assert len(al.sections) == 2 and len(al.footnotes) >= 2
    rows[0].cells["outcome_text"].insert(1, HYPHENATED)
    rows[0].cells["goals_text"] = [URLS[1]]
    rows[-1].cells["results_text"][1:1] = ["• Regional Internet Registries", "• Internet Society", "", "-ITU-D workshops"]
    return Content([al])


# Every fourth knob of each engine in `make test` (a print takes a second or more), all with `pytest -m slow`.
CASES = [pytest.param(engine, name, layout, id=f"{engine}-{name}", marks=() if index % 4 == 0 else pytest.mark.slow)
         for engine in ENGINES for index, (name, layout) in enumerate(html_variations(engine))]


@pytest.mark.parametrize("engine, name, layout", CASES)
def test_each_knob_alone_prints_every_word(engine, name, layout):
    _available(engine)
    content = awkward_content()
    pdf, records, footnotes = render_html(content, layout, engine)
    assert self_check(pdf, content, layout, engine) == []
    assert len(records) == sum(len(s.rows) for al in content.action_lines for s in al.sections)
    assert all("pages" not in r for r in records)


def seeded_edition(seed: int, engine: str):
    """Edition `seed`: random content, a random layout, both drawn from the seed."""
    content, layout = sample_content(random.Random(seed)), random_html_layout(random.Random(seed), engine)
    return content, layout, render_html(content, layout, engine)[0]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", range(3))
def test_random_layouts_print_every_word(engine, seed):
    _available(engine)
    content, layout, pdf = seeded_edition(seed, engine)
    assert self_check(pdf, content, layout, engine) == []


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("seed", range(*(int(x) for x in os.environ.get("HTML_SEEDS", "0:100").split(":"))))
def test_seeded_layouts_print_every_word(engine, seed):
    """Hundreds of random layouts: `pytest -m slow tests/synth/test_html.py` (HTML_SEEDS=first:last)."""
    _available(engine)
    content, layout, pdf = seeded_edition(seed, engine)
    assert self_check(pdf, content, layout, engine) == []


def test_the_self_check_sees_hyphenation_and_words_broken_at_a_slash():
    _available("weasyprint")
    content, layout = awkward_content(), HtmlLayout(font_size=11.0, columns="seven")
    html = document(content, layout, "weasyprint")
    hyphenated = print_weasyprint(html.replace("hyphens: manual", "hyphens: auto"))
    assert any("words missing" in p for p in self_check(hyphenated, content, layout, "weasyprint"))
    slashes_free = print_weasyprint(html.replace('class="nobr"', ""))  # a URL may now break after "/"
    assert any("the content does not have" in p for p in self_check(slashes_free, content, layout, "weasyprint"))


@pytest.mark.parametrize("engine", ENGINES)
def test_list_markers_are_shapes_in_chromium_and_glyphs_in_weasyprint(engine):
    _available(engine)
    content, layout = awkward_content(), HtmlLayout(bullet="disc")
    pdf, _, _ = render_html(content, layout, engine)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        glyphs = sum(c["text"] == "•" for page in doc.pages for c in page.chars)
        shapes = drawn_bullets(doc, layout.font_size)
    items = sum(p.startswith("• ") for al in content.action_lines for s in al.sections for r in s.rows
                for key in layout.column_keys for p in r.cells.get(key, []))
    assert (glyphs, shapes) == ((0, items) if engine == "chromium" else (items, 0))


@pytest.mark.parametrize("engine", ENGINES)
def test_the_header_repeats_on_every_page_of_a_table(engine):
    _available(engine)
    content = sample_content(random.Random(3), max_rows=3)  # one table over several pages
    layout = HtmlLayout(page_number="")
    pdf, _, _ = render_html(content, layout, engine)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        # Chromium glues a footnote number to its label ("Timing2")
        headers = [sum(w["text"].rstrip("0123456789") == "Timing" for w in page.extract_words()) for page in doc.pages]
    assert len(headers) > 2 and headers == [1] * len(headers)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_section_break_puts_the_band_first_under_the_header(engine):
    _available(engine)
    content, layout = awkward_content(), HtmlLayout(section_break=True)
    band = tokens(content.action_lines[0].sections[1].band)
    pdf, _, _ = render_html(content, layout, engine)
    furniture = furniture_words(content, layout)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = [page.extract_words() for page in doc.pages]
    # the page, and the height, where the band's first three words stand in a row
    page, top = next((words, words[i]["top"]) for words in pages for i in range(len(words))
                     if [w["text"] for w in words[i:i + 3]] == band[:3])
    above = [w["text"] for w in page if w["bottom"] < top]
    assert above and all(allowed(word, furniture) for word in above)


def test_chromium_cannot_put_footnotes_at_the_page_foot():
    layout = HtmlLayout(footnotes="page_foot")
    with pytest.raises(ValueError):
        render_html(awkward_content(), layout, "chromium")
    assert random_html_layout(random.Random(1), "chromium").footnotes == "after_table"
    assert "footnotes=page_foot" not in dict(html_variations("chromium"))
    assert dataclasses.replace(random_html_layout(random.Random(1), "chromium"), footnotes="page_foot") \
        == dataclasses.replace(random_html_layout(random.Random(1)), footnotes="page_foot")


def test_bad_knob_values_are_refused():
    for knob in (dict(font="Arial"), dict(ruling="double"), dict(bullet="-"), dict(widows=3)):
        with pytest.raises(ValueError):
            HtmlLayout(**knob)
