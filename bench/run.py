"""Benchmark: extraction speed and memory against the floors and the generic extractors.

    python bench/run.py [--reps N] [--quick] [--pipeline DIR] [--out FILE]

Every measurement runs in a fresh subprocess (this file, with --child), so its peak memory is that
process's own maximum resident set (os.wait4's rusage) and nothing stays cached between runs. Each
child times its own work with perf_counter after its imports; the table shows the median over the
repetitions. Runs are interleaved (repetition, document, tool) so that drift hits every tool alike.

Tools, on the same pages:
  ours            `python -m pipeline extract PDF` into a temporary folder, run in the child as
                  pipeline.cli.main: the extraction process it forks is included (its CPU time too)
  plumber-chars   the pdfplumber char floor: pdfplumber.open, every page's .chars, nothing else
  pdfium-chars    the raw floor: pypdfium2 text page, count_chars, get_text_range, every get_charbox
  plumber-tables  pdfplumber page.extract_tables() on every page
  camelot-lattice camelot.read_pdf(pages="all", flavor="lattice") (pdfium rasteriser + OpenCV)
  camelot-stream  camelot.read_pdf(pages="all", flavor="stream")
Camelot 2 parses with playa-pdf (a compiled pdfminer fork) and rasterises with pypdfium2: no
Ghostscript or Poppler needed. Camelot 1.x parsed with pdfminer, so its times are not comparable.

Documents: the 2019 and 2020 replicas, and the 2019 replica's pages concatenated 1, 2 and 4 times
(built with pypdfium2; extract on 2x/4x reads duplicate action-line tables, which is fine here).
The generic extractors run --generic-reps times (default 1) on the concatenated documents, to keep
the whole run within about 10 minutes on 2 cores.

Also measured: a child that only imports the pipeline (the interpreter's baseline memory), our
extract's stages on the 2019 replica (one run), and `python -m pipeline extract-sources` (what `make extract`
runs: one process per edition), to see whether it keeps both cores busy.

Results: printed, and written to bench/results.md.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "sources"
TOOLS = ("ours", "plumber-chars", "pdfium-chars", "plumber-tables", "camelot-lattice", "camelot-stream")
GENERIC = ("plumber-tables", "camelot-lattice", "camelot-stream")
FLOORS = ("plumber-chars", "pdfium-chars")
TIMEOUT = 600  # seconds for one child

# Targets of the issue.
TARGET_FLOOR_RATIO = 1.3  # end to end <= 1.3x the pdfplumber char floor on the 2019 replica
TARGET_SCALING = 4.4  # the 4x document takes <= 4.4x the 1x time
TARGET_PEAK_MB = 300  # peak memory on the 4x document


# --- the children: one measurement each ---------------------------------------------------------


def child(tool: str, pdf: Path) -> dict:
    """Run one tool on one PDF in this (fresh) process and say how long its work took."""
    t0 = time.perf_counter()
    if tool in ("ours", "ours-stages", "import-only"):
        from pipeline.cli.main import main as pipeline_cli
        from pipeline.extraction import extract_layout, no_cycle_collection
        from pipeline.stages.layout import read_layout
        from pipeline.stages.load import load_document
        from pipeline.store.write import write_edition
    elif tool in ("plumber-chars", "plumber-tables"):
        import pdfplumber
    elif tool == "pdfium-chars":
        import pypdfium2 as pdfium
    elif tool.startswith("camelot-"):
        import warnings

        warnings.simplefilter("ignore")
        import camelot
    else:
        raise SystemExit(f"unknown tool {tool}")
    imported, imported_cpu = time.perf_counter(), cpu_seconds()
    result: dict = {"import_s": imported - t0}

    if tool == "import-only":
        import pipeline

        result["found"] = f"pipeline from {Path(pipeline.__file__).parent}"
    elif tool == "ours":
        with tempfile.TemporaryDirectory() as out, contextlib.redirect_stdout(io.StringIO()):
            status = pipeline_cli(["extract", str(pdf), "--edition", "bench", "--out", out])
            manifest = json.loads((Path(out) / "bench" / "manifest.json").read_text()) if status == 0 else {}
        if status != 0:
            raise SystemExit(f"extract exited {status}")
        result["found"] = f"{manifest['counts']['records']} records, {len(manifest['warnings'])} warnings"
    elif tool == "ours-stages":
        stages = {}
        clock = lambda: (time.perf_counter(), time.process_time())  # noqa: E731

        def lap(name, since):
            now = clock()
            stages[name] = (now[0] - since[0], now[1] - since[1])
            return now

        t = clock()
        with no_cycle_collection():  # as extract() runs them
            document = load_document(pdf)
            t = lap("load", t)
            layout = read_layout(document)
            t = lap("layout", t)
            extraction = extract_layout(document, layout, "bench")
            t = lap("rows, stitch, assemble, validate", t)
        with tempfile.TemporaryDirectory() as out:
            write_edition(extraction, Path(out))
        lap("write", t)
        result["stages"] = stages
        result["found"] = f"{len(extraction.records)} records"
    elif tool == "plumber-chars":
        chars = 0
        with pdfplumber.open(pdf) as doc:
            for page in doc.pages:
                chars += len(page.chars)
                page.close()
        result["found"] = f"{chars} chars"
    elif tool == "pdfium-chars":
        chars = 0
        doc = pdfium.PdfDocument(pdf)
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            n = textpage.count_chars()
            text = textpage.get_text_range()
            boxes = [textpage.get_charbox(k) for k in range(n)]
            chars += len(boxes)
            assert len(text) >= 0
            textpage.close()
            page.close()
        doc.close()
        result["found"] = f"{chars} chars"
    elif tool == "plumber-tables":
        tables = rows = 0
        with pdfplumber.open(pdf) as doc:
            for page in doc.pages:
                for table in page.extract_tables():
                    tables += 1
                    rows += len(table)
                page.close()
        result["found"] = f"{tables} tables, {rows} rows"
    elif tool.startswith("camelot-"):
        found = camelot.read_pdf(str(pdf), pages="all", flavor=tool.split("-", 1)[1])
        result["found"] = f"{found.n} tables, {sum(t.shape[0] for t in found)} rows"
    result["work_s"] = time.perf_counter() - imported
    result["work_cpu_s"] = cpu_seconds() - imported_cpu
    return result


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and of the children it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


# --- the parent ---------------------------------------------------------------------------------


def busy_seconds() -> float:
    """CPU seconds that every process on the machine has used so far (all cores), from /proc/stat."""
    try:
        with open("/proc/stat") as stat:
            fields = [int(v) for v in stat.readline().split()[1:]]
    except OSError:
        return float("nan")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def measure(argv: list[str], env: dict, cwd: Path = ROOT) -> dict:
    """Run a child; its JSON line, plus its process wall time, CPU time and peak RSS.

    Also how busy the rest of the machine was meanwhile (other_cores: CPU seconds used by other
    processes per second of wall time): on a shared machine that load, not our code, can make a
    wall time long or keep a second process from getting its core.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        busy_before = busy_seconds()
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env, cwd=cwd)
        deadline = start + TIMEOUT
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
        busy = busy_seconds() - busy_before
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-5:])
        return {"error": f"exit {process.returncode}: {tail}", "wall_s": wall}
    lines = [line for line in stdout.splitlines() if line.startswith("{")]
    result = json.loads(lines[-1]) if lines else {}
    cpu = usage.ru_utime + usage.ru_stime
    result.update(
        wall_s=wall,
        cpu_s=cpu,
        peak_mb=usage.ru_maxrss / 1024,  # Linux: kilobytes
        other_cores=max(0.0, busy - cpu) / wall if wall > 0 else 0.0,
    )
    return result


def child_env(pipeline_dir: Path | None) -> dict:
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    if pipeline_dir is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pipeline_dir), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def build_documents(folder: Path) -> dict[str, tuple[Path, int]]:
    import pypdfium2 as pdfium

    documents = {}
    for edition in ("2019", "2020"):
        path = SOURCES / f"roadmap-{edition}.pdf"
        documents[f"replica {edition}"] = (path, len(pdfium.PdfDocument(path)))
    source = pdfium.PdfDocument(SOURCES / "roadmap-2019.pdf")
    for times in (1, 2, 4):
        target = pdfium.PdfDocument.new()
        for _ in range(times):
            target.import_pages(source)
        path = folder / f"roadmap-2019-x{times}.pdf"
        target.save(path)
        documents[f"2019 x{times}"] = (path, len(target))
        target.close()
    source.close()
    return documents


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=3, help="repetitions per measurement (median; default 3)")
    parser.add_argument("--generic-reps", type=int, default=1, help="repetitions of the generic extractors on the concatenated documents")
    parser.add_argument("--quick", action="store_true", help="one repetition, replicas and 1x/2x only (a smoke run)")
    parser.add_argument("--pipeline", type=Path, help="benchmark the pipeline package found in this folder instead of the repo's")
    parser.add_argument("--label", help="how to name the benchmarked pipeline in the report (default: its folder)")
    parser.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of " + ",".join(TOOLS))
    parser.add_argument("--wait-quiet", type=float, default=20, metavar="S",
                        help="before each extract-sources run, wait up to S seconds for other processes to leave the cores free (default 20)")
    parser.add_argument("--documents", help="comma-separated subset of: replica 2019,replica 2020,2019 x1,2019 x2,2019 x4")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--child", nargs=2, metavar=("TOOL", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        print(json.dumps(child(args.child[0], Path(args.child[1]))))
        return 0

    reps = 1 if args.quick else args.reps
    tools = [t for t in args.tools.split(",") if t]
    unknown = set(tools) - set(TOOLS)
    if unknown:
        parser.error(f"unknown tools: {', '.join(sorted(unknown))}")
    pipeline_dir = args.pipeline.resolve() if args.pipeline else None
    env = child_env(pipeline_dir)
    me = [sys.executable, "-W", "ignore", str(Path(__file__).resolve()), "--child"]
    started = time.perf_counter()

    work = Path(tempfile.mkdtemp(prefix="roadmap-bench-"))
    try:
        documents = build_documents(work)
        if args.quick:
            documents.pop("2019 x4")
        if args.documents:
            wanted = [d.strip() for d in args.documents.split(",")]
            documents = {name: documents[name] for name in wanted}
        samples: dict[tuple[str, str], list[dict]] = {}
        errors: dict[tuple[str, str], str] = {}

        baseline = measure([*me, "import-only", str(SOURCES / "roadmap-2019.pdf")], env)
        for rep in range(reps):
            for name, (path, _) in documents.items():
                for tool in tools:
                    concatenated = name.startswith("2019 x")
                    if tool in GENERIC and concatenated and rep >= args.generic_reps:
                        continue
                    result = measure([*me, tool, str(path)], env)
                    if "error" in result:
                        errors.setdefault((name, tool), []).append(result["error"])
                        print(f"  rep {rep + 1}/{reps} {name:12} {tool:16} FAILED: {result['error']}", file=sys.stderr)
                        continue
                    samples.setdefault((name, tool), []).append(result)
                    print(
                        f"  rep {rep + 1}/{reps} {name:12} {tool:16} {result['work_s']:7.2f} s  "
                        f"{result['peak_mb']:6.0f} MB  other load {result['other_cores']:.2f} cores  {result.get('found', '')}",
                        file=sys.stderr,
                    )
        # One run: the stages are an account of where the time goes, not a target.
        stages = [measure([*me, "ours-stages", str(SOURCES / "roadmap-2019.pdf")], env)] if "ours" in tools else []
        stages = [s for s in stages if "stages" in s]
        parallel = [measure_extract_sources(env, work, pipeline_dir or ROOT, args.wait_quiet) for _ in range(reps)] if "ours" in tools else []
    finally:
        shutil.rmtree(work, ignore_errors=True)

    report = render(documents, tools, samples, errors, baseline, stages, parallel, reps, args, pipeline_dir, time.perf_counter() - started)
    print(report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(f"written to {args.out}", file=sys.stderr)
    return 0


def wait_quiet(limit: float, threshold: float = 0.1, window: float = 2.0) -> float:
    """Wait until other processes use less than `threshold` cores over `window` seconds; at most `limit` s."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        before = busy_seconds()
        time.sleep(window)
        if (busy_seconds() - before) / window < threshold:
            break
    return time.perf_counter() - start


def measure_extract_sources(env: dict, work: Path, cwd: Path, quiet: float) -> dict:
    """`python -m pipeline extract-sources` as `make extract` runs it (from the folder holding pipeline/)."""
    waited = wait_quiet(quiet)
    print(f"  extract-sources (after waiting {waited:.0f} s for a quiet machine)", file=sys.stderr)
    out = work / "extract-sources"
    result = measure([sys.executable, "-m", "pipeline", "extract-sources", "--out", str(out)], env, cwd=cwd)
    shutil.rmtree(out, ignore_errors=True)
    return result


# --- the report ---------------------------------------------------------------------------------


def render(documents, tools, samples, errors, baseline, stages, parallel, reps, args, pipeline_dir, elapsed) -> str:
    def stat(name, tool, key):
        runs = samples.get((name, tool))
        return median([r[key] for r in runs]) if runs else None

    lines = [
        "# Benchmark: extraction speed and memory",
        "",
        f"`make bench` (`python bench/run.py`), {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, "
        f"{reps} repetition(s) (median){'' if reps == 1 else f'; generic extractors {args.generic_reps} on the concatenated documents'}; "
        f"whole run {elapsed:.0f} s. Pipeline: {args.label or pipeline_dir or ROOT}. {versions()}.",
        "",
        load_note(samples, parallel),
        "",
        "time = wall time of the child's own work after its imports (median); CPU = the CPU time of that",
        "work (all threads); pages/s from the wall time; × floor = time over the pdfplumber char floor",
        "(plumber-chars) and the raw pypdfium2 floor (pdfium-chars) on the same document, by wall time and",
        "(in brackets) by CPU time; peak = the child process's max RSS (interpreter and imports included);",
        "process = the child's whole wall time, interpreter start and imports included; other load = CPU",
        "that other processes on the machine used meanwhile, in cores (median): where it is high, wall",
        "times are inflated and the CPU times are the better comparison.",
        "",
        "| document | pages | tool | time s | CPU s | pages/s | × plumber floor | × pdfium floor | peak MB | process s | other load | found |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, (_, pages) in documents.items():
        floors = {f: (stat(name, f, "work_s"), stat(name, f, "work_cpu_s")) for f in FLOORS}
        for tool in tools:
            failed = errors.get((name, tool), [])
            t, cpu = stat(name, tool, "work_s"), stat(name, tool, "work_cpu_s")
            if t is None:
                if failed:
                    lines.append(f"| {name} | {pages} | {tool} | failed: {failed[-1].splitlines()[-1]} ||||||||")
                continue
            runs = samples[(name, tool)]
            n_note = "" if len(runs) == reps and not failed else f" (n={len(runs)}{f', {len(failed)} failed' if failed else ''})"

            def ratio(floor):
                wall_floor, cpu_floor = floors[floor]
                return f"{t / wall_floor:.2f} ({cpu / cpu_floor:.2f})" if wall_floor and cpu_floor else "–"

            lines.append(
                f"| {name} | {pages} | {tool}{n_note} | {t:.2f} | {cpu:.2f} | "
                f"{pages / t:.1f} | {ratio('plumber-chars')} | {ratio('pdfium-chars')} | {stat(name, tool, 'peak_mb'):.0f} | "
                f"{stat(name, tool, 'wall_s'):.2f} | {stat(name, tool, 'other_cores'):.2f} | {runs[-1].get('found', '')} |"
            )
    if "peak_mb" in baseline:
        lines += ["", f"Baseline: a child that only imports the pipeline peaks at {baseline['peak_mb']:.0f} MB "
                  f"(imports {baseline['import_s']:.2f} s, process {baseline['wall_s']:.2f} s)."]

    lines += ["", "## Targets", ""]
    lines += targets(samples, tools, stat)

    if stages:
        lines += ["", "## Where the time goes in our extract (2019 replica)", ""]
        names = list(stages[0]["stages"])
        wall = {n: median([s["stages"][n][0] for s in stages]) for n in names}
        cpu = {n: median([s["stages"][n][1] for s in stages]) for n in names}
        total, total_cpu = sum(wall.values()), sum(cpu.values())
        lines += ["| stage | wall s | CPU s | share of CPU |", "|---|---:|---:|---:|"]
        for n in names:
            lines.append(f"| {n} | {wall[n]:.2f} | {cpu[n]:.2f} | {cpu[n] / total_cpu:.0%} |")
        lines.append(f"| total | {total:.2f} | {total_cpu:.2f} | 100% |")
        floor_cpu = stat("replica 2019", "pdfium-chars", "work_cpu_s")
        if floor_cpu:
            lines += [
                "",
                f"Load reads the PDF with PDFium (pypdfium2) and takes {cpu['load']:.2f} s CPU; the raw pypdfium2 floor "
                f"(every char's text and box, nothing else) takes {floor_cpu:.2f} s. Load also asks each char's origin "
                f"and text object, each text object's font, and every path's segments, and drops overprinted glyphs. "
                f"Everything after load (layout, rows, stitch, assemble, validate, write) takes "
                f"{total_cpu - cpu['load']:.2f} s CPU. bench/profile.md has the function-level profile.",
            ]

    if parallel:
        ok = [p for p in parallel if "error" not in p]
        lines += ["", "## `make extract` (extract-sources, one process per edition)", ""]
        if ok:
            lines += ["| run | wall s | CPU s (all its processes) | cores busy (CPU / wall) | other load (cores) | peak MB |",
                      "|---|---:|---:|---:|---:|---:|"]
            for i, p in enumerate(ok, 1):
                lines.append(f"| {i} | {p['wall_s']:.2f} | {p['cpu_s']:.2f} | {p['cpu_s'] / p['wall_s']:.2f} | "
                             f"{p['other_cores']:.2f} | {p['peak_mb']:.0f} |")
            best = min(ok, key=lambda p: p["other_cores"])
            walls = [stat(f"replica {e}", "ours", "wall_s") for e in ("2019", "2020")]
            lines += [
                "",
                f"In the run with the least other load ({best['other_cores']:.2f} cores), extract-sources kept "
                f"{best['cpu_s'] / best['wall_s']:.2f} of the {os.cpu_count()} cores busy"
                + (
                    f"; the two editions one after the other (process wall of `ours` on each replica, medians) take "
                    f"{sum(walls):.2f} s against its {best['wall_s']:.2f} s: a speed-up of {sum(walls) / best['wall_s']:.2f}x."
                    if all(walls) else "."
                ),
                "With other load on the machine the two workers share what is left of it, so only a run with other "
                "load near 0 shows what the code can do: each run first waits (up to --wait-quiet seconds) for the "
                "machine to go quiet.",
            ]
        else:
            lines.append(f"failed: {parallel[0]['error']}")
    lines.append("")
    return "\n".join(lines)


def load_note(samples, parallel) -> str:
    other = [r["other_cores"] for runs in samples.values() for r in runs] + [p["other_cores"] for p in parallel if "other_cores" in p]
    if not other:
        return ""
    busy = sum(1 for o in other if o > 0.25)
    return (f"Other processes on the machine used {statistics.mean(other):.2f} cores on average while the children ran "
            f"(more than 0.25 cores during {busy} of {len(other)} measurements).")


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("pdfplumber", "pdfminer.six", "pypdfium2", "camelot-py", "playa-pdf", "opencv-python-headless"):
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} missing")
    return ", ".join(found)


def targets(samples, tools, stat) -> list[str]:
    """Each target checked on wall time and on CPU time (this machine's wall times are noisy)."""
    out = []

    def check(ok: bool) -> str:
        return "met" if ok else "**NOT met**"

    def both(name: str, tool: str) -> tuple:
        return stat(name, tool, "work_s"), stat(name, tool, "work_cpu_s")

    def ratio(claim: str, top: tuple, bottom: tuple, limit: float) -> None:
        """One 'a / b <= limit' target, on wall and on CPU time."""
        if top[0] and bottom[0]:
            parts = [
                f"{kind} {a:.2f} s / {b:.2f} s = {a / b:.2f}x: {check(a / b <= limit)}"
                for kind, a, b in (("wall", top[0], bottom[0]), ("CPU", top[1], bottom[1]))
            ]
            out.append(f"- {claim}: {'; '.join(parts)}.")

    ratio(f"End to end ≤ {TARGET_FLOOR_RATIO}x the pdfplumber char floor on the 2019 replica",
          both("replica 2019", "ours"), both("replica 2019", "plumber-chars"), TARGET_FLOOR_RATIO)
    for name in ("replica 2019", "replica 2020", "2019 x1", "2019 x2", "2019 x4"):
        ours, ours_cpu = both(name, "ours")
        generic = {t: both(name, t) for t in GENERIC if t in tools and stat(name, t, "work_s")}
        if ours and generic:
            slower = [f"{t} ({w:.2f} s)" for t, (w, _) in generic.items() if w <= ours]
            slower_cpu = [f"{t} ({c:.2f} s CPU)" for t, (_, c) in generic.items() if c <= ours_cpu]
            out.append(
                f"- Faster than every generic extractor on {name} (ours {ours:.2f} s, {ours_cpu:.2f} s CPU): wall "
                + (check(True) if not slower else f"{check(False)}, not faster than {', '.join(slower)}")
                + "; CPU "
                + (check(True) if not slower_cpu else f"{check(False)}, not faster than {', '.join(slower_cpu)}")
                + "."
            )
    ratio(f"The 4x document takes ≤ {TARGET_SCALING}x the 1x time", both("2019 x4", "ours"), both("2019 x1", "ours"), TARGET_SCALING)
    peak = stat("2019 x4", "ours", "peak_mb")
    if peak:
        out.append(f"- Peak memory < {TARGET_PEAK_MB} MB on the 4x document: {peak:.0f} MB: {check(peak < TARGET_PEAK_MB)}.")
    return out


if __name__ == "__main__":
    sys.exit(main())
