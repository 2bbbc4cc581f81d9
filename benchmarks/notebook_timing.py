"""How long each notebook lesson takes to run top to bottom, as a class would run it.

A lesson should run well within a minute on a classroom laptop; this script says
how long each one takes here (nbclient, a ``python3`` kernel, ``MPLBACKEND=Agg``),
so a slow lesson is seen before it reaches a class. Timing is only measured here;
``tests/test_notebooks.py`` checks that every lesson runs without an error.

Run: ``python benchmarks/notebook_timing.py [NOTEBOOK ...]`` (default: every lesson).
Needs the test extras (``pip install '.[test]'``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
# What one lesson may take before it is too slow for a lesson in class.
LESSON_BUDGET_SECONDS = 60.0


def run_once(path: Path) -> float:
    """Seconds to execute the notebook at ``path`` from a fresh kernel."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    started = time.perf_counter()
    client.execute()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to time (default: every notebooks/*.ipynb)")
    args = parser.parse_args(argv)
    os.environ["MPLBACKEND"] = "Agg"
    paths = args.notebooks or sorted(NOTEBOOKS.glob("*.ipynb"))
    slow = 0
    print(f"{'lesson':40} {'seconds':>8} {'of budget':>10}")
    for path in paths:
        seconds = run_once(path)
        share = seconds / LESSON_BUDGET_SECONDS
        slow += share > 1
        print(f"{path.name:40} {seconds:8.1f} {share:9.0%}")
    print(f"budget per lesson: {LESSON_BUDGET_SECONDS:.0f} s; over budget: {slow}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
