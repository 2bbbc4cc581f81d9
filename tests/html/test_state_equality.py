"""Issue 13.6: the page's state fold equals Python's replay at every step of every scenario.

The page writes the canonical form of its state (``MS.stateJSON(i)``, assets/fold.js) and
Python writes the same form of ``replay(trace, upto=i + 1)`` (views/html/state_json.py).
To keep a 20,000-step scenario quick, the browser sends one CRC-32 of the UTF-8 text per
step (``MS.stateAt`` walked in order, then in a shuffled order that jumps between the
snapshots); Python folds the trace once with ``replay.walk``. At the first step whose
digests differ the test fetches both texts whole and shows the step, its event and a diff.
The two largest scenarios are in ``test_state_equality_large.py``.
"""

from __future__ import annotations

import difflib
import json
import random
import zlib
from pathlib import Path
from typing import Any

import pytest

from mailsim.scenario import load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.study.sample import sample_scenario
from mailsim.trace import StateEvent, Trace
from mailsim.trace.codec import event_to_dict
from mailsim.trace.replay import replay, walk
from mailsim.views.html.state_json import state_json

SCENARIOS = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "scenarios").glob("*.yaml"))
LARGE = ("storage-study", "workload-demo")  # thousands of steps: their own file

# The page's digests: MS.stateAt(i) for each i of `order`, its canonical text as UTF-8, CRC-32.
DIGESTS = """(order) => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  const encoder = new TextEncoder();
  const crc = (text) => {
    const bytes = encoder.encode(text);
    let c = 0xFFFFFFFF;
    for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xFF] ^ (c >>> 8);
    return (c ^ 0xFFFFFFFF) >>> 0;
  };
  const list = order || MS.events.map((_, i) => i);
  return list.map((i) => crc(MS.stateJSON(i)));
}"""


def scenario_trace(name: str) -> Trace:
    """The bundled scenario's run, as ``mailsim html`` makes it (the study through its sample)."""
    return run_scenario(sample_scenario(load_scenario(name)))


def expected_digests(trace: Trace) -> list[int]:
    """CRC-32 of the canonical text of ``replay(trace, i + 1)`` for every step ``i``, in one walk.

    A line (a message event) changes only ``step`` and ``time`` (replay.walk folds state events
    only), and those are the text's last keys with ``stored``, so the rest is written again
    only after a state event.
    """
    out: list[int] = []
    body = ""
    for event, state in walk(trace):
        if isinstance(event, StateEvent) or not body:
            text = state_json(state)
            body = text[: text.rindex(',"step":')]
        text = f'{body},"step":{state.step},"stored":{state.stored},"time":{float(state.time)!r}}}'
        out.append(zlib.crc32(text.encode("utf-8")))
    return out


def first_difference(opened: Any, trace: Trace, order: list[int] | None = None) -> str | None:
    """None if the page's state equals replay's at every step of ``order`` (all, in turn),
    else a report of the first step that differs: its event and a diff of the two states."""
    want = expected_digests(trace)
    got = opened.js(DIGESTS, order)
    steps = order if order is not None else list(range(len(trace)))
    assert len(got) == len(steps)
    for place, index in enumerate(steps):
        if got[place] != want[index]:
            page = opened.js("(i) => { MS.fold.reset(); return MS.stateJSON(i); }", index)
            return describe(trace, index, state_json(replay(trace, upto=index + 1)), page)
    return None


def describe(trace: Trace, index: int, python: str, page: str) -> str:
    """The first differing step, its event, and a unified diff of the two states."""
    def lines(text: str) -> list[str]:
        return json.dumps(json.loads(text), indent=1, sort_keys=True, ensure_ascii=False).splitlines()

    diff = "\n".join(difflib.unified_diff(lines(python), lines(page), "replay (Python)", "page (JS)",
                                          lineterm="", n=2))
    event = json.dumps(event_to_dict(trace[index]), ensure_ascii=False)[:300]
    return f"the state differs first at step {index} ({event}):\n{diff or (python + chr(10) + page)}"


def check(opened: Any, trace: Trace) -> None:
    """Every step in order (forward steps), then every step in a shuffled order (jumps)."""
    assert opened.js("MS.events.length") == len(trace)
    report = first_difference(opened, trace)
    assert report is None, report
    order = list(range(len(trace)))
    random.Random(13).shuffle(order)
    opened.js("MS.fold.reset()")
    report = first_difference(opened, trace, order)
    assert report is None, report
    # the shortcut of expected_digests against replay itself, at a few steps
    for index in sorted(random.Random(6).sample(range(len(trace)), min(8, len(trace)))):
        assert opened.js("(i) => MS.stateJSON(i)", index) == state_json(replay(trace, upto=index + 1))
    assert opened.errors == []


@pytest.mark.parametrize("name", [n for n in SCENARIOS if n not in LARGE])
def test_the_page_state_equals_replay_at_every_step(open_page: Any, name: str) -> None:
    trace = scenario_trace(name)
    check(open_page(trace), trace)


def test_snapshots_stay_bounded(open_page: Any) -> None:
    trace = scenario_trace("pop3-vs-imap")
    opened = open_page(trace)
    every = opened.js("MS.fold.every")
    assert every == max(32, -(-len(trace) // 64))
    opened.js("() => { for (let i = MS.events.length - 1; i >= 0; i -= 7) MS.stateAt(i); }")
    assert opened.js("MS.fold.snapshots()") <= -(-len(trace) // every) + 1
    assert opened.errors == []


def test_a_wrong_fold_is_found_at_its_first_step(open_page: Any) -> None:
    """The test can fail: a page whose `deleted` fold does nothing differs first where a
    message is first deleted, and the report names that step and shows the message."""
    trace = scenario_trace("pop3-one-device")
    first = next(e.seq for e in trace.states() if e.action == "deleted")
    opened = open_page(trace)
    opened.js("() => { MS.fold.folds.set('deleted', () => {}); MS.fold.reset(); }")
    report = first_difference(opened, trace)
    assert report is not None
    assert report.startswith(f"the state differs first at step {first} ")
    assert '"deleted"' in report and "-" in report.split("\n", 1)[1]
    assert opened.errors == []


def test_a_ttl_added_in_another_order_is_found(open_page: Any) -> None:
    """Times are compared exactly, with no tolerance: a TTL one rounding larger
    (ttl * (1 + 2**-52)) gives an expiry a few ulps away, and that step differs."""
    trace = scenario_trace("dns-cache")
    first = next(e.seq for e in trace.states() if e.action == "dns_cache_store")
    opened = open_page(trace)
    opened.js("""() => {
      const store = MS.fold.folds.get('dns_cache_store');
      MS.fold.folds.set('dns_cache_store', (s, node, d) => store(s, node,
        { ...d, rrsets: d.rrsets.map((r) => ({ ...r, ttl: r.ttl * (1 + 2 ** -52) })) }));
      MS.fold.reset();
    }""")
    report = first_difference(opened, trace)
    assert report is not None and report.startswith(f"the state differs first at step {first} ")
    assert "expires_at" in report
    assert opened.errors == []
