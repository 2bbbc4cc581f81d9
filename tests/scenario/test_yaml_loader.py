"""Scenario files are read by libyaml when it is installed; a syntax error is placed where the
pure-Python parser places it (the wording is libyaml's, as it has been since issue 11)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from mailsim.scenario import ScenarioError, parse_scenario
from mailsim.scenario import loader as scenario_loader
from mailsim.scenario.limits import BaseLoader, load_yaml

BROKEN = [
    "name: x\nhosts: [a, b\n",
    "name: x\ntitle: b: c\n",
    "name: x\nhosts:\n  - b\n c\n",
    "name: 'x\n",
    "name: x\nhosts: [1,\n",
    "\tname: x\n",
    "name: x\nhosts: *nope\n",
    "name: x\nhosts: !!foo 2\n",
    "- a\nname: c\n",
    "name: x\n---\nname: y\n",
]


def pure_place(text: str) -> str:
    """Where the loader says the error is when only PyYAML's pure-Python parser is there."""

    class Pure(yaml.SafeLoader):
        pass

    Pure.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
                         scenario_loader._construct_mapping)
    try:
        load_yaml(text, "f.yaml", Pure)
    except yaml.YAMLError as exc:
        return scenario_loader._syntax_error(exc, text)[0]
    raise AssertionError("expected a YAML error")


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML without libyaml")
def test_libyaml_reads_the_files_when_it_is_installed() -> None:
    assert BaseLoader is yaml.CSafeLoader
    assert issubclass(scenario_loader._UniqueKeyLoader, yaml.CSafeLoader)


@pytest.mark.parametrize("text", BROKEN)
def test_a_syntax_error_is_placed_where_the_pure_python_parser_places_it(text: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "f.yaml")
    ((where, what),) = caught.value.problems
    assert where == pure_place(text) and where.startswith("line ")
    assert what.startswith("YAML syntax error: ")


def test_an_undefined_alias_is_named() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario("name: x\nhosts: *nope\n", "f.yaml")
    assert caught.value.message == "f.yaml: line 2, column 8: YAML syntax error: found undefined alias 'nope'"


def documents(text: str, loader: Any) -> Any:
    return load_yaml(text, "f.yaml", loader)


def test_both_parsers_build_the_same_document_of_a_bundled_scenario() -> None:
    text = (scenario_loader.bundled_dir() / "article-route.yaml").read_text(encoding="utf-8")
    assert documents(text, scenario_loader._UniqueKeyLoader) == documents(text, yaml.SafeLoader)
