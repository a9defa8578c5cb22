"""How well the self-checks name what an extraction got wrong (issue 12's target: every record
that is not exact is named suspect, and none of the exact ones), measured on synthetic editions.

Per edition, each extracted record is paired with its expected record in document order by action
line and outcome id (as tests/helpers/compare.py scores), and is inexact when any field differs as
synthcheck compares them, or when it pairs with none (a record made of a misread row). Expected
records that no extracted record pairs with are lost: no record can be named for them, so they are
counted apart, as flagged when a finding names their table.

    cd tests && ../.venv/bin/python -m helpers.suspects reportlab 6000 6500 [--quiet]

prints each inexact record no check names, each exact record a check names (a false alarm) and
each finding on an exact edition, then the counts.
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from synth.content import sample_content
from synth.engines import engine

from helpers.synthcheck import record_mismatches
from pipeline.extraction import extract


@dataclass
class Tally:
    records: int = 0
    inexact: int = 0
    named: int = 0  # inexact records a check names
    false_alarms: int = 0  # exact records a check names
    lost: int = 0  # expected records no extracted record stands for
    lost_flagged: int = 0  # ... whose table has a finding
    exact_editions: int = 0
    findings_on_exact: int = 0  # findings on editions whose every record and footnote is exact
    lines: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"records {self.records}: inexact {self.inexact}, named suspect {self.named}, "
            f"exact named suspect (false alarms) {self.false_alarms}; lost {self.lost} "
            f"({self.lost_flagged} in a table with a finding); editions with every record exact "
            f"{self.exact_editions}, findings on them {self.findings_on_exact}"
        )


def measure(seed: int, engine_name: str, folder: Path, tally: Tally) -> None:
    the_engine = engine(engine_name)
    content = sample_content(random.Random(seed))
    layout = the_engine.random_layout(random.Random(seed))
    pdf_bytes, want, _ = the_engine.render(content, layout, "synth")
    pdf = folder / "synth.pdf"
    pdf.write_bytes(pdf_bytes)
    got = extract(pdf, "synth")
    have = [r.model_dump() for r in got.records]
    suspect = got.suspect_records
    key = lambda r: (r["action_line"], r["outcome_id"])  # noqa: E731
    matcher = difflib.SequenceMatcher(None, [key(r) for r in have], [key(r) for r in want], autojunk=False)
    paired = {b.a + k: b.b + k for b in matcher.get_matching_blocks() for k in range(b.size)}
    exact_edition = len(have) == len(want)
    for index, record in enumerate(have):
        problems = (
            record_mismatches(record, want[paired[index]])
            if index in paired
            else ["pairs with no expected record"]
        )
        named = record["record_id"] in suspect
        tally.records += 1
        if problems:
            exact_edition = False
            tally.inexact += 1
            tally.named += named
            if not named:
                tally.lines.append(f"{seed} unnamed {record['record_id']}: {problems[0][:200]}")
        elif named:
            tally.false_alarms += 1
            why = next(c.message for c in got.checks if record["record_id"] in c.record_ids)
            tally.lines.append(f"{seed} FALSE ALARM {record['record_id']}: {why[:200]}")
    flagged_tables = {c.action_line for c in got.checks}
    for index in set(range(len(want))) - set(paired.values()):
        tally.lost += 1
        tally.lost_flagged += want[index]["action_line"] in flagged_tables
        tally.lines.append(f"{seed} lost {want[index]['action_line']} {want[index]['outcome_id']}")
    if exact_edition:
        tally.exact_editions += 1
        tally.findings_on_exact += len(got.checks)
        tally.lines += [f"{seed} FINDING ON EXACT EDITION: {c.message[:200]}" for c in got.checks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("engine", choices=("reportlab", "writer"))
    parser.add_argument("first", type=int)
    parser.add_argument("end", type=int, help="one past the last seed")
    parser.add_argument("--quiet", action="store_true", help="the counts only")
    args = parser.parse_args(argv)
    tally = Tally()
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(args.first, args.end):
            try:
                measure(seed, args.engine, Path(folder), tally)
            except Exception as error:  # an edition that fails to extract is itself a finding to report
                tally.lines.append(f"{seed} ERROR {type(error).__name__}: {error}")
            if not args.quiet and tally.lines:
                print("\n".join(tally.lines), flush=True)
            tally.lines.clear()
    print(f"{args.engine} seeds {args.first}-{args.end - 1}: {tally.summary()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
