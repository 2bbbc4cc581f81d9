"""The page's "state" tab (assets/state.js): what it lists is replay's state, what changed
at this step is marked, TTLs count down and expire, retry timers show, both languages,
projector size, and nothing is drawn while the tab is hidden."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from mailsim.trace import MessageEvent, Trace
from mailsim.trace.replay import replay
from mailsim.views.html.state_json import state_json
from tests.html.test_state_equality import scenario_trace

ROW_KEYS = """() => Array.from(document.querySelectorAll('#ms-state-body .ms-st-row:not(.ms-st-gone)'),
  (r) => r.dataset.key)"""
MARKED = """(kind) => Array.from(document.querySelectorAll(`#ms-state-body .ms-st-${kind}`),
  (r) => [r.dataset.key, r.textContent])"""


def listed(key: str) -> tuple[str, ...] | None:
    """A row key naming one thing: a message, a queue entry, a cache entry, a device's copy."""
    parts = tuple(key.split("|"))
    if (parts[0], len(parts)) in (("m", 6), ("q", 3), ("d", 4)):
        return parts
    if len(parts) == 3 and parts[1] in ("l", "s"):
        return parts
    return None


def shown(opened: Any, index: int) -> set[tuple[str, ...]]:
    """What the tab lists at step ``index`` (gone rows left out)."""
    opened.js("(i) => MS.go(i)", index)
    return {parts for key in opened.js(ROW_KEYS) if (parts := listed(key)) is not None}


def expected(trace: Trace, index: int) -> set[tuple[str, ...]]:
    """The same keys, read from replay's state after ``index + 1`` events."""
    state = replay(trace, upto=index + 1)
    out: set[tuple[str, ...]] = set()
    for node, boxes in state.mailboxes.items():
        for address, box in boxes.items():
            out |= {("m", node, address, "INBOX", str(m.uid), m.message_id) for m in box}
    for node, accounts in state.folders.items():
        for address, account in accounts.items():
            for folder, box in account.items():
                out |= {("m", node, address, folder, str(m.uid), m.message_id) for m in box}
    for node, queue in state.queues.items():
        out |= {("q", node, queue_id) for queue_id in queue}
    for node, cache in state.dns_caches.items():
        out |= {("d", node, name, qtype) for name, qtype in cache}
    for node, device in state.devices.items():
        out |= {(node, "l", message_id) for message_id in device.local}
        out |= {(node, "s", message_id) for message_id in device.sent}
    return out


@pytest.mark.parametrize("name", ["imap-two-devices", "sent-mail", "mailbox-full", "pop3-vs-imap"])
def test_the_tab_lists_what_replay_holds(open_page: Any, name: str) -> None:
    trace = scenario_trace(name)
    opened = open_page(trace)
    opened.js("MS.showTab('state')")
    for index in [*range(0, len(trace), max(1, len(trace) // 40)), len(trace) - 1]:
        assert shown(opened, index) == expected(trace, index), f"step {index}"
    assert opened.errors == []


def test_what_changed_is_marked_and_what_went_is_struck_through(open_page: Any) -> None:
    trace = scenario_trace("pop3-one-device")
    stored = next(e for e in trace.states() if e.action == "stored")
    deleted = next(e for e in trace.states() if e.action == "deleted")
    opened = open_page(trace, hash=f"step={stored.seq}")
    opened.js("MS.showTab('state')")
    changed = dict(opened.js(MARKED, "changed"))
    box = f"m|{stored.node}|{stored.data['mailbox']}|INBOX"
    assert f"{box}|{stored.data['uid']}|{stored.data['message_id']}" in changed
    assert box in changed  # its count and size changed with it
    assert stored.data["subject"] in changed[f"{box}|{stored.data['uid']}|{stored.data['message_id']}"]
    line = next(e for e in trace if e.seq > stored.seq and isinstance(e, MessageEvent))
    opened.js("(i) => MS.go(i)", line.seq)
    assert opened.js(MARKED, "changed") == [] and opened.js(MARKED, "gone") == []
    opened.js("(i) => MS.go(i)", deleted.seq)
    gone = [key for key, _ in opened.js(MARKED, "gone")]
    pairs = zip(deleted.data["uids"], deleted.data["message_ids"], strict=True)
    assert gone == [f"{box}|{uid}|{mid}" for uid, mid in pairs]
    assert opened.errors == []


def test_ttl_left_counts_down_and_an_entry_past_its_ttl_shows_expired(open_page: Any) -> None:
    trace = scenario_trace("article-route")
    store = next(e for e in trace.states() if e.action == "dns_cache_store")
    state = replay(trace)
    node, cache = next(iter(state.dns_caches.items()))
    (name, qtype), entry = next(iter(cache.items()))
    last = next(e for e in reversed(list(trace)) if isinstance(e, MessageEvent))
    # one more line, a second after the entry's TTL ran out (no resolver asked again)
    late = dataclasses.replace(last, seq=len(trace), t_sent=entry.expires_at + 1.0,
                               t_arrived=entry.expires_at + 1.1)
    longer = Trace(trace.header, [*trace, late])
    opened = open_page(longer)
    opened.js("MS.showTab('state')")
    key = f"d|{node}|{name}|{qtype}"
    row = "(k) => document.querySelector(`#ms-state-body [data-key=\"${k}\"]`).textContent"
    for index in (store.seq, len(trace) - 1):
        opened.js("(i) => MS.go(i)", index)
        left = entry.expires_at - replay(trace, upto=index + 1).time
        assert f"TTL left {left:.0f} s" in opened.js(row, key)
    opened.js("(i) => MS.go(i)", len(trace))
    assert "expired" in opened.js(row, key)
    assert "TTL left" not in opened.js(row, key)
    assert opened.js("(i) => MS.stateJSON(i)", len(trace)) == state_json(replay(longer))
    assert opened.errors == []


def test_retry_timers_show_when_the_next_attempt_runs(open_page: Any) -> None:
    trace = scenario_trace("relay-outage")
    scheduled = next(e for e in trace.states() if e.action == "retry_scheduled")
    retry = next(e for e in trace.states() if e.action == "retry" and e.seq > scheduled.seq)
    opened = open_page(trace, hash=f"step={scheduled.seq}")
    opened.js("MS.showTab('state')")
    key = f"r|{scheduled.node}|{scheduled.data['queue_id']}"
    changed = dict(opened.js(MARKED, "changed"))
    assert key in changed
    at = opened.js("(t) => MS.formatTime(t)", scheduled.data["at"])
    assert f"attempt #{scheduled.data['attempt']} at {at}" in changed[key]
    assert "retry_scheduled" not in opened.js("document.getElementById('ms-state-note').textContent")
    assert "Python" in opened.js("document.getElementById('ms-state-note').textContent")
    opened.js("(i) => MS.go(i)", retry.seq)
    assert key in [k for k, _ in opened.js(MARKED, "gone")]
    assert opened.errors == []


def test_japanese_and_role_titles(open_page: Any) -> None:
    trace = scenario_trace("imap-two-devices")
    opened = open_page(trace, lang="ja", hash=f"step={len(trace) - 1}")
    opened.js("MS.showTab('state')")
    titles = opened.js("""Array.from(document.querySelectorAll('.ms-st-host .ms-st-title'),
      (e) => e.textContent)""")
    wanted = opened.js("""MS.hosts.filter((h) => ['client', 'mail_server', 'relay'].includes(h.role))
      .map((h) => h.title.ja)""")
    assert titles[: len(wanted)] == wanted
    text = opened.js("document.getElementById('ms-state').textContent")
    for word in ("メールボックス", "キュー", "状態"):
        assert word in text
    for word in ("mailboxes", "queue", "State after", "message list", "bytes"):
        assert word not in text
    opened.js("MS.setLang('en')")
    assert "mailboxes" in opened.js("document.getElementById('ms-state').textContent")
    assert opened.errors == []


@pytest.mark.parametrize(("projector", "least"), [(False, 16), (True, 24)])
def test_text_size(open_page: Any, projector: bool, least: int) -> None:
    trace = scenario_trace("sent-mail")
    opened = open_page(trace, hash=f"step={len(trace) // 2}" + ("&projector=1" if projector else ""))
    opened.js("MS.showTab('state')")
    sizes = opened.js("""() => Array.from(document.querySelectorAll('#ms-state *'))
      .filter((e) => Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim()))
      .map((e) => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= least
    assert opened.errors == []


def test_nothing_is_folded_or_drawn_while_the_tab_is_hidden(open_page: Any) -> None:
    trace = scenario_trace("pop3-vs-imap")
    opened = open_page(trace)
    assert opened.js("document.getElementById('ms-state').hidden")
    for _ in range(40):
        opened.key("ArrowRight")
    opened.js("(i) => MS.go(i)", len(trace) - 1)
    assert opened.js("document.querySelectorAll('#ms-state-body .ms-st-row').length") == 0
    assert opened.js("MS.fold.snapshots()") == 1
    opened.key("2")  # the state tab
    assert opened.js("document.querySelectorAll('#ms-state-body .ms-st-row').length") > 10
    assert opened.errors == []
