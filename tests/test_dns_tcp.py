"""DNS round two in the simulation: a truncated UDP answer asked again over TCP,
the SOA in negative answers and the negative TTL the resolver takes from it."""

from __future__ import annotations

from typing import Any

import pytest

from mailsim.nodes.dns import DNSServer
from mailsim.protocols.dns import Query
from mailsim.scenario.build import build_world
from mailsim.scenario.errors import ScenarioError
from mailsim.trace import MessageEvent, Trace
from tests.conftest import run_world, send_step, variant

BACKUPS = 30  # 30 more MX records: the answer no longer fits in 512 octets


def many_mx(d: dict[str, Any]) -> None:
    """example.jp with its MX at preference 10 and 30 more (the same host, never needed)."""
    d["dns"]["example.jp"]["mx"] += [{"preference": 20 + n, "host": "mx.example.jp"}
                                     for n in range(BACKUPS)]
    d["steps"] = [send_step("0s", ["bob@example.jp"])]


def dns_lines(trace: Trace) -> list[MessageEvent]:
    return [e for e in trace.messages() if e.port == 53]


def test_a_long_answer_is_truncated_and_asked_again_over_tcp() -> None:
    _, trace = run_world(variant(many_mx))
    lines = dns_lines(trace)
    udp = [e for e in lines if e.conn is None]
    assert [e.text for e in udp] == ["QUERY example.jp. MX",
                                     "TRUNCATED example.jp. MX (TC=1: ask again over TCP)"]
    assert udp[1].size == udp[0].size  # header and question only (RFC 2181 §9)
    tcp = [e for e in lines if e.conn is not None]
    assert len({e.conn for e in tcp}) == 1  # one connection for the one question
    texts = [(e.src, e.protocol, e.text.splitlines()[0]) for e in tcp]
    assert texts[:3] == [("relay.example.net", "TCP", "SYN"), ("dns.example.net", "TCP", "SYN, ACK"),
                         ("relay.example.net", "TCP", "ACK")]
    (query,) = [e for e in tcp if e.protocol == "DNS" and e.src == "relay.example.net"]
    assert query.text == "QUERY example.jp. MX" and query.size == udp[0].size + 2  # length first
    (answer,) = [e for e in tcp if e.protocol == "DNS" and e.src == "dns.example.net"]
    assert answer.text.count("ANSWER example.jp. MX") == 1 + BACKUPS
    assert answer.size > 512
    assert "FIN, ACK" in [t for _, _, t in texts]  # the resolver closes when it has its answer
    (stored,) = trace.states("stored")  # and the mail goes to the first MX as before
    assert stored.node == "mx.example.jp"
    (cached,) = trace.states("dns_cache_store")
    assert cached.data["rcode"] == "NOERROR" and len(cached.data["rrsets"][0]["records"]) == 31


def test_a_short_answer_stays_on_udp() -> None:
    _, trace = run_world(variant(lambda d: d.update(steps=[send_step("0s", ["bob@example.jp"])])))
    assert all(e.conn is None for e in dns_lines(trace))


def test_nxdomain_carries_an_soa_and_is_cached_as_long_as_it_says() -> None:
    def change(d: dict[str, Any]) -> None:
        d["dns"]["example.jp"]["soa"] = {"minimum": "2m"}
        d["steps"] = [send_step("0s", ["x@nobody.example.jp"]), send_step("0s", ["y@example.jq"])]

    _, trace = run_world(variant(change))
    negative = [e.text.splitlines() for e in dns_lines(trace) if e.text.startswith("NXDOMAIN")]
    assert sorted(lines[1].split(" SOA ")[0] for lines in negative) == ["AUTHORITY .",
                                                                        "AUTHORITY example.jp."]
    ttls = {s.data["name"]: s.data["rrsets"][0]["ttl"] for s in trace.states("dns_cache_store")
            if s.data["rcode"] == "NXDOMAIN"}
    # RFC 2308 §5: min(SOA TTL 3600, MINIMUM 120); the root's day capped at 3 hours.
    assert ttls == {"nobody.example.jp.": 120.0, "example.jq.": 10_800.0}


def test_a_teacher_sets_the_soa_and_ns() -> None:
    def change(d: dict[str, Any]) -> None:
        d["dns"]["example.jp"].update(ns=["dns.example.net"],
                                      soa={"serial": 7, "rname": "admin.example.jp"})

    world, _ = run_world(variant(change))
    (server,) = [n for n in world.nodes.values() if isinstance(n, DNSServer)]
    soa = server.zone.answer(Query(1, "example.jp.", "SOA")).answers[0]
    assert soa.value == "dns.example.net. admin.example.jp. 7 86400 7200 3600000 300"
    ns = server.zone.answer(Query(1, "example.jp.", "NS"))
    assert [r.value for r in ns.answers] == ["dns.example.net."]
    assert [r.value for r in ns.additional] == ["198.51.100.53"]  # the host's own A record


def test_a_bad_soa_value_names_the_key() -> None:
    with pytest.raises(ScenarioError) as caught:
        variant(lambda d: d["dns"]["example.jp"].update(soa={"minimum": "soon"}))
    assert 'dns["example.jp"].soa.minimum' in str(caught.value)


def test_no_answer_over_tcp_is_a_temporary_failure() -> None:
    """TCP 53 refused after TC=1: like SERVFAIL, the mail waits in the queue (not a bounce)."""
    def change(d: dict[str, Any]) -> None:
        many_mx(d)
        d["until"] = "2m"

    world = build_world(variant(change))
    world.network._listeners.pop(("dns.example.net", 53))  # a server that only does UDP
    trace = world.run()
    refused = [e for e in dns_lines(trace) if e.text.startswith("RST")]
    assert refused and refused[0].src == "dns.example.net"
    assert not trace.states("stored") and not trace.states("bounced")
    assert not [s for s in trace.states("dns_cache_store") if s.data["name"] == "example.jp."]
