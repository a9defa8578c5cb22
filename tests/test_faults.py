"""A signal at any instant of an extraction (issue 14, point 4): SIGTERM to the process, Ctrl-C (SIGINT
to its process group) or SIGKILL to the process alone, sent around the start, the fork of the
extraction process and the write of the output. After each trial, the output is either the previous
one, byte for byte, with exit 130 and the documented line, or the new one, complete, with exit 0;
a killed parent takes its extraction process with it.

`make test` runs FAULT_TRIALS=6 trials; `make faults` runs many more (see the README for the counts).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import badpdfs
from conftest import replica_pdf

ROOT = Path(__file__).resolve().parent.parent
FAULT_TRIALS = int(os.environ.get("FAULT_TRIALS", "6"))
FAULT_FIRST = int(os.environ.get("FAULT_FIRST", "0"))
FAULT_LOG = os.environ.get("FAULT_LOG")  # `make faults`: one line per trial, for the tally it prints
INTERRUPTED = "error: interrupted; the previous output is unchanged"
SIGTERM_BIT = 1 << (signal.SIGTERM - 1)


def snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def command(pdf: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "pipeline", "extract", str(pdf), "--edition", "x", "--out", str(out)]


@pytest.fixture(scope="module")
def setting(tmp_path_factory) -> dict:
    """OUT with edition x from one PDF; what OUT holds after a clean run on another; that run's length."""
    folder = tmp_path_factory.mktemp("faults")
    old, new = folder / "old.pdf", folder / "new.pdf"
    old.write_bytes(badpdfs.cut_pages(replica_pdf("2019"), [3, 4, 5]))
    new.write_bytes(badpdfs.cut_pages(replica_pdf("2019"), [3, 4]))
    base = folder / "base"
    subprocess.run(command(old, base), cwd=ROOT, check=True, capture_output=True)
    clean = folder / "clean"
    shutil.copytree(base, clean)
    started = time.monotonic()
    subprocess.run(command(new, clean), cwd=ROOT, check=True, capture_output=True)
    return {"base": base, "new_pdf": new, "old": snapshot(base), "new": snapshot(clean),
            "seconds": time.monotonic() - started}


def _status(pid: int) -> dict[str, str]:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def _handles_sigterm(pid: int) -> bool:
    """Whether the program has taken SIGTERM in hand (blocked it or set a handler): interpreter start-up is over."""
    status = _status(pid)
    return any(int(status.get(key, "0"), 16) & SIGTERM_BIT for key in ("SigBlk", "SigCgt")) or not status


def _session(sid: int) -> list[int]:
    """The processes of a session (the parent and its extraction process), from /proc/*/stat."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def _key(files: dict[str, bytes]) -> tuple:
    return tuple(sorted(files.items()))


def _writing(out: Path) -> bool:
    return any(p.name.startswith(".") and p.is_dir() for p in out.iterdir()) if out.is_dir() else False


def _wait(condition, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while process.poll() is None and not condition() and time.monotonic() < deadline:
        time.sleep(0.0005)


@pytest.mark.parametrize("trial", range(FAULT_FIRST, FAULT_FIRST + FAULT_TRIALS))
def test_a_signal_at_any_instant_leaves_the_old_output_or_completes(trial, setting, tmp_path):
    rng = random.Random(trial)
    how = rng.choices(["SIGTERM", "SIGINT to the group", "SIGKILL to the parent"], weights=[5, 3, 2])[0]
    when = rng.choice(["after start", "after fork", "during write"])
    out = tmp_path / "out"
    shutil.copytree(setting["base"], out)
    process = subprocess.Popen(command(setting["new_pdf"], out), cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    _wait(lambda: _handles_sigterm(process.pid), process)
    if when == "after start":
        time.sleep(rng.uniform(0, setting["seconds"]))
    elif when == "after fork":
        _wait(lambda: len(_session(process.pid)) > 1, process)
        time.sleep(rng.uniform(0, 0.02))
    else:
        _wait(lambda: _writing(out), process)
        time.sleep(rng.uniform(0, 0.03))
    try:
        if how == "SIGINT to the group":
            os.killpg(process.pid, signal.SIGINT)
        else:
            os.kill(process.pid, signal.SIGKILL if how == "SIGKILL to the parent" else signal.SIGTERM)
    except ProcessLookupError:
        pass  # it had finished: then it must have completed
    stdout, stderr = process.communicate(timeout=60)
    deadline = time.monotonic() + 15
    while _session(process.pid) and time.monotonic() < deadline:  # the extraction process dies with its parent
        time.sleep(0.01)
    trial_name = f"trial {trial}: {how} {when}: exit {process.returncode}, {stderr.strip()!r}"
    assert _session(process.pid) == [], f"{trial_name}: the extraction process outlived its parent"
    now = snapshot(out)
    if FAULT_LOG:
        output = {_key(setting["old"]): "old output", _key(setting["new"]): "new output"}.get(_key(now), "other output")
        with open(FAULT_LOG, "a") as log:
            print(how, when, f"exit {process.returncode}", output, sep="\t", file=log)
    if process.returncode == -signal.SIGKILL:  # the parent alone: its extraction process stopped or completed
        assert how == "SIGKILL to the parent", trial_name
        assert now in (setting["old"], setting["new"]), f"{trial_name}: the output is neither the old nor the new"
        return
    if process.returncode == 130:
        assert stderr.strip() == INTERRUPTED, trial_name
        assert now == setting["old"], f"{trial_name}: said unchanged, but the output changed"
    else:  # completed (the signal came once the new output was in place, or after the end)
        assert process.returncode == 0 and stderr == "", trial_name
        assert stdout.startswith("x: 4 records") and now == setting["new"], trial_name
    assert not _writing(out), f"{trial_name}: a staging folder was left behind: {sorted(p.name for p in out.iterdir())}"


def test_the_extraction_process_dies_with_its_parent(setting, tmp_path):
    """A second or two of work (the replica three times over); the parent is killed soon after the fork."""
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(badpdfs.cut_pages(replica_pdf("2019"), list(range(1, 43)) * 3))
    out = tmp_path / "out"
    shutil.copytree(setting["base"], out)
    process = subprocess.Popen(command(pdf, out), cwd=ROOT, stderr=subprocess.PIPE, start_new_session=True)
    _wait(lambda: len(_session(process.pid)) > 1, process)
    time.sleep(0.2)
    process.kill()
    process.communicate(timeout=60)
    deadline = time.monotonic() + 3
    while _session(process.pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _session(process.pid) == [], "the extraction process outlived its parent"
    assert snapshot(out) == setting["old"] and not _writing(out)


def test_a_signal_during_a_finalizer_is_not_dropped(capfd):
    """Python prints and drops what a __del__ raises (make test met it once: a SIGTERM inside regex's
    Group.__del__, and the run went on): the interruption waits for the next checkpoint instead."""
    from pipeline import signals

    class Finalized:
        def __del__(self):
            os.kill(os.getpid(), signal.SIGTERM)
            sum(range(1000))  # the handler runs in here

    with signals.terminate_cleanly():
        with pytest.raises(signals.Interrupted):
            Finalized()
            with signals.critical():  # where an output would be replaced
                pytest.fail("the replacement began although a signal came")
    assert "Exception ignored" not in capfd.readouterr().err
