"""The page's data sections, one module each, found by name.

Each module here defines ``NAME`` (its key in the page's data) and
``build(trace) -> JSON-ready data``; :func:`section_builders` imports every
module of this package in name order, so a view adds its data by adding a
module, never by editing the payload.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from importlib import import_module
from typing import Any

from mailsim.trace import Trace

Builder = Callable[[Trace], Any]


def section_builders() -> list[tuple[str, Builder]]:
    """``(NAME, build)`` of every section module, in module-name order."""
    found: list[tuple[str, Builder]] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = import_module(f"{__name__}.{info.name}")
        found.append((module.NAME, module.build))
    names = [name for name, _ in found]
    if len(set(names)) != len(names):
        raise ValueError(f"page sections named twice: {names}")
    return found
