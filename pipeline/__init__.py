"""roadmap-pipeline: the ITU WSIS Action Line Roadmaps PDF as validated, diffable tables.

The Python API (pipeline/api.py): `from pipeline import extract, read_dataset, diff`.

The package, top to bottom (an import only goes down this list; `make lint` checks it):
- `cli`         the `roadmap` command line and the process guard around an extraction
- `api`, `schema`  the Python API; the JSON Schema of every output file
- `review`      the review report: each record beside its page crop
- `compare`     one edition against another (changes and their report), outcomes through all editions
- `store`       an extraction written to its edition folder and the dataset, atomically; read back
- `extraction`  runs the stages in order: PDF -> records, rejects, findings
- `stages`      the stages and the typed values between them (`stages.models`)
- `keys`        record ids and positions
- `records`, `errors`, `signals`, `templating`, `version`  the output contract, the one user-facing
  error, signals held off while an output is replaced, the reports' templates, the version
"""

from pipeline.version import __version__

__all__ = ["__version__", "diff", "extract", "read_dataset"]

API = ("extract", "read_dataset", "diff")


def __getattr__(name: str):
    # The API is loaded on first use: `python -m pipeline` does not need pandas.
    if name in API:
        from pipeline import api

        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
