"""Page furniture: what stands around the table and is set aside on purpose.

Page numbers (found by position: the first or last line of most pages, at one height, with rising
numbers), titles ("Roadmap for WSIS Action Line C2: ..."), also on a page of their own, and notes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from pipeline.stages.models import Furniture, Page, Position, RunningLine
from pipeline.stages.settings import SETTINGS
from pipeline.stages.text import TextLine, glyph_text, modal, split_words

TITLE = regex.compile(
    r"^Roadmap\s+for\s+(?:the\s+)?WSIS\s+Action\s+Line\s+(C\d{1,2})\b\s*[:.\-–—]?\s*(.*)$", regex.I
)
NOTE = regex.compile(r"^Note\s*:", regex.I)
PAGE_NUMBER = regex.compile(r"^(?:page\s*)?[-–—]?\s*(\d{1,4})\s*[-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$", regex.I)
# A running line must sit at the same place on at least this share of the pages, at one height
# within RUNNING_HEIGHT points.
PAGE_NUMBER_SHARE = 0.5
RUNNING_HEIGHT = 2.0
DIGITS = regex.compile(r"\d+")
# "... Page 1 of 1", "... 1/1": a one-page edition shows its running line no second time, but a
# line that ends in a page's number out of the page count is one.
PAGE_OF = regex.compile(r"\b\d{1,4}\s*(?:of|/)\s*\d{1,4}$", regex.I)
# A line that ends in a page number's dress ("Page 2", "- 2 -", "2 of 5"): where it shows its own
# page's number it is that page's running line, though no other page shows it (a table of one page
# after a cover page). A bare number is no dress: a cell's wrapped "4" can open page 4.
PAGE_DRESS = regex.compile(
    r"(?:^|\s)(?:page\s*(\d{1,4})|[-–—]\s*(\d{1,4})\s*[-–—]|(\d{1,4})\s*(?:of|/)\s*\d{1,4})$", regex.I
)


@dataclass
class FrontMatter:
    """What stands above a table (or on a page with no table)."""

    furniture: list[Furniture] = field(default_factory=list)
    title: tuple[str, str] | None = None  # (action line, title)
    note: str | None = None
    outside: list[TextLine] = field(default_factory=list)  # text that is none of these
    # On a page without a table, the lines set aside as front matter: a page inside a table that
    # lost its header, or one holding only the end of its footnotes, reads them again.
    loose: list[TextLine] = field(default_factory=list)


def running_lines(
    pages: Sequence[tuple[Page, list[TextLine]]], is_label_line
) -> dict[int, list[RunningLine]]:
    """Each page's running lines, where the edition has them: at its top, its foot, or both (a
    running title above, the page number below).

    A running line is the first or last line of a page that repeats, its digits aside, at one
    height on most pages ("Page 7", "- 7 -", "ITU – WSIS Action Line Roadmaps   Page 4 of 23"); the
    number in it that rises from page to page is the page number shown (a draft with pages taken
    out skips some). The table header repeats too, and is no running line.
    """
    found: dict[int, list[RunningLine]] = {}
    for end in (0, -1):
        groups: dict[str, list[tuple[int, TextLine]]] = {}
        for page, lines in pages:
            taken = [running.line for running in found.get(page.number, [])]
            if lines and not any(lines[end] is line for line in taken) and not is_label_line(lines[end]):
                groups.setdefault(DIGITS.sub("#", lines[end].text), []).append((page.number, lines[end]))
        for key, members in groups.items():
            height = modal(line.top for _, line in members)
            placed = [(page, line) for page, line in members if abs(line.top - height) <= RUNNING_HEIGHT]
            shown: list[int] | None
            if len(placed) < (1 if len(pages) == 1 else max(2, PAGE_NUMBER_SHARE * len(pages))):
                placed = [(page, line) for page, line in members if _own_number(line) == page]
                shown = [page for page, _ in placed]
                if not placed:
                    continue
            elif len(pages) == 1 and not (
                PAGE_NUMBER.match(key.replace("#", "1"))
                or PAGE_OF.search(members[0][1].text)
                or _own_number(members[0][1]) == members[0][0]
            ):
                continue
            else:
                shown = _rising_number(placed)
            kind = _running_kind(key.replace("#", "1"))
            # The lines of a group differ in their numbers only: numbers that change, but not as the
            # pages do, are no page's (footnotes of one text under two tables: "4 This column ...",
            # "6 This column ...").
            changing = len({line.text for _, line in placed}) > 1
            if shown is None and (kind == "page_number" or changing):
                continue
            for index, (number, line) in enumerate(placed):
                found.setdefault(number, []).append(RunningLine(line, kind, shown[index] if shown else None))
    return found


def running_line_above(page: Page, above: list[TextLine]) -> RunningLine | None:
    """The page's first line above its table's header, where it shows the page's own number, even
    bare: no cell stands above the header, and an edition of one or two pages shows its running
    line once, so repetition cannot tell (a title left and the number right, or the number alone)."""
    if not above or _own_number(above[0], bare=True) != page.number:
        return None
    return RunningLine(above[0], _running_kind(above[0].text), page.number)


def _running_kind(text: str) -> str:
    """A running line's kind: the page number alone (however dressed), or a running header."""
    return "page_number" if PAGE_NUMBER.match(text) else "running_header"


def _own_number(line: TextLine, bare: bool = False) -> int | None:
    """The number the line ends in where it is dressed as a page's; with `bare`, also a number
    alone or set well apart from the words before it (a word space away, "Goal 2", it is text)."""
    dressed = PAGE_DRESS.search(line.text)
    if dressed:
        return int(next(n for n in dressed.groups() if n))
    words = split_words(line) if bare else []
    if not words or not DIGITS.fullmatch(last := glyph_text(words[-1])):
        return None
    apart = len(words) == 1 or words[-1][0].x0 - words[-2][-1].x1 >= SETTINGS.running_number_apart * line.size
    return int(last) if apart else None


def _rising_number(placed: Sequence[tuple[int, TextLine]]) -> list[int] | None:
    """The numbers at the first place in the lines where a number rises from line to line as the
    pages do: by one a page somewhere at least (a draft with pages taken out skips some; footnotes
    of the same text at the foot of two tables' pages, "4 This column ..." and "6 This column ...",
    rise by other steps)."""
    numbers = [[int(n) for n in DIGITS.findall(line.text)] for _, line in placed]
    if not numbers or not numbers[0]:
        return None
    pages = [page for page, _ in placed]
    for place in range(len(numbers[0])):
        column = [n[place] for n in numbers if len(n) > place]
        if len(column) != len(numbers) or not all(a < b for a, b in zip(column, column[1:])):
            continue
        steps = [(b - a, q - p) for a, b, p, q in zip(column, column[1:], pages, pages[1:])]
        if len(column) == 1 or any(step == pages_step for step, pages_step in steps):
            return column
    return None


def furniture_line(kind: str, page: Page, line: TextLine) -> Furniture:
    text = line.text
    at = Position(page.number, round(line.top, 2), round(line.x0, 2))
    return Furniture(kind, at, text, len(text.replace(" ", "")))


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
        elif title_lines and found.title and _continues_title(title_lines[-1], line):
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
            found.loose.append(line)
    return found


def _continues_title(previous: TextLine, line: TextLine) -> bool:
    same_style = abs(previous.size - line.size) < 0.5 and previous.glyphs[0].bold == line.glyphs[0].bold
    return same_style and line.top - previous.bottom < 0.8 * line.size
