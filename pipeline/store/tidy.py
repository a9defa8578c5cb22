"""The tables of an edition: records and footnotes, and the long ("tidy") tables read from the
records' lists, one row per list item, keyed by (edition, record_id).

* sdg_links: one row per SDG target of a record, and one per SDG goal that it names without a
  target (sdg_target null); target_text is the target's wording where the cell gives it ("9.1:
  Develop quality ..."), else null. Goals ascending, each goal's targets in the record's order.
* resolutions: one row per item of `resolutions` ("PP 130"), split into body and number, with the
  citation as printed in the goals cell ("PP Res. 130 (Rev. Dubai 2018), 174 (Rev. Busan, 2014)")
  and the number's own revision note ("Rev. Dubai 2018"), each null when the cell does not show it.
* items: one row per item of `expected_results` (kind "expected_result") and `itu_activities`
  ("itu_activity"), position 1, 2, ... within the record and kind, text as in the lists.

The lists themselves come from pipeline/stages/fields.py; this module only lays them out and finds where
the cell prints them, so each table has exactly as many rows as the records' lists have items.
"""

from __future__ import annotations

from typing import Any, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field

from pipeline.records import RECORD_ORDER, Footnote, Record


class SdgLink(BaseModel):
    model_config = ConfigDict(extra="forbid")

    edition: str
    record_id: str
    sdg_goal: int = Field(ge=1, le=17)
    sdg_target: str | None = None
    target_text: str | None = None


class Resolution(BaseModel):
    model_config = ConfigDict(extra="forbid")

    edition: str
    record_id: str
    resolution: str  # as in the record's list: "PP 130"
    body: str  # "PP", "WTDC", "WTSA", "C09"
    number: int
    text: str | None = None  # the citation as printed
    revision: str | None = None  # "Rev. Dubai 2018"


class ResultItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    edition: str
    record_id: str
    kind: Literal["expected_result", "itu_activity"]
    position: int = Field(ge=1)
    text: str


# Table name -> (row model, column order). Every table is written as NAME.parquet and NAME.csv.
TABLES: dict[str, tuple[type[BaseModel], tuple[str, ...]]] = {
    "records": (Record, RECORD_ORDER),
    "footnotes": (Footnote, tuple(Footnote.model_fields)),
    "sdg_links": (SdgLink, tuple(SdgLink.model_fields)),
    "resolutions": (Resolution, tuple(Resolution.model_fields)),
    "items": (ResultItem, tuple(ResultItem.model_fields)),
}


def edition_tables(records: list[Record], footnotes: list[Footnote]) -> dict[str, list[dict[str, Any]]]:
    """Every table of one edition as rows (dicts in column order), in the order of TABLES."""
    rows = {
        "records": [r.model_dump() for r in records],
        "footnotes": [f.model_dump() for f in footnotes],
        "sdg_links": [link for r in records for link in sdg_links(r)],
        "resolutions": [citation for r in records for citation in resolutions(r)],
        "items": [item for r in records for item in result_items(r)],
    }
    return {
        name: [{column: row[column] for column in TABLES[name][1]} for row in rows[name]] for name in TABLES
    }


# --- sdg_links ---------------------------------------------------------------------------------

_LEADER = r"^[\s•\-–]*"  # a bullet or dash before a paragraph's first word


def target_text(sdgs_text: str | None, target: str) -> str | None:
    """The wording after a target that opens a paragraph: "9.1: Develop ..." -> "Develop ..."."""
    opening = regex.compile(_LEADER + regex.escape(target) + r"(?!\w)\.?\s*[:\-–]?\s*(?P<text>\p{L}.*)$")
    for paragraph in (sdgs_text or "").split("\n"):
        match = opening.match(paragraph)
        if match:
            return " ".join(match["text"].split())
    return None


def sdg_links(record: Record) -> list[dict[str, Any]]:
    targets: dict[int, list[str]] = {}
    for target in record.sdg_targets:
        targets.setdefault(int(target.split(".")[0]), []).append(target)
    out = []
    for goal in sorted(set(record.sdg_goals) | set(targets)):
        for target in targets.get(goal) or [None]:  # type: ignore[list-item]  # None: the goal alone
            out.append(
                {
                    "edition": record.edition,
                    "record_id": record.record_id,
                    "sdg_goal": goal,
                    "sdg_target": target,
                    "target_text": target_text(record.sdgs_text, target) if target else None,
                }
            )
    return out


# --- resolutions -------------------------------------------------------------------------------

# A citation as pipeline/stages/fields.py reads one: body, "Res." or "Resolution(s)", then numbers, each
# with its "(Rev. ...)" note; it may wrap onto the next line ("(Rev.\nDubai, 2014)").
_NOTE = r"(?:\s*\([^()]*\))?"
_CITATION = regex.compile(
    r"(?<![\w-])(?P<body>[A-Z][A-Z0-9]*)(?:-\d{0,4})?\s*Res(?:olution)?s?\b\.?\s*"
    r"\d+\b" + _NOTE + r"(?:\s*(?:,|&|\band\b)\s*\d+\b" + _NOTE + r")*"
)


def _citations(goals_text: str | None) -> list[tuple[str, str]]:
    """(body, citation as printed, line breaks read as spaces) for every citation of the cell."""
    return [(m["body"], " ".join(m[0].split())) for m in _CITATION.finditer(goals_text or "")]


def resolutions(record: Record) -> list[dict[str, Any]]:
    citations = _citations(record.goals_text)
    out = []
    for resolution in record.resolutions:
        body, number = resolution.rsplit(" ", 1)
        cited = regex.compile(rf"(?<![\d.]){number}(?!\d)(?:\s*\((?P<revision>[^()]*)\))?")
        text = revision = None
        for citation_body, citation in citations:
            found = cited.search(citation) if citation_body == body else None
            if found:
                text, revision = citation, found["revision"]
                break
        out.append(
            {
                "edition": record.edition,
                "record_id": record.record_id,
                "resolution": resolution,
                "body": body,
                "number": int(number),
                "text": text,
                "revision": " ".join(revision.split()) if revision else None,
            }
        )
    return out


# --- items -------------------------------------------------------------------------------------


def result_items(record: Record) -> list[dict[str, Any]]:
    return [
        {"edition": record.edition, "record_id": record.record_id, "kind": kind, "position": n, "text": text}
        for kind, items in (
            ("expected_result", record.expected_results),
            ("itu_activity", record.itu_activities),
        )
        for n, text in enumerate(items, 1)
    ]
