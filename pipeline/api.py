"""The Python API, for notebooks and scripts: `from pipeline import extract, read_dataset, diff`.

    edition = extract("sources/roadmap-2019.pdf")     # Edition: .records, .footnotes, .manifest, ...
    edition.records.to_pandas()                        # one row per record, columns as in records.parquet
    edition.write("output")                            # what `roadmap extract` writes, output/2019/
    read_dataset("output")                             # every extracted edition's records, outcome_key filled
    read_dataset("output", "sdg_links")                # or another table of the dataset
    diff("2019", "2020").to_pandas()                   # the changes, as `roadmap diff` finds them

Paths may be given as str or Path. Errors about the input are PipelineError, with the one-line
message the command line prints. Unlike the command, `extract` runs in this process, without the
time and memory budget (for a PDF from an untrusted source, use `roadmap extract`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel

from pipeline.records import Footnote, Record

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from pipeline.compare.changes import Change
    from pipeline.extraction import Extraction
    from pipeline.store.manifest import Manifest
    from pipeline.store.tidy import Resolution, ResultItem, SdgLink

PathLike = str | Path
Row = TypeVar("Row", bound=BaseModel)


class Rows(Sequence[Row], Generic[Row]):
    """A list of typed rows (pydantic models) that also reads as one table."""

    def __init__(self, rows: Sequence[Row], model: type[BaseModel], order: Sequence[str] | None = None):
        self._rows, self._model, self._order = list(rows), model, order

    def __getitem__(self, index):
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def __repr__(self) -> str:
        return f"<{len(self)} {self._model.__name__} rows>"

    def to_arrow(self) -> pa.Table:
        """The rows with the Arrow schema of the Parquet files (lists stay lists, maps maps)."""
        from pipeline.store.write import arrow_table

        return arrow_table([row.model_dump() for row in self._rows], self._model, self._order)

    def to_pandas(self) -> pd.DataFrame:
        return self.to_arrow().to_pandas()


@dataclass
class Edition:
    """One extracted edition, as `roadmap extract` would write it."""

    edition: str
    records: Rows[Record]
    footnotes: Rows[Footnote]
    sdg_links: Rows[SdgLink]
    resolutions: Rows[Resolution]
    items: Rows[ResultItem]
    manifest: Manifest
    rejects: list[dict] = field(default_factory=list)
    extraction: Extraction | None = field(default=None, repr=False)

    def write(self, out: PathLike = "output") -> Path:
        """Write OUT/EDITION/ and the edition's part of OUT/dataset/; returns the edition's folder."""
        from pipeline.errors import PipelineError
        from pipeline.store.lock import edition_lock
        from pipeline.store.write import write_edition

        if self.extraction is None:
            raise PipelineError(f"edition {self.edition} was read back, not extracted: it is written already")
        with edition_lock(Path(out), self.edition):
            return write_edition(self.extraction, Path(out))


def extract(pdf: PathLike, edition: str | None = None, *, password: str | None = None) -> Edition:
    """Extract one roadmap PDF. The edition id defaults as on the command line (sources/sources.json,
    else the year in the file name); a PDF declared there must have its declared sha256."""
    from pipeline.errors import PipelineError
    from pipeline.extraction import extract as run
    from pipeline.store.manifest import Manifest
    from pipeline.store.sources import identify
    from pipeline.store.tidy import TABLES, edition_tables
    from pipeline.store.write import _manifest

    pdf = Path(pdf)
    if not pdf.is_file():
        raise PipelineError(f"{pdf}: no such file")
    extraction = run(pdf, identify(pdf, edition), password=password)
    tables = edition_tables(extraction.records, extraction.footnotes)
    rows = {
        name: Rows([model.model_validate(row) for row in tables[name]], model, order)
        for name, (model, order) in TABLES.items()
    }
    return Edition(
        edition=extraction.edition,
        **rows,  # type: ignore[arg-type]  # each table's rows are of its own model (TABLES)
        manifest=Manifest.model_validate(_manifest(extraction)),
        rejects=extraction.rejects,
        extraction=extraction,
    )


def read_dataset(root: PathLike = "output", table: str = "records") -> pd.DataFrame:
    """One table of every edition extracted under `root` (the output folder, or its dataset folder)
    as a DataFrame, editions in order, `edition` a string. For records, `outcome_key` is filled in
    over these editions (pipeline/compare/history.py)."""
    from pipeline.store.dataset import read_table

    data = read_table(Path(root), table)
    if table == "records":
        data = _with_outcome_keys(data)
    return data.to_pandas()


def _with_outcome_keys(records: pa.Table) -> pa.Table:
    import pyarrow as pa

    from pipeline.compare.changes import Edition as Side
    from pipeline.compare.history import outcome_keys

    rows = records.to_pylist()
    for row in rows:
        row["extra_columns"] = dict(row["extra_columns"] or [])  # Arrow gives a map as (key, value) pairs
    editions = list(dict.fromkeys(row["edition"] for row in rows))  # read_table keeps edition order
    keys = outcome_keys([Side(e, [r for r in rows if r["edition"] == e], [], {}) for e in editions])
    column = pa.array([keys[row["edition"], row["record_id"]] for row in rows], pa.string())
    return records.set_column(records.schema.get_field_index("outcome_key"), "outcome_key", column)


def diff(old: PathLike, new: PathLike, root: PathLike = "output") -> Rows[Change]:
    """The changes from edition `old` to `new`: ids under `root`, or edition folders."""
    from pipeline.compare.changes import Change, diff_editions
    from pipeline.store.dataset import edition_folder

    old_folder, new_folder = (edition_folder(Path(root), str(name)) for name in (old, new))
    return Rows(diff_editions(old_folder, new_folder), Change)
