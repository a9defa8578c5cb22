"""Page furniture: what stands around the table and is set aside on purpose.

Page numbers (found by position: the first or last line of most pages, at one height, with rising
numbers), titles ("Roadmap for WSIS Action Line C2: ..."), also on a page of their own, and notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional, Sequence

import regex

from pipeline.load import Page
from pipeline.text import TextLine, modal

TITLE = regex.compile(r"^Roadmap\s+for\s+(?:the\s+)?WSIS\s+Action\s+Line\s+(C\d{1,2})\b\s*[:.\-–—]?\s*(.*)$", regex.I)
NOTE = regex.compile(r"^Note\s*:", regex.I)
PAGE_NUMBER = regex.compile(
    r"^(?:page\s*)?[-–—]?\s*(\d{1,4})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", regex.I
)
# A page number must sit at the same place on at least this share of the pages.
PAGE_NUMBER_SHARE = 0.5


@dataclass(frozen=True)
class Furniture:
    kind: str  # page_number, title, note, header, front_matter
    page: int
    top: float
    x0: float
    text: str
    chars: int


@dataclass
class FrontMatter:
    """What stands above a table (or on a page with no table)."""

    furniture: list[Furniture] = field(default_factory=list)
    title: Optional[tuple[str, str]] = None  # (action line, title)
    note: Optional[str] = None
    outside: list[TextLine] = field(default_factory=list)  # text that is none of these


def page_number_lines(pages: Sequence[tuple[Page, list[TextLine]]]) -> dict[int, tuple[TextLine, int]]:
    """Each page's page-number line and the number it shows, where the edition has one.

    A page number is the first or last line of a page and reads as a number; at that end of the
    page it stands at one height on most pages, and the numbers rise from page to page (a draft
    with pages taken out skips some).
    """
    found: dict[int, tuple[TextLine, int]] = {}
    for end in (0, -1):
        candidates: list[tuple[int, TextLine, int]] = []  # page, line, number shown
        for page, lines in pages:
            match = PAGE_NUMBER.match(lines[end].text) if lines else None
            if match:
                candidates.append((page.number, lines[end], int(match[1])))
        height = modal(line.top for _, line, _ in candidates)
        placed = [(page, line, shown) for page, line, shown in candidates if abs(line.top - height) <= 2]
        rising = all(a[2] < b[2] for a, b in zip(placed, placed[1:]))
        if rising and len(placed) >= (1 if len(pages) == 1 else max(2, PAGE_NUMBER_SHARE * len(pages))):
            found.update((page, (line, shown)) for page, line, shown in placed)
    return found


def furniture_line(kind: str, page: Page, line: TextLine) -> Furniture:
    text = line.text
    return Furniture(kind, page.number, round(line.top, 2), round(line.x0, 2), text, len(text.replace(" ", "")))


def read_front_matter(page: Page, lines: list[TextLine], is_table_page: bool) -> FrontMatter:
    """Titles, notes and other text above the table (or on a page with no table).

    Other text above a table cannot be placed (it goes to the rejects); on a page without a table
    it is front matter (a cover, an introduction).
    """
    found = FrontMatter()
    title_lines: list[TextLine] = []
    for line in lines:
        text = line.text
        title = TITLE.match(text)
        if title:
            title_lines = [line]
            found.title = (title[1].upper(), title[2].strip())
            found.furniture.append(furniture_line("title", page, line))
        elif title_lines and _continues_title(title_lines[-1], line):
            # A long title wraps: same size and weight, one line pitch below.
            title_lines.append(line)
            action_line, words = found.title
            found.title = (action_line, f"{words} {text}".strip())
            found.furniture.append(furniture_line("title", page, line))
        elif NOTE.match(text):
            title_lines = []
            found.note = text
            found.furniture.append(furniture_line("note", page, line))
        elif is_table_page:
            title_lines = []
            found.outside.append(line)
        else:
            title_lines = []
            found.furniture.append(furniture_line("front_matter", page, line))
    return found


def _continues_title(previous: TextLine, line: TextLine) -> bool:
    same_style = abs(previous.size - line.size) < 0.5 and previous.glyphs[0].bold == line.glyphs[0].bold
    return same_style and line.top - previous.bottom < 0.8 * line.size
