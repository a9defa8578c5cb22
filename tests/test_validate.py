"""pipeline.stages.validate: records and footnotes against the contract; one that fails is a reject
of its kind, at its position, and the others get their keys."""

from __future__ import annotations

from conftest import expected
from pipeline.stages.models import Candidate, Position, RejectKind
from pipeline.stages.validate import validate


def _fields(record: dict) -> dict:
    """A fixture record's fields as assemble gives them (the fixtures leave the pages out)."""
    return {**record, "pages": [3]}


def test_a_record_that_fails_validation_is_a_reject_and_the_others_are_keyed():
    good, bad = (_fields(r) for r in expected("2019", "records")[:2])
    bad["outcome_id"] = "not a label"
    validated = validate([Candidate(good, Position(3, 120.5, 48.9)), Candidate(bad, Position(4, 80.0, 48.9))], [])
    assert [r.outcome_id for r in validated.records] == [good["outcome_id"]]
    assert validated.records[0].record_id  # keyed (pipeline/keys.py)
    [reject] = validated.rejects
    assert reject.kind is RejectKind.INVALID_RECORD and reject.at == Position(4, 80.0, 48.9)
    assert reject.reason.startswith("record failed validation: outcome_id")
    assert reject.as_json()["kind"] == "invalid_record" and reject.as_json()["action_line"] == "C2"


def test_a_footnote_that_fails_validation_is_a_reject_of_its_own_kind():
    footnote = dict(expected("2019", "footnotes")[0], number=-1)
    validated = validate([], [Candidate(footnote, Position(3, 500.0, 40.0))])
    assert validated.footnotes == [] and [r.kind for r in validated.rejects] == [RejectKind.INVALID_FOOTNOTE]
