"""The one error a user sees: a clear, one-line message and a non-zero exit, never a traceback."""

from __future__ import annotations

import errno
from pathlib import Path


class PipelineError(Exception):
    """A problem with the input or the environment, explained in one line."""

    exit_status = 2


def not_followed(path: Path) -> PipelineError:
    return PipelineError(f"{path}: is a symbolic link, which the pipeline does not write through; remove it")


def write_error(target: Path, error: OSError) -> PipelineError:
    reason = {
        errno.ENOSPC: "the disk is full",
        errno.EACCES: "permission denied",
        errno.EROFS: "read-only file system",
    }
    return PipelineError(
        f"cannot write {target}: {reason.get(error.errno or 0, error.strerror or str(error))}; the previous output is unchanged"
    )
