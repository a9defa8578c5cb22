"""Command-line option values, checked where argparse reads them: a bad value is one line, exit 2.

Without these checks a value such as `--max-seconds nan` or `--max-memory 0` reached the budget
and came back as an internal error, or as a crash blamed on the PDF.
"""

from __future__ import annotations

import argparse
import math
import sys
from typing import NoReturn

# The memory budget is set as an address-space limit in bytes: past this, no machine has it anyway.
MAX_MEGABYTES = 2**30


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is the tool's one `error: ...` line, not the usage text and a line."""

    def error(self, message: str) -> NoReturn:
        print(f"error: {message} (see {self.prog} --help)", file=sys.stderr)
        sys.exit(2)


def positive_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not math.isfinite(seconds) or seconds <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds above 0")
    return seconds


def positive_megabytes(text: str) -> int:
    try:
        megabytes = int(text)
    except ValueError:
        megabytes = 0
    if not 0 < megabytes <= MAX_MEGABYTES:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of MB from 1 to {MAX_MEGABYTES}")
    return megabytes
