"""Stage 6, validate: every record and footnote against the contract models.

A record that fails is not dropped: it goes to the rejects with the reason, its pages and position.
The records that pass get their keys (record_id, position: pipeline/keys.py).
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.keys import keyed
from pipeline.records import Footnote, RecordFields
from pipeline.stages.models import Candidate, Reject, RejectKind, Validated

Model = TypeVar("Model", bound=BaseModel)


def validate(records: list[Candidate], footnotes: list[Candidate]) -> Validated:
    result = Validated()
    result.records = keyed(_accepted(RejectKind.INVALID_RECORD, RecordFields, records, result.rejects))
    result.footnotes = _accepted(RejectKind.INVALID_FOOTNOTE, Footnote, footnotes, result.rejects)
    return result


def _accepted(
    kind: RejectKind, model: type[Model], candidates: list[Candidate], rejects: list[Reject]
) -> list[Model]:
    accepted = []
    for candidate in candidates:
        try:
            accepted.append(model.model_validate(candidate.fields))
        except ValidationError as error:
            rejects.append(_reject(kind, candidate, error))
    return accepted


def _reject(kind: RejectKind, candidate: Candidate, error: ValidationError) -> Reject:
    problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
    fields = candidate.fields
    what = "record" if kind is RejectKind.INVALID_RECORD else "footnote"
    return Reject(
        kind,
        f"{what} failed validation: {problems}",
        candidate.at,
        fields.get("outcome_text") or fields.get("text") or "",
        fields.get("action_line"),
    )
