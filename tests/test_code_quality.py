"""ruff and mypy are part of the test suite, so CI runs them with everything else.

Their caches go to the system's temporary folder, never into the work tree.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "mailsim-lint-cache"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_is_clean() -> None:
    pytest.importorskip("ruff")
    result = _run("ruff", "check", "--cache-dir", str(CACHE / "ruff"), "mailsim", "tests", "benchmarks")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    pytest.importorskip("mypy")
    result = _run("mypy", "--cache-dir", str(CACHE / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr
