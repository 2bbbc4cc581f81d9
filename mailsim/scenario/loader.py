"""Find a scenario by name or path, read its YAML, validate it."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mailsim.scenario import faults, steps  # noqa: F401 - importing them registers the kinds
from mailsim.scenario.budget import check_budget
from mailsim.scenario.checks import check_references
from mailsim.scenario.control_chars import control_characters
from mailsim.scenario.errors import ScenarioError, did_you_mean, from_validation_error, key_path
from mailsim.scenario.expand import expand
from mailsim.scenario.limits import BaseLoader, collector_paused, load_yaml, read_capped
from mailsim.scenario.loader_hints import hint, reword
from mailsim.scenario.loader_syntax import plain_syntax_error
from mailsim.scenario.model import Fidelity, Scenario
from mailsim.scenario.warnings import AuthoringWarning, authoring_warnings

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
    if candidate.is_dir():
        raise ScenarioError(name_or_path, [("", "is a directory; expected a scenario file")])
    bundled = bundled_dir() / f"{name_or_path.removesuffix('.yaml')}.yaml"
    if bundled.is_file():
        return bundled
    known = ", ".join(bundled_names())
    close = did_you_mean(name_or_path.removesuffix(".yaml"), bundled_names())
    raise ScenarioError(
        name_or_path, [("", f"no such file, and no bundled scenario of that name (bundled: {known})"
                            f"{close}")]
    )


def load_scenario(name_or_path: str | Path | None = None, *, max_events: int | None = None,
                  fidelity: Fidelity | None = None, expand_workload: bool = True,
                  warnings: list[AuthoringWarning] | None = None) -> Scenario:
    """Read, validate and cross-check a scenario; raise :class:`ScenarioError` if bad.

    See :func:`parse_scenario` for the keywords.
    """
    path = resolve(str(name_or_path) if name_or_path is not None else None)
    source = str(path)
    return parse_scenario(read_capped(path, source), source, max_events=max_events,
                          fidelity=fidelity, expand_workload=expand_workload, warnings=warnings)


def parse_scenario(text: str, source: str = "<scenario>", *, max_events: int | None = None,
                   fidelity: Fidelity | None = None, expand_workload: bool = True,
                   warnings: list[AuthoringWarning] | None = None) -> Scenario:
    """Validate a scenario's text; ``max_events`` caps the run's estimated size (default:
    :func:`mailsim.scenario.budget.max_events`).

    ``fidelity`` overrides the file's (``--fidelity``). A workload at line fidelity comes
    back expanded into explicit hosts and steps (:func:`mailsim.scenario.expand.expand`),
    so every command can run it; ``expand_workload=False`` keeps it as written.
    ``warnings``, if given, receives the authoring warnings of a valid file
    (:mod:`mailsim.scenario.warnings`), read from the file as written.
    """
    with collector_paused():
        data = _read_yaml(text, source)
        controls = list(control_characters(data))
        if controls:
            raise ScenarioError(source, controls)
        try:
            scenario = Scenario.model_validate(data)
        except ValidationError as exc:
            raise from_validation_error(source, exc, data, hint, reword) from None
    if fidelity is not None and fidelity != scenario.fidelity:
        scenario = scenario.model_copy(update={"fidelity": fidelity})
    problems = check_references(scenario)
    if not problems:
        problems = check_budget(scenario, max_events)
    if not problems and warnings is not None:
        warnings.extend(authoring_warnings(scenario, data))
    if not problems and expand_workload and scenario.workload is not None and scenario.fidelity == "line":
        scenario = expand(scenario)
        problems = check_references(scenario)
    if problems:
        raise ScenarioError(source, problems)
    return scenario


class _UniqueKeyLoader(BaseLoader):  # type: ignore[misc]
    """A safe loader that refuses a key given twice in one mapping (PyYAML would
    silently keep the last one, hiding a host or a user the teacher wrote)."""


class _KeyProblem(yaml.YAMLError):
    """A key the scenario model can never accept (not text); said where it is written."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


_MERGE_TAG = "tag:yaml.org,2002:merge"


def _kind_of_key(key: Any) -> str:
    """A key as YAML wrote it: ``true``, ``null``, ``1``, ``a date``, ``a list``."""
    if isinstance(key, bool) or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, (int, float)):
        return repr(key)
    if isinstance(key, date):
        return "a date"
    if isinstance(key, (list, dict)):
        return "a list" if isinstance(key, list) else "a mapping"
    return type(key).__name__


def _construct_mapping(loader: Any, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: dict[str, int] = {}
    for key_node, _ in node.value:
        if key_node.tag == _MERGE_TAG:
            continue  # '<<: *defaults': its keys may be overridden here, that is its purpose
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):
            # Every key of a scenario is a name; a number, a date or null would only
            # fail later, under a key path that cannot show it.
            raise _KeyProblem(f"expected a key that is text (got {_kind_of_key(key)}); quote it "
                              "if it is meant as a name", key_node.start_mark)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice (first on line {seen[key] + 1})",
                key_node.start_mark)
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _same_names(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Host names differ only in case: DNS names ignore case, so they are one host."""
    hosts = data.get("hosts")
    if not isinstance(hosts, dict):
        return []
    first: dict[str, str] = {}
    problems = []
    for name in hosts:
        if isinstance(name, str) and name.lower() in first:
            problems.append((key_path(["hosts", name]),
                             f"the same host as {first[name.lower()]!r} (names ignore case)"))
        elif isinstance(name, str):
            first[name.lower()] = name
    return problems


_ALIAS = re.compile(r"\*([^\s,\[\]{}]+)")


def _syntax_error(exc: yaml.YAMLError, text: str = "") -> tuple[str, str]:
    """Where the parser stopped and why; a bad character is placed by its offset.

    libyaml and the pure-Python parser word their errors alike, but for one:
    libyaml does not name an undefined alias, so it is read from the text at the mark.
    """
    if isinstance(exc, yaml.reader.ReaderError):
        return f"character {exc.position + 1}", f"YAML syntax error: {exc.reason}"
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "not valid YAML"
    if problem == "found undefined alias" and mark is not None:
        alias = _ALIAS.match(text, mark.index)
        if alias:
            problem += f" {alias.group(1)!r}"
    mark, plain = plain_syntax_error(exc, text)
    where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
    return where, f"YAML syntax error: {problem}" + (f"; {plain}" if plain else "")


def _read_yaml(text: str, source: str) -> Any:
    try:
        data = load_yaml(text, source, _UniqueKeyLoader)
    except _KeyProblem as exc:
        mark = exc.problem_mark
        raise ScenarioError(source, [(f"line {mark.line + 1}, column {mark.column + 1}",
                                      exc.problem)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError(source, [_syntax_error(exc, text)]) from None
    if data is None:  # nothing but blank lines and comments
        raise ScenarioError(source, [("", "the file is empty; expected a mapping with keys such as "
                                          "name, hosts, links, steps")])
    if not isinstance(data, dict):
        raise ScenarioError(source, [("", "expected a mapping with keys such as name, hosts, links, steps")])
    problems = _same_names(data)
    if problems:
        raise ScenarioError(source, problems)
    return data
