"""The table header: the run of label lines that repeats on every page, and its words.

A header is found by its words, not its place: the topmost run of lines made only of header-label
words that names at least three columns. Its words are what `columns` reads the table's columns
from; the small raised digits glued to a word are the footnotes its label cites.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from pipeline.stages.models import Glyph, Header, HeaderWord, Rule
from pipeline.stages.text import TextLine, split_words

# Words that make up header labels across editions (compared lower-case, without punctuation).
HEADER_VOCABULARY = {
    "wsis",
    "outcome",
    "outcomes",
    "al",
    "proposed",
    "timing",
    "itu",
    "strategic",
    "goals",
    "goal",
    "and",
    "relevant",
    "resolutions",
    "linkage",
    "link",
    "links",
    "with",
    "the",
    "to",
    "sdgs",
    "sdg",
    "expected",
    "results",
    "result",
    "of",
    "activities",
    "impact",
    "on",
    "human",
    "financial",
    "resources",
    "partners",
    "partner",
    "sustainable",
    "development",
}
# Header label -> contract field; the first pattern that matches wins. Others become extra columns.
LABEL_FIELDS = (
    (regex.compile(r"\bexpected\s+results?\b", regex.I), "results_text"),
    (regex.compile(r"\bsdgs?\b|sustainable\s+development", regex.I), "sdgs_text"),
    (regex.compile(r"\bstrategic\s+goals?\b|\bresolutions?\b", regex.I), "goals_text"),
    (regex.compile(r"\btiming\b", regex.I), "timing_text"),
    (regex.compile(r"\boutcomes?\b", regex.I), "outcome_text"),
)
LABEL_GROUPS = (
    regex.compile(r"\boutcomes?\b", regex.I),
    regex.compile(r"\btiming\b", regex.I),
    regex.compile(r"\bstrategic\b|\bresolutions?\b", regex.I),
    regex.compile(r"\bsdgs?\b", regex.I),
    regex.compile(r"\bexpected\b|\bactivities\b", regex.I),
    regex.compile(r"\bimpact\b|\bpartners?\b", regex.I),
)
ACTION_LINE_IN_HEADER = regex.compile(r"\(\s*WSIS\s+AL\s+(C\d{1,2})\s*\)", regex.I)
ACTION_LINE_CODE = regex.compile(r"^\(?C\d{1,2}\)?$", regex.I)

# A footnote digit is a glyph at most this share of its line's size.
MARKER_SIZE = 0.85
# A rule counts as spanning the table when it covers this share of the header's width.
SPANNING = 0.8


def header_words(header: Header) -> list[HeaderWord]:
    """The header's words, left to right on each line; a footnote number standing apart from the
    word it is raised after (a wide gap before it) belongs to that word."""
    words: list[HeaderWord] = []
    for line in header.lines:
        on_line: list[HeaderWord] = []
        for glyphs in split_words(line):
            digits = "".join(g.text for g in glyphs if _is_marker(g, line.size))
            text = "".join(g.text for g in glyphs if not _is_marker(g, line.size))
            markers = (int(digits),) if digits else ()
            if not text and on_line:
                on_line[-1] = on_line[-1]._replace(markers=on_line[-1].markers + markers)
            elif text:
                on_line.append(
                    HeaderWord(glyphs[0].x0, glyphs[-1].x1, glyphs[0].top, line.size, text, markers)
                )
        words += on_line
    return words


def label_text(words: Sequence[HeaderWord]) -> str:
    """A label's words in reading order: line by line, left to right."""
    return " ".join(w.text for w in sorted(words, key=lambda w: (round(w.top), w.x0)))


def _is_marker(glyph: Glyph, line_size: float) -> bool:
    return glyph.text.isdigit() and glyph.size <= MARKER_SIZE * line_size


def _label_words(line: TextLine) -> list[str]:
    size = line.size
    words = []
    for word in split_words(line):
        text = "".join(g.text for g in word if not _is_marker(g, size))
        if text:
            words.append(text)
    return words


def header_like(line: TextLine) -> bool:
    words = _label_words(line)
    if not words:
        return False
    text = " ".join(words)
    if ":" in text:  # "Expected Results:" opens a cell, it is not a label
        return False
    plain = ACTION_LINE_IN_HEADER.sub(" ", text)
    # "(WSIS AL C5)" may wrap, leaving "C5)" on a line of its own.
    return all(
        w.lower().strip("()[],.") in HEADER_VOCABULARY or ACTION_LINE_CODE.match(w) for w in plain.split()
    )


def find_header(lines: list[TextLine], rules: Sequence[Rule]) -> Header | None:
    """The topmost run of lines made only of header-label words, naming at least three columns."""
    i = 0
    while i < len(lines):
        if not header_like(lines[i]):
            i += 1
            continue
        run = [lines[i]]
        j = i + 1
        while j < len(lines) and header_like(lines[j]) and lines[j].top - run[-1].bottom < lines[j].size:
            if _ruled_between(run, lines[j], rules):  # the header cell ends at its rule
                break
            run.append(lines[j])
            j += 1
        text = " ".join(" ".join(_label_words(line)) for line in run)
        if sum(1 for group in LABEL_GROUPS if group.search(text)) >= 3:
            return build_header(run, rules)
        i = j
    return None


def _ruled_between(run: list[TextLine], line: TextLine, rules: Sequence[Rule]) -> bool:
    x0, x1 = min(r.x0 for r in run), max(r.x1 for r in run)
    return any(r.horizontal and run[-1].bottom <= r.y <= line.top and spans(r, x0, x1) for r in rules)


def build_header(run: list[TextLine], rules: Sequence[Rule]) -> Header:
    top = min(line.top for line in run)
    bottom = max(line.bottom for line in run)
    x0 = min(line.x0 for line in run)
    x1 = max(line.x1 for line in run)
    size = max(line.size for line in run)
    # The header cell ends at the first rule below its text, when there is one.
    below = [r.y for r in rules if r.horizontal and bottom <= r.y <= bottom + 1.5 * size and spans(r, x0, x1)]
    above = [r.y for r in rules if r.horizontal and top - 1.5 * size <= r.y <= top and spans(r, x0, x1)]
    text = " ".join(line.text for line in run)
    action_line = ACTION_LINE_IN_HEADER.search(text)
    return Header(
        top=max(above) if above else top,
        bottom=min(below) if below else bottom,
        lines=tuple(run),
        action_line=action_line[1].upper() if action_line else None,
    )


def spans(rule: Rule, x0: float, x1: float) -> bool:
    return min(rule.x1, x1) - max(rule.x0, x0) >= SPANNING * (x1 - x0)


def field_of(label: str) -> str | None:
    plain = ACTION_LINE_IN_HEADER.sub(" ", label)
    return next((name for pattern, name in LABEL_FIELDS if pattern.search(plain)), None)
