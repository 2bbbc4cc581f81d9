"""Scenario files: find, read, validate, and build them into a runnable World.

The names below load on first use (PEP 562): every command imports
``mailsim.scenario.errors`` for its error type, and loading the loader with it
(pydantic, the step and fault kinds, the nodes, networkx) was most of the start-up
time of a command that only reads a trace file.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mailsim.scenario.errors import ScenarioError
    from mailsim.scenario.loader import (
        DEFAULT_SCENARIO,
        bundled_dir,
        bundled_names,
        load_scenario,
        parse_scenario,
        resolve,
    )
    from mailsim.scenario.model import Scenario, localized

_HOMES = {"ScenarioError": "errors", "Scenario": "model", "localized": "model",
          **dict.fromkeys(("DEFAULT_SCENARIO", "bundled_dir", "bundled_names", "load_scenario",
                           "parse_scenario", "resolve"), "loader")}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)

__all__ = [
    "DEFAULT_SCENARIO",
    "Scenario",
    "ScenarioError",
    "bundled_dir",
    "bundled_names",
    "load_scenario",
    "localized",
    "parse_scenario",
    "resolve",
]
