"""Folders that appear whole or not at all, and that a kill at any instant cannot lose.

The new folders are staged in one hidden transaction folder beside the first target (never inside
a dataset tree, where a reader such as DuckDB would take a staging folder for a partition). Once
every one is filled, a `commit` folder is made in it: before that, the old outputs are untouched
and a leftover transaction is only deleted; after it, the renames that put the new folders in
place are finished by whoever comes next (the same run, or the next run after a kill), so the
outputs are found either all old or all new, and no step deletes the only copy of anything.

    OUT/.ID~xxxxxxxx.partial/journal.json   the targets, relative to OUT, in order
                            /new0, new1     the new folders, until renamed into place
                            /old0, old1     the previous folders, moved aside
                            /commit         made when every new folder is complete

Hidden names carry editions.SEPARATOR, which no edition id contains. Nothing here writes through
a symbolic link below the output folder that the pipeline did not make.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import stat
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from pipeline.errors import PipelineError, not_followed, write_error
from pipeline.signals import critical, shielded
from pipeline.store.editions import hidden_prefix

STAGING_SUFFIX = ".partial"
JOURNAL = "journal.json"
COMMIT = "commit"
# For the fault tests only: `rename:N` kills the whole process group right after the Nth rename
# of a replacement (read once; a normal run compares one None per rename).
KILL_AT = os.environ.get("PIPELINE_TEST_KILL_AT")
_renames = 0


def replace_file(target: Path, write: Callable[[Path], object]) -> None:
    """The whole new file or, on any failure, the previous one (or none) and no temporary file: a
    temporary file beside the target, written by `write`, renamed over it."""
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=STAGING_SUFFIX, dir=target.parent
        )
        os.close(handle)
        write(Path(temporary))
        os.chmod(temporary, 0o644)  # mkstemp makes it 0600
        with critical():  # replaced: the run completes whatever signal comes
            os.replace(temporary, target)
    except OSError as error:
        raise write_error(target, error) from None
    finally:
        if temporary is not None and os.path.exists(temporary):
            with shielded():
                os.unlink(temporary)


def replace_folder(target: Path, fill: Callable[[Path], None]) -> Path:
    """Let `fill` write into a fresh staging folder, then swap it in for `target`."""
    replace_folders({target: fill})
    return target


def replace_folders(fills: Mapping[Path, Callable[[Path], None]]) -> None:
    """replace_folder for several folders that belong together: every one is filled first, then
    they are swapped in as one (see the module's docstring). Call it under the targets' lock: it
    first finishes or removes what an earlier, killed run left."""
    first = next(iter(fills))
    home = first.parent
    try:
        for target in fills:
            refuse_links(home, target)
        home.mkdir(parents=True, exist_ok=True)
        recover_folders(home, first.name)
    except OSError as error:
        raise write_error(first, error) from None
    transaction: Path | None = None
    committed = keep = False
    try:
        with critical(final=False):  # made and named at once, so that the clean-up below knows it
            transaction = Path(
                tempfile.mkdtemp(prefix=hidden_prefix(first.name), suffix=STAGING_SUFFIX, dir=home)
            )
        for index, fill in enumerate(fills.values()):
            (transaction / f"new{index}").mkdir()
            fill(transaction / f"new{index}")
            os.chmod(transaction / f"new{index}", 0o755)
        (transaction / JOURNAL).write_text(
            json.dumps([os.path.relpath(t, home) for t in fills]), encoding="utf-8"
        )
        with critical():
            (transaction / COMMIT).mkdir()  # from here on the new outputs are the outputs
            committed = True
            _roll_forward(transaction, home)
    except OSError as error:
        if committed:  # the transaction is kept, whole: the next run completes the swap
            keep = True
            raise PipelineError(
                f"cannot write {first}: {error.strerror or error}; the new output is complete in "
                f"{transaction} and the next run puts it in place"
            ) from None
        raise write_error(first, error) from None
    finally:
        if (
            transaction and not keep
        ):  # the previous outputs, moved aside, or a transaction that never committed
            with shielded():
                shutil.rmtree(transaction, ignore_errors=True)


def _roll_forward(transaction: Path, home: Path) -> None:
    """Put every new folder of a committed transaction in place; safe to repeat after a kill at any step."""
    targets = json.loads((transaction / JOURNAL).read_text(encoding="utf-8"))
    for index, relative in enumerate(targets):
        new, old, target = transaction / f"new{index}", transaction / f"old{index}", home / relative
        refuse_links(home, target)
        if not new.exists():
            continue  # in place already
        if os.path.lexists(target) and not old.exists():
            _rename(target, old)
        target.parent.mkdir(parents=True, exist_ok=True)
        _rename(new, target)


def _rename(source: Path, target: Path) -> None:
    global _renames
    source.rename(target)
    _renames += 1
    if f"rename:{_renames}" == KILL_AT:
        os.killpg(os.getpgrp(), signal.SIGKILL)


def recover_folders(home: Path, name: str) -> None:
    """Finish the committed transactions of `name` that a killed run left in `home`, delete the others."""
    prefix = hidden_prefix(name)
    try:
        for leftover in home.iterdir():
            if (
                leftover.name.startswith(prefix)
                and leftover.name.endswith(STAGING_SUFFIX)
                and _real_folder(leftover)
            ):
                if (leftover / COMMIT).is_dir() and (leftover / JOURNAL).is_file():
                    with critical(final=False):
                        _roll_forward(leftover, home)
                shutil.rmtree(leftover, ignore_errors=True)
        _recover_legacy(home, name)
    except OSError as error:
        raise write_error(home / name, error) from None


def _recover_legacy(home: Path, name: str) -> None:
    """Leftovers of versions before the transaction folder: `.NAME.xxxxxxxx.partial` (delete) and
    `.NAME.xxxxxxxx.old/previous` (the only copy when NAME is missing: put back), also inside OUT/dataset."""
    legacy = re.compile(rf"^\.{re.escape(name)}\.[a-z0-9_]{{8}}\.(partial|old)$")
    for folder in (home, home / "dataset"):
        if not _real_folder(folder):
            continue
        for leftover in folder.iterdir():
            match = legacy.match(leftover.name) or legacy.match(leftover.name.replace("edition=", "", 1))
            if not match or not _real_folder(leftover):
                continue
            previous, target = leftover / "previous", folder / leftover.name[1:].rsplit(".", 2)[0]
            if match[1] == "old" and previous.is_dir() and not os.path.lexists(target):
                previous.rename(target)
            shutil.rmtree(leftover, ignore_errors=True)


def _real_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def refuse_links(home: Path, target: Path) -> None:
    """A PipelineError if any folder from below `home` down to `target` is a symbolic link: `home`
    is the user's to place anywhere, what lies below it is the pipeline's."""
    for path in [target, *target.parents]:
        if path == home or home not in path.parents:
            break
        if path.is_symlink():
            raise not_followed(path)


def carry_over(previous: Path, folder: Path, own: Iterable[str]) -> None:
    """Hard links in `folder` to whatever a user put into `previous` (anything but `own` names), so
    that replacing the folder keeps the user's files; `previous` itself is left as it is."""
    if not _real_folder(previous):
        return
    skip = set(own)
    for entry in previous.iterdir():
        if entry.name in skip or os.path.lexists(folder / entry.name):
            continue
        if _real_folder(entry):
            shutil.copytree(entry, folder / entry.name, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(entry, folder / entry.name)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
            raise
        shutil.copy2(source, target, follow_symlinks=False)
