"""python -m synth.writer_editions OUT_DIR [--score] (from tests/): the replicas' real text typeset
anew by LibreOffice Writer in a dozen named layouts that cover the writer engine's knobs.

The replicas have no "Impact" or "Relevant Partners" column: in the six- and seven-column layouts
those cells hold text drawn (seeded) from content.IMPACT and PARTNERS, so that the columns are real.

Writes, for each replica (tests/fixtures/2019, 2020) and layout, NAME.pdf, NAME.expected-records.json
and NAME.expected-footnotes.json (NAME = EDITION-LAYOUT; records with their pages as LibreOffice
laid them out). --score also extracts each PDF with the pipeline and prints how close it came
(tests/helpers/compare.score), one line per edition and a Markdown table at the end.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import random
import sys
import time
from pathlib import Path

from .content import FIXTURES, IMPACT, PARTNERS, Content, content_from_records
from .layout import PUA_BULLET
from .writer import WriterEdition, render_edition
from .writer_layout import WriterLayout

REPLICAS = ("2019", "2020")
W = WriterLayout()
LAYOUTS = {
    "carlito-grid": W,
    "letter-caladea-hrules": dataclasses.replace(W, page_size="Letter", font="Caladea", ruling="hrules", header_fill="none",
                                                 band_align="center", band_style="italic"),
    "narrow-no-rules": dataclasses.replace(W, font="Liberation Sans Narrow", font_size=9.0, ruling="none", padding=2.0),
    "zebra-dark": dataclasses.replace(W, font="DejaVu Sans", font_size=8.5, ruling="zebra", header_fill="dark", band_fill="dark"),
    "serif-justified": dataclasses.replace(W, font="DejaVu Serif", font_size=9.0, body_align="justify", header_align="left",
                                           header_valign="top", header_bold=False),
    "footnote-block": dataclasses.replace(W, font="Liberation Serif", footnotes="block", page_number="- {n} -",
                                          page_number_align="center"),
    "running-header": dataclasses.replace(W, running_title=True, page_number="Page {n} of {total}", page_number_pos="header"),
    "cover-title-alone": dataclasses.replace(W, cover_page=True, title_alone=True, page_number="{n}", page_number_pos="header",
                                             page_number_align="left", band_fill="light"),
    "six-columns": dataclasses.replace(W, columns="six", column_scales=((1.3, 0.7, 1.2, 0.8, 1.0, 1.5, 1.0),
                                                                         (0.8, 1.2, 0.9, 1.4, 1.2, 0.7, 1.0), (1.0,) * 7)),
    "seven-columns": dataclasses.replace(W, columns="seven", font_size=8.0, padding=3.0),
    "four-columns": dataclasses.replace(W, columns="four", font_size=11.0, margins=(72.0, 72.0, 72.0, 72.0)),
    "list-bullets": dataclasses.replace(W, list_bullets=True, bullet="▪", paragraph_spacing=1.5),
    "pua-bullets-section-break": dataclasses.replace(W, bullet=PUA_BULLET, section_break=True, padding=1.5, band_style="plain"),
}


def replica_content(edition: str):
    folder = FIXTURES / edition
    records = json.loads((folder / "expected-records.json").read_text(encoding="utf-8"))
    footnotes = json.loads((folder / "expected-footnotes.json").read_text(encoding="utf-8"))
    return content_from_records(records, footnotes)


def with_extra_columns(content: Content, seed: int = 0) -> Content:
    """The content with every row's "impact" and "partners" cells filled, where it has none."""
    rng = random.Random(seed)
    for al in content.action_lines:
        for section in al.sections:
            for row in section.rows:
                row.cells.setdefault("impact", rng.choice(IMPACT).split("\n"))
                row.cells.setdefault("partners", rng.choice(PARTNERS).split("\n"))
    return content


def render_named(content: Content, layout: WriterLayout, edition: str) -> WriterEdition:
    """A replica's content in one of LAYOUTS: with its extra columns filled when the layout has them."""
    if set(layout.column_keys) & {"impact", "partners"}:
        content = with_extra_columns(copy.deepcopy(content))
    return render_edition(content, layout, edition)


def _dump(obj) -> str:
    return json.dumps(obj, indent=1, ensure_ascii=False) + "\n"


def _score(pdf: Path, name: str, records: list[dict], footnotes: list[dict]):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for compare
    from helpers.compare import score
    from pipeline.extraction import extract

    try:
        got = extract(pdf, name)
    except Exception as e:  # the pipeline's own one-line errors, and its bugs: both are baseline
        return None, f"{type(e).__name__}: {e}"
    result = score([r.model_dump() for r in got.records], records, [f.model_dump() for f in got.footnotes], footnotes)
    return result, f"{len(got.rejects)} rejects, {len(got.warnings)} warnings"


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1 or set(argv) - {*args, "--score"}:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out = Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for edition in REPLICAS:
        for layout_name, layout in LAYOUTS.items():
            name = f"{edition}-{layout_name}"
            started = time.monotonic()
            e = render_named(replica_content(edition), layout, name)
            seconds = time.monotonic() - started
            (out / f"{name}.pdf").write_bytes(e.pdf)
            (out / f"{name}.expected-records.json").write_text(_dump(e.records), encoding="utf-8")
            (out / f"{name}.expected-footnotes.json").write_text(_dump(e.footnotes), encoding="utf-8")
            line = f"{name}: {e.layout_info['page_count']} pages, {len(e.records)} records, {seconds:.1f} s"
            if "--score" in argv:
                result, note = _score(out / f"{name}.pdf", name, e.records, e.footnotes)
                line += f"; {result.summary() if result else 'no result'}; {note}"
                rows.append((name, result, note))
            print(line, flush=True)
    if rows:
        print("\n| edition | records | sections | cells exact | paragraphs exact | footnotes | notes |\n| --- | --- | --- | --- | --- | --- | --- |")
        for name, r, note in rows:
            if r is None:
                print(f"| {name} | - | - | - | - | - | {note} |")
            else:
                print(f"| {name} | {r.matched}/{r.records} (+{r.extra_records}) | {r.sections_right}/{r.records} | "
                      f"{r.cells_exact}/{r.cells} | {r.paragraphs_exact}/{r.paragraphs} | {r.footnotes_exact}/{r.footnotes} | {note} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
