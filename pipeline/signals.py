"""Signals held off while an output is replaced: SIGTERM and Ctrl-C end a run cleanly or not at all.

SIGTERM and SIGINT raise Interrupted, so that half-written output is cleaned up on the way out;
the renames that replace an output (`critical`) and the clean-up after a failure (`shielded`) run
with them blocked. The process guard (pipeline.cli.guard) forks the extraction under the same rules.
"""

from __future__ import annotations

import signal
from collections.abc import Iterable, Iterator
from contextlib import contextmanager


class Interrupted(BaseException):
    """SIGTERM, delivered as an exception so that half-written output is cleaned up on the way out."""


# SIGTERM and SIGINT stop a run (Interrupted); SIGALRM is the time budget's. All three are held
# off while an output is being replaced, and around the fork.
STOPS = (signal.SIGTERM, signal.SIGINT)
HELD = {*STOPS, signal.SIGALRM}
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


def block() -> None:
    """Block HELD where the outcome is decided: a signal pending already is dropped."""
    _set_mask_dropping(signal.SIG_BLOCK, HELD)


def _set_mask_dropping(how: int, mask: Iterable[int]) -> None:
    """pthread_sigmask, dropping the Interrupted that a pending signal's handler raises as the mask is set."""
    while True:
        try:
            signal.pthread_sigmask(how, mask)
            return
        except (Interrupted, KeyboardInterrupt):
            continue


@contextmanager
def blocked() -> Iterator[None]:
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
    block()
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
        block()
        _holding = False
        if restore:
            _set_mask_dropping(signal.SIG_SETMASK, before)
            for stop, handler in previous.items():
                signal.signal(stop, handler)


def hold_in_child() -> None:
    """The extraction process, right after the fork (signals still blocked): it runs to its end once
    an output is replaced, and SIGTERM and SIGINT raise Interrupted in it."""
    global _holding, _interrupted, _deferred
    _holding, _interrupted, _deferred = True, False, False
    for stop in STOPS:
        signal.signal(stop, _interrupt)


def holding() -> bool:
    """Inside a run (terminate_cleanly, the extraction process), as opposed to a test calling in."""
    return _holding
