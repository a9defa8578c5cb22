"""How the current extractor does on editions it has never seen: the REAL roadmap text (both
replicas' expected records, as Content) typeset anew by other engines in named house styles.

    cd tests && python -m helpers.foreign OUT_DIR [--engines chromium,weasyprint] [--layouts N] [--rescore]

For each engine, layout and replica it writes OUT_DIR/ENGINE/LAYOUT/EDITION.pdf with the expected
and the extracted records and footnotes and the misses beside it, runs `pipeline.extraction.extract`,
scores it with compare.score (pages are not compared: the engines do not say where their page breaks
fell) and prints one line per engine and layout, both replicas added up, with the commonest kinds
of miss, then each engine's totals; OUT_DIR/results.json holds every count and miss. `--rescore`
extracts and scores the PDFs an earlier run saved in OUT_DIR again, without rendering them.

An engine is a name in ENGINES -> Engine(render, layouts): add one there. `webkit` prints the
Chromium markup with wkhtmltopdf (synth.html_print.print_webkit). `libreoffice` is the writer engine
of tests/synth/writer.py in the layouts of synth.writer_editions.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import statistics
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional

from helpers.compare import Score, score
from pipeline.errors import PipelineError
from pipeline.extraction import extract
from synth.content import Content, content_from_records
from synth.html import house_styles, render_html

FIXTURES = Path(__file__).parents[1] / "fixtures"
REPLICAS = ("2019", "2020")

# (content, layout, edition) -> (PDF, expected records, expected footnotes)
Render = Callable[[Content, Any, str], "tuple[bytes, list[dict], list[dict]]"]


@dataclass(frozen=True)
class Engine:
    render: Render
    layouts: Callable[[], dict[str, Any]]  # the engine's named house styles, in the order to run them


def _html_engine(name: str) -> Engine:
    return Engine(lambda content, layout, edition: render_html(content, layout, name, edition), lambda: house_styles(name))


def _libreoffice_render(content: Content, layout: Any, edition: str):
    from synth.writer_editions import render_named  # starts LibreOffice only when first used

    e = render_named(content, layout, edition)
    return e.pdf, e.records, e.footnotes


def _libreoffice_layouts() -> dict[str, Any]:
    from synth.writer_editions import LAYOUTS

    return LAYOUTS


ENGINES: dict[str, Engine] = {"chromium": _html_engine("chromium"), "weasyprint": _html_engine("weasyprint"),
                              "webkit": _html_engine("webkit"),
                              "libreoffice": Engine(_libreoffice_render, _libreoffice_layouts)}


def replica_content(edition: str) -> Content:
    folder = FIXTURES / edition
    load = lambda name: json.loads((folder / f"expected-{name}.json").read_text(encoding="utf-8"))  # noqa: E731
    return content_from_records(load("records"), load("footnotes"))


# --- scoring -------------------------------------------------------------------------------------


def extract_and_score(pdf: Path, edition: str, want: list[dict], want_footnotes: list[dict]) -> tuple[Score, dict]:
    """The extractor's result on the PDF, scored; a pipeline error scores as nothing extracted."""
    try:
        got = extract(pdf, edition)
    except Exception as error:  # a PipelineError is the extractor's word; anything else a crash, scored the same
        result = score([], want, [], want_footnotes)
        kind = "error" if isinstance(error, PipelineError) else f"crash ({type(error).__name__})"
        result.misses.insert(0, f"{kind}: {error}")
        return result, dict(records=[], footnotes=[], rejects=[], warnings=[])
    records = [r.model_dump(mode="json") for r in got.records]
    footnotes = [f.model_dump(mode="json") for f in got.footnotes]
    return score(records, want, footnotes, want_footnotes), dict(records=records, footnotes=footnotes,
                                                                 rejects=got.rejects, warnings=got.warnings)


CELL_MISS = re.compile(r"^(?P<name>\S+ \S+) (?P<column>.+?): got (?P<rest>.*)$", re.S)


def _cell_miss(miss: str) -> Optional[tuple[Any, Any]]:
    """(got, expected) paragraphs of a cell miss of compare.score ("C2 A timing_text: got (...) expected (...)")."""
    m = CELL_MISS.match(miss)
    if not m:
        return None
    rest = m.group("rest")
    for at in [i.start() for i in re.finditer(" expected ", rest)]:
        try:
            return ast.literal_eval(rest[:at]), ast.literal_eval(rest[at + len(" expected "):])
        except (ValueError, SyntaxError):
            continue
    return None


def _split_words(got: list[str], want: list[str]) -> Optional[str]:
    """"ligature split" or "space inside a word" when got is want with words cut by spaces."""
    wanted = Counter(want)
    for a, b in zip(got, got[1:]):
        if a + b in wanted and a not in wanted:
            return "ligature split" if a.endswith(("f", "fi", "fl")) or b.startswith("f") else "space inside a word"
    return None


def cell_miss_kind(got: Optional[tuple], want: Optional[tuple]) -> str:
    """What went wrong in one cell, from its got and expected paragraphs."""
    if not got:
        return "cell empty"
    if not want:
        return "text in an empty cell"
    got_text, want_text = " ".join(got), " ".join(want)
    if got_text == want_text:
        return "paragraphs merged" if len(got) < len(want) else "paragraph split"
    if got_text.replace(" ", "") == want_text.replace(" ", ""):
        return _split_words(got_text.split(), want_text.split()) or "words run together"
    unbulleted = [p[1:].strip() if p.startswith("•") else p for p in want]
    if " ".join(unbulleted) == got_text or [p.lstrip("•▪ ") for p in got] == unbulleted:
        return "bullet lost"
    got_words, want_words = got_text.split(), want_text.split()
    if want_text.startswith(got_text):
        return "text cut short (rest elsewhere)"
    if got_text.startswith(want_text) or got_text.endswith(want_text):
        return "foreign text in cell"
    wanted = set(want_words)
    if any(w not in wanted and any(x != w and (x.startswith(w) or x.endswith(w)) for x in wanted) for w in got_words):
        return "word cut (column boundary inside a word)"
    return "text differs"


def miss_kind(miss: str) -> str:
    if miss.startswith(("error: ", "crash (")):
        kind, _, message = miss.partition(": ")
        return f"{kind}: " + re.sub(r"\d+", "N", message.split(": ", 1)[-1])[:80]
    if miss.endswith(": not found"):
        return "footnote not found" if miss.startswith("footnote ") else "record not found"
    if miss.endswith("not found exactly"):
        return "footnote not exact"
    if "extracted records match no expected one" in miss:
        return "extra records"
    if "footnotes more than expected" in miss:
        return "extra footnotes"
    if re.match(r"^\S+ \S+ section: got ", miss):
        return "band missed: section empty" if miss.endswith(("None", "''")) else "section wrong"
    if ": unexpected " in miss:
        return "text in a column that has none"
    cell = _cell_miss(miss)
    return cell_miss_kind(*cell) if cell else "other"


# --- the run -------------------------------------------------------------------------------------


@dataclass
class Result:
    engine: str
    layout: str
    edition: str
    render_seconds: float
    extract_seconds: float
    score: Score
    kinds: Counter = field(default_factory=Counter)


def run_one(engine: str, layout_name: str, layout: Any, edition: str, content: Content, out: Path) -> Result:
    folder = out / engine / layout_name
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    pdf, want, want_footnotes = ENGINES[engine].render(content, layout, edition)
    rendered = time.perf_counter()
    (folder / f"{edition}.pdf").write_bytes(pdf)
    (folder / f"{edition}-expected-records.json").write_text(_dump(want), encoding="utf-8")
    (folder / f"{edition}-expected-footnotes.json").write_text(_dump(want_footnotes), encoding="utf-8")
    return _score_saved(engine, layout_name, edition, out, rendered - start)


def _score_saved(engine: str, layout_name: str, edition: str, out: Path, render_seconds: float) -> Result:
    """Extracts OUT/ENGINE/LAYOUT/EDITION.pdf and scores it against the expected records saved beside it."""
    folder = out / engine / layout_name
    load = lambda name: json.loads((folder / f"{edition}-expected-{name}.json").read_text(encoding="utf-8"))  # noqa: E731
    start = time.perf_counter()
    result, got = extract_and_score(folder / f"{edition}.pdf", edition, load("records"), load("footnotes"))
    extract_seconds = time.perf_counter() - start
    (folder / f"{edition}-extracted.json").write_text(_dump(got), encoding="utf-8")
    (folder / f"{edition}-misses.txt").write_text("".join(f"[{miss_kind(m)}] {m}\n" for m in result.misses), encoding="utf-8")
    return Result(engine, layout_name, edition, render_seconds, extract_seconds, result,
                  Counter(miss_kind(m) for m in result.misses))


def _dump(obj: Any) -> str:
    return json.dumps(obj, indent=1, ensure_ascii=False, default=str) + "\n"


def _saved(out: Path, engines: list[str]) -> list[tuple[str, str, str]]:
    """(engine, layout, edition) of every render an earlier run saved under OUT, in the run's order."""
    return [(engine, folder.name, pdf.stem) for engine in engines if (out / engine).is_dir()
            for folder in sorted((out / engine).iterdir()) for pdf in sorted(folder.glob("*.pdf"))]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def table(results: list[Result]) -> str:
    """One line per engine and layout, the replicas added up."""
    lines = ["| layout | engine | records matched | sections right | cells exact | paragraphs exact | footnotes | commonest misses |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    groups: dict[tuple[str, str], list[Result]] = {}
    for r in results:
        groups.setdefault((r.layout, r.engine), []).append(r)
    for (layout, engine), rs in groups.items():
        total = lambda name: sum(getattr(r.score, name) for r in rs)  # noqa: E731
        kinds = sum((r.kinds for r in rs), Counter())
        common = "; ".join(f"{k} ({n})" for k, n in kinds.most_common(3)) or "none"
        lines.append(f"| {layout} | {engine} | {total('matched')}/{total('records')} | {total('sections_right')}/{total('records')} | "
                     f"{_percent(total('cells_exact'), total('cells'))} | {_percent(total('paragraphs_exact'), total('paragraphs'))} | "
                     f"{total('footnotes_exact')}/{total('footnotes')} | {common} |")
    return "\n".join(lines)


def engine_totals(results: list[Result]) -> str:
    """Each engine's editions added up, to two decimals: the figures issue 11's targets are stated in."""
    lines = []
    for engine in dict.fromkeys(r.engine for r in results):
        total = lambda name: sum(getattr(r.score, name) for r in results if r.engine == engine)  # noqa: E731
        share = lambda part, whole: f"{total(part)}/{total(whole)} ({100 * total(part) / max(total(whole), 1):.2f}%)"  # noqa: E731
        lines.append(f"{engine}: records matched {share('matched', 'records')}, sections right {share('sections_right', 'records')}, "
                     f"cells exact {share('cells_exact', 'cells')}, paragraphs exact {share('paragraphs_exact', 'paragraphs')}, "
                     f"footnotes {share('footnotes_exact', 'footnotes')}")
    return "\n".join(lines)


def timings(results: list[Result]) -> str:
    """Median seconds per edition, per engine: to typeset and print it, and to extract it."""
    lines = []
    for engine in dict.fromkeys(r.engine for r in results):
        mine = [r for r in results if r.engine == engine]
        lines.append(f"{engine}: {len(mine)} editions, median render {statistics.median(r.render_seconds for r in mine):.1f} s, "
                     f"median extract {statistics.median(r.extract_seconds for r in mine):.1f} s")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--engines", default=",".join(ENGINES), help=f"comma-separated, of {', '.join(ENGINES)}")
    parser.add_argument("--layouts", type=int, default=None, help="only the first N house styles of each engine")
    parser.add_argument("--rescore", action="store_true", help="re-extract the PDFs an earlier run saved in OUT_DIR")
    args = parser.parse_args(argv)
    engines = [e for e in args.engines.split(",") if e]
    unknown = [e for e in engines if e not in ENGINES]
    if unknown:
        parser.error(f"unknown engine {unknown[0]!r}: one of {', '.join(ENGINES)}")
    results = []
    if args.rescore:  # re-extract what an earlier run rendered: minutes instead of a quarter hour
        runs = ((e, name, edition, lambda e=e, name=name, edition=edition: _score_saved(e, name, edition, args.out, 0.0))
                for e, name, edition in _saved(args.out, engines))
    else:
        contents = {edition: replica_content(edition) for edition in REPLICAS}
        runs = ((e, name, edition, lambda e=e, name=name, layout=layout, edition=edition:
                 run_one(e, name, layout, edition, contents[edition], args.out))
                for e in engines for name, layout in list(ENGINES[e].layouts().items())[: args.layouts]
                for edition in REPLICAS)
    for e, name, edition, run in runs:
        r = run()
        print(f"{e} {name} {edition}: render {r.render_seconds:.1f} s, extract {r.extract_seconds:.1f} s, "
              f"{r.score.summary()}", file=sys.stderr, flush=True)
        results.append(r)
    print(table(results))
    print()
    print(engine_totals(results))
    print()
    print(timings(results))
    (args.out / "results.json").write_text(json.dumps(
        [dict(engine=r.engine, layout=r.layout, edition=r.edition, render_seconds=round(r.render_seconds, 2),
              extract_seconds=round(r.extract_seconds, 2), kinds=dict(r.kinds), **asdict(r.score)) for r in results],
        indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
