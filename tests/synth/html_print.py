"""The printers: headless Chromium (Debian's /usr/bin/chromium through playwright), WeasyPrint and
Qt WebKit (Debian's wkhtmltopdf).

Chromium is launched once per process and reused (a launch takes about a second, a print a fraction
of one); it is closed at exit. Its page numbers come from its own header and footer templates,
which it draws in the page margins; WeasyPrint draws the @page margin boxes of the stylesheet.
"""

from __future__ import annotations

import atexit
import importlib.util
import logging
import os
import shutil
import subprocess
import tempfile
from html import escape

from .html_document import page_furniture
from .html_layout import PAGE_SIZES, WEBKIT, HtmlLayout

CHROMIUM = "/usr/bin/chromium"
WKHTMLTOPDF = "wkhtmltopdf"
# No sandbox (tests run as root in containers); nothing that reaches the network on its own.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def missing(engine: str) -> str | None:
    """Why the engine cannot print on this machine, or None when it can."""
    if engine == WEBKIT:
        return None if shutil.which(WKHTMLTOPDF) else f"no {WKHTMLTOPDF} (apt-get install -y wkhtmltopdf)"
    module = "playwright" if engine == "chromium" else "weasyprint"
    if importlib.util.find_spec(module) is None:
        return f"pip install {module}"
    if engine == "chromium" and not os.path.exists(CHROMIUM):
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    return None


class _Chromium:
    """One browser for the whole process, started on first use."""

    def __init__(self):
        self.playwright = self.browser = None

    def get(self):
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            atexit.register(self.close)
        return self.browser

    def close(self):
        if self.browser is not None:
            self.browser.close()
            self.playwright.stop()
            self.browser = self.playwright = None


_chromium = _Chromium()


def _template(layout: HtmlLayout, where: str) -> str:
    """Chromium's header or footer template: the margin boxes of one edge, as a full-width flex row."""
    boxes = {box.split("-")[1]: text for box, text in page_furniture(layout).items() if box.startswith(where)}
    if not boxes:
        return "<span></span>"  # an empty template: Chromium's default prints the date and title
    left, right = layout.margins[0], layout.margins[1]

    def slot(side: str) -> str:
        text = escape(boxes.get(side, ""))
        text = text.replace("{n}", '<span class="pageNumber"></span>').replace("{m}", '<span class="totalPages"></span>')
        return f'<div style="flex: 1; text-align: {side}">{text}</div>'

    style = (f"display: flex; width: 100%; margin: 0 {right}pt 0 {left}pt; font-family: '{layout.font}'; "
             f"font-size: {layout.font_size - 1}pt; color: #000;")
    # Chromium scales template pixels; pt sizes and margins come out as written.
    return f'<div style="{style}">' + "".join(slot(side) for side in ("left", "center", "right")) + "</div>"


def print_chromium(html: str, layout: HtmlLayout) -> bytes:
    page = _chromium.get().new_page()
    try:
        page.set_content(html, wait_until="load")
        furniture = bool(page_furniture(layout))
        return page.pdf(prefer_css_page_size=True, print_background=True, display_header_footer=furniture,
                        header_template=_template(layout, "top"), footer_template=_template(layout, "bottom"))
    finally:
        page.close()


def print_weasyprint(html: str) -> bytes:
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # it warns about CSS it ignores (-webkit-*)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint.HTML(string=html).write_pdf()


def print_webkit(html: str, layout: HtmlLayout) -> bytes:
    """wkhtmltopdf at the layout's page size and margins (in millimetres), without its own shrinking
    of the page to fit, with the page backgrounds (fills) printed."""
    width, height = PAGE_SIZES[layout.page_size]
    left, right, top, bottom = layout.margins
    mm = lambda points: f"{points * 25.4 / 72:.2f}mm"  # noqa: E731
    with tempfile.TemporaryDirectory() as folder:
        source, pdf = os.path.join(folder, "edition.html"), os.path.join(folder, "edition.pdf")
        with open(source, "w", encoding="utf-8") as out:
            out.write(html)
        subprocess.run([WKHTMLTOPDF, "--quiet", "--page-width", mm(width), "--page-height", mm(height),
                        "-L", mm(left), "-R", mm(right), "-T", mm(top), "-B", mm(bottom),
                        "--disable-smart-shrinking", "--print-media-type", "--background", source, pdf],
                       check=True, capture_output=True, timeout=120)
        with open(pdf, "rb") as result:
            return result.read()
