"""Command line: python -m pipeline extract PDF [--edition ID] [--out DIR] | extract-sources | diff OLD NEW."""

from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Optional, Sequence

from pipeline.errors import PipelineError


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except PipelineError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_status
    except KeyboardInterrupt:
        print("error: interrupted; the previous output is unchanged", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    extract = commands.add_parser("extract", help="extract one roadmap PDF into OUT/EDITION/")
    extract.add_argument("pdf", type=Path, metavar="PDF")
    extract.add_argument("--edition", help="edition id (default: as declared in sources/, else the year in the file name)")
    extract.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output/)")
    extract.add_argument("--strict", action="store_true", help="exit non-zero on any warning or reject")
    extract.set_defaults(run=_run_extract)

    sources = commands.add_parser("extract-sources", help="extract every edition declared in sources/sources.json")
    sources.add_argument("--out", type=Path, default=Path("output"))
    sources.add_argument("--strict", action="store_true")
    sources.set_defaults(run=_run_sources)

    diff = commands.add_parser("diff", help="what changed between two extracted editions")
    diff.add_argument("old", metavar="OLD", help="edition id under --out, or an edition folder")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument("--out", type=Path, default=Path("output"))
    diff.set_defaults(run=_run_diff)
    return parser


def _extract_one(pdf: Path, edition: Optional[str], out: Path, strict: bool) -> tuple[int, str]:
    from pipeline.extract import extract
    from pipeline.sources import edition_id
    from pipeline.write import write_edition

    if not pdf.is_file():
        raise PipelineError(f"{pdf}: no such file")
    edition = edition_id(pdf, edition)
    extraction = extract(pdf, edition)
    folder = write_edition(extraction, out)
    summary = (
        f"{edition}: {len(extraction.records)} records, {len(extraction.footnotes)} footnotes, "
        f"{len(extraction.rejects)} rejects, {len(extraction.warnings)} warnings from "
        f"{extraction.source['pages']} pages -> {folder}/"
    )
    status = 1 if strict and (extraction.rejects or extraction.warnings) else 0
    return status, summary


def _report(status: int, summary: str, strict: bool) -> int:
    print(summary)
    if status:
        print("error: --strict: the extraction has warnings or rejects (see manifest.json)", file=sys.stderr)
    return status


def _run_extract(args: argparse.Namespace) -> int:
    status, summary = _extract_one(args.pdf, args.edition, args.out, args.strict)
    return _report(status, summary, args.strict)


def _run_sources(args: argparse.Namespace) -> int:
    from pipeline.sources import declared_sources

    sources = declared_sources()
    workers = max(1, min(len(sources), os.cpu_count() or 1))
    print(f"extracting {len(sources)} editions in {workers} processes")
    with ProcessPoolExecutor(max_workers=workers) as pool:
        jobs = [pool.submit(_extract_one, s.path, s.edition, args.out, args.strict) for s in sources]
        results = [job.result() for job in jobs]
    return max(_report(status, summary, args.strict) for status, summary in results)


def _run_diff(args: argparse.Namespace) -> int:
    from pipeline.diff import diff_editions, write_diff

    old, new = (_edition_folder(args.out, name) for name in (args.old, args.new))
    changes = diff_editions(old, new)
    folder = write_diff(changes, old.name, new.name, args.out / "diffs" / f"{old.name}..{new.name}")
    print(f"{old.name}..{new.name}: {len(changes)} changes -> {folder}/")
    return 0


def _edition_folder(out: Path, name: str) -> Path:
    candidate = Path(name)
    folder = candidate if (candidate / "records.json").is_file() else out / name
    if not (folder / "records.json").is_file():
        raise PipelineError(f"{name}: no extracted edition there (run `make extract` first)")
    return folder
