"""Scenarios and runs for the notebooks: load, run, and what a scenario is about."""

from __future__ import annotations

from mailsim.notebook.display import HTML, Markdown, markdown, table
from mailsim.scenario import Scenario, load_scenario, localized
from mailsim.scenario.build import run_scenario
from mailsim.trace import Trace
from mailsim.views.captions import ui


def scenario(name: str | Scenario) -> Scenario:
    """A bundled scenario by name (``article-route``), or a scenario file's path."""
    return name if isinstance(name, Scenario) else load_scenario(name)


def run(name: str | Scenario, seed: int | None = None) -> Trace:
    """Run a scenario and return its trace (the same name and seed give the same trace)."""
    return run_scenario(scenario(name), seed=seed)


def about(name: str | Scenario, lang: str = "en") -> Markdown:
    """The scenario's title, description and goals, as Markdown."""
    s = scenario(name)
    goals = "".join(f"\n- {localized(goal, lang)}" for goal in s.goals)
    heading = f"\n\n**{ui('ui.show.goals', lang)}**\n{goals}" if goals else ""
    return markdown(f"### {localized(s.title, lang)}\n\n{localized(s.description, lang)}{heading}")


def questions(name: str | Scenario, lang: str = "en") -> Markdown:
    """The scenario's questions for students, as a numbered Markdown list."""
    s = scenario(name)
    items = "".join(f"\n{n}. {localized(q, lang)}" for n, q in enumerate(s.questions, start=1))
    return markdown(f"**{ui('ui.show.questions', lang)} — {localized(s.title, lang)}**\n{items}")


def zone(name: str | Scenario, lang: str = "en") -> HTML:
    """The DNS records a scenario's DNS server answers with: MX (with preference) and A."""
    s = scenario(name)
    rows = []
    for domain, config in s.dns.items():
        rows += [[domain, "MX", str(mx.preference), mx.host, f"{config.ttl:g} s"] for mx in config.mx]
        rows += [[domain, "A", "", str(ip), f"{config.ttl:g} s"] for ip in config.a]
    return table([ui(f"ui.notebook.{c}", lang) for c in ("domain", "type", "preference", "value", "ttl")],
                  rows)
