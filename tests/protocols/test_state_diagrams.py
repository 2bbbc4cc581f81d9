"""docs/state-machines.md is generated from the tables and must match them."""

from __future__ import annotations

from pathlib import Path

from mailsim.protocols import state_diagrams
from mailsim.protocols.smtp import states as smtp

DOC = Path(__file__).resolve().parents[2] / "docs" / "state-machines.md"


def test_the_committed_document_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == state_diagrams.render(), (
        "run: python -m mailsim.protocols.state_diagrams")


def test_each_table_entry_is_one_arrow() -> None:
    text = state_diagrams.diagram(smtp.SERVER_MACHINE)
    assert "    [*] --> CONNECTED" in text
    assert "    RCPT --> DATA: data" in text
    assert "    CLOSED --> [*]" in text
    arrows = [line for line in text.splitlines() if "-->" in line and "[*]" not in line]
    assert len(arrows) == len(smtp.SERVER_MACHINE.edges())
    assert "From any state: `quit` → CLOSED" in text


def test_main_writes_the_document_where_asked(tmp_path: Path) -> None:
    target = tmp_path / "out" / "machines.md"
    assert state_diagrams.main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == state_diagrams.render()
