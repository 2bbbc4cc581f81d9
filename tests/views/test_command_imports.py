"""Commands that read a saved trace load no more than they need.

Drawing or stepping through a ``.jsonl`` file needs the trace and the views,
never the scenario loader (pydantic, YAML, the nodes, SimPy, networkx): those
were most of the start-up time of such a command. Each case runs in a fresh
interpreter, so what another test imported does not count.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent.parent / "golden" / "article-route.jsonl"
SIMULATION = ("pydantic", "yaml", "simpy", "networkx", "mailsim.scenario.loader", "mailsim.nodes")
PROBE = """
import json, sys
from mailsim.cli import main
status = main(sys.argv[1:])
print(json.dumps({"status": status, "modules": sorted(sys.modules)}))
"""


def loaded(tmp_path: Path, *argv: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], input="q\n", cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, check=True)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["status"] == 0, done.stderr
    return set(report["modules"])


@pytest.mark.parametrize("argv", [
    ("diagram", str(GOLDEN), "--format", "mermaid", "-o", "out.mmd"),
    ("diagram", str(GOLDEN), "--format", "plantuml", "-o", "out.puml"),
    ("step", "--plain", str(GOLDEN)),
])
def test_reading_a_trace_file_loads_no_simulation(tmp_path: Path, argv: tuple[str, ...]) -> None:
    modules = loaded(tmp_path, *argv)
    assert "mailsim.trace" in modules
    assert not modules.intersection(SIMULATION)
    assert "matplotlib" not in modules  # text diagrams and the plain player draw no figure


def test_a_drawn_trace_loads_matplotlib_but_no_simulation(tmp_path: Path) -> None:
    modules = loaded(tmp_path, "diagram", str(GOLDEN), "--page", "1", "-o", "out.png")
    assert "matplotlib" in modules and (tmp_path / "out.png").is_file()
    assert not modules.intersection(SIMULATION)
