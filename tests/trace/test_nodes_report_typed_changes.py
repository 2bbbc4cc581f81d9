"""The nodes report state changes as typed classes, never as an action string.

Read from the source with ``ast`` (so the rule holds for code no scenario
runs), and checked at run time over every bundled scenario.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mailsim.trace.states as states_package
from mailsim.nodes.base import Node
from mailsim.scenario import bundled_names, load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.sim.network import Network
from mailsim.study.sample import sample_scenario
from mailsim.trace.states import STATES, StateChange

NODES = Path(__file__).resolve().parents[2] / "mailsim" / "nodes"


def _state_classes(tree: ast.Module) -> set[str]:
    """Local names of the state classes a module imports from mailsim.trace.states."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "mailsim.trace.states":
            for alias in node.names:
                value = getattr(states_package, alias.name, None)
                if isinstance(value, type) and issubclass(value, StateChange):
                    names.add(alias.asname or alias.name)
    return names


def _class_variables(tree: ast.Module, classes: set[str]) -> set[str]:
    """Names annotated ``type[C]`` for a state class C (a class picked at run time)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        annotated: list[tuple[str, ast.expr | None]] = []
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            annotated.append((node.target.id, node.annotation))
        elif isinstance(node, ast.arg):
            annotated.append((node.arg, node.annotation))
        for name, hint in annotated:
            if (isinstance(hint, ast.Subscript) and isinstance(hint.value, ast.Name)
                    and hint.value.id == "type" and isinstance(hint.slice, ast.Name)
                    and hint.slice.id in classes):
                names.add(name)
    return names


def _calls(tree: ast.Module, method: str) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute) and node.func.attr == method]


def _names_a_class(callee: ast.expr, allowed: set[str]) -> bool:
    """``Cls``, or a class chosen at run time: ``(Login if ok else LoginFailed)``."""
    if isinstance(callee, ast.Name):
        return callee.id in allowed
    if isinstance(callee, ast.IfExp):
        return _names_a_class(callee.body, allowed) and _names_a_class(callee.orelse, allowed)
    return False


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(NODES.parent.parent)}:{getattr(node, 'lineno', '?')}"


MODULES = sorted(NODES.rglob("*.py"))


def test_the_scan_sees_the_nodes() -> None:
    """The scanner itself: without this a rename of the folder would pass everything."""
    count = sum(len(_calls(ast.parse(p.read_text()), "record")) for p in MODULES)
    assert count >= 45


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_node_names_a_state_by_string(path: Path) -> None:
    tree = ast.parse(path.read_text())
    by_name = [_where(path, call) for call in _calls(tree, "state")
               if call.args and isinstance(call.args[0], ast.Constant)
               and isinstance(call.args[0].value, str)]
    assert by_name == []


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_every_record_call_builds_a_state_class(path: Path) -> None:
    tree = ast.parse(path.read_text())
    classes = _state_classes(tree)
    allowed = classes | _class_variables(tree, classes)
    wrong = []
    for call in _calls(tree, "record"):
        change = call.args[0] if len(call.args) == 1 and not call.keywords else None
        if not (isinstance(change, ast.Call) and _names_a_class(change.func, allowed)):
            wrong.append(_where(path, call))
    assert wrong == []


def test_nodes_and_the_network_have_no_state_by_action_name() -> None:
    assert not hasattr(Node, "state")
    assert not hasattr(Network, "state")


@pytest.mark.parametrize("name", bundled_names())
def test_every_change_a_bundled_run_records_is_a_registered_class(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[StateChange] = []
    record_state = Network.record_state

    def spy(self: Network, node: str, change: StateChange) -> None:
        seen.append(change)
        record_state(self, node, change)

    monkeypatch.setattr(Network, "record_state", spy)
    trace = run_scenario(sample_scenario(load_scenario(name)))  # a study: its sample users
    assert seen and len(seen) == len(trace.states())
    assert all(type(change) is STATES[change.action] for change in seen)
