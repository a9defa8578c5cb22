"""Where the editions live under an output folder, and the multi-edition dataset.

    OUT/ID/                                   one edition (records.json, NAME.parquet, NAME.csv, ...)
    OUT/dataset/NAME/ID/NAME.parquet          every edition's table NAME, one folder per edition
    OUT/dataset/csv/NAME/ID/NAME.csv          the same as CSV

The dataset's folders are named by the edition id alone, not "edition=ID": readers take a
"key=value" folder for a hive partition and would turn "2019" into a number (and refuse a file
that holds the column as well). The `edition` column is in every file, as a string, so
`pandas.read_parquet("OUT/dataset/records")`, DuckDB's `read_parquet('OUT/dataset/records/*/*.parquet')`
and Polars' `pl.read_parquet("OUT/dataset/records/*/*.parquet")` all read it as text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import PipelineError
from pipeline.store.editions import check_edition_id

# Only the standard library at import: the command line imports this module, and must be able to
# say in one line that a Python without the project's libraries cannot run it.
if TYPE_CHECKING:
    import pyarrow as pa

DATASET = "dataset"


def partition(out_root: Path, table: str, edition: str, format: str = "parquet") -> Path:
    """The dataset folder of one edition's table in one format."""
    base = out_root / DATASET
    return (base / table if format == "parquet" else base / format / table) / edition


def remove_old_partition(out_root: Path, edition: str) -> None:
    """The hive partition that versions before 0.2 wrote (OUT/dataset/edition=ID/records.parquet)."""
    shutil.rmtree(out_root / DATASET / f"edition={edition}", ignore_errors=True)


def edition_order(edition: str) -> tuple:
    """Editions sort by their ids with numbers compared as numbers: "2019" < "2020" < "2020b" < "2021"."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.findall(r"\d+|\D+", edition)
    )


def edition_folder(out: Path, name: str) -> Path:
    """An edition given as an id under OUT, or as its folder."""
    candidate = Path(name)
    folder = candidate if (candidate / "records.json").is_file() else Path(out) / name
    if not (folder / "records.json").is_file():
        raise PipelineError(f"{name}: no extracted edition there (run `make extract` first)")
    try:  # the folder's name is the edition's id: it names the diff, the lock
        check_edition_id(folder.name)
    except PipelineError:
        raise PipelineError(
            f"{name}: an edition folder is named by its edition id; give it by that name (e.g. ../2019)"
        ) from None
    return folder


def extracted_editions(out: Path) -> list[Path]:
    """Every edition folder under OUT, in edition order."""
    out = Path(out)
    # Not the hidden folders that a run is still writing (".2019.*.partial").
    folders = (
        [p for p in out.iterdir() if not p.name.startswith(".") and (p / "records.json").is_file()]
        if out.is_dir()
        else []
    )
    return sorted(folders, key=lambda p: edition_order(p.name))


def read_table(root: Path, table: str = "records") -> pa.Table:
    """One table of every edition in the dataset, editions in order, as one Arrow table.

    `root` is the output folder (OUT) or its dataset folder (OUT/dataset).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    root = Path(root)
    base = root / DATASET if (root / DATASET).is_dir() else root
    files = sorted(base.glob(f"{table}/*/{table}.parquet"), key=lambda p: edition_order(p.parent.name))
    if not files:
        raise PipelineError(f"{base}: no {table} in the dataset there (run `make extract` first)")
    # Files written by an older version may lack a newer column: it reads as null there.
    return pa.concat_tables([pq.read_table(f) for f in files], promote_options="default")
