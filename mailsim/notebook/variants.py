"""A bundled scenario with a few values changed, for "run it again with..." in a lesson.

``ms.vary("forged-sender", "hosts[mx.example.jp].checks.dmarc=report")`` is the
scenario ``mailsim sweep forged-sender --vary 'hosts[mx.example.jp].checks.dmarc=report,enforce'``
runs first: the same key syntax, the same validation (:mod:`mailsim.scenario.sweep`),
but one value per key, so one scenario comes back.
"""

from __future__ import annotations

from mailsim.scenario import Scenario
from mailsim.scenario.errors import ScenarioError
from mailsim.scenario.sweep import parse_vary, variants


def vary(name: str, *settings: str) -> Scenario:
    """The scenario ``name`` (bundled, or a file's path) with each ``KEY=VALUE`` of ``settings``
    set, validated like a scenario file (a bad key or value raises :class:`ScenarioError`)."""
    parsed = [parse_vary(setting) for setting in settings]
    for setting, one in zip(settings, parsed, strict=True):
        if len(one.values) != 1:
            raise ScenarioError(f"vary {setting}", [("", "expected one KEY=VALUE: "
                                                     "mailsim sweep --vary tries several values")])
    base, found = variants(name, parsed)
    return found[0].scenario if parsed else base
