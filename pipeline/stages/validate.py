"""Stage 6, validate: every record and footnote against the contract models.

A record that fails is not dropped: it goes to the rejects with the reason, its pages and position.
The records that pass get their keys (record_id, position: pipeline/keys.py).
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.keys import keyed
from pipeline.records import Footnote, RecordFields
from pipeline.stages.models import Candidate, Validated

Model = TypeVar("Model", bound=BaseModel)


def validate(records: list[Candidate], footnotes: list[Candidate]) -> Validated:
    result = Validated()
    result.records = keyed(_accepted("record", RecordFields, records, result.rejects))
    result.footnotes = _accepted("footnote", Footnote, footnotes, result.rejects)
    return result


def _accepted(
    kind: str, model: type[Model], candidates: list[Candidate], rejects: list[dict[str, Any]]
) -> list[Model]:
    accepted = []
    for candidate in candidates:
        try:
            accepted.append(model.model_validate(candidate.fields))
        except ValidationError as error:
            rejects.append(_reject(kind, candidate, error))
    return accepted


def failed_validation(kind: str) -> str:
    """How the reason of a reject that failed validation starts ("record failed validation: ...")."""
    return f"{kind} failed validation"


def _reject(kind: str, candidate: Candidate, error: ValidationError) -> dict[str, Any]:
    problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
    fields = candidate.fields
    return {
        "reason": f"{failed_validation(kind)}: {problems}",
        "page": candidate.page,
        "top": candidate.top,
        "x0": candidate.x0,
        "action_line": fields.get("action_line"),
        "text": fields.get("outcome_text") or fields.get("text") or "",
    }
