"""Find a scenario by name or path, read its YAML, validate it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mailsim.scenario.checks import check_references
from mailsim.scenario.errors import ScenarioError, from_validation_error
from mailsim.scenario.model import Scenario

DEFAULT_SCENARIO = "article-route"


def bundled_dir() -> Path:
    """Where the bundled scenarios are: inside the wheel, or the source tree."""
    packaged = Path(str(resources.files("mailsim"))) / "scenarios"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "scenarios"


def bundled_names() -> list[str]:
    return sorted(path.stem for path in bundled_dir().glob("*.yaml"))


def resolve(name_or_path: str | None) -> Path:
    """A path to a scenario file: an existing file, or a bundled scenario's name."""
    if name_or_path is None:
        name_or_path = DEFAULT_SCENARIO
    candidate = Path(name_or_path)
    if candidate.is_file():
        return candidate
    bundled = bundled_dir() / f"{name_or_path.removesuffix('.yaml')}.yaml"
    if bundled.is_file():
        return bundled
    known = ", ".join(bundled_names())
    raise ScenarioError(
        name_or_path, [("", f"no such file, and no bundled scenario of that name (bundled: {known})")]
    )


def load_scenario(name_or_path: str | Path | None = None) -> Scenario:
    """Read, validate and cross-check a scenario; raise :class:`ScenarioError` if bad."""
    path = resolve(str(name_or_path) if name_or_path is not None else None)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(source, [("", f"cannot read the file ({exc})")]) from None
    return parse_scenario(text, source)


def parse_scenario(text: str, source: str = "<scenario>") -> Scenario:
    data = _read_yaml(text, source)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise from_validation_error(source, exc, data) from None
    problems = check_references(scenario)
    if problems:
        raise ScenarioError(source, problems)
    return scenario


def _read_yaml(text: str, source: str) -> Any:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ScenarioError(source, [(where, f"YAML syntax error: {problem}")]) from None
    if not isinstance(data, dict):
        raise ScenarioError(source, [("", "expected a mapping with keys such as name, hosts, links, steps")])
    return data
