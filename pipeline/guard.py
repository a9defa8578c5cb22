"""Limits around one extraction: a time and memory budget, one writer per edition, clean signals.

A hostile or broken PDF must not hang the tool or eat the machine: the budget turns both into a
one-line error. Two extractions of one edition at once would race on its folder: a lock makes
the second fail at once with a clear message.
"""

from __future__ import annotations

import errno
import fcntl
import resource
import signal
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from pipeline.errors import PipelineError


class Busy(PipelineError):
    exit_status = 75  # EX_TEMPFAIL: try again later


class Interrupted(BaseException):
    """SIGTERM, delivered as an exception so that half-written output is cleaned up on the way out."""


@contextmanager
def budget(name: str, seconds: float, megabytes: int) -> Iterator[None]:
    def out_of_time(signum, frame):
        raise PipelineError(f"{name}: extraction took longer than {seconds:g} s; the PDF may be malformed (raise --max-seconds)")

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (min(limit, hard) if hard != resource.RLIM_INFINITY else limit, hard))
    previous = signal.signal(signal.SIGALRM, out_of_time)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except MemoryError:
        raise PipelineError(f"{name}: extraction needed more than {megabytes} MB; the PDF may be malformed (raise --max-memory)") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


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
