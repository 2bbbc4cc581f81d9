"""The security lessons' traces, byte for byte: the real SPF lookups, DKIM signatures
(made with the run's seeded key) and DMARC decisions, the SYNs a router drops.

After an intended change, regenerate with MAILSIM_UPDATE_GOLDEN=1 and read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mailsim.scenario.build import run_scenario
from mailsim.scenario.loader import load_scenario

GOLDEN = Path(__file__).parent / "golden"
SCENARIOS = Path(__file__).parent.parent / "scenarios"
LESSONS = ["forged-sender", "mailing-list-footer", "why-port-587", "pop-before-smtp", "cafe-wifi"]


@pytest.mark.parametrize("name", LESSONS)
def test_golden_trace(name: str) -> None:
    text = run_scenario(load_scenario(SCENARIOS / f"{name}.yaml")).to_jsonl()
    golden = GOLDEN / f"{name}.jsonl"
    if os.environ.get("MAILSIM_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", LESSONS)
def test_the_golden_shows_the_lesson(name: str) -> None:
    """Each golden holds what its lesson is about, so a regenerated file that lost it fails."""
    text = (GOLDEN / f"{name}.jsonl").read_text(encoding="utf-8")
    expected = {
        "forged-sender": ['"result":"fail"', "550 5.7.1", "DKIM-Signature: v=1; a=rsa-sha256",
                          "QUERY _dmarc.example.com. TXT"],
        "mailing-list-footer": ['"action":"message_modified"', '"result":"fail"', '"folder":"Junk"'],
        "why-port-587": ['"action":"port_blocked"', "AUTH PLAIN", '"action":"dmarc_checked"'],
        "pop-before-smtp": ['"action":"relay_window_opened"', '"action":"relay_window_used"',
                            "554 5.7.1 <bob@example.jp>: Relay access denied"],
        "cafe-wifi": ['"text":"PASS bob-secret"', '"encrypted":true,"live":false,"port":995'],
    }[name]
    missing = [piece for piece in expected if piece not in text]
    assert not missing
