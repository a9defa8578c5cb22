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
    replace_folders({target: fill})
    return target


def replace_folders(fills: dict[Path, Callable[[Path], None]]) -> None:
    """replace_folder for several folders that belong together: every one is filled first, then
    they are swapped in one after the other, so that a failure while writing changes none of them."""
    staged: dict[Path, Path] = {}
    try:
        for target, fill in fills.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            staged[target] = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent))
            fill(staged[target])
            staged[target].chmod(0o755)  # mkdtemp makes it 0700
        for target, staging in staged.items():
            _swap(staging, target)
    finally:
        for staging in staged.values():
            shutil.rmtree(staging, ignore_errors=True)  # gone already where the swap happened


def _swap(staging: Path, target: Path) -> None:
    if not target.exists():
        staging.rename(target)
        return
    # A folder cannot be renamed over a non-empty one: move the old one aside first, and back if
    # the new one cannot take its place.
    aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    target.rename(aside / "previous")
    try:
        staging.rename(target)
    except BaseException:
        (aside / "previous").rename(target)
        raise
    finally:
        shutil.rmtree(aside, ignore_errors=True)


def sweep_leftovers(target: Path) -> None:
    """Remove temporary siblings of `target` that a killed run left behind (call under its lock)."""
    if target.parent.is_dir():
        for stale in target.parent.glob(f".{target.name}.*"):
            if stale.is_dir() and stale.name.endswith((".partial", ".old")):
                shutil.rmtree(stale, ignore_errors=True)
