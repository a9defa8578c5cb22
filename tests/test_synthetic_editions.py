"""extract(render(content)) == content, over generated editions of every layout variation, typeset
by each engine (tests/synth/engines.py): our reportlab generator and LibreOffice Writer.

`make test` runs a fast subset: each reportlab variation alone and 25 random reportlab editions
drawn by hypothesis; every fourth writer variation alone (LibreOffice takes seconds per edition).
`make test-synth` runs the other writer variations and hundreds of seeded editions per engine
(marked slow).
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
from synth.engines import engine
from helpers.synthcheck import edition_mismatches, mismatches

# `make test-synth` sets SYNTH_SEEDS=first:last (inclusive of first, exclusive of last) and
# SYNTH_ENGINES=reportlab,writer (either or both).
FIRST, LAST = (int(x) for x in os.environ.get("SYNTH_SEEDS", "0:320").split(":"))
ENGINES = [name.strip() for name in os.environ.get("SYNTH_ENGINES", "reportlab,writer").split(",") if name.strip()]
# Of each engine's variations, `make test` runs every FAST_SHARE-th (a writer edition costs seconds).
FAST_SHARE = {"reportlab": 1, "writer": 4}
CONTENT = {"reportlab": dict(seed=11, max_rows=4), "writer": dict(seed=11, max_rows=3)}  # writer: small, it is slower


def _variations():
    for name in ("reportlab", "writer"):
        for index, (variation, layout) in enumerate(engine(name).variations()):
            marks = [] if index % FAST_SHARE[name] == 0 else [pytest.mark.slow]
            yield pytest.param(name, layout, id=f"{name}-{variation}", marks=marks)


@pytest.mark.parametrize("engine_name, layout", list(_variations()))
def test_each_layout_variation_alone_extracts_exactly(engine_name, layout, tmp_path):
    content = sample_content(random.Random(CONTENT[engine_name]["seed"]), max_rows=CONTENT[engine_name]["max_rows"])
    assert edition_mismatches(content, layout, tmp_path, engine(engine_name)) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_random_editions_extract_exactly(seed):
    with tempfile.TemporaryDirectory() as folder:
        assert mismatches(seed, Path(folder)) == []


@pytest.mark.slow
@pytest.mark.parametrize("engine_name, seed", [
    pytest.param(name, seed, id=f"{name}-{seed}") for name in ENGINES for seed in range(FIRST, LAST)
])
def test_seeded_edition_extracts_exactly(engine_name, seed, tmp_path):
    assert mismatches(seed, tmp_path, engine_name) == []
