"""Bad input and faults (README, "When things go wrong"): a clear one-line error and exit status,
nothing lost, nothing half-written. Every input is made here from the replicas."""

from __future__ import annotations

import errno
import faulthandler
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import badpdfs
from conftest import replica_pdf
from pipeline import extraction
from pipeline.cli import guard
from pipeline.store import write
from pipeline.stages.checks import glyph_chars, unaccounted_characters
from pipeline.stages.models import Outputs
from pipeline.cli.main import main
from pipeline.errors import PipelineError
from pipeline.cli.guard import isolated
from pipeline.store.lock import edition_lock
from pipeline.stages.load import load_document

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = {"records.json", "records.parquet", "footnotes.json", "footnotes.parquet", "rejects.json", "manifest.json"}


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The real command line, in a child process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def one_clean_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    """Pages 3-5 of the 2019 replica: the C2 table's start, quick to extract."""
    path = tmp_path_factory.mktemp("small") / "roadmap-small-2019.pdf"
    path.write_bytes(badpdfs.cut_pages(replica_pdf("2019"), [3, 4, 5]))
    return path


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.rglob(".*") if p.is_dir())


@pytest.mark.parametrize("name, content, message", [
    ("notes.pdf", b"minutes of the meeting\n", "notes.pdf: not a PDF (it does not start with %PDF-)"),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "scan.png: not a PDF (it does not start with %PDF-)"),
    ("empty.pdf", b"", "empty.pdf: the file is empty (0 bytes)"),
])
def test_not_a_pdf(tmp_path, name, content, message):
    (tmp_path / name).write_bytes(content)
    result = run("extract", str(tmp_path / name), "--edition", "x", "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and one_clean_line(result.stderr) == f"error: {message}"
    assert not (tmp_path / "out" / "x").exists()


@pytest.mark.parametrize("share", [0.02, 0.3, 0.6, 0.9])
def test_a_truncated_download(tmp_path, small, share):
    data = small.read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: int(len(data) * share)])
    status = main(["extract", str(tmp_path / "cut.pdf"), "--edition", "x", "--out", str(tmp_path)])
    assert status == 2
    assert not (tmp_path / "x").exists() and leftovers(tmp_path) == []


def test_a_truncated_download_says_so(tmp_path, small):
    (tmp_path / "cut.pdf").write_bytes(small.read_bytes()[:5000])
    result = run("extract", str(tmp_path / "cut.pdf"), "--edition", "x", "--out", str(tmp_path))
    assert "damaged or truncated PDF" in one_clean_line(result.stderr) and result.returncode == 2


def test_a_page_that_cannot_be_read(tmp_path):
    (tmp_path / "holed.pdf").write_bytes(badpdfs.missing_page())
    result = run("extract", str(tmp_path / "holed.pdf"), "--edition", "x", "--out", str(tmp_path))
    assert result.returncode == 2
    assert one_clean_line(result.stderr) == "error: holed.pdf: page 2 is damaged and cannot be read; download the PDF again"


def test_a_scan_without_text_asks_for_ocr(tmp_path):
    (tmp_path / "scan.pdf").write_bytes(badpdfs.scanned(replica_pdf("2019"), [3, 4]))
    result = run("extract", str(tmp_path / "scan.pdf"), "--edition", "x", "--out", str(tmp_path))
    assert result.returncode == 2
    assert one_clean_line(result.stderr) == "error: scan.pdf: no text layer on any of its 2 pages (a scan?): run OCR on it first"


def test_an_encrypted_pdf_with_and_without_its_password(tmp_path, small):
    (tmp_path / "locked.pdf").write_bytes(badpdfs.encrypted(small, "s3cret"))
    base = ["extract", str(tmp_path / "locked.pdf"), "--edition", "x", "--out", str(tmp_path)]
    without = run(*base)
    assert without.returncode == 2
    assert one_clean_line(without.stderr) == "error: locked.pdf: the PDF is encrypted: give its password with --password"
    wrong = run(*base, "--password", "guess")
    assert wrong.returncode == 2 and "password given does not open it" in one_clean_line(wrong.stderr)
    right = run(*base, "--password", "s3cret")
    assert right.returncode == 0, right.stderr
    assert len(json.loads((tmp_path / "x" / "records.json").read_text())) == 5


def test_a_pdf_with_no_roadmap_table(tmp_path):
    (tmp_path / "report.pdf").write_bytes(badpdfs.other_report())
    result = run("extract", str(tmp_path / "report.pdf"), "--edition", "x", "--out", str(tmp_path))
    assert result.returncode == 2
    assert one_clean_line(result.stderr) == "error: report.pdf: no roadmap table header found on pages 1-1"


def test_pages_missing_in_the_middle(tmp_path, extracted):
    pdf = tmp_path / "draft-2019.pdf"
    pdf.write_bytes(badpdfs.cut_pages(replica_pdf("2019"), [n for n in range(1, 43) if n not in (6, 7)]))
    assert main(["extract", str(pdf), "--out", str(tmp_path)]) == 0
    folder = tmp_path / "2019"
    manifest = json.loads((folder / "manifest.json").read_text())
    rejects = json.loads((folder / "rejects.json").read_text())
    # The piece of a row that began on a missing page is kept aside, with its page and position.
    assert [(r["page"], r["reason"]) for r in rejects] == [(6, "row continues from a page that is missing or has no open row")]
    assert rejects[0]["text"].startswith("cost estimation models for new infrastructure.")
    assert "page numbers jump from 5 to 8 before page 6: pages are missing" in manifest["warnings"]
    assert any("outcome E (page 5) may run on into missing pages" in w for w in manifest["warnings"])
    records = json.loads((folder / "records.json").read_text())
    whole = json.loads((extracted["2019"] / "records.json").read_text())
    # Exactly the outcomes that start on the two missing pages are gone; the rest are there.
    keys = ("action_line", "section", "outcome_id")
    assert [tuple(r[k] for k in keys) for r in records] == [tuple(r[k] for k in keys) for r in whole if r["pages"][0] not in (6, 7)]
    assert main(["extract", str(pdf), "--out", str(tmp_path), "--strict"]) == 1


def test_rotated_pages_read_as_if_upright(tmp_path, extracted):
    pdf = tmp_path / "roadmap-2019.pdf"
    pdf.write_bytes(badpdfs.rotated(replica_pdf("2019"), [4, 5, 13], 90))
    assert main(["extract", str(pdf), "--edition", "2019", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "2019" / "records.json").read_bytes() == (extracted["2019"] / "records.json").read_bytes()


def test_a_path_with_spaces_and_accents(tmp_path, small):
    folder = tmp_path / "dossier été" / "sous dossier"
    folder.mkdir(parents=True)
    shutil.copy(small, folder / "feuille de route – 2019.pdf")
    result = run("extract", str(folder / "feuille de route – 2019.pdf"), "--out", str(folder / "sortie à part"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2019: 5 records")
    assert OUTPUTS <= {p.name for p in (folder / "sortie à part" / "2019").iterdir()}


def test_an_output_folder_that_cannot_be_made(tmp_path, small):
    (tmp_path / "a-file").write_text("not a folder")
    result = run("extract", str(small), "--edition", "x", "--out", str(tmp_path / "a-file" / "out"))
    assert result.returncode == 2 and "cannot write there" in one_clean_line(result.stderr)


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "the disk is full"), (errno.EACCES, "permission denied")])
@pytest.mark.parametrize("failing_call", [2, 6])  # footnotes.parquet; the dataset's first, written after the edition's folder
def test_a_write_that_fails_half_way_leaves_the_previous_output(tmp_path, small, monkeypatch, capsys, code, words, failing_call):
    assert main(["extract", str(small), "--edition", "x", "--out", str(tmp_path)]) == 0
    capsys.readouterr()

    def contents() -> dict[str, bytes]:
        return {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".pdf" and ".lock" not in p.name}

    before = contents()
    real = write._write_parquet
    calls = []

    def failing(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == failing_call:
            raise OSError(code, os.strerror(code), str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(write, "_write_parquet", failing)
    other = tmp_path / "other.pdf"  # another PDF for the same edition: new output would differ from the old
    other.write_bytes(badpdfs.cut_pages(replica_pdf("2019"), [3, 4]))
    assert main(["extract", str(other), "--edition", "x", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert words in err and "the previous output is unchanged" in err
    assert contents() == before
    assert leftovers(tmp_path) == []


def test_an_interrupted_run_leaves_the_previous_output(tmp_path, small, monkeypatch, capsys):
    assert main(["extract", str(small), "--edition", "x", "--out", str(tmp_path)]) == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "x").iterdir()}

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "_manifest", interrupted)
    assert main(["extract", str(small), "--edition", "x", "--out", str(tmp_path)]) == 130
    assert "interrupted; the previous output is unchanged" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in (tmp_path / "x").iterdir()} == before
    assert leftovers(tmp_path) == []


def test_a_killed_run_leaves_nothing_that_looks_like_output(tmp_path, small):
    """SIGKILL cannot be caught: the half-written folder is hidden and swept by the next run."""
    stale = tmp_path / ".x~k1ll3d.partial"
    stale.mkdir(parents=True)
    (stale / "records.json").write_text("[")
    assert main(["extract", str(small), "--edition", "x", "--out", str(tmp_path)]) == 0
    assert leftovers(tmp_path) == [] and sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["dataset", "x"]


def test_sigterm_mid_run_is_a_clean_interruption(tmp_path):
    pdf = tmp_path / "long.pdf"  # the replica eight times over: seconds of work
    pdf.write_bytes(badpdfs.cut_pages(replica_pdf("2019"), list(range(1, 43)) * 8))
    child = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(pdf), "--edition", "x", "--out", str(tmp_path)],
                             cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while not _has_child(child.pid) and time.monotonic() < deadline:  # the extraction process forked
        time.sleep(0.01)
    time.sleep(0.3)  # well inside its reading of the PDF
    child.terminate()
    _, stderr = child.communicate(timeout=60)
    assert child.returncode == 130 and one_clean_line(stderr) == "error: interrupted; the previous output is unchanged"
    assert not (tmp_path / "x").exists() and leftovers(tmp_path) == []


def _has_child(pid: int) -> bool:
    """Whether a process has a child, from /proc/*/stat (whose 4th field, after the name, is the parent)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                return True
        except (OSError, IndexError, ValueError):
            continue
    return False


def test_two_extractions_of_one_edition_at_once(tmp_path, small):
    with edition_lock(tmp_path, "x"):
        result = run("extract", str(small), "--edition", "x", "--out", str(tmp_path))
    assert result.returncode == 75
    assert one_clean_line(result.stderr) == f"error: edition x is being extracted into {tmp_path} by another process; try again when it is done"
    assert run("extract", str(small), "--edition", "x", "--out", str(tmp_path)).returncode == 0


def test_a_hostile_pdf_hits_the_time_budget(tmp_path):
    (tmp_path / "strokes.pdf").write_bytes(badpdfs.endless_drawing(megabytes=20))
    result = run("extract", str(tmp_path / "strokes.pdf"), "--edition", "x", "--out", str(tmp_path), "--max-seconds", "2")
    assert result.returncode == 2
    assert one_clean_line(result.stderr) == "error: strokes.pdf: extraction took longer than 2 s; the PDF may be malformed (raise --max-seconds)"


def test_a_hostile_pdf_hits_the_memory_budget(tmp_path):
    (tmp_path / "bomb.pdf").write_bytes(badpdfs.inflation_bomb(gigabytes=1))
    result = run("extract", str(tmp_path / "bomb.pdf"), "--edition", "x", "--out", str(tmp_path), "--max-memory", "600")
    assert result.returncode == 2
    assert one_clean_line(result.stderr) == (
        "error: bomb.pdf: the PDF reader stopped, most likely out of the 600 MB memory budget; "
        "the PDF may be malformed (raise --max-memory)"
    )


@pytest.mark.parametrize("edition", ["../../x", "a/b", ".hidden", ""])
def test_an_edition_id_cannot_leave_the_output_folder(tmp_path, small, edition):
    result = run("extract", str(small), "--edition", edition, "--out", str(tmp_path / "out"))
    assert result.returncode == 2 and "is not allowed" in one_clean_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_file(tmp_path):
    result = run("extract", str(tmp_path / "nowhere.pdf"), "--out", str(tmp_path))
    assert result.returncode == 2 and one_clean_line(result.stderr) == f"error: {tmp_path / 'nowhere.pdf'}: no such file"


@pytest.mark.parametrize("edition", ["2019", "2020"])
def test_every_character_is_accounted_for(extracted, edition):
    """Records + bands + footnotes + furniture + rejects hold every glyph of the PDF, once (the
    accounting each extraction does itself: pipeline/stages/checks.py), read back from the written files."""
    document = load_document(replica_pdf(edition))
    folder = extracted[edition]

    def read(name):
        return json.loads((folder / name).read_text())

    manifest = read("manifest.json")
    outputs = Outputs(read("records.json"), [band["text"] for table in manifest["tables"] for band in table["bands"]],
                      read("footnotes.json"), manifest["furniture"], read("rejects.json"))
    assert glyph_chars(document) > 50_000
    assert unaccounted_characters(glyph_chars(document), outputs) == 0
    assert set(manifest["furniture"]) == {"front_matter", "header", "page_number", "title", "note"}


def test_a_crash_of_the_pdf_reader_is_one_line(tmp_path):
    """PDFium is C: a crash in the extraction process ends as an error, not as a dead tool."""
    def crash() -> None:
        faulthandler.disable()  # pytest's dump of the child's stack would only be noise here
        os.kill(os.getpid(), signal.SIGSEGV)

    with pytest.raises(PipelineError, match=r"^x.pdf: the PDF reader crashed on this file \(SIGSEGV\); the PDF may be malformed$"):
        isolated("x.pdf", 60, 2048, crash)


def test_a_reader_stuck_in_a_c_call_is_stopped(monkeypatch):
    """A C call does not return to Python, so the child cannot stop itself: the parent kills it."""
    monkeypatch.setattr(guard, "KILL_GRACE_SECONDS", 0.5)

    def stuck() -> None:
        signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])  # as deaf to the alarm as a C call
        time.sleep(60)

    started = time.monotonic()
    with pytest.raises(PipelineError, match=r"^x.pdf: extraction took longer than 0.5 s"):
        isolated("x.pdf", 0.5, 2048, stuck)
    assert time.monotonic() - started < 10


def test_the_child_passes_back_results_and_errors():
    assert isolated("x.pdf", 60, 2048, lambda: {"records": 3}) == {"records": 3}
    with pytest.raises(PipelineError, match="^no table$"):
        isolated("x.pdf", 60, 2048, lambda: (_ for _ in ()).throw(PipelineError("no table")))
    with pytest.raises(guard.ChildFailed, match="ZeroDivisionError"):
        isolated("x.pdf", 60, 2048, lambda: 1 / 0)


def test_a_bug_is_one_line_and_debug_shows_where(tmp_path, small, monkeypatch, capsys):
    monkeypatch.setattr(extraction, "extract", lambda *args, **kwargs: 1 / 0)  # the child inherits it
    assert main(["extract", str(small), "--edition", "x", "--out", str(tmp_path)]) == 70
    assert one_clean_line(capsys.readouterr().err) == (
        "error: internal error (ZeroDivisionError: division by zero); this is a bug: run with --debug and report it"
    )
    with pytest.raises(guard.ChildFailed) as raised:
        main(["--debug", "extract", str(small), "--edition", "x", "--out", str(tmp_path)])
    assert "in the extraction process" in raised.value.__notes__[0] and "ZeroDivisionError" in raised.value.__notes__[0]
    assert not (tmp_path / "x").exists()


def test_the_memory_budget_is_for_the_extraction_not_the_program(tmp_path, small):
    """The interpreter and its libraries map hundreds of MB before any PDF is read: a budget of
    100 MB still lets a small PDF through."""
    result = run("extract", str(small), "--edition", "x", "--out", str(tmp_path), "--max-memory", "100")
    assert result.returncode == 0, result.stderr
