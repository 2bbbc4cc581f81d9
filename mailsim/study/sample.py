"""A study's sample users at line level: what ``run --trace`` writes for the classroom views."""

from __future__ import annotations

from mailsim.scenario.expand import expand
from mailsim.scenario.model import Scenario


def sample_users(scenario: Scenario) -> list[int]:
    """The users whose line-level trace a study keeps: the first ``trace_users``
    (round-robin over the domains, so the first three live in three domains)."""
    workload = scenario.workload
    return [] if workload is None else list(range(workload.trace_users))


def sample_scenario(scenario: Scenario) -> Scenario:
    """A session-fidelity study as the line-level scenario of its sample users (their first
    ``trace_days`` days); any other scenario as it is."""
    workload = scenario.workload
    if workload is None or scenario.fidelity != "session":
        return scenario
    return expand(scenario, users=sample_users(scenario), days=workload.trace_days)
