"""roadmap-pipeline: the ITU WSIS Action Line Roadmaps PDF as validated, diffable tables.

The Python API (pipeline/api.py): `from pipeline import extract, read_dataset, diff`.
"""

import sys
import types

__version__ = "0.2.0"

API = ("extract", "read_dataset", "diff")


class _Package(types.ModuleType):
    """`pipeline.extract` and `pipeline.diff` are the API's functions, although modules of those
    names exist (the stages): importing a submodule sets it as an attribute of its package, and
    this keeps it from replacing the function. The modules stay where imports find them
    (`from pipeline.extract import ...`, sys.modules["pipeline.extract"])."""

    def __setattr__(self, name, value):
        if name in API and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)

    def __getattr__(self, name):
        if name in API:  # loaded on first use: `python -m pipeline` does not need it
            from pipeline import api

            return getattr(api, name)
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")


sys.modules[__name__].__class__ = _Package
