"""Issue 14: no edition id, signal, symlink or hostile value destroys output (points 1-3, 5, 8-10).

The signal trials (point 4) are in test_faults.py, the reports (points 6, 7) in test_report_escaping.py.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from helpers import badpdfs
from conftest import replica_pdf
from pipeline.store import atomic, sources
from pipeline.compare import changes
from pipeline.store import write
from pipeline.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path = ROOT, env: dict | None = None, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env=env, **options)


def cli(capsys, *args: str) -> tuple[int, str]:
    """The command line in this process (quicker than run() where no real process is needed): status, stderr."""
    capsys.readouterr()
    try:
        status = main(list(args))
    except SystemExit as exit:  # argparse's usage errors
        status = exit.code
    return status, capsys.readouterr().err


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def snapshot(out: Path) -> dict[str, bytes]:
    """Every file a reader of OUT sees (hidden names and locks left out), with its bytes."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def edition_folders(out: Path) -> list[str]:
    """The names of the dataset's edition folders (OUT/dataset/TABLE/ID, OUT/dataset/csv/TABLE/ID)."""
    tables = [p for p in (out / "dataset").iterdir() if p.name != "csv"] + list((out / "dataset" / "csv").iterdir())
    return [edition.name for table in tables for edition in table.iterdir()]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> dict[str, Path]:
    """Two small PDFs whose extractions differ: 'old' pages 3-5 of the 2019 replica, 'new' pages 3-4."""
    folder = tmp_path_factory.mktemp("pdfs")
    made = {"old": [3, 4, 5], "new": [3, 4]}
    for name, pages in made.items():
        (folder / f"{name}.pdf").write_bytes(badpdfs.cut_pages(replica_pdf("2019"), pages))
    return {name: folder / f"{name}.pdf" for name in made}


@pytest.fixture(scope="module")
def extracted_out(tmp_path_factory, pdfs) -> Path:
    """OUT with editions x and y (the old PDF) and the diff x..y."""
    out = tmp_path_factory.mktemp("out")
    for edition in ("x", "y"):
        assert run("extract", str(pdfs["old"]), "--edition", edition, "--out", str(out)).returncode == 0
    assert run("diff", "x", "y", "--out", str(out)).returncode == 0
    return out


@pytest.fixture
def out(tmp_path, extracted_out) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(extracted_out, copy, symlinks=True)
    return copy


# --- 1. reserved ids ------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["dataset", "diffs", "Dataset", "DIFFS"])
def test_an_id_the_output_folder_uses_is_refused_and_nothing_is_lost(out, pdfs, capsys, edition):
    before = snapshot(out)
    status, stderr = cli(capsys, "extract", str(pdfs["new"]), "--edition", edition, "--out", str(out))
    assert status == 2
    assert one_line(stderr) == (f"error: edition id {edition!r} is not allowed: the output folder uses that "
                                       "name itself (dataset, diffs, history)")
    assert snapshot(out) == before


@pytest.mark.parametrize("edition, words", [("a..b", "no '..'"), ("2020.", "no '..'"), ("x" * 65, "at most 64")])
def test_ids_that_would_make_two_diffs_alike_are_refused(tmp_path, pdfs, capsys, edition, words):
    status, stderr = cli(capsys, "extract", str(pdfs["new"]), "--edition", edition, "--out", str(tmp_path / "out"))
    assert status == 2 and words in one_line(stderr)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("entries, words", [
    ([{"edition": "dataset", "file": "a.pdf", "sha256": "0", "description": "d"}], "the output folder uses that name"),
    ([{"edition": "x", "file": "a.pdf", "sha256": "0", "description": "d"}] * 2, "edition x is declared twice"),
    ([], "it must be a non-empty list of entries"),
    ({"edition": "x"}, "it must be a non-empty list of entries"),
    (["x"], "it must be a non-empty list of entries"),
    ([{"edition": 2019, "file": "a.pdf", "sha256": "0", "description": "d"}], "must be strings"),
])
def test_sources_json_is_checked_before_anything_runs(tmp_path, monkeypatch, capsys, entries, words):
    (tmp_path / "sources.json").write_text(json.dumps(entries))
    monkeypatch.setattr(sources, "SOURCES", tmp_path)
    assert main(["extract-sources", "--out", str(tmp_path / "out")]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(f"error: {tmp_path / 'sources.json'}: ") and words in line
    assert not (tmp_path / "out").exists()


# --- 2. an id that is a prefix of another's hidden names -------------------------------------------


def test_extracting_2020_leaves_the_staging_of_2020_1_alone(tmp_path, pdfs, monkeypatch, capsys):
    """While edition 2020.1 is being written, edition 2020 is extracted into the same folder."""
    out = tmp_path / "out"
    real = write._write_parquet
    calls = []

    def meanwhile(path, *args, **kwargs):  # runs in 2020.1's extraction process, between two of its files
        calls.append(path)
        if len(calls) == 1:
            other = run("extract", str(pdfs["new"]), "--edition", "2020", "--out", str(out))
            assert other.returncode == 0, other.stderr
        return real(path, *args, **kwargs)

    monkeypatch.setattr(write, "_write_parquet", meanwhile)
    assert main(["extract", str(pdfs["old"]), "--edition", "2020.1", "--out", str(out)]) == 0, capsys.readouterr().err
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["2020", "2020.1", "dataset"]
    assert sorted(p.name for p in (out / "dataset" / "records").iterdir()) == ["2020", "2020.1"]
    assert len(json.loads((out / "2020.1" / "records.json").read_text())) == 5


# --- 3. symbolic links --------------------------------------------------------------------------


def test_a_symlinked_lock_is_not_followed(out, pdfs, tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for name in (".x.lock", ".x~lock"):  # the lock's name before and after issue 14
        (out / name).unlink(missing_ok=True)
        (out / name).symlink_to(victim)
    before = snapshot(out)
    status, stderr = cli(capsys, "extract", str(pdfs["new"]), "--edition", "x", "--out", str(out))
    assert status == 2
    assert one_line(stderr) == f"error: {out / '.x~lock'}: is a symbolic link, which the pipeline does not write through; remove it"
    assert victim.read_text() == "precious" and snapshot(out) == before


@pytest.mark.parametrize("link", ["dataset", "dataset/records/x", "x"])
def test_a_symlinked_dataset_or_edition_folder_is_not_followed(out, pdfs, tmp_path, capsys, link):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(out / link, elsewhere)
    (out / link).symlink_to(elsewhere, target_is_directory=True)
    inside = snapshot(elsewhere)
    status, stderr = cli(capsys, "extract", str(pdfs["new"]), "--edition", "x", "--out", str(out))
    assert status == 2
    assert one_line(stderr) == f"error: {out / link}: is a symbolic link, which the pipeline does not write through; remove it"
    assert snapshot(elsewhere) == inside and (out / link).is_symlink()


def test_a_symlinked_diffs_folder_is_not_followed(out, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere"
    shutil.move(out / "diffs", elsewhere)
    (out / "diffs").symlink_to(elsewhere, target_is_directory=True)
    inside = snapshot(elsewhere)
    status, stderr = cli(capsys, "diff", "x", "y", "--out", str(out))
    assert status == 2 and "is a symbolic link" in one_line(stderr)
    assert snapshot(elsewhere) == inside


# --- 5. a kill between the renames of the swap ----------------------------------------------------


@pytest.fixture(scope="module")
def new_output(tmp_path_factory, extracted_out, pdfs) -> dict[str, bytes]:
    """What OUT holds after edition x is extracted again from the new PDF, uninterrupted."""
    out = tmp_path_factory.mktemp("new") / "out"
    shutil.copytree(extracted_out, out)
    assert run("extract", str(pdfs["new"]), "--edition", "x", "--out", str(out)).returncode == 0
    return snapshot(out)


@pytest.mark.parametrize("step", [1, 2, 3, 4])  # edition aside, edition in, partition aside, partition in
def test_a_kill_between_the_renames_is_finished_by_the_next_run(out, pdfs, new_output, tmp_path, step):
    env = dict(os.environ, PIPELINE_TEST_KILL_AT=f"rename:{step}")
    killed = run("extract", str(pdfs["new"]), "--edition", "x", "--out", str(out), env=env, start_new_session=True)
    assert killed.returncode == -9
    # Readers of the dataset never meet a staging folder, even now.
    assert set(edition_folders(out)) <= {"x", "y"}
    assert set(pd.read_parquet(out / "dataset" / "records")["edition"]) <= {"x", "y"}
    # The next run, even one that fails on its own PDF, first puts the new output in place, whole.
    (tmp_path / "notes.pdf").write_text("not a pdf")
    after = run("extract", str(tmp_path / "notes.pdf"), "--edition", "x", "--out", str(out))
    assert after.returncode == 2 and "not a PDF" in one_line(after.stderr)
    assert snapshot(out) == new_output
    assert [p.name for p in out.iterdir() if p.is_dir() and p.name.startswith(".")] == []


def test_a_kill_before_the_commit_leaves_the_old_output(out, pdfs, tmp_path):
    """A transaction folder without its commit mark (killed while filling) is only deleted."""
    before = snapshot(out)
    staging = out / ".x~k1ll3d00.partial"
    (staging / "new0").mkdir(parents=True)
    (staging / "new0" / "records.json").write_text("[")
    (tmp_path / "notes.pdf").write_text("not a pdf")
    assert run("extract", str(tmp_path / "notes.pdf"), "--edition", "x", "--out", str(out)).returncode == 2
    assert snapshot(out) == before and not staging.exists()


def test_leftovers_of_the_earlier_naming_are_put_back_or_removed(out, pdfs, tmp_path):
    """Before issue 14 a kill could leave the only copy in .x.xxxxxxxx.old and a partial inside OUT/dataset."""
    before = snapshot(out)
    (out / ".x.abcd1234.old").mkdir()
    (out / "x").rename(out / ".x.abcd1234.old" / "previous")
    (out / "dataset" / ".edition=x.abcd1234.partial").mkdir()
    (tmp_path / "notes.pdf").write_text("not a pdf")
    assert run("extract", str(tmp_path / "notes.pdf"), "--edition", "x", "--out", str(out)).returncode == 2
    assert snapshot(out) == before
    assert set(edition_folders(out)) == {"x", "y"} and not list((out / "dataset").glob(".*"))


# --- 8. the same message in every command --------------------------------------------------------


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_diff_on_a_full_disk_says_so(out, monkeypatch, capsys):
    before = snapshot(out)
    monkeypatch.setattr(changes, "write_json", _disk_full)
    assert main(["diff", "x", "y", "--out", str(out)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"error: cannot write {out / 'diffs' / 'x..y'}: the disk is full; the previous output is unchanged")
    assert snapshot(out) == before


def test_report_on_a_full_disk_says_so(out, pdfs, monkeypatch, capsys):
    (out / "x" / "report.html").write_text("the previous report")
    monkeypatch.setattr(atomic.tempfile, "mkstemp", _disk_full)  # the report is replaced as a file there
    assert main(["report", "x", "--pdf", str(pdfs["old"]), "--out", str(out)]) == 2
    assert one_line(capsys.readouterr().err) == (
        f"error: cannot write {out / 'x' / 'report.html'}: the disk is full; the previous output is unchanged")
    assert (out / "x" / "report.html").read_text() == "the previous report"


def test_diff_of_dot_and_dot_is_refused_cleanly(out):
    before = snapshot(out)
    result = run("diff", ".", ".", "--out", str(out), cwd=out / "x")
    assert result.returncode == 2
    assert one_line(result.stderr) == "error: .: an edition folder is named by its edition id; give it by that name (e.g. ../2019)"
    assert snapshot(out) == before and sorted(p.name for p in (out / "diffs").iterdir() if p.is_dir()) == ["x..y"]


def test_a_diff_run_again_keeps_the_files_a_user_put_in_its_folder(out, capsys):
    (out / "diffs" / "x..y" / "notes.md").write_text("my notes")
    (out / "diffs" / "x..y" / "charts").mkdir()
    (out / "diffs" / "x..y" / "charts" / "a.png").write_bytes(b"png")
    (out / "diffs" / "x..y" / "changes.json").write_text("[]")  # the diff's own file: replaced
    assert cli(capsys, "diff", "x", "y", "--out", str(out))[0] == 0
    folder = out / "diffs" / "x..y"
    assert (folder / "notes.md").read_text() == "my notes" and (folder / "charts" / "a.png").read_bytes() == b"png"
    assert json.loads((folder / "changes.json").read_text()) == []  # x and y are the same edition
    assert (folder / "report.md").is_file()
    assert [p.name for p in (out / "diffs").iterdir() if p.name.startswith(".") and p.is_dir()] == []


# --- 9. option values ---------------------------------------------------------------------------


@pytest.mark.parametrize("option, value", [
    ("--max-seconds", "-1"), ("--max-seconds", "0"), ("--max-seconds", "nan"), ("--max-seconds", "inf"),
    ("--max-seconds", "soon"), ("--max-memory", "0"), ("--max-memory", "-5"), ("--max-memory", "1.5"),
    ("--max-memory", str(2**40)),
])
def test_an_option_value_out_of_range_is_one_line(tmp_path, pdfs, capsys, monkeypatch, option, value):
    monkeypatch.setattr(sys, "argv", [str(ROOT / "pipeline" / "__main__.py")])  # as `python -m pipeline` runs, whatever runs the tests
    started = time.monotonic()
    status, stderr = cli(capsys, "extract", str(pdfs["new"]), "--edition", "x", "--out", str(tmp_path / "out"), option, value)
    assert status == 2
    line = one_line(stderr)
    assert line.startswith(f"error: argument {option}: {value!r} is not a ") and line.endswith("(see python -m pipeline extract --help)")
    assert not (tmp_path / "out").exists() and time.monotonic() - started < 4


# --- 10. a text string longer than PDFium reads ----------------------------------------------------


@pytest.mark.parametrize("length, cut", [(40_000, True), (32_767, True), (16_000, False)])
def test_a_text_string_longer_than_pdfium_reads_is_not_lost_silently(tmp_path, length, cut):
    pdf = tmp_path / "long-string.pdf"
    pdf.write_bytes(badpdfs.with_long_string(replica_pdf("2019"), [3, 4, 5], length))
    result = run("extract", str(pdf), "--edition", "x", "--out", str(tmp_path / "out"))
    if cut:
        assert result.returncode == 2
        assert one_line(result.stderr) == ("error: long-string.pdf: page 4 has a text string longer than the PDF reader reads "
                                           "(32,767 bytes), so the end of it would be lost; the PDF may be malformed")
        assert not (tmp_path / "out" / "x").exists()
    else:  # shorter strings are read whole: the page's text is all in rejects.json
        assert result.returncode == 0, result.stderr
        rejects = json.loads((tmp_path / "out" / "x" / "rejects.json").read_text())
        assert sum(len(r["text"].replace(" ", "")) for r in rejects if r["page"] == 4) == len(("lost words " * 1500)[:length].replace(" ", ""))
