"""The page's network data (sections/network.py): the path of every line agrees with the
trace's own times, and outages are read from what the faults did."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from mailsim.scenario import load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import Trace
from mailsim.views.html.sections import network

SCENARIOS = Path(__file__).parents[2] / "scenarios"


def link_down_trace(folder: Path) -> Trace:
    """mx-failover with the relay's link to the primary cut for half an hour instead."""
    text = (SCENARIOS / "mx-failover.yaml").read_text(encoding="utf-8")
    fault = "  - host_down: {host: mx.example.jp, from: 0s, until: 30m}"
    assert fault in text
    path = folder / "link-down.yaml"
    path.write_text(text.replace(fault, "  - link_down: {between: [relay.example.net, "
                                        "mx.example.jp], from: 0s, until: 30m}"), encoding="utf-8")
    return run_scenario(load_scenario(str(path)))


def _run(name: str) -> Trace:
    return run_scenario(load_scenario(name))


def _lanes(trace: Trace) -> dict[tuple[str, str], tuple[float, float]]:
    lanes = {}
    for a, b, latency, bandwidth in trace.header.links:
        lanes[a, b] = lanes[b, a] = (latency, bandwidth)
    return lanes


@pytest.mark.parametrize("name", ["article-route", "two-domains", "mx-failover", "sent-mail"])
def test_every_line_takes_at_least_its_paths_store_and_forward_time(name: str) -> None:
    """Each arrived unit's transit is at least the path's latencies plus serialisation on
    each hop; replaying the lanes' reservations in trace order gives the trace's times."""
    trace = _run(name)
    paths = network.paths(trace)
    lanes = _lanes(trace)
    busy: dict[tuple[str, str], int] = {}
    exact = arrived = 0
    for e in trace.messages():
        hops = paths[f"{e.src}>{e.dst}"]
        assert hops[0] == e.src and hops[-1] == e.dst
        assert all((a, b) in lanes for a, b in itertools.pairwise(hops))
        if e.t_arrived is None:
            continue
        arrived += 1
        least = sum(lanes[h][0] + e.size * 8 / lanes[h][1] for h in itertools.pairwise(hops))
        assert e.t_arrived - e.t_sent >= least - 2e-6
        t = round(e.t_sent * 1_000_000)  # store and forward, as sim/links.py transit()
        for hop in itertools.pairwise(hops):
            begin = max(t, busy.get(hop, 0))
            busy[hop] = begin + round(e.size * 8 * 1_000_000 / lanes[hop][1])
            t = busy[hop] + round(lanes[hop][0] * 1_000_000)
        exact += abs(t - round(e.t_arrived * 1_000_000)) <= 1
    assert arrived and exact >= 0.9 * arrived  # TCP's in-order delivery may hold a few later


def test_paths_take_the_lowest_latency_way_and_pairs_that_never_talk_have_none() -> None:
    paths = network.paths(_run("mx-failover"))
    # relay -> mx -> mx2 is 40 + 2 ms, the direct link 45 ms
    assert paths["relay.example.net>mx2.example.jp"] == \
        ["relay.example.net", "mx.example.jp", "mx2.example.jp"]
    assert paths["relay.example.net>dns.example.net"] == ["relay.example.net", "dns.example.net"]
    assert paths["alice-pc>mail.example.com"] == ["alice-pc", "mail.example.com"]
    assert "alice-pc>bob-pc" not in paths


def test_a_host_down_is_down_from_its_first_lost_unit_until_it_answers() -> None:
    trace = _run("relay-outage")
    [(kind, host, start, end)] = network.outages(trace)
    assert kind == "host"
    assert host == "relay.example.net"
    first = trace[start]
    assert first.kind == "message" and first.dst == host and first.t_arrived is None
    back = trace[end]
    assert back.kind == "message" and host in (back.src, back.dst) and back.t_arrived is not None
    assert back.t_sent >= 2 * 3600  # the fault lasts two hours
    lost_between = [e for e in trace[start:end] if e.kind == "message" and e.dst == host]
    assert all(e.t_arrived is None for e in lost_between) and len(lost_between) > 1


def test_the_backup_mx_scenario_shows_the_primary_down_and_no_outage_elsewhere() -> None:
    [(_kind, host, _start, end)] = network.outages(_run("mx-failover"))
    assert host == "mx.example.jp" and end is not None
    for name in ("article-route", "greylisting", "unknown-recipient"):
        assert network.outages(_run(name)) == []


def test_a_new_connection_goes_round_a_cut_link_and_the_link_shows_down(tmp_path: Path) -> None:
    """A SYN that starts while relay-mx is cut goes relay -> mx2 -> mx (sim/outages.py: the
    open session then carries on over the link); the section finds the detour by its times."""
    trace = link_down_trace(tmp_path)
    shortest = network.paths(trace)
    found = network.detours(trace, shortest)
    assert found, "the detour is not found"
    for position, way in found.items():
        e = trace[position]
        assert e.kind == "message" and e.protocol == "TCP" and "SYN" in e.text
        assert way[0] == e.src and way[-1] == e.dst and "mx2.example.jp" in way
    rows = network.outages(trace, shortest, found)
    assert rows == [["link", ["mx.example.jp", "relay.example.net"], p, p + 1] for p in sorted(found)]
    assert network.detours(_run("article-route"), network.paths(_run("article-route"))) == {}
