"""Issue 13.6 for the two largest bundled scenarios (15,000 and 21,000 steps): the page's
state equals replay's at every step, walked forward, and at 400 steps reached by jumps
(every jump copies a snapshot and folds on; all of them would take a minute)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from tests.html.test_state_equality import LARGE, first_difference, scenario_trace

JUMPS = 400


@pytest.mark.parametrize("name", LARGE)
def test_the_page_state_equals_replay_at_every_step(open_page: Any, name: str) -> None:
    trace = scenario_trace(name)
    opened = open_page(trace)
    assert opened.js("MS.events.length") == len(trace) > 10_000
    report = first_difference(opened, trace)
    assert report is None, report
    opened.js("MS.fold.reset()")
    report = first_difference(opened, trace, random.Random(13).sample(range(len(trace)), JUMPS))
    assert report is None, report
    assert opened.js("MS.fold.snapshots()") <= 65
    assert opened.errors == []
