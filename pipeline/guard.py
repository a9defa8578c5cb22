"""Limits around one extraction: a time and memory budget, one writer per edition, clean signals.

A hostile or broken PDF must not hang the tool or eat the machine: the budget turns both into a
one-line error. The PDF is parsed by PDFium, a C library, which aborts when an allocation fails
under the memory limit and does not return to Python while it parses a page: the budgeted work
runs in a child process, so that whatever happens there ends as that one-line error. Two
extractions of one edition at once would race on its folder: a lock makes the second fail at once
with a clear message.
"""

from __future__ import annotations

import errno
import fcntl
import os
import pickle
import resource
import select
import signal
import time
import traceback
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from pipeline.errors import PipelineError


class Busy(PipelineError):
    exit_status = 75  # EX_TEMPFAIL: try again later


class Interrupted(BaseException):
    """SIGTERM, delivered as an exception so that half-written output is cleaned up on the way out."""


class ChildFailed(Exception):
    """A bug in the child's work (not a PipelineError); its traceback comes along as a note."""


T = TypeVar("T")
# The child stops itself at the time budget; if a C call keeps it from doing so, it is killed this much later.
KILL_GRACE_SECONDS = 5.0


def isolated(name: str, seconds: float, megabytes: int, work: Callable[[], T]) -> T:
    """work() in a forked child under budget(); its result or exception comes back through a pipe.

    Whatever the child leaves half-written when it is killed is a temporary folder that the next
    run sweeps (pipeline.atomic): the output itself is only ever replaced whole.
    """
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the child: never returns
        os.close(reader)
        _run_child(writer, name, seconds, megabytes, work)
    os.close(writer)
    try:
        payload = _read_until(reader, time.monotonic() + seconds + KILL_GRACE_SECONDS)
    except BaseException:  # Ctrl-C or SIGTERM here: the child cleans up after itself, then we go
        _stop(child, signal.SIGTERM)
        raise
    finally:
        os.close(reader)
    if payload is None:
        _stop(child, signal.SIGKILL)
        raise _out_of_time(name, seconds)
    _, status = os.waitpid(child, 0)
    if not payload:
        raise _died(name, megabytes, status)
    kind, value = pickle.loads(payload)
    if kind == "result":
        return value
    raise value


def _run_child(writer: int, name: str, seconds: float, megabytes: int, work: Callable[[], T]) -> None:
    try:
        with budget(name, seconds, megabytes):
            outcome = ("result", work())
    except (PipelineError, Interrupted, KeyboardInterrupt) as error:
        outcome = ("raise", error)
    except BaseException as error:
        failure = ChildFailed(f"{type(error).__name__}: {error}")
        failure.add_note("in the extraction process:\n" + "".join(traceback.format_exception(error)))
        outcome = ("raise", failure)
    try:
        try:
            data = pickle.dumps(outcome)
        except Exception as error:
            data = pickle.dumps(("raise", ChildFailed(f"cannot pass the result back: {error}")))
        with os.fdopen(writer, "wb") as pipe:
            pipe.write(data)
    finally:
        os._exit(0)


def _read_until(reader: int, deadline: float) -> bytes | None:
    """All the child writes, or None if it has not finished by the deadline."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([reader], [], [], left)[0]:
            return None
        chunk = os.read(reader, 1 << 16)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _stop(child: int, how: signal.Signals) -> None:
    try:
        os.kill(child, how)
        os.waitpid(child, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _died(name: str, megabytes: int, status: int) -> PipelineError:
    """A child that ended without reporting. PDFium aborts when an allocation fails under the memory
    limit; other deaths are crashes."""
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGKILL):
        return PipelineError(
            f"{name}: the PDF reader stopped, most likely out of the {megabytes} MB memory budget; "
            "the PDF may be malformed (raise --max-memory)"
        )
    how = signal.Signals(os.WTERMSIG(status)).name if os.WIFSIGNALED(status) else f"exit status {os.WEXITSTATUS(status)}"
    return PipelineError(f"{name}: the PDF reader crashed on this file ({how}); the PDF may be malformed")


def _out_of_time(name: str, seconds: float) -> PipelineError:
    return PipelineError(f"{name}: extraction took longer than {seconds:g} s; the PDF may be malformed (raise --max-seconds)")


def _out_of_memory(name: str, megabytes: int) -> PipelineError:
    return PipelineError(f"{name}: extraction needed more than {megabytes} MB; the PDF may be malformed (raise --max-memory)")


@contextmanager
def budget(name: str, seconds: float, megabytes: int) -> Iterator[None]:
    def out_of_time(signum, frame):
        raise _out_of_time(name, seconds)

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    # The budget is what the extraction may add: the interpreter and what it has loaded so far
    # (which depends on who forked us) are not the PDF's doing.
    limit = _address_space() + megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (min(limit, hard) if hard != resource.RLIM_INFINITY else limit, hard))
    previous = signal.signal(signal.SIGALRM, out_of_time)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except MemoryError:
        raise _out_of_memory(name, megabytes) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int:
    """Bytes of address space this process has mapped (Linux's VmSize), or 0 where that is unknown."""
    try:
        with open("/proc/self/status") as status:
            line = next(line for line in status if line.startswith("VmSize:"))
        return int(line.split()[1]) * 1024
    except (OSError, StopIteration, ValueError, IndexError):
        return 0


@contextmanager
def edition_lock(out_root: Path, edition: str) -> Iterator[None]:
    """Hold out_root/.EDITION.lock while the edition is written; a second writer fails at once."""
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        handle = open(out_root / f".{edition}.lock", "w")
    except OSError as error:
        raise PipelineError(f"{out_root}: cannot write there ({error.strerror or error})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise Busy(f"edition {edition} is being extracted into {out_root} by another process; try again when it is done") from None
            raise
        yield


@contextmanager
def terminate_cleanly() -> Iterator[None]:
    def on_term(signum, frame):
        raise Interrupted()

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_error(target: Path, error: OSError) -> PipelineError:
    reason = {errno.ENOSPC: "the disk is full", errno.EACCES: "permission denied", errno.EROFS: "read-only file system"}
    return PipelineError(f"cannot write {target}: {reason.get(error.errno, error.strerror or str(error))}; the previous output is unchanged")
