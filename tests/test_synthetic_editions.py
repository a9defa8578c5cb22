"""extract(render(content)) == content, over generated editions of every layout variation.

`make test` runs a fast subset (each variation alone, and a few dozen random editions drawn by
hypothesis); `make test-synth` runs hundreds of seeded editions (marked slow).
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synth.content import sample_content
from synth.layout import single_variations
from synthcheck import edition_mismatches, mismatches

# `make test-synth` sets SYNTH_SEEDS=first:last (inclusive of first, exclusive of last).
FIRST, LAST = (int(x) for x in os.environ.get("SYNTH_SEEDS", "0:320").split(":"))


@pytest.mark.parametrize("name, layout", single_variations(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_layout_variation_alone_extracts_exactly(name, layout, tmp_path):
    content = sample_content(random.Random(11), max_rows=4)
    assert edition_mismatches(content, layout, tmp_path) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_random_editions_extract_exactly(seed):
    with tempfile.TemporaryDirectory() as folder:
        assert mismatches(seed, Path(folder)) == []


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(FIRST, LAST))
def test_seeded_edition_extracts_exactly(seed, tmp_path):
    assert mismatches(seed, tmp_path) == []
