"""docs/architecture.md stays true: its layer table is the one the import test enforces,
and every file it names exists."""

from __future__ import annotations

import re
from pathlib import Path

from tests.design.test_layers import ALLOWED

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "architecture.md"


def _layer_table() -> dict[str, set[str]]:
    """component -> what the doc says it may import, read from the table's rows."""
    rows: dict[str, set[str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        names = {n.strip("`/").removesuffix(".py") for n in cells[0].split(", ")}
        may = {m.split(" ")[0].strip("`") for m in cells[2].split(", ")} - {"—"}
        for name in names:
            rows[name] = {"mailsim" if m == "mailsim" else m for m in may}
    return rows


def test_the_layer_table_is_the_enforced_one() -> None:
    table = _layer_table()
    assert set(table) == set(ALLOWED)
    for component, allowed in ALLOWED.items():
        # `mailsim` (the package's own __version__) is an implementation detail the doc omits.
        assert table[component] == allowed - {"mailsim"}, component


def test_every_file_the_doc_names_exists() -> None:
    named = set(re.findall(r"`((?:mailsim|tests|docs|benchmarks|scenarios)/[\w./-]+)`",
                           DOC.read_text(encoding="utf-8")))
    assert named, "the doc names no files?"
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert missing == []


def test_readme_and_docs_never_point_outside_the_repository() -> None:
    """A clone has no ../shared: nothing a user reads may send them there."""
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        assert "../shared" not in path.read_text(encoding="utf-8"), path.name
