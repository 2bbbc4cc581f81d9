"""One registry of step and fault kinds: a new kind needs its own module and nothing else.

The kinds below stand for such a module. They are registered only while a test
uses them (the fixture), and the scenario model is rebuilt around them: the
bundled kinds are registered at import time, before the model's first
validation, so they need no rebuild.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import yaml

from mailsim.scenario import Scenario, ScenarioError, parse_scenario
from mailsim.scenario.build import build_world
from mailsim.scenario.checks import unknown_host
from mailsim.scenario.errors import key_path
from mailsim.scenario.fault_plan import FaultPlan, span
from mailsim.scenario.registry import (
    FAULT_KINDS,
    STEP_KINDS,
    KeyPath,
    Problem,
    Window,
    register_fault,
    register_step,
)
from mailsim.scenario.steps.device import DeviceAction, check_device, client, device_shorthand
from mailsim.scenario.world import World
from mailsim.units import to_micros
from tests.conftest import ARTICLE

# --- the dummy kinds: what a new kind's module would hold ---------------------------


class KnockAction(DeviceAction):
    times: int = 1


knocks: list[tuple[int, str, int]] = []  # (simulated time, device, times) of each run


def run_knock(world: World, action: KnockAction) -> None:
    client(world, action.device)  # the device's mail client exists in the built world
    knocks.append((world.network.now, action.device, action.times))


def check_knock(scenario: Scenario, path: KeyPath, action: KnockAction) -> Iterator[Problem]:
    yield from check_device(scenario, path, action)
    if action.times > 3:
        yield key_path([*path, "times"]), "knock at most 3 times"


class BlackoutWindow(Window):
    hosts: list[str]


def plan_blackout(plan: FaultPlan, window: BlackoutWindow) -> None:
    for host in window.hosts:
        plan.outages.host_down(host, *span(window))


def check_blackout(scenario: Scenario, path: KeyPath, window: BlackoutWindow) -> Iterator[Problem]:
    for index, host in enumerate(window.hosts):
        yield from unknown_host(scenario, [*path, "hosts", index], host)


@contextmanager
def registered_dummies() -> Iterator[None]:
    """The dummy kinds, registered for the duration; the model rebuilt on the way in and out."""
    register_step("knock", KnockAction, run_knock, check_knock, before=device_shorthand,
                  doc="The user knocks on the device.")
    register_fault("blackout", BlackoutWindow, plan_blackout, check_blackout,
                   doc="Several hosts go down at once.")
    Scenario.model_rebuild(force=True)
    knocks.clear()
    try:
        yield
    finally:
        del STEP_KINDS["knock"], FAULT_KINDS["blackout"]
        Scenario.model_rebuild(force=True)


@pytest.fixture
def dummy_kinds() -> Iterator[None]:
    with registered_dummies():
        yield


def _file(steps: list[Any] | None = None, faults: list[Any] | None = None) -> str:
    data = copy.deepcopy(ARTICLE)
    data["steps"] = [*data["steps"], *(steps or [])]
    data["faults"] = [*data.get("faults", []), *(faults or [])]
    return yaml.safe_dump(data, sort_keys=False)


def _problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "f.yaml")
    return caught.value.message.splitlines()


# --- the tests ---------------------------------------------------------------------


@pytest.mark.usefixtures("dummy_kinds")
def test_a_registered_kind_validates_and_runs() -> None:
    text = _file(steps=[{"at": "3s", "knock": "bob-pc"}, {"at": "4s", "knock": {"device": "alice-pc",
                                                                                 "times": 2}}],
                 faults=[{"blackout": {"hosts": ["dns.example.net", "relay.example.net"],
                                       "from": "1h", "until": "2h"}}])
    scenario = parse_scenario(text, "f.yaml")
    knock = scenario.steps[-2]
    assert (knock.kind, type(knock).__name__, knock.at) == ("knock", "KnockStep", 3.0)
    assert knock.action == KnockAction(device="bob-pc")  # the shorthand was applied
    assert scenario.faults[-1].kind == "blackout"
    world = build_world(scenario)
    world.run()
    assert knocks == [(to_micros(3), "bob-pc", 1), (to_micros(4), "alice-pc", 2)]
    outages = world.network.outages
    for host in ("dns.example.net", "relay.example.net"):
        assert outages.host_up(host, to_micros(3599))
        assert not outages.host_up(host, to_micros(3600))
        assert outages.host_up(host, to_micros(7200))
    assert outages.host_up("mx.example.jp", to_micros(3600))


@pytest.mark.usefixtures("dummy_kinds")
def test_a_registered_kind_gets_the_usual_messages() -> None:
    problems = _problems(_file(steps=[{"at": "1s", "knock": {"device": "nowhere", "times": 5}},
                                      {"at": "1s", "knock": {"times": 1}}],
                               faults=[{"blackout": {"hosts": ["mx.example.jp", "gone"],
                                                     "from": "2h", "until": "1h"}}]))
    last = len(ARTICLE["steps"])
    assert problems == [f"f.yaml: steps[{last + 1}].knock.device: required key is missing"]
    problems = _problems(_file(steps=[{"at": "1s", "knock": {"device": "nowhere", "times": 5}}],
                               faults=[{"blackout": {"hosts": ["mx.example.jp", "gone"],
                                                     "from": "2h", "until": "1h"}}]))
    hosts = ", ".join(ARTICLE["hosts"])
    assert problems == [
        f"f.yaml: steps[{last}].knock.device: no host named 'nowhere' (devices: alice-pc, bob-pc)",
        f"f.yaml: steps[{last}].knock.times: knock at most 3 times",
        "f.yaml: faults[0].blackout.until: expected a time after 'from'",
        f"f.yaml: faults[0].blackout.hosts[1]: no host named 'gone' (hosts: {hosts})",
    ]
    # The lists come from the registry, the new kinds last (the project's own kinds
    # may grow: they are read, not written out here).
    steps, faults = list(STEP_KINDS), list(FAULT_KINDS)
    assert steps[-1] == "knock" and faults[-1] == "blackout"
    assert _problems(_file(steps=[{"at": "1s", "ring": "bob-pc"}])) == [
        f"f.yaml: steps[{last}]: expected 'at' and exactly one action: {', '.join(steps)}",
    ]
    assert _problems(_file(faults=[{"flood": {}}])) == [
        f"f.yaml: faults[0]: expected exactly one fault: {', '.join(faults)}",
    ]


def test_the_model_forgets_the_kinds_once_unregistered() -> None:
    last = len(ARTICLE["steps"])
    text = _file(steps=[{"at": "1s", "knock": "bob-pc"}])
    with registered_dummies():
        assert parse_scenario(text).steps[-1].kind == "knock"
    assert "knock" not in STEP_KINDS
    assert _problems(text) == [
        f"f.yaml: steps[{last}]: expected 'at' and exactly one action: {', '.join(STEP_KINDS)}",
    ]


def test_a_kind_is_registered_once() -> None:
    with pytest.raises(ValueError, match="already taken"):
        register_step("send", KnockAction, run_knock)
    with pytest.raises(ValueError, match="already taken"):
        register_fault("host_down", BlackoutWindow, plan_blackout)
    with pytest.raises(ValueError, match="already taken"):
        register_step("at", KnockAction, run_knock)
