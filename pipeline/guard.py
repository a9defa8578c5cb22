"""Limits around one extraction: a time and memory budget, one writer per edition, clean signals.

A hostile or broken PDF must not hang the tool or eat the machine: the budget turns both into a
one-line error. The PDF is parsed by PDFium, a C library, which aborts when an allocation fails
under the memory limit and does not return to Python while it parses a page: the budgeted work
runs in a child process, so that whatever happens there ends as that one-line error. Two
extractions of one edition at once would race on its folder: a lock makes the second fail at once
with a clear message.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import pickle
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from pipeline.editions import lock_name
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

    The child is the one that knows whether the output was replaced: on SIGTERM or Ctrl-C the
    parent passes the signal on and waits for the child's verdict (replaced: the run completed;
    not replaced: Interrupted). Signals are blocked across the fork, so that no handler runs
    before the parent knows its child's pid and before the child is set to die with its parent.
    Whatever the child leaves half-written when it is killed is a hidden folder that the next run
    sweeps or finishes (pipeline.atomic): the output itself is only ever replaced whole.
    """
    reader, writer = os.pipe()
    chunks: list[bytes] = []
    child = None
    interrupted = False
    deadline = time.monotonic() + seconds + KILL_GRACE_SECONDS
    try:
        try:
            with _blocked():
                parent = os.getpid()
                child = os.fork()
                if child == 0:  # the child: never returns
                    os.close(reader)
                    _run_child(writer, parent, name, seconds, megabytes, work)
                os.close(writer)
            finished = _read_until(reader, deadline, chunks)
            _block()  # the child has given its verdict: no signal from now on changes it
        except (Interrupted, KeyboardInterrupt):
            if child is None:  # nothing started
                raise
            _block()
            interrupted = True
            _signal(child, signal.SIGTERM)
            finished = _read_until(reader, time.monotonic() + KILL_GRACE_SECONDS, chunks)
        if not finished:
            _stop(child, signal.SIGKILL)
            raise Interrupted() if interrupted else _out_of_time(name, seconds)
        _, status = os.waitpid(child, 0)
    finally:
        os.close(reader)
        if not _holding:  # called outside a run (a test): the caller's signals are its own business
            signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)
    payload = b"".join(chunks)
    if not payload:
        raise Interrupted() if interrupted else _died(name, megabytes, status)
    kind, value = pickle.loads(payload)
    if kind == "result":
        return value
    raise value


def _run_child(
    writer: int, parent: int, name: str, seconds: float, megabytes: int, work: Callable[[], T]
) -> None:
    global _holding, _interrupted, _deferred
    _holding, _interrupted, _deferred = (
        True,
        False,
        False,
    )  # from the replacement of an output on, the child runs to its end
    try:
        _die_with(parent)
        for stop in STOPS:
            signal.signal(stop, _interrupt)
        try:
            signal.pthread_sigmask(
                signal.SIG_UNBLOCK, HELD
            )  # a signal that came during the fork is raised here
            with budget(name, seconds, megabytes):
                outcome = ("result", work())
        finally:
            _block()
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


def _die_with(parent: int) -> None:
    """Have the kernel send SIGTERM to this process when its parent dies (Linux), and stop at once if
    it has died already: a child left alone would go on and replace the output after all."""
    prctl = getattr(ctypes.CDLL(None), "prctl", None)  # Linux only; elsewhere the parent's SIGTERM is all
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def _read_until(reader: int, deadline: float, chunks: list[bytes]) -> bool:
    """Read what the child writes into chunks until it closes the pipe (True) or the deadline (False)."""
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([reader], [], [], left)[0]:
            return False
        chunk = os.read(reader, 1 << 16)
        if not chunk:
            return True
        chunks.append(chunk)


def _signal(child: int, how: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(child, how)


def _stop(child: int, how: signal.Signals) -> None:
    _signal(child, how)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(child, 0)


def _died(name: str, megabytes: int, status: int) -> PipelineError:
    """A child that ended without reporting. PDFium aborts when an allocation fails under the memory
    limit; other deaths are crashes."""
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGABRT, signal.SIGKILL):
        return PipelineError(
            f"{name}: the PDF reader stopped, most likely out of the {megabytes} MB memory budget; "
            "the PDF may be malformed (raise --max-memory)"
        )
    how = (
        signal.Signals(os.WTERMSIG(status)).name
        if os.WIFSIGNALED(status)
        else f"exit status {os.WEXITSTATUS(status)}"
    )
    return PipelineError(f"{name}: the PDF reader crashed on this file ({how}); the PDF may be malformed")


def _out_of_time(name: str, seconds: float) -> PipelineError:
    return PipelineError(
        f"{name}: extraction took longer than {seconds:g} s; the PDF may be malformed (raise --max-seconds)"
    )


def _out_of_memory(name: str, megabytes: int) -> PipelineError:
    return PipelineError(
        f"{name}: extraction needed more than {megabytes} MB; the PDF may be malformed (raise --max-memory)"
    )


@contextmanager
def budget(name: str, seconds: float, megabytes: int) -> Iterator[None]:
    def out_of_time(signum, frame):
        raise _out_of_time(name, seconds)

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    # The budget is what the extraction may add: the interpreter and what it has loaded so far
    # (which depends on who forked us) are not the PDF's doing.
    limit = _address_space() + megabytes * 2**20
    resource.setrlimit(
        resource.RLIMIT_AS, (min(limit, hard) if hard != resource.RLIM_INFINITY else limit, hard)
    )
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
def edition_lock(out_root: Path, edition: str, what: str = "edition {} is being extracted") -> Iterator[None]:
    """Hold out_root/.EDITION~lock while the edition (or a diff: `what`) is written; a second writer fails at once.

    Opened without following a symbolic link: a link planted in its place would have the lock
    truncate or create whatever file it points to.
    """
    lock = out_root / lock_name(edition)
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        handle = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise not_followed(lock) from None
        raise PipelineError(f"{out_root}: cannot write there ({error.strerror or error})") from None
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise Busy(
                    f"{what.format(edition)} into {out_root} by another process; try again when it is done"
                ) from None
            raise
        yield
    finally:
        os.close(handle)


# --- signals ----------------------------------------------------------------------------------
# SIGTERM and SIGINT stop a run (Interrupted); SIGALRM is the time budget's. All three are held
# off while an output is being replaced, and around the fork.
STOPS = (signal.SIGTERM, signal.SIGINT)
HELD = {*STOPS, signal.SIGALRM}
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
# True during a run (terminate_cleanly, the extraction process): once an output has been replaced,
# or the extraction process has given its verdict, signals stay blocked, for the run has completed
# whatever comes; terminate_cleanly drops them at its end.
_holding = False
_interrupted = False  # the run has been interrupted once already
_deferred = False  # ... while a finalizer ran: Interrupted is raised at the next checkpoint instead


def _interrupt(signum, frame):
    # The first signal interrupts; any later one is ignored (and blocked), so that the clean-up the
    # first sets off (staging folders removed, the extraction process asked for its verdict) runs
    # to its end. Ignored, not only blocked: a signal that arrived before the block still has its
    # handler run later, at any line of that clean-up.
    global _interrupted, _deferred
    signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    if _interrupted:
        return
    _interrupted = True
    if _in_finalizer(frame):  # Python prints and drops what a __del__ raises: the run would go on
        _deferred = True
        return
    raise Interrupted()


def _in_finalizer(frame) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def _checkpoint() -> None:
    """Raise an interruption that came while a finalizer ran (before the fork, before a replacement)."""
    if _deferred:
        raise Interrupted()


def _block() -> None:
    """Block HELD where the outcome is decided: a signal pending already is dropped."""
    _set_mask_dropping(signal.SIG_BLOCK, HELD)


def _set_mask_dropping(how: int, mask: set[int]) -> None:
    """pthread_sigmask, dropping the Interrupted that a pending signal's handler raises as the mask is set."""
    while True:
        try:
            signal.pthread_sigmask(how, mask)
            return
        except (Interrupted, KeyboardInterrupt):
            continue


@contextmanager
def _blocked() -> Iterator[None]:
    """HELD blocked inside; a signal that came meanwhile is raised as the block ends."""
    _checkpoint()
    before = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextmanager
def critical(final: bool = True) -> Iterator[None]:
    """The renames that replace an output: no signal can stop them half-way.

    A signal that came just before is raised as this begins, when nothing is renamed yet. A final
    replacement (the run's output) keeps signals blocked after it during a run: the new output is
    there, so the run completes.
    """
    try:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
        _checkpoint()
    except BaseException:
        if not _holding:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)
        raise
    try:
        yield
    finally:
        if not (final and _holding):
            signal.pthread_sigmask(signal.SIG_SETMASK, before)


@contextmanager
def shielded() -> Iterator[None]:
    """A clean-up that no signal may cut short: the run ends with the exception in flight, so a
    signal that comes now is dropped."""
    _block()
    try:
        yield
    finally:
        if not _holding:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD)


@contextmanager
def terminate_cleanly(restore: bool = True) -> Iterator[None]:
    """SIGTERM and SIGINT raise Interrupted, so that half-written output is cleaned up on the way out.

    The handlers are installed with the signals blocked, so that a signal at any instant meets
    either the default action (before: nothing has started) or a handler. At the end, signals that
    came after the run's outcome was decided are dropped; with restore=False (the process exits
    next) they stay blocked, and no late signal turns a completed run into a killed one.
    """
    global _holding, _interrupted, _deferred
    before = signal.pthread_sigmask(signal.SIG_BLOCK, HELD)
    previous = {stop: signal.signal(stop, _interrupt) for stop in STOPS}
    _holding, _interrupted, _deferred = True, False, False
    try:
        signal.pthread_sigmask(
            signal.SIG_SETMASK, before - HELD
        )  # a signal that came meanwhile is raised here
        yield
    finally:
        _block()
        _holding = False
        if restore:
            _set_mask_dropping(signal.SIG_SETMASK, before)
            for stop, handler in previous.items():
                signal.signal(stop, handler)


def not_followed(path: Path) -> PipelineError:
    return PipelineError(f"{path}: is a symbolic link, which the pipeline does not write through; remove it")


def write_error(target: Path, error: OSError) -> PipelineError:
    reason = {
        errno.ENOSPC: "the disk is full",
        errno.EACCES: "permission denied",
        errno.EROFS: "read-only file system",
    }
    return PipelineError(
        f"cannot write {target}: {reason.get(error.errno, error.strerror or str(error))}; the previous output is unchanged"
    )
