"""The table header: the run of label lines that repeats on every page, its columns and footnote numbers.

A header is found by its words, not its place: the topmost run of lines made only of header-label
words that names at least three columns. Its labels are clustered into columns (by the vertical
rules that cross it, else by horizontal overlap, labels being centred in their cells), and the
small raised digits glued to a label are the footnotes it cites.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

import regex

from pipeline.load import Glyph, Rule
from pipeline.text import TextLine, split_words

# Words that make up header labels across editions (compared lower-case, without punctuation).
HEADER_VOCABULARY = set(
    "wsis outcome outcomes al proposed timing itu strategic goals goal and relevant resolutions "
    "linkage link links with the to sdgs sdg expected results result of activities impact on human "
    "financial resources partners partner sustainable development".split()
)
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


@dataclass(frozen=True)
class Header:
    top: float
    bottom: float
    lines: tuple[TextLine, ...]
    labels: tuple[tuple[float, float, str, tuple[int, ...]], ...]  # x0, x1, label, markers
    action_line: Optional[str]

    @property
    def span(self) -> tuple[float, float]:
        return min(label[0] for label in self.labels), max(label[1] for label in self.labels)


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


def _header_like(line: TextLine) -> bool:
    words = _label_words(line)
    if not words:
        return False
    text = " ".join(words)
    if ":" in text:  # "Expected Results:" opens a cell, it is not a label
        return False
    plain = ACTION_LINE_IN_HEADER.sub(" ", text)
    # "(WSIS AL C5)" may wrap, leaving "C5)" on a line of its own.
    return all(w.lower().strip("()[],.") in HEADER_VOCABULARY or ACTION_LINE_CODE.match(w) for w in plain.split())


def find_header(lines: list[TextLine], rules: Sequence[Rule]) -> Optional[Header]:
    """The topmost run of lines made only of header-label words, naming at least three columns."""
    i = 0
    while i < len(lines):
        if not _header_like(lines[i]):
            i += 1
            continue
        run = [lines[i]]
        j = i + 1
        while j < len(lines) and _header_like(lines[j]) and lines[j].top - run[-1].bottom < lines[j].size:
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
        labels=tuple(_labels(run, rules, top, bottom)),
        action_line=action_line[1].upper() if action_line else None,
    )


def spans(rule: Rule, x0: float, x1: float) -> bool:
    return min(rule.x1, x1) - max(rule.x0, x0) >= SPANNING * (x1 - x0)


def _labels(run: list[TextLine], rules: Sequence[Rule], top: float, bottom: float):
    """Cluster the header's words into column labels, each with its footnote numbers.

    Where vertical rules cross the header they separate the labels; elsewhere a label is a set of
    words that overlap horizontally from line to line (labels are centred in their cells).
    """
    words: list[tuple[float, float, float, str]] = []  # x0, x1, top, text
    markers: list[tuple[float, int]] = []
    for line in run:
        for word in split_words(line):
            digits = "".join(g.text for g in word if _is_marker(g, line.size))
            text = "".join(g.text for g in word if not _is_marker(g, line.size))
            if digits:
                markers.append((word[-1].x1, int(digits)))
            if text:
                words.append((word[0].x0, word[-1].x1, word[0].top, text))
    verticals = sorted(r.x for r in rules if not r.horizontal and r.top <= top + 1 and r.bottom >= bottom - 1)
    if len(verticals) >= 2:
        clusters = _cluster_between(words, verticals)
    else:
        clusters = _cluster_by_overlap(words, max(line.size for line in run))
    labels = []
    for members in clusters:
        ordered = sorted(members, key=lambda w: (round(w[2]), w[0]))
        x0 = min(w[0] for w in members)
        x1 = max(w[1] for w in members)
        # A marker belongs to the label it is glued to: the one whose text ends nearest on its left.
        numbers = tuple(
            sorted(n for x, n in markers if _nearest_label_end(x, clusters) is members)
        )
        labels.append((x0, x1, " ".join(w[3] for w in ordered), numbers))
    return labels


def _nearest_label_end(x: float, clusters):
    def distance(members):
        ends = [w[1] for w in members if w[1] <= x + 0.5]
        return x - max(ends) if ends else float("inf")

    return min(clusters, key=distance)


def _cluster_between(words, verticals: list[float]):
    """Words grouped by the pair of vertical rules they sit between."""
    groups: dict[int, list] = {}
    for word in words:
        mid = (word[0] + word[1]) / 2
        groups.setdefault(sum(1 for v in verticals if v < mid), []).append(word)
    return [groups[k] for k in sorted(groups)]


def _cluster_by_overlap(words, size: float):
    """Words grouped when they overlap horizontally or stand close on one line (union-find)."""
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(words):
        for j in range(i + 1, len(words)):
            b = words[j]
            same_line = abs(a[2] - b[2]) < 0.5 * size
            gap = max(a[0], b[0]) - min(a[1], b[1])
            if gap < 0 or (same_line and gap < 0.6 * size):
                parent[find(i)] = find(j)
    groups: dict[int, list] = {}
    for i, word in enumerate(words):
        groups.setdefault(find(i), []).append(word)
    return sorted(groups.values(), key=lambda g: min(w[0] for w in g))


def field_of(label: str) -> Optional[str]:
    plain = ACTION_LINE_IN_HEADER.sub(" ", label)
    return next((name for pattern, name in LABEL_FIELDS if pattern.search(plain)), None)
