"""The network figure: hosts with roles and ports, links with latency and bandwidth."""

from __future__ import annotations

import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from mailsim.cli import main
from mailsim.scenario import load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import Trace
from mailsim.views.topology import network_graph, plot_topology, role_key, route_layout


def article() -> Trace:
    return run_scenario(load_scenario("article-route"))


def test_hosts_show_role_and_ports_and_links_their_latency() -> None:
    ax = plot_topology(article())
    texts = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    everything = " ".join(t.get_text() for t in ax.texts)
    assert texts["ports-mail.example.com"].splitlines()[1:] == [":25 SMTP", ":587 SMTP"]
    assert ":110 POP3" in texts["ports-mx.example.jp"]
    assert ":53 DNS" in texts["ports-dns.example.net"]
    assert "ports-alice-pc" not in texts and "ports-relay.example.net" in texts
    assert "49152" not in everything  # a resolver's answer port is no service
    assert "your mail server" in everything and "SMTP relay" in everything
    assert "40 ms\n1 Gbit/s" in everything
    plt.close("all")


def test_the_route_runs_left_to_right() -> None:
    trace = article()
    positions = route_layout(trace, network_graph(trace))
    route = ["alice-pc", "mail.example.com", "relay.example.net", "mx.example.jp", "bob-pc"]
    assert [positions[h][1] for h in route] == [0.0] * 5
    assert sorted(route, key=lambda h: positions[h][0]) == route
    assert positions["dns.example.net"][0] == positions["relay.example.net"][0]
    assert positions["dns.example.net"][1] < 0
    assert role_key(trace, "bob-pc") == "client.reader"


def test_a_saved_trace_draws_the_same_network(tmp_path: Path) -> None:
    trace = article()
    path = tmp_path / "run.jsonl"
    trace.write_jsonl(path)
    assert Trace.read_jsonl(path).header == trace.header
    assert main(["topology", str(path), "-o", str(tmp_path / "net.png")]) == 0
    assert (tmp_path / "net.png").read_bytes().startswith(b"\x89PNG")


def test_cli_writes_a_png_in_japanese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "net.png"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(["topology", "pop3-vs-imap", "-o", str(target), "--lang", "ja"]) == 0
    assert target.read_bytes().startswith(b"\x89PNG")
    assert "net.png" in capsys.readouterr().out


def test_cli_topology_default_name_and_bad_suffix(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["topology"]) == 0
    assert (tmp_path / "article-route-topology.png").exists()
    assert main(["topology", "-o", "net.txt"]) == 2
