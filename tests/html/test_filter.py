"""The page's filter keeps what the CLI's Selection keeps: MS.select(filter) in Chromium
against Selection.of(...).kept(trace) in Python, for many filters on several bundled
scenarios; and the filter bar sets the filter the list and the stepping obey."""

from __future__ import annotations

import random
from typing import Any

import pytest

from mailsim.trace import MessageEvent, Trace
from mailsim.views.select import Selection
from tests.html.conftest import _trace_of

SCENARIOS = ["article-route", "dns-cache", "imap-two-devices", "mailbox-full", "relay-outage",
             "mx-failover", "sent-mail"]


def python_kept(trace: Trace, f: dict[str, Any]) -> list[int]:
    return Selection.of(protocols=f["protocols"], nodes=f["hosts"], connections=f["conns"],
                        start=f["start"], end=f["end"], tcp=f["tcp"],
                        with_state=f["withState"]).kept(trace)


def filters_for(trace: Trace, seed: int) -> list[dict[str, Any]]:
    """Each protocol (alone, with state, without TCP), each host, each connection, time
    ranges, and random mixes of them."""
    lines = [e for e in trace if isinstance(e, MessageEvent)]
    protocols = sorted({e.protocol for e in lines})
    hosts = sorted({n for e in trace for n in e.nodes})
    conns = sorted({e.conn for e in lines if e.conn is not None})
    times = sorted(e.time for e in trace)
    end = times[-1]

    def f(protocols: list[str] = [], hosts: list[str] = [], conns: list[str] = [],  # noqa: B006
          start: float | None = None, stop: float | None = None, tcp: bool = True,
          with_state: bool = False) -> dict[str, Any]:
        return {"protocols": protocols, "hosts": hosts, "conns": conns, "start": start,
                "end": stop, "tcp": tcp, "withState": with_state}

    out = [f(tcp=False), f(with_state=True)]
    for p in protocols:
        out += [f([p]), f([p.lower()], with_state=True), f([p], tcp=False)]
    out += [f(hosts=[h]) for h in hosts]
    out += [f(conns=[c]) for c in conns[:25]]
    out += [f(start=end * a, stop=end * b) for a, b in ((0, 0.25), (0.25, 0.6), (0.5, 1), (0.1, 0.1))]
    out += [f(start=times[len(times) // 2]), f(stop=times[len(times) // 3])]
    rng = random.Random(seed)
    for _ in range(40):
        a, b = sorted(rng.uniform(0, end) for _ in range(2))
        out.append(f(rng.sample(protocols, rng.randint(0, 2)), rng.sample(hosts, rng.randint(0, 2)),
                     rng.sample(conns, min(len(conns), rng.randint(0, 2))),
                     a if rng.random() < 0.3 else None, b if rng.random() < 0.3 else None,
                     rng.random() < 0.7, rng.random() < 0.3))
    return out


@pytest.mark.parametrize("name", SCENARIOS)
def test_select_keeps_what_selection_keeps(open_page, name: str) -> None:
    trace = _trace_of(name)[0]
    filters = filters_for(trace, seed=len(name))
    opened = open_page(name)
    got = opened.js("fs => fs.map(f => MS.select(f))", filters)
    for f, page in zip(filters, got, strict=True):
        assert page == python_kept(trace, f), f
    # the filters cover both ways: some keep state changes no line of theirs names
    assert any(0 < len(k) < len(trace) for k in got)
    assert opened.errors == []


def test_state_changes_follow_their_lines(open_page) -> None:
    """article-route under DNS: the query, its answer, and the two resolver changes."""
    opened = open_page()
    assert opened.js("MS.select({protocols: ['DNS']})") == [56, 58, 59, 60]
    assert opened.js("MS.select({protocols: ['POP3']})") != opened.js(
        "MS.select({protocols: ['POP3'], withState: true})")
    assert opened.errors == []


def test_the_bar_sets_the_filter_and_the_steps_obey(open_page) -> None:
    opened = open_page(hash="step=5")
    opened.js("MS.showTab('events')")
    opened.page.click("#ms-filter-protocols [data-protocol='DNS']")
    assert opened.js("MS.filter.protocols") == ["DNS"]
    assert opened.js("MS.kept") == [56, 58, 59, 60]
    assert opened.index == 56  # the nearest kept step
    opened.key("ArrowRight")
    assert opened.index == 58
    assert opened.page.locator("#ms-events-list .ms-ev-row").count() == 4
    assert "4" in opened.page.inner_text("#ms-filter-count")
    # a host picked from the list narrows it further: lines to or from dns.example.net only
    opened.page.select_option("#ms-filter-host", "dns.example.net")
    assert opened.js("MS.filter.hosts") == ["dns.example.net"]
    assert opened.js("MS.kept") == [56, 58]
    opened.page.fill("#ms-filter-end", "0.245")
    opened.page.press("#ms-filter-end", "Enter")
    assert opened.js("MS.kept") == [56]
    opened.page.fill("#ms-filter-start", "soon")
    opened.page.press("#ms-filter-start", "Enter")
    assert opened.js("document.getElementById('ms-filter-start').classList.contains('ms-bad')")
    opened.page.click("#ms-filter-clear")
    assert opened.js("MS.filter") is None and opened.js("MS.kept") is None
    # "all state rows" alone keeps everything, and stays pressed
    opened.page.click("#ms-filter-state")
    assert opened.page.get_attribute("#ms-filter-state", "aria-pressed") == "true"
    opened.page.click("#ms-filter-tcp")
    assert opened.js("MS.filter.tcp") is False
    assert opened.js("MS.kept.every(i => MS.events[i].protocol !== 'TCP')")
    assert opened.errors == []
