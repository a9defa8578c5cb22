"""Junctions a page break hides: where no reader of the PDF can tell a paragraph break from a line wrap.

At a page break inside a cell, the two lines' spacing is gone. A break still shows when the next
paragraph opens an item or a heading, or when its first word would have fitted on the line before;
a wrap still shows when the line before ends in a hyphen or mid-sentence. What is left is hidden:
"... Measures" | "Resolutions" (a break, the word too long to have fitted) or "... regions." |
"The maps ..." (a wrap after a full stop). The expected output accepts either reading there, and
only there.

In justified text a wrapped line is stretched to the cell's right edge and a paragraph's last line
is not, so a junction is hidden there only where the line before would look the same either way: it
has no space to widen, or it reaches the right edge (within FIT_SLACK) unstretched. Widow and orphan
control move lines between pages, not line breaks: what a junction shows stays the same.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from typing import Callable

ITEM = re.compile(r"^(?:[•\uf0b7▪]|[-–—]\s*[^\s\d]|\(?\d{1,2}[.)]\s*[A-Z])")
HEADING = re.compile(r"^[A-Z][\w\-’'&/ ]{0,40}:$")
TERMINAL = (".", ":", ";", "!", "?")
# A next word that fits with less room to spare than this (in font sizes) may measure as not fitting.
FIT_SLACK = 0.25
MOST_READINGS = 64


def hidden_junctions(lines, pages: list[int], room: float, measure: Callable[[str], float], size: float,
                     justified: bool = False) -> list[int]:
    """Indices of the lines whose junction with the text line before, on an earlier page, is hidden."""
    hidden = []
    previous = None
    for index, (line, page) in enumerate(zip(lines, pages)):
        if not line.text:
            continue
        if previous is not None and page != pages[previous] and _hidden(lines[previous], line, room, measure, size, justified):
            hidden.append(index)
        previous = index
    return hidden


def _hidden(line, following, room: float, measure, size: float, justified: bool) -> bool:
    text, next_text = line.text, following.text
    if following.joiner == "":
        return False
    if justified and not _flush_either_way(line, room, measure, size):
        return False
    if following.joiner == " ":  # a wrap: hidden only where a sentence ends before a capital
        return text.endswith(TERMINAL) and next_text[:1].isupper()
    if ITEM.match(next_text) or HEADING.match(next_text):
        return False
    return _natural_end(line, measure) + measure(" " + next_text.split()[0]) > room - FIT_SLACK * size


def _natural_end(line, measure) -> float:
    """Where the line would end unstretched: its last segment's end (a drawn bullet's alone: the glyph's)."""
    dx, last = line.segs[-1] if line.segs else (0.0, "•")
    return dx + measure(last)


def _flush_either_way(line, room: float, measure, size: float) -> bool:
    """Whether a justified line looks the same stretched (a wrap) or not (a paragraph's end)."""
    return not (line.segs and " " in line.segs[-1][1]) or _natural_end(line, measure) >= room - FIT_SLACK * size


def readings(lines, hidden: list[int], join: Callable[[list], str | None]) -> list[str | None]:
    """Every text the cell may be read as: each hidden junction a break or a wrap."""
    out = []
    for choice in itertools.islice(itertools.product((False, True), repeat=len(hidden)), MOST_READINGS):
        flipped = dict(zip(hidden, choice))
        out.append(join([_flip(line, flipped.get(i, False)) for i, line in enumerate(lines)]))
    return out


def _flip(line, flip: bool):
    if not flip:
        return line
    return dataclasses.replace(line, joiner=" " if line.joiner == "\n" else "\n")
