"""The import graph of the ``mailsim`` package, built with ``ast`` (nothing is imported).

Every import counts, at module level or inside a function, except those under
``if TYPE_CHECKING:``, which name types only and never run.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2] / "mailsim"


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    type_only: bool


def module_names(root: Path = PACKAGE_ROOT) -> dict[str, Path]:
    """``mailsim.x.y`` -> its file, for every module and package of the tree."""
    names: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(node: ast.AST, type_only: bool = False):  # type: ignore[no-untyped-def]
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield from _walk_stmt(stmt, True)
            for stmt in child.orelse:
                yield from _walk_stmt(stmt, type_only)
        else:
            yield from _walk_stmt(child, type_only)


def _walk_stmt(node: ast.AST, type_only: bool):  # type: ignore[no-untyped-def]
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node, type_only
    yield from _walk(node, type_only)


def imports(root: Path = PACKAGE_ROOT) -> list[Import]:
    """Every import of one ``mailsim`` module by another, resolved to the module it loads."""
    names = module_names(root)
    found: list[Import] = []
    for name, path in names.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node, type_only in _walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    module = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    module = node.module or ""
                # `from pkg import sub` loads the submodule when there is one.
                targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in names else module
                           for a in node.names]
            for target in targets:
                if target in names and target != name:
                    found.append(Import(name, target, node.lineno, type_only))
    return found


def component(module: str) -> str:
    """The layer a module belongs to: its first folder under ``mailsim``, or its own name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "mailsim"
