"""Every bundled scenario validates with no authoring warning (those whose lesson is the
mistake say so under ``intended_warnings``, and each such warning does fire)."""

from __future__ import annotations

import pytest
import yaml

from mailsim.scenario.loader import bundled_dir, bundled_names, load_scenario, parse_scenario
from mailsim.scenario.warnings import AuthoringWarning, dotted


@pytest.mark.parametrize("name", bundled_names())
def test_every_bundled_scenario_validates_with_no_warning(name: str) -> None:
    found: list[AuthoringWarning] = []
    load_scenario(name, warnings=found)
    assert [w.line(name) for w in found] == []


@pytest.mark.parametrize("name", [n for n in bundled_names() if "intended_warnings" in (
    bundled_dir() / f"{n}.yaml").read_text(encoding="utf-8")])
def test_an_intended_warning_fires_without_its_mark(name: str) -> None:
    data = yaml.safe_load((bundled_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
    intended = data.pop("intended_warnings")
    found: list[AuthoringWarning] = []
    parse_scenario(yaml.safe_dump(data, allow_unicode=True), name, warnings=found)
    assert {w.code for w in found} == {e if isinstance(e, str) else e["warning"] for e in intended}
    for entry in intended:  # one marked at a key fires there, and nowhere else
        if isinstance(entry, dict):
            assert [dotted(w.path) for w in found if w.code == entry["warning"]] == [entry["key"]]
