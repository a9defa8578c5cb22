"""Folders that appear whole or not at all."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Callable


def replace_folder(target: Path, fill: Callable[[Path], None]) -> Path:
    """Let `fill` write into a fresh temporary sibling of `target`, then swap it in for `target`.

    A reader never sees a half-written folder, and a failure (or Ctrl-C) leaves the previous
    `target` as it was and no temporary folder behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
    try:
        fill(staging)
        staging.chmod(0o755)  # mkdtemp makes it 0700
        if target.exists():
            # A folder cannot be renamed over a non-empty one: move the old one aside first,
            # and back if the new one cannot take its place.
            aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
            target.rename(aside / "previous")
            try:
                staging.rename(target)
            except BaseException:
                (aside / "previous").rename(target)
                raise
            finally:
                shutil.rmtree(aside, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def sweep_leftovers(target: Path) -> None:
    """Remove temporary siblings of `target` that a killed run left behind (call under its lock)."""
    if target.parent.is_dir():
        for stale in target.parent.glob(f".{target.name}.*"):
            if stale.is_dir() and stale.name.endswith((".partial", ".old")):
                shutil.rmtree(stale, ignore_errors=True)
