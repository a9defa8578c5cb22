"""Command line (`roadmap`, or `python -m pipeline`): extract PDF [--edition ID] [--out DIR] [--report] |
extract-sources | diff OLD NEW | report EDITION | export EDITION --xlsx | schema | history."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.cli.guard import ChildFailed, isolated
from pipeline.cli.options import OneLineParser, positive_megabytes, positive_seconds
from pipeline.errors import PipelineError, write_error
from pipeline.signals import Interrupted, terminate_cleanly
from pipeline.store.atomic import recover_folders, refuse_links
from pipeline.store.dataset import edition_folder
from pipeline.store.lock import edition_lock
from pipeline.version import __version__


def main(argv: Sequence[str] | None = None) -> int:
    # Arrow's default allocator (mimalloc) reserves a GiB of address space at its first use, which
    # the memory budget counts; the system allocator reserves nothing and our tables are small.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    args = _parser().parse_args(argv)
    try:
        # The real command line (argv None) exits right after: late signals stay blocked till then.
        with terminate_cleanly(restore=argv is not None):
            return args.run(args)
    except PipelineError as error:
        print(f"error: {error}", file=sys.stderr)
        return error.exit_status
    except (KeyboardInterrupt, Interrupted):
        print("error: interrupted; the previous output is unchanged", file=sys.stderr)
        return 130
    except Exception as error:  # a bug, not the user's doing: still one line unless asked for more
        if args.debug:
            raise
        if isinstance(error, ModuleNotFoundError) and (error.name or "").split(".")[0] != "pipeline":
            # A library the project installs is missing: another Python than the project's.
            print(
                f"error: {sys.executable} lacks the project's libraries ({error}): run `make install`, then use "
                ".venv/bin/roadmap (or `source .venv/bin/activate`)",
                file=sys.stderr,
            )
            return 2
        what = (
            str(error) if isinstance(error, ChildFailed) else f"{type(error).__name__}: {error}"
        )  # it names its own type
        print(
            f"error: internal error ({what}); this is a bug: run with --debug and report it", file=sys.stderr
        )
        return 70


def _parser() -> argparse.ArgumentParser:
    prog = "python -m pipeline" if Path(sys.argv[0]).name == "__main__.py" else "roadmap"
    parser = OneLineParser(prog=prog, description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    # Also after the command; SUPPRESS keeps a command's parser from resetting the flag given before it.
    debug = OneLineParser(add_help=False)
    debug.add_argument(
        "--debug",
        action="store_true",
        default=argparse.SUPPRESS,
        help="show the traceback of an internal error",
    )
    commands = _Commands(parser.add_subparsers(required=True, metavar="COMMAND"), debug)
    limits = OneLineParser(add_help=False)
    limits.add_argument("--password", help="password of an encrypted PDF")
    limits.add_argument(
        "--max-seconds", type=positive_seconds, default=600, help="time budget per PDF (default 600)"
    )
    limits.add_argument(
        "--max-memory",
        type=positive_megabytes,
        default=2048,
        metavar="MB",
        help="memory one PDF's extraction may take on top of the program itself (default 2048 MB)",
    )

    extract = commands.add_parser(
        "extract", parents=[limits], help="extract one roadmap PDF into OUT/EDITION/"
    )
    extract.add_argument("pdf", type=Path, metavar="PDF")
    extract.add_argument(
        "--edition", help="edition id (default: as declared in sources/, else the year in the file name)"
    )
    extract.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output/)")
    extract.add_argument("--strict", action="store_true", help="exit non-zero on any warning or reject")
    extract.add_argument(
        "--report", action="store_true", help="also write OUT/EDITION/report.html (see `report`)"
    )
    extract.set_defaults(run=_run_extract)

    sources = commands.add_parser(
        "extract-sources", parents=[limits], help="extract every edition declared in sources/sources.json"
    )
    sources.add_argument("--out", type=Path, default=Path("output"))
    sources.add_argument("--strict", action="store_true")
    sources.add_argument("--report", action="store_true", help="also write each edition's report.html")
    sources.set_defaults(run=_run_sources)

    diff = commands.add_parser("diff", help="what changed between two extracted editions")
    diff.add_argument("old", metavar="OLD", help="edition id under --out, or an edition folder")
    diff.add_argument("new", metavar="NEW")
    diff.add_argument("--out", type=Path, default=Path("output"))
    diff.set_defaults(run=_run_diff)

    report = commands.add_parser(
        "report", parents=[limits], help="write OUT/EDITION/report.html: each record beside its page region"
    )
    report.add_argument("edition", metavar="EDITION", help="edition id under --out, or an edition folder")
    report.add_argument(
        "--pdf",
        type=Path,
        help="the PDF it was extracted from (default: the declared source with the manifest's sha256)",
    )
    report.add_argument("--out", type=Path, default=Path("output"))
    report.set_defaults(run=_run_report)

    export = commands.add_parser("export", help="write an edition's tables as one Excel workbook")
    export.add_argument("edition", metavar="EDITION", help="edition id under --out, or an edition folder")
    export.add_argument(
        "--xlsx", action="store_true", required=True, help="as an .xlsx workbook (the one format so far)"
    )
    export.add_argument(
        "--diff", metavar="OLD..NEW", help="add the changes of this diff (under OUT/diffs/, or its folder)"
    )
    export.add_argument(
        "--to",
        type=Path,
        metavar="FILE",
        help="where to write it (default: OUT/EDITION/roadmap-EDITION.xlsx)",
    )
    export.add_argument("--out", type=Path, default=Path("output"))
    export.set_defaults(run=_run_export)

    schema = commands.add_parser(
        "schema", help="print the JSON Schema of records.json, footnotes.json and changes.json"
    )
    schema.add_argument(
        "file", nargs="?", metavar="FILE", help="records.json, footnotes.json or changes.json alone"
    )
    schema.set_defaults(run=_run_schema)

    history = commands.add_parser(
        "history", help="follow each outcome through every extracted edition: OUT/history/"
    )
    history.add_argument("--out", type=Path, default=Path("output"))
    history.set_defaults(run=_run_history)
    return parser


class _Commands:
    """The subparsers, each made with the shared --debug."""

    def __init__(self, subparsers, debug: argparse.ArgumentParser):
        self.subparsers, self.debug = subparsers, debug

    def add_parser(
        self, name: str, parents: Sequence[argparse.ArgumentParser] = (), **kwargs
    ) -> argparse.ArgumentParser:
        return self.subparsers.add_parser(name, parents=[*parents, self.debug], **kwargs)


def _extract_one(pdf: Path, edition: str | None, args: argparse.Namespace) -> tuple[int, str]:
    # Loaded before the extraction process forks, so that the libraries sit outside its memory budget.
    import pipeline.extraction  # noqa: F401
    import pipeline.store.write  # noqa: F401
    from pipeline.store.sources import identify

    if args.report:
        import pipeline.review.gather  # noqa: F401
    if not pdf.is_file():
        raise PipelineError(f"{pdf}: no such file")
    edition = identify(pdf, edition)
    with edition_lock(args.out, edition):
        recover_folders(args.out, edition)  # what a killed run left: finished or removed before anything else
        return isolated(
            pdf.name, args.max_seconds, args.max_memory, lambda: _extract_into(pdf, edition, args)
        )


def _extract_into(pdf: Path, edition: str, args: argparse.Namespace) -> tuple[int, str]:
    from pipeline.extraction import extract
    from pipeline.store.write import write_edition

    extraction = extract(pdf, edition, password=args.password)
    review = None
    if args.report:  # written into the staged folder: the edition and its report are replaced together
        from pipeline.review.gather import (  # only here: extract without --report never loads it
            REPORT,
            write_report,
        )

        def review(folder: Path) -> None:
            write_report(folder, pdf, args.password)

    try:
        folder = write_edition(extraction, args.out, review)
    except OSError as error:
        raise write_error(args.out / edition, error) from None
    summary = (
        f"{edition}: {len(extraction.records)} records, {len(extraction.footnotes)} footnotes, "
        f"{len(extraction.rejects)} rejects, {len(extraction.warnings)} warnings{_suspect(extraction)} from "
        f"{extraction.source['pages']} pages -> {folder}/"
    )
    if args.report:
        summary += f" (review: {folder / REPORT})"
    status = 1 if args.strict and (extraction.rejects or extraction.warnings or extraction.checks) else 0
    return status, summary


def _suspect(extraction) -> str:
    """ ", 2 check findings, 5 suspect records" when the self-checks found anything."""
    if not extraction.checks:
        return ""
    findings = len(extraction.checks)
    return f", {findings} check finding{'s' if findings > 1 else ''}, {len(extraction.suspect_records)} suspect records"


def _report(status: int, summary: str) -> int:
    print(summary)
    if status:
        print(
            "error: --strict: the extraction has warnings, rejects or check findings (see manifest.json)",
            file=sys.stderr,
        )
    return status


def _run_extract(args: argparse.Namespace) -> int:
    return _report(*_extract_one(args.pdf, args.edition, args))


def _run_sources(args: argparse.Namespace) -> int:
    from pipeline.store.sources import declared_sources

    sources = declared_sources()
    workers = max(1, min(len(sources), os.cpu_count() or 1))
    print(f"extracting {len(sources)} editions in {workers} processes")
    statuses = []
    with ProcessPoolExecutor(max_workers=workers) as pool:
        jobs = [pool.submit(_extract_one, s.path, s.edition, args) for s in sources]
        for job in jobs:  # one edition's failure does not hide the others' results
            try:
                statuses.append(_report(*job.result()))
            except PipelineError as error:
                print(f"error: {error}", file=sys.stderr)
                statuses.append(error.exit_status)
    return max(statuses)


def _run_diff(args: argparse.Namespace) -> int:
    from pipeline.compare.changes import DIFFS, diff_editions, write_diff

    old, new = (edition_folder(args.out, name) for name in (args.old, args.new))
    changes = diff_editions(old, new)
    diffs, name = args.out / DIFFS, f"{old.name}..{new.name}"
    refuse_links(args.out, diffs)
    with edition_lock(diffs, name, "diff {} is being written"):
        folder = write_diff(changes, old.name, new.name, diffs / name)
    print(f"{name}: {len(changes)} changes -> {folder}/")
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from pipeline.review.gather import source_pdf, write_report

    folder = edition_folder(args.out, args.edition)
    pdf = args.pdf or source_pdf(folder)
    with edition_lock(folder.parent, folder.name):
        report = isolated(
            pdf.name, args.max_seconds, args.max_memory, lambda: write_report(folder, pdf, args.password)
        )
    print(f"{folder.name}: review report -> {report}")
    return 0


def _run_export(args: argparse.Namespace) -> int:
    from pipeline.store.export import write_workbook

    folder = edition_folder(args.out, args.edition)
    with edition_lock(
        folder.parent, folder.name
    ):  # a workbook written into a folder being replaced would be lost
        workbook = write_workbook(
            folder, args.to or folder / f"roadmap-{folder.name}.xlsx", _diff_folder(args.out, args.diff)
        )
    print(f"{folder.name}: workbook -> {workbook}")
    return 0


def _diff_folder(out: Path, name: str | None) -> Path | None:
    if name is None:
        return None
    folder = next((f for f in (Path(name), out / "diffs" / name) if (f / "changes.json").is_file()), None)
    if folder is None:
        raise PipelineError(f"{name}: no diff there (run `roadmap diff OLD NEW` first)")
    return folder


def _run_schema(args: argparse.Namespace) -> int:
    from pipeline.schema import schema_text

    print(schema_text(args.file), end="")
    return 0


def _run_history(args: argparse.Namespace) -> int:
    from pipeline.compare.history import write_history

    folder, outcomes, editions = write_history(args.out)
    print(f"history: {outcomes} outcomes over {editions} editions -> {folder}/")
    return 0
