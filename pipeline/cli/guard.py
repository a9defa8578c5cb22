"""Limits around one extraction: a time and memory budget, in a child process.

A hostile or broken PDF must not hang the tool or eat the machine: the budget turns both into a
one-line error. The PDF is parsed by PDFium, a C library, which aborts when an allocation fails
under the memory limit and does not return to Python while it parses a page: the budgeted work
runs in a child process, so that whatever happens there ends as that one-line error.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import resource
import select
import signal
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from pipeline.errors import PipelineError
from pipeline.signals import HELD, Interrupted, block, blocked, hold_in_child, holding


class ChildFailed(Exception):
    """A bug in the child's work (not a PipelineError); its traceback comes along as a note."""


T = TypeVar("T")
# The child stops itself at the time budget; if a C call keeps it from doing so, it is killed this much later.
KILL_GRACE_SECONDS = 5.0
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def isolated(name: str, seconds: float, megabytes: int, work: Callable[[], T]) -> T:
    """work() in a forked child under budget(); its result or exception comes back through a pipe.

    The child is the one that knows whether the output was replaced: on SIGTERM or Ctrl-C the
    parent passes the signal on and waits for the child's verdict (replaced: the run completed;
    not replaced: Interrupted). Signals are blocked across the fork, so that no handler runs
    before the parent knows its child's pid and before the child is set to die with its parent.
    Whatever the child leaves half-written when it is killed is a hidden folder that the next run
    sweeps or finishes (pipeline.store.atomic): the output itself is only ever replaced whole.
    """
    reader, writer = os.pipe()
    chunks: list[bytes] = []
    child = None
    interrupted = False
    deadline = time.monotonic() + seconds + KILL_GRACE_SECONDS
    try:
        try:
            with blocked():
                parent = os.getpid()
                child = os.fork()
                if child == 0:  # the child: never returns
                    os.close(reader)
                    _run_child(writer, parent, name, seconds, megabytes, work)
                os.close(writer)
            finished = _read_until(reader, deadline, chunks)
            block()  # the child has given its verdict: no signal from now on changes it
        except (Interrupted, KeyboardInterrupt):
            if child is None:  # nothing started
                raise
            block()
            interrupted = True
            _signal(child, signal.SIGTERM)
            finished = _read_until(reader, time.monotonic() + KILL_GRACE_SECONDS, chunks)
        if not finished:
            _stop(child, signal.SIGKILL)
            raise Interrupted() if interrupted else _out_of_time(name, seconds)
        _, status = os.waitpid(child, 0)
    finally:
        os.close(reader)
        if not holding():  # called outside a run (a test): the caller's signals are its own business
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
    hold_in_child()  # from the replacement of an output on, the child runs to its end
    outcome: tuple[str, object]
    try:
        _die_with(parent)
        try:
            signal.pthread_sigmask(
                signal.SIG_UNBLOCK, HELD
            )  # a signal that came during the fork is raised here
            with budget(name, seconds, megabytes):
                outcome = ("result", work())
        finally:
            block()
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
