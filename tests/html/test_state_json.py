"""The canonical form of a state (views/html/state_json.py) and its JavaScript twin's
pieces: Python's float repr, Python's order of str, json.dumps's text."""

from __future__ import annotations

import json
import random
import struct
from typing import Any

from mailsim.trace.world import (
    CachedRRset,
    DeviceState,
    LocalCopy,
    MailboxMessage,
    QueuedMessage,
    SentMessage,
    ViewEntry,
    WorldState,
)
from mailsim.views.html.state_json import state_data, state_json


def a_state() -> WorldState:
    state = WorldState(step=3, time=0)  # an int time, as simpy starts the clock
    state.queues["relay"] = {"Q2": QueuedMessage("<b>", "a@x", ["c@y", "b@y"], 10, "件名")}
    state.mailboxes["mx"] = {"bob@y": [MailboxMessage(10, "<m>", 5, "Hi", "a@x", {"\\Seen", "\\Answered"})]}
    state.folders["mx"] = {"bob@y": {"Trash": [], "Sent": []}}
    state.dns_caches["relay"] = {("y.", "MX"): CachedRRset(["y. MX 10 mx.y."], "NOERROR", 3600.25),
                                 ("mx.y.", "A"): CachedRRset([], "NXDOMAIN", 1e-05)}
    state.outboxes["pc"] = [SentMessage("<m>", "Hi", ["bob@y"], "sent")]
    device = DeviceState(read={"<z>", "<m>"}, local_size=5)
    device.view = {10: ViewEntry("<m>", 5, "Hi", ["\\Seen"]), 9: ViewEntry("<n>", 1, "", [])}
    device.local["<m>"] = LocalCopy("<m>", 5, "Hi", "POP3", "1.1")
    state.devices["phone"] = device
    return state


def test_the_form_is_sorted_plain_and_exact() -> None:
    text = state_json(a_state())
    assert text == json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert '"time":0.0' in text  # a float, whatever type the clock had
    assert '"expires_at":1e-05' in text and '"expires_at":3600.25' in text  # as repr writes them
    assert "件名" in text
    data = state_data(a_state())
    assert data["mailboxes"]["mx"]["bob@y"][0]["flags"] == ["\\Answered", "\\Seen"]
    assert data["devices"]["phone"]["read"] == ["<m>", "<z>"]
    assert list(data["devices"]["phone"]["view"]) == ["10", "9"]  # str keys, sorted as text later
    assert [entry[:2] for entry in data["dns_caches"]["relay"]] == [["mx.y.", "A"], ["y.", "MX"]]
    assert data["queues"]["relay"]["Q2"]["recipients"] == ["c@y", "b@y"]  # a list keeps its order


def test_an_empty_state() -> None:
    assert state_json(WorldState()) == ('{"devices":{},"dns_caches":{},"folders":{},"mailboxes":{},'
                                        '"outboxes":{},"queues":{},"step":0,"stored":0,"time":0.0}')


def doubles() -> list[float]:
    rng = random.Random(13)
    special = [0.1 + 0.2, 1e16, 1e15, 9999999999999998.0, 1e-4, 1e-5, 0.00012345, 5e-324,
               1.7976931348623157e308, -0.0, 3600.0, 0.242, 123456789.125, 2.5e-7, -1e22, 1e21,
               330.649313, 4531.870316 + 3600]
    bits = [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0] for _ in range(3000)]
    finite = [x for x in bits if x == x and abs(x) != float("inf")]
    times = [rng.uniform(0, 10 ** rng.randint(0, 9)) for _ in range(2000)]
    return special + finite + times + [t + rng.choice([300, 3600, 86400]) for t in times[:500]]


def test_floats_are_written_as_python_writes_them(open_page: Any) -> None:
    opened = open_page("wrong-password")
    values = doubles()
    assert opened.js("(xs) => xs.map((x) => MS.fold.pyFloat(x))", values) == [repr(x) for x in values]
    assert opened.errors == []


def test_text_is_sorted_and_escaped_as_json_dumps_does(open_page: Any) -> None:
    opened = open_page("wrong-password")
    keys = ["b", "a", "Z", "é", "日本", "\ue000", "\U0001f600", "\uffef", "a\U0001f600", "a\ufffd", "10", "9",
            "", "__proto__", "constructor"]
    value = {k: [k, f'"quoted" \\ {k}\n\t\x01\x1f\x7f\u2028', 7, True, None] for k in keys}
    want = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    got = opened.js("""(pairs) => { const o = Object.create(null);
      for (const [k, v] of pairs) o[k] = v; return MS.fold.dumps(o); }""", list(value.items()))
    assert got == want
    assert opened.js("(xs) => xs.slice().sort(MS.fold.codePointOrder)", keys) == sorted(keys)
    assert opened.errors == []


def test_the_page_folds_every_action_python_folds(open_page: Any) -> None:
    """A new fold in trace/folds.py needs its twin in assets/fold.js (even before a scenario uses it)."""
    from mailsim.trace.folds import FOLDS, UNTRACKED

    opened = open_page("wrong-password")
    assert sorted(opened.js("[...MS.fold.folds.keys()]")) == sorted(cls.action for cls in FOLDS)
    timers = set(opened.js("[...MS.fold.timers.keys()]"))
    assert timers == {"retry_scheduled", "retry", "removed"}
    assert {cls.action for cls in UNTRACKED} >= timers - {"removed"}
    assert opened.errors == []
