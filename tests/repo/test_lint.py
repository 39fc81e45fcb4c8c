"""The code base passes ruff (lint and format), as CONTRIBUTING.md asks of every change."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PATHS = ["crmkit", "tests", "tools", "benchmarks", "docs", "kit.py"]


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
    )


def test_ruff_check():
    # notebook sources, exercise masters and templates are linted but not formatted: the formatter
    # would split long `# SOLUTION` lines that otter strips line by line
    notebooks = sorted(
        str(p.relative_to(ROOT))
        for p in [
            *(ROOT / "notebooks" / "_sources").glob("*.py"),
            *(ROOT / "exercises/_masters").glob("*.py"),
            *(ROOT / "exercises/_masters/wrong_answers").glob("*.py"),
            *(ROOT / "templates").glob("*.py"),
        ]
    )
    result = _ruff("check", "--no-cache", *PATHS, *notebooks)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format():
    result = _ruff("format", "--check", "--no-cache", *PATHS)
    assert result.returncode == 0, result.stdout + result.stderr
