"""Typed fields read out of a row's text cells (docs/output-contract.md).

Which cell feeds which field (worked out from the 2019 and 2020 fixtures):

* timing_start, timing_end   <- timing_text only
* itu_goals, resolutions,
  regional_initiatives       <- goals_text only. The results cell also cites resolutions in prose
                                ("WTSA-16 Resolution 44", "ITU Council Session 2009, Resolution 1305"),
                                and the expected records leave those out: the goals column is the
                                row's declared list, prose mentions are not.
* sdg_goals, sdg_targets     <- sdgs_text only ("Target 3.1" in the goals cell is an ITU target).
* expected_results,
  itu_activities             <- results_text only.

The contract fields never depend on how the extractor wrapped lines: every pattern below treats
any run of whitespace (space or line break) alike, so "PP Res. 130 (Rev.\\nDubai 2018)" and a cell
whose line breaks were all turned into spaces read the same. Only the two item lists look at line
breaks, because a paragraph or bullet boundary is the only thing that separates their items.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import regex

from pipeline.records import TypedFields

# --- timing ------------------------------------------------------------------------------------

# Any four-digit year of this or the last century; "2020-2023" and "2020 – 2023" alike.
YEAR = regex.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def read_timing(text: str | None) -> tuple[int | None, int | None]:
    """First and last year named by the timing cell: "2020-2023" -> (2020, 2023), "2019" -> (2019, 2019).

    Taking min and max of every year (rather than parsing "A-B") also copes with "2016-2019,
    extended to 2023" or a dash the PDF renders as another glyph. No year -> (None, None).
    """
    years = [int(y) for y in YEAR.findall(text or "")]
    return (min(years), max(years)) if years else (None, None)


# --- ITU strategic goals -----------------------------------------------------------------------

# "Goal 1", "Goals 1 & 4", "Goal 1 & 4", "ITU Strategic Goal 3 (Target 3.1)", "Goals 1, 2 and 4",
# "Goals 1-3". The numbers must follow the word "Goal(s)" and be chained by separators, so
# "Buenos Aires Action Plan Objective 2" and the GCA pillars "1. Legal Measures" never count,
# even when the extractor joins "Goal 4" and "1. Legal Measures" onto one line.
_ITU_GOALS = regex.compile(
    r"\bgoals?\s*(\d{1,2}(?!\d|\.\d)(?:\s*(?:,|&|\band\b|-|–|\bto\b)\s*\d{1,2}(?!\d|\.\d))*)",
    regex.IGNORECASE,
)
_GOAL_RANGE = regex.compile(r"(\d{1,2})\s*(?:-|–|\bto\b)\s*(\d{1,2})|(\d{1,2})", regex.IGNORECASE)


def read_itu_goals(goals_text: str | None) -> list[int]:
    """ITU strategic goal numbers cited by the goals cell, sorted, without duplicates."""
    goals: set[int] = set()
    for chain in _ITU_GOALS.finditer(goals_text or ""):
        for low, high, single in _GOAL_RANGE.findall(chain.group(1)):
            goals.update(range(int(low), int(high) + 1) if low else [int(single)])
    return sorted(goals)


# --- SDG goals and targets ---------------------------------------------------------------------

# An SDG target: goal 1-17, a dot, then a number or a letter ("1.4", "9.c", "17.16").
_TARGET = r"(?<![\w.])(?P<goal>1[0-7]|[1-9])\.(?P<sub>\d{1,2}|[a-z])(?!\w|\.\w)"
# A target counts where it stands as a label: an item of a list ("1.4, 4.1", "17.8." at the end)
# or the start of a target's wording ("9.1: Develop ...", "17.6 Enhance ..."). A number that runs
# on into lower-case prose ("rose by 3.5 per cent") is not a target.
_SDG_TARGET = regex.compile(_TARGET + r"(?=\s*(?:[,;:&)]|\band\b|\.?\s*$)|\.?\s+[A-Z])")
# Goals named outright in prose: "SDG 9", "Goals 4 and 5".
_NAMED_SDG = regex.compile(
    r"\b(?:SDGs?|goals?)\s*((?:1[0-7]|[1-9])(?!\w|\.\w)(?:\s*(?:,|&|\band\b)\s*\d{1,2}(?!\w|\.\w))*)",
    regex.IGNORECASE,
)
# A cell that is nothing but a list ("1, 2, 3, 17", "1.4, 9.c, 17.8.") once targets are removed.
_PLAIN_LIST = regex.compile(r"[\d\s,;&.]*(?:\band\b[\d\s,;&.]*)*", regex.IGNORECASE)


def _target_key(target: str) -> tuple[int, int, int, str]:
    # Goal first, then numeric targets (1.1 ... 1.10) before lettered ones (1.a, 1.b).
    goal, sub = target.split(".")
    return (int(goal), 0, int(sub), "") if sub.isdigit() else (int(goal), 1, 0, sub)


def read_sdg_targets(sdgs_text: str | None) -> list[str]:
    """SDG targets of the SDG cell, sorted by goal then target: "1.4", "9.c", "16.10", "16.b"."""
    found = {f"{m['goal']}.{m['sub']}" for m in _SDG_TARGET.finditer(sdgs_text or "")}
    return sorted(found, key=_target_key)


def read_sdg_goals(sdgs_text: str | None) -> list[int]:
    """SDG numbers 1-17 named by the SDG cell.

    Three sources: the goal of every target ("9.c" -> 9); the bare numbers of a cell that is only a
    list ("1, 2, 3, 17"); and goals named outright ("SDG 9"). Bare numbers inside prose ("By 2030",
    "increase by 5 per cent") are not goals, hence the plain-list test.
    """
    text = sdgs_text or ""
    goals = {int(t.split(".")[0]) for t in read_sdg_targets(text)}
    rest = regex.sub(_TARGET, " ", text)
    if _PLAIN_LIST.fullmatch(rest):
        goals.update(int(n) for n in regex.findall(r"\d+", rest))
    for named in _NAMED_SDG.finditer(text):
        goals.update(int(n) for n in regex.findall(r"\d+", named.group(1)))
    return sorted(g for g in goals if 1 <= g <= 17)


# --- resolutions -------------------------------------------------------------------------------

# A body ("PP", "WTDC", "WTSA", "C09" for Council 2009; a conference year "WTSA-16" is dropped)
# then "Res." / "Resolution(s)", then a list of numbers, each optionally followed by its
# "(Rev. Dubai, 2018)" note. The parentheses are skipped whole so their years never read as
# numbers, and the list stops at the first thing that is not ", <number>" (the next body).
_PAREN = r"(?:\s*\([^()]*\))?"
_RESOLUTIONS = regex.compile(
    r"(?<![\w-])(?P<body>[A-Z][A-Z0-9]*)(?:-\d{0,4})?\s*Res(?:olution)?s?\b\.?\s*"
    r"(?P<numbers>\d+\b" + _PAREN + r"(?:\s*(?:,|&|\band\b)\s*\d+\b" + _PAREN + r")*)"
)


def read_resolutions(goals_text: str | None) -> list[str]:
    """Resolutions cited by the goals cell as "BODY NUMBER": "PP 130", "WTDC 45", "C09 1305"."""
    found: set[str] = set()
    for m in _RESOLUTIONS.finditer(goals_text or ""):
        numbers = regex.sub(r"\([^()]*\)", " ", m["numbers"])
        found.update(f"{m['body']} {n}" for n in regex.findall(r"\d+", numbers))
    return sorted(found)


# --- regional initiatives ----------------------------------------------------------------------

# ITU-D regional initiative codes: three capitals and a number ("AFR3", "ARB2", "EUR4"). Not
# checked against the list of regions, so a misprint such as "ARF3" stays as printed.
_REGIONAL = regex.compile(r"(?<![\w-])[A-Z]{3}\d{1,2}(?![\w-])")


def read_regional_initiatives(goals_text: str | None) -> list[str]:
    """Regional initiative codes of the goals cell, verbatim, sorted."""
    return sorted(set(_REGIONAL.findall(goals_text or "")))


# --- expected results and ITU activities -------------------------------------------------------

# The two headings of the C2/C5 results cells. The colon is required: the column header
# "Expected Results of ITU Activities" and prose such as "ITU activities under ..." are no headings.
_HEADING = regex.compile(
    r"\b(?:(?P<results>expected\s+results)|(?P<activities>ITU\s+activities))\s*:", regex.IGNORECASE
)
# Item markers at the start of a line. Bullets arrive normalised to "•"; the others are kept for
# cells that did not go through the normaliser.
_MARKER = regex.compile(r"^\s*[-–•▪●\uf0b7]\s*")
_SENTENCE_END = regex.compile(r"[.!?]\s*$")


def _items(section: str) -> list[str]:
    """Split one section of the results cell into items.

    * A line that starts with "-" or "•" starts an item. A "•" inside a line does too, so bullets
      survive an extractor that joined the lines with spaces; a dash inside a line does not, as it
      cannot be told from prose ("ITU-T", "micro-, small- and").
    * A line without a marker continues the item above when it starts in lower case (a wrapped
      line), or when the item above is a bullet/dash item whose text has not ended a sentence.
      Otherwise it is a paragraph of its own.
    * A paragraph ending with ":" ("Results of activities in this area include:") only introduces
      the list below it and is dropped.
    """
    items: list[tuple[bool, str]] = []  # (marked, text)
    for line in regex.sub(r"\s+•", "\n•", section).splitlines():
        if not line.strip():
            continue
        marked = bool(_MARKER.match(line))
        text = _MARKER.sub("", line).strip() if marked else line.strip()
        if items and not marked:
            prev_marked, prev = items[-1]
            if text[0].islower() or (prev_marked and not _SENTENCE_END.search(prev)):
                items[-1] = (prev_marked, f"{prev} {text}".strip())
                continue
        items.append((marked, text))
    # Runs of spaces inside an item say nothing; an analyst compares items as plain text.
    return [" ".join(text.split()) for marked, text in items if text and (marked or not text.endswith(":"))]


def _sections(results_text: str | None) -> Iterable[tuple[str, str]]:
    """(heading, text) pairs of the results cell; text before any heading comes as "results"."""
    text = results_text or ""
    heading, start = "results", 0
    for m in _HEADING.finditer(text):
        yield heading, text[start : m.start()]
        heading, start = ("results" if m["results"] else "activities"), m.end()
    yield heading, text[start:]


def read_result_items(results_text: str | None) -> tuple[list[str], list[str]]:
    """(expected_results, itu_activities) of the results cell, in document order.

    With the headings "Expected Results:" / "ITU Activities:" (C2, C5), each heading's items go to
    its list. Without them (C6 cells are prose, with or without bullets), the whole cell describes
    results of ITU work, so all its paragraphs and bullet items go to expected_results and
    itu_activities stays empty. Leading "-", "•" and whitespace are stripped; wrapped lines of one
    item are joined with a space.
    """
    found: dict[str, list[str]] = {"results": [], "activities": []}
    for heading, text in _sections(results_text):
        found[heading].extend(_items(text))
    return found["results"], found["activities"]


# --- all fields --------------------------------------------------------------------------------


def read_typed_fields(cells: Mapping[str, str | None]) -> TypedFields:
    """The typed fields of one row, read from its text cells (keys as in records.TEXT_FIELDS).

    Missing or None cells read as empty: empty lists and None years.
    """
    timing_start, timing_end = read_timing(cells.get("timing_text"))
    goals_text = cells.get("goals_text")
    sdgs_text = cells.get("sdgs_text")
    expected_results, itu_activities = read_result_items(cells.get("results_text"))
    return TypedFields(
        timing_start=timing_start,
        timing_end=timing_end,
        itu_goals=read_itu_goals(goals_text),
        sdg_goals=read_sdg_goals(sdgs_text),
        sdg_targets=read_sdg_targets(sdgs_text),
        resolutions=read_resolutions(goals_text),
        regional_initiatives=read_regional_initiatives(goals_text),
        expected_results=expected_results,
        itu_activities=itu_activities,
    )
