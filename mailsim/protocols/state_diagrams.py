"""Draw every engine's state machine from its transition table, as Mermaid stateDiagrams.

``python -m mailsim.protocols.state_diagrams [PATH]`` writes ``docs/state-machines.md``
(or PATH); a test checks that the committed file is what the tables say now.
"""

from __future__ import annotations

import enum
import importlib
import pkgutil
import sys
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import Any

import mailsim.protocols
from mailsim.protocols.transitions import StateMachine


def find_machines() -> list[StateMachine[Any, Any]]:
    """Every StateMachine at module level in mailsim.protocols, once each, by name.

    A new protocol's table is drawn without being listed anywhere.
    """
    found: dict[int, StateMachine[Any, Any]] = {}
    for info in pkgutil.walk_packages(mailsim.protocols.__path__, "mailsim.protocols."):
        if info.name != __spec__.name:  # not this module (it may run as __main__)
            for value in vars(importlib.import_module(info.name)).values():
                if isinstance(value, StateMachine):
                    found.setdefault(id(value), value)
    return sorted(found.values(), key=lambda machine: machine.name)
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "docs" / "state-machines.md"

_HEADER = """\
# State machines of the protocol engines

Generated from the transition tables in `mailsim/protocols/` (`*/states.py`, and
`command_client.py` for the POP3 and IMAP clients' one machine) by
`python -m mailsim.protocols.state_diagrams`; do not edit by hand (a test checks
that this file matches the tables). Each arrow is one `(state, trigger) -> state`
entry; moves allowed from any state are listed under each diagram.
"""


def _name(value: Hashable) -> str:
    return value.name if isinstance(value, enum.Enum) else str(value)


def _label(trigger: enum.Enum) -> str:
    return str(trigger.value)


def diagram(machine: StateMachine[Any, Any]) -> str:
    """One machine as a Markdown section with a Mermaid stateDiagram."""
    lines = [f"## {machine.name}", "", "```mermaid", "stateDiagram-v2",
             f"    [*] --> {_name(machine.start)}"]
    lines += [f"    {_name(source)} --> {_name(target)}: {_label(trigger)}"
              for source, trigger, target in machine.edges()]
    lines += [f"    {_name(state)} --> [*]" for state in machine.table if state in machine.terminal]
    lines += ["```", ""]
    if machine.any_state:
        moves = ", ".join(f"`{_label(trigger)}` → {_name(target)}"
                          for trigger, target in machine.any_state.items())
        lines += [f"From any state: {moves}.", ""]
    return "\n".join(lines)


def render(machines: Sequence[StateMachine[Any, Any]] | None = None) -> str:
    """The whole document: every machine of :func:`find_machines`, or those given."""
    chosen = find_machines() if machines is None else machines
    return "\n".join([_HEADER, *(diagram(machine) for machine in chosen)])


def main(argv: Sequence[str] | None = None) -> int:
    """Write the document to the path given, or to docs/state-machines.md."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m mailsim.protocols.state_diagrams",
                                     description="Draw every engine's state machine as Mermaid.")
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH,
                        help=f"where to write (default: {DEFAULT_PATH.name} in docs/)")
    path: Path = parser.parse_args(sys.argv[1:] if argv is None else list(argv)).path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
