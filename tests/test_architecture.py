"""The package's layers (pyproject.toml, [tool.importlinter]): kept by the code, and broken by an
import that runs up the flow."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

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


def test_an_import_up_the_flow_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    stage = tmp_path / "pipeline" / "stages" / "rows.py"
    stage.write_text(stage.read_text() + "\nfrom pipeline.store import write  # a stage reaching up into storage\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "pipeline.stages is not allowed to import pipeline.store" in result.stdout


def test_a_stage_importing_a_later_stage_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    stage = tmp_path / "pipeline" / "stages" / "layout.py"
    stage.write_text(stage.read_text() + "\nfrom pipeline.stages import stitch  # layout runs before stitch\n")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "pipeline.stages.layout is not allowed to import pipeline.stages.stitch" in result.stdout
