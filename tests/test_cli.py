"""The `roadmap` command: installed, --version, --debug after the command, the declared sha256,
a text file named without a year, and the make targets that need arguments."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.compare import changes
from conftest import replica_pdf
from pipeline import __version__
from pipeline.cli.main import _parser, main
from pipeline.errors import PipelineError
from pipeline.store.sources import SOURCES, declared_sources, identify

ROOT = Path(__file__).resolve().parent.parent


def one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


def test_the_roadmap_command_is_installed():
    roadmap = Path(sys.executable).parent / "roadmap"
    assert roadmap.is_file(), "pip install -e . installs the console script beside the interpreter"
    result = subprocess.run([str(roadmap), "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("usage: roadmap ")
    for command in ("extract", "extract-sources", "diff", "report", "export", "schema", "history"):
        assert f"    {command}" in result.stdout, command
    version = subprocess.run([str(roadmap), "--version"], capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"roadmap {__version__}"
    module = subprocess.run([sys.executable, "-m", "pipeline", "--help"], capture_output=True, text=True, timeout=60)
    assert module.returncode == 0 and module.stdout.startswith("usage: python -m pipeline ")


@pytest.mark.parametrize("argv", [["--debug", "diff", "a", "b"], ["diff", "a", "b", "--debug"], ["diff", "--debug", "a", "b"]])
def test_debug_before_or_after_the_command(argv):
    assert _parser().parse_args(argv).debug is True
    assert _parser().parse_args(["diff", "a", "b"]).debug is False


def test_debug_after_the_command_shows_the_bug(extracted, monkeypatch, capsys):
    out = str(extracted["2019"].parent)
    monkeypatch.setattr(changes, "diff_editions", lambda *folders: 1 / 0)
    assert main(["diff", "2019", "2020", "--out", out]) == 70
    assert "internal error (ZeroDivisionError" in one_line(capsys.readouterr().err)
    with pytest.raises(ZeroDivisionError):
        main(["diff", "2019", "2020", "--out", out, "--debug"])


def test_another_python_without_the_libraries_is_told_what_to_do():
    """`python3 -m pipeline` outside .venv: one line that says how to run it, not 'this is a bug'."""
    code = "import sys; sys.modules['regex'] = None; from pipeline.cli.main import main; sys.exit(main(['diff', 'a', 'b']))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert one_line(result.stderr).startswith(f"error: {sys.executable} lacks the project's libraries (")
    assert "run `make install`, then use .venv/bin/roadmap" in result.stderr


# --- the declared sha256 -----------------------------------------------------------------------


def test_a_declared_file_with_another_sha256_is_refused(tmp_path):
    folder = tmp_path / "sources"
    folder.mkdir()
    pdf = folder / "roadmap-2019.pdf"
    shutil.copyfile(replica_pdf("2019"), pdf)
    entry = {"edition": "2019", "file": pdf.name, "sha256": "0" * 64, "description": "wrong on purpose"}
    (folder / "sources.json").write_text(json.dumps([entry]), encoding="utf-8")
    declared_sha = next(s.sha256 for s in declared_sources() if s.edition == "2019")
    for given in ("2019", None, "other"):  # the declared file itself, whatever id is given
        with pytest.raises(PipelineError) as refused:
            identify(pdf, given, folder)
        message = str(refused.value)
        assert "\n" not in message and "0" * 64 in message and declared_sha in message, message
    entry["sha256"] = declared_sha
    (folder / "sources.json").write_text(json.dumps([entry]), encoding="utf-8")
    assert identify(pdf, None, folder) == "2019"


def test_a_file_named_as_a_declared_one_is_checked_when_its_id_comes_from_there(tmp_path, capsys):
    impostor = tmp_path / "roadmap-2019.pdf"  # the 2020 replica under 2019's declared name
    shutil.copyfile(replica_pdf("2020"), impostor)
    assert main(["extract", str(impostor), "--out", str(tmp_path / "out")]) == 2
    message = one_line(capsys.readouterr().err)
    declared = next(s for s in declared_sources() if s.edition == "2019")
    assert message.startswith(f"error: {impostor}: its sha256 is ") and declared.sha256 in message
    assert "for edition 2019" in message and not (tmp_path / "out" / "2019").exists()
    # Given its own id, it is another edition and none of the declaration's business.
    assert identify(impostor, "2020-draft") == "2020-draft"


def test_every_declared_source_has_its_declared_sha256():
    for source in declared_sources():
        assert identify(source.path, source.edition) == source.edition
    assert SOURCES == ROOT / "sources"


# --- small things ------------------------------------------------------------------------------


def test_a_text_file_named_without_a_year_is_not_a_pdf(tmp_path, capsys):
    notes = tmp_path / "notes.txt"
    notes.write_text("minutes of the meeting\n")
    assert main(["extract", str(notes), "--out", str(tmp_path)]) == 2
    assert one_line(capsys.readouterr().err) == "error: notes.txt: not a PDF (it does not start with %PDF-)"
    pdf = tmp_path / "roadmap.pdf"  # a real PDF without a year: then the edition is what is missing
    shutil.copyfile(replica_pdf("2019"), pdf)
    assert main(["extract", str(pdf), "--out", str(tmp_path)]) == 2
    assert "cannot tell the edition from the file name" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize("target, message", [
    (["diff"], "give both editions: make diff OLD=2019 NEW=2020"),
    (["diff", "OLD=2019"], "give both editions: make diff OLD=2019 NEW=2020"),
    (["xlsx"], "give the edition: make xlsx EDITION=2019"),
])
def test_make_targets_say_what_to_give(target, message):
    # -n: nothing is run or installed; the check is made while the recipe is read.
    result = subprocess.run(["make", "-n", "-C", str(ROOT), *target, "VENV=" + str(Path(sys.executable).parent.parent)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and message in result.stderr, result.stderr
