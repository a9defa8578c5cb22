"""One writer per edition: two extractions of one edition at once would race on its folder, so the
second fails at once with a clear message."""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import PipelineError, not_followed
from pipeline.store.editions import lock_name


class Busy(PipelineError):
    exit_status = 75  # EX_TEMPFAIL: try again later


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
