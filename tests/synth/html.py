"""Editions typeset as HTML+CSS and printed to PDF by an engine that is not ours: headless Chromium
or WeasyPrint. They show the extractor layouts it was not fitted to.

    pdf, records, footnotes = render_html(content, layout, "chromium")

The expected records and footnotes are content.expected_records/expected_footnotes: the engine
breaks lines and pages itself and says nowhere where its page breaks fell, so the records carry
no `pages` and tests do not compare pages for these engines. Footnotes are numbered as
content.footnote_numbers numbers them (through the document, each table's in column order).

Modules: html_layout (the knobs, random layouts, variations, house styles), html_document (the
markup and CSS), html_print (the two printers), html_check (a self-check with pdfplumber).
"""

from __future__ import annotations

from .content import Content, expected_footnotes, expected_records
from .html_document import document
from .html_layout import ENGINES, HOUSE_STYLES, HtmlLayout, house_styles, html_variations, random_html_layout  # noqa: F401 (API)
from .html_print import print_chromium, print_weasyprint, print_webkit


def render_html(content: Content, layout: HtmlLayout, engine: str, edition: str = "synth") -> tuple[bytes, list[dict], list[dict]]:
    """(PDF, expected records, expected footnotes) of the content typeset with the layout by the engine."""
    if not layout.supported_by(engine):
        raise ValueError(f"{engine} cannot print {layout} (see html_layout)")
    if engine == "weasyprint":
        pdf = print_weasyprint(document(content, layout, engine))
    else:
        html = document(content, layout, "chromium")
        pdf = print_chromium(html, layout) if engine == "chromium" else print_webkit(html, layout)
    columns = layout.column_keys
    return pdf, expected_records(content, columns, edition), expected_footnotes(content, columns, edition)
