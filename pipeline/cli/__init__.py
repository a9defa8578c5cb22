"""The `roadmap` command line (`main`, its option types in `options`) and the process guard around
an extraction (`guard`: a forked child with time and memory budgets)."""

from pipeline.cli.main import main

__all__ = ["main"]
