"""The package's layers (pyproject.toml, [tool.importlinter]): kept by the code, and broken by an
import that runs up the flow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(tree)}  # this tree's `pipeline`, not the installed one
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree, env=environment, capture_output=True, text=True, timeout=300,
    )


def test_every_import_goes_down_the_flow():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize("stage, line, broken", [
    ("rows.py", "from pipeline.store import write  # a stage reaching up into storage",
     "pipeline.stages is not allowed to import pipeline.store"),
    ("layout.py", "from pipeline.stages import stitch  # layout runs before stitch",
     "pipeline.stages.layout is not allowed to import pipeline.stages.stitch"),
])
def test_an_import_up_the_flow_breaks_the_contract(stage, line, broken, tmp_path):
    shutil.copytree(ROOT / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    module = tmp_path / "pipeline" / "stages" / stage
    module.write_text(module.read_text() + f"\n{line}\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert broken in result.stdout
