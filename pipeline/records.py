"""The output contract (docs/output-contract.md): one Record per outcome row, one Footnote per footnote.

These pydantic models are the last contract of the pipeline: `validate` checks every record against
them before anything is written, and other tools (the edition diff, notebooks) read them back.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

TEXT_FIELDS = ("outcome_text", "timing_text", "goals_text", "sdgs_text", "results_text")
TextField = Literal["outcome_text", "timing_text", "goals_text", "sdgs_text", "results_text"]


class TypedFields(BaseModel):
    """What `fields` reads out of a row's text cells."""

    model_config = ConfigDict(extra="forbid")

    timing_start: int | None = None
    timing_end: int | None = None
    itu_goals: list[int] = Field(default_factory=list)
    sdg_goals: list[int] = Field(default_factory=list)
    sdg_targets: list[str] = Field(default_factory=list)
    resolutions: list[str] = Field(default_factory=list)
    regional_initiatives: list[str] = Field(default_factory=list)
    # Beyond the contract: the items of the results cell, as analysts want them.
    expected_results: list[str] = Field(default_factory=list)
    itu_activities: list[str] = Field(default_factory=list)


class RecordFields(TypedFields):
    """A record as assembled from one row; `Record` adds the keys that need the whole edition."""

    model_config = ConfigDict(extra="forbid")

    edition: str = Field(min_length=1)
    action_line: str = Field(pattern=r"^C\d{1,2}$")
    action_line_title: str
    section: str | None
    outcome_id: str = Field(pattern=r"^[A-Za-z]{1,3}\d{0,2}$")
    outcome_text: str = Field(min_length=1)
    timing_text: str | None = None
    goals_text: str | None = None
    sdgs_text: str | None = None
    results_text: str | None = None
    extra_columns: dict[str, str | None] = Field(default_factory=dict)
    pages: list[int] = Field(min_length=1)

    @field_validator("sdg_goals")
    @classmethod
    def _sdg_range(cls, goals: list[int]) -> list[int]:
        if any(not 1 <= g <= 17 for g in goals):
            raise ValueError(f"SDG goal out of 1-17: {goals}")
        return goals

    @field_validator("pages")
    @classmethod
    def _pages_ascending(cls, pages: list[int]) -> list[int]:
        if pages != sorted(set(pages)) or pages[0] < 1:
            raise ValueError(f"pages must be ascending 1-based page numbers: {pages}")
        return pages


# "C6-2-a": action line, section number within it, outcome id; "-2" on a repeated label.
RECORD_ID = r"^C\d{1,2}-\d+-[A-Za-z]{1,3}\d{0,2}(-\d+)?$"


class Record(RecordFields):
    """One outcome row of an edition, with its keys (pipeline/keys.py)."""

    record_id: str = Field(pattern=RECORD_ID)
    position: int = Field(ge=1)
    # Null in an edition's own files: it needs the other editions (pipeline/compare/history.py).
    outcome_key: str | None = None


# Key and column order of records.json, records.parquet and the README's data dictionary: the
# edition and the keys, then the contract's fields, then what the pipeline adds.
RECORD_ORDER = (
    "edition",
    "record_id",
    "position",
    "outcome_key",
    "action_line",
    "action_line_title",
    "section",
    "outcome_id",
    *TEXT_FIELDS,
    "extra_columns",
    "timing_start",
    "timing_end",
    "itu_goals",
    "sdg_goals",
    "sdg_targets",
    "resolutions",
    "regional_initiatives",
    "pages",
    "expected_results",
    "itu_activities",
)


class Footnote(BaseModel):
    model_config = ConfigDict(extra="forbid")

    edition: str = Field(min_length=1)
    action_line: str = Field(pattern=r"^C\d{1,2}$")
    number: int = Field(ge=1)
    text: str = Field(min_length=1)
    cited_by: str | None = None
    cited_by_label: str | None = None  # that column's header label as printed
    page: int = Field(ge=1)
