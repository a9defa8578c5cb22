"""python -m tests.synth SEED OUTDIR: write synth-SEED.pdf, expected-records.json, expected-footnotes.json
and layout.json (the layout and plan statistics) to OUTDIR, for eyeballing."""

import dataclasses
import json
import random
import sys
from pathlib import Path

from .generator import expected, plan, random_layout, render, sample_content


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    seed, out = int(argv[0]), Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    content = sample_content(random.Random(seed))
    layout = random_layout(random.Random(seed))
    the_plan = plan(content, layout)
    edition = f"synth-{seed}"
    (out / f"{edition}.pdf").write_bytes(render(content, layout, the_plan))
    records, footnotes = expected(content, layout, edition, the_plan)
    dump = lambda obj: json.dumps(obj, indent=1, ensure_ascii=False) + "\n"  # noqa: E731
    (out / "expected-records.json").write_text(dump(records))
    (out / "expected-footnotes.json").write_text(dump(footnotes))
    (out / "layout.json").write_text(dump(dict(layout=dataclasses.asdict(layout), pages=len(the_plan.pages), **the_plan.stats)))
    print(f"{out / edition}.pdf: {len(the_plan.pages)} pages, {len(records)} records, {len(footnotes)} footnotes")
    return 0


sys.exit(main(sys.argv[1:]))
