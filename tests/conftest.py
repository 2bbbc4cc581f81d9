"""Shared helpers: the default scenario, and variants of it built in code."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml
from hypothesis import settings

from mailsim.scenario import Scenario, parse_scenario
from mailsim.scenario.build import World, build_world
from mailsim.scenario.loader import bundled_dir
from mailsim.trace import Trace

# No property test has a time limit: Hypothesis's default 200 ms deadline is a timed assertion,
# and on a shared 2-core machine one example now and then takes longer (a FlakyFailure). A
# test that could hang has its own guard (SIGALRM, see tests/scenario/test_hostile_files.py).
settings.register_profile("mailsim", deadline=None)
settings.load_profile("mailsim")

ARTICLE = yaml.safe_load((bundled_dir() / "article-route.yaml").read_text(encoding="utf-8"))


def variant(change: Callable[[dict[str, Any]], None] | None = None) -> Scenario:
    """The article's route with ``change`` applied to its YAML data."""
    data = copy.deepcopy(ARTICLE)
    if change is not None:
        change(data)
    return parse_scenario(yaml.safe_dump(data, allow_unicode=True), "variant.yaml")


def send_step(
    at: str, to: list[str], subject: str = "Hi", sender: str = "alice@example.com"
) -> dict[str, Any]:
    return {"at": at, "send": {"from": sender, "to": to, "subject": subject, "body": "Hello.\n"}}


def run_world(scenario: Scenario) -> tuple[World, Trace]:
    world = build_world(scenario)
    return world, world.run()


@pytest.fixture(scope="session")
def article_run() -> tuple[World, Trace]:
    return run_world(variant())
