"""Scenario files: find, read, validate, and build them into a runnable World."""

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
