"""The network figure: hosts with roles and ports, links with latency and bandwidth."""

from __future__ import annotations

import itertools
import warnings
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from mailsim.cli import main
from mailsim.scenario import bundled_names, load_scenario, parse_scenario
from mailsim.scenario.build import run_scenario
from mailsim.study.sample import sample_scenario
from mailsim.trace import Trace
from mailsim.views.chart_style import FONT, PROJECTOR_PX, WIDTH, dpi_for
from mailsim.views.label_layout import crosses, overlap, two_lines
from mailsim.views.topology import network_graph, plot_topology, role_key, route_layout


def article() -> Trace:
    return run_scenario(load_scenario("article-route"))


def test_hosts_show_role_and_ports_and_links_their_latency() -> None:
    ax = plot_topology(article())
    texts = {t.get_gid(): t.get_text() for t in ax.texts if t.get_gid()}
    everything = " ".join(t.get_text() for t in ax.texts)
    assert texts["ports-mail.example.com"] == "listens on :25 SMTP, :587 SMTP"
    assert ":110 POP3" in texts["ports-mx.example.jp"]
    assert ":53 DNS" in texts["ports-dns.example.net"]
    assert "ports-alice-pc" not in texts and "ports-relay.example.net" in texts
    assert "49152" not in everything  # a resolver's answer port is no service
    assert "your mail server" in everything and "SMTP relay" in everything
    assert "40 ms\n1 Gbit/s" in everything  # down the route: two short lines
    (stub,) = (t for gid, t in texts.items() if gid.startswith("link-") and "auth.example.com" in gid)
    assert stub == "0.5 ms · 1 Gbit/s"  # along a stub: one line
    plt.close("all")


def test_the_route_runs_down_the_left_and_other_hosts_hang_under_their_stop() -> None:
    trace = article()
    positions = route_layout(trace, network_graph(trace))
    route = ["alice-pc", "mail.example.com", "relay.example.net", "mx.example.jp", "bob-pc"]
    assert sorted(route, key=lambda h: -positions[h][1]) == route  # top to bottom
    lefts = {round(positions[h][0] - len(h) * 0.6 * FONT / 72 / 2, 6) for h in route}
    assert len(lefts) == 1  # one left edge: the route is a column
    dns, relay, mx = (positions[h] for h in ("dns.example.net", "relay.example.net",
                                             "mx.example.jp"))
    assert mx[1] < dns[1] < relay[1] and dns[0] > relay[0]  # indented under the relay
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


def big_network(senders: int = 3, readers: int = 5) -> str:
    """A scenario of 7 + senders + readers hosts (15 by default): senders around one mail
    server, readers around the other, a relay with DNS, a backup MX linked to both sides."""
    hosts = [
        "  mail.example.com: {role: mail_server, ip: 192.0.2.25, domains: [example.com],"
        " submission: true, auth_server: auth.example.com, smarthost: relay.example.net}",
        "  auth.example.com: {role: auth, ip: 192.0.2.20}",
        "  relay.example.net: {role: relay, ip: 198.51.100.25, relay_for: [mail.example.com]}",
        "  dns.example.net: {role: dns, ip: 198.51.100.53}",
        "  mx.example.jp: {role: mail_server, ip: 203.0.113.25, domains: [example.jp],"
        " auth_server: auth.example.jp, pop3: true, imap: true}",
        "  mx2.example.jp: {role: relay, ip: 203.0.113.26, relay_domains: [example.jp]}",
        "  auth.example.jp: {role: auth, ip: 203.0.113.20}"]
    links = ["mail.example.com, auth.example.com", "mail.example.com, relay.example.net",
             "relay.example.net, dns.example.net", "relay.example.net, mx.example.jp",
             "relay.example.net, mx2.example.jp", "mx2.example.jp, mx.example.jp",
             "mx.example.jp, auth.example.jp"]
    users, steps = [], []
    for k in range(1, senders + 1):
        hosts.append(f"  sender{k}-pc: {{role: client, ip: 192.0.2.{10 + k}, "
                     f"user: sender{k}@example.com, mail_server: mail.example.com}}")
        links.append(f"sender{k}-pc, mail.example.com")
        users.append(f"  sender{k}@example.com: {{password: pw-{k}}}")
    for k in range(1, readers + 1):
        device = f"reader{k}-{('pc', 'phone', 'laptop', 'tablet')[k % 4]}"
        hosts.append(f"  {device}: {{role: client, ip: 203.0.113.{50 + k}, user: reader{k}@example.jp,"
                     f" mail_server: mx.example.jp, incoming: {{protocol: {('pop3', 'imap')[k % 2]}}}}}")
        links.append(f"mx.example.jp, {device}")
        users.append(f"  reader{k}@example.jp: {{password: pw-r{k}}}")
        steps += [f"  - {{at: {k}s, send: {{from: sender{k % senders + 1}@example.com, "
                  f"to: [reader{k}@example.jp], subject: Hello, body: \"Hi.\\n\"}}}}",
                  f"  - {{at: 1m, check_mail: {device}}}"]
    return "\n".join([
        "name: big-network", "title: {en: Many hosts, ja: ホストの多いネットワーク}", "seed: 1",
        "hosts:", *hosts, "dns:", "  example.com: {mx: [{preference: 10, host: mail.example.com}]}",
        "  example.jp: {mx: [{preference: 10, host: mx.example.jp},"
        " {preference: 20, host: mx2.example.jp}]}",
        "users:", *users,
        "links:", *(f"  - {{between: [{pair}], latency: 5ms, bandwidth: 100Mbit/s}}" for pair in links),
        "steps:", *steps, ""])


def collisions(ax: Any) -> list[str]:
    """Every pair of host boxes and labels that overlap, every label a link runs through."""
    figure = ax.get_figure(root=True)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    boxes = {}
    for text in ax.texts:
        gid = text.get_gid() or ""
        if gid.split("-")[0] in ("host", "role", "ports", "link"):
            patch = text.get_bbox_patch()
            extent = (patch or text).get_window_extent(renderer)
            boxes[gid] = (extent.x0, extent.y0, extent.x1, extent.y1)
    (edges,) = ax.collections
    segments = [tuple(ax.transData.transform(points).ravel()) for points in edges.get_segments()]
    found = []
    names = sorted(boxes)
    for i, a in enumerate(names):
        found += [f"{a} overlaps {b}" for b in names[i + 1:] if overlap(boxes[a], boxes[b]) > 0]
        if not a.startswith("host-"):
            found += [f"a link runs through {a}" for s in segments if crosses(s, boxes[a])]
    return found


def projector_sized(ax: Any) -> list[str]:
    """What breaks the chart rules: a figure not saved 1920 px wide, text under 18 pt,
    text (partly) off the figure."""
    figure = ax.get_figure(root=True)
    found = [] if round(figure.get_figwidth() * dpi_for(figure)) == PROJECTOR_PX else ["width"]
    figure.canvas.draw()
    frame = figure.bbox
    off = [t.get_gid() for t in ax.texts if not (
        frame.x0 <= t.get_window_extent().x0 and t.get_window_extent().x1 <= frame.x1
        and frame.y0 <= t.get_window_extent().y0 and t.get_window_extent().y1 <= frame.y1)]
    return found + [f"{gid} is off the figure" for gid in off] + [
        f"{t.get_gid()}: {t.get_fontsize()} pt" for t in ax.texts if t.get_fontsize() < FONT]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_fifteen_hosts_without_one_label_over_another_or_a_link(lang: str) -> None:
    trace = run_scenario(parse_scenario(big_network()))
    assert len(trace.header.hosts) == 15
    ax = plot_topology(trace, lang=lang)
    texts = {t.get_gid() for t in ax.texts}
    assert {f"role-{h}" for h, _ in trace.header.hosts} <= texts
    assert len({t for t in texts if t.startswith("link-")}) == len(trace.header.links)
    assert collisions(ax) == []
    assert projector_sized(ax) == []
    assert ax.get_figure(root=True).get_figwidth() == WIDTH  # 16 in at 120 dpi: 18 pt is 30 px
    plt.close("all")


def test_a_saved_figure_is_1920_px_wide(tmp_path: Path) -> None:
    from PIL import Image

    target = tmp_path / "net.png"
    assert main(["topology", "two-domains", "-o", str(target), "--lang", "ja"]) == 0
    with Image.open(target) as image:
        assert image.size[0] == PROJECTOR_PX and image.size[1] > 600


@pytest.mark.parametrize("name", bundled_names())
def test_no_bundled_network_has_overlapping_labels(name: str) -> None:
    trace = run_scenario(sample_scenario(load_scenario(name)))  # a study: its sample users
    ax = plot_topology(trace)
    assert collisions(ax) == []
    assert projector_sized(ax) == []
    plt.close("all")


def test_every_host_has_a_row_of_its_own_and_hangs_right_of_its_parent() -> None:
    trace = run_scenario(parse_scenario(big_network()))
    positions = route_layout(trace, network_graph(trace))
    ys = sorted((y for _, y in positions.values()), reverse=True)
    assert all(a - b >= 0.9 for a, b in itertools.pairwise(ys))  # a box and a gap apart
    readers = [f"reader{k}-{('pc', 'phone', 'laptop', 'tablet')[k % 4]}" for k in range(1, 5)]
    mx = positions["mx.example.jp"]
    assert all(positions[r][1] < mx[1] and positions[r][0] > mx[0] for r in readers)
    # the backup MX, linked to the relay and to the mail server after it, is the relay's
    # last child: the row just above the mail server's, so their link stays short
    order = sorted(positions, key=lambda h: -positions[h][1])
    assert order.index("mx2.example.jp") + 1 == order.index("mx.example.jp")
    assert order.index("relay.example.net") < order.index("dns.example.net") < order.index(
        "mx2.example.jp")


def test_the_geometry_of_overlaps() -> None:
    box = (0.0, 0.0, 10.0, 10.0)
    assert overlap(box, (5.0, 5.0, 20.0, 20.0)) == 25.0
    assert overlap(box, (10.0, 0.0, 20.0, 10.0)) == 0.0  # touching is not overlapping
    assert crosses((-5.0, 5.0, 15.0, 5.0), box)  # straight through
    assert crosses((5.0, 5.0, 50.0, 50.0), box)  # starts inside
    assert not crosses((-5.0, 11.0, 15.0, 11.0), box)  # passes above
    assert not crosses((-5.0, 30.0, 30.0, -5.0), box)  # cuts past a corner
    assert crosses((-5.0, 12.0, 12.0, -5.0), box)  # cuts the corner itself


def test_a_role_wraps_at_a_space_or_between_japanese_words() -> None:
    assert two_lines("recipient's mail client") == "recipient's\nmail client"
    assert two_lines("相手のメールサーバー") == "相手の\nメールサーバー"
    assert two_lines("SMTP中継サーバー") == "SMTP中継\nサーバー"
    assert two_lines("メールソフト") is None and two_lines("relay") is None


def test_a_row_too_long_for_the_width_lists_its_ports_one_a_line() -> None:
    text = (Path(__file__).parents[2] / "scenarios" / "article-route.yaml").read_text()
    long_name = "campus-directory-01.example.com"
    trace = run_scenario(parse_scenario(text.replace("auth.example.com", long_name)))
    ax = plot_topology(trace)
    texts = {t.get_gid(): t.get_text() for t in ax.texts}
    assert texts[f"ports-{long_name}"] == "listens on\n:389 LDAP"  # stacked: the row fits
    assert texts["ports-auth.example.jp"] == "listens on :389 LDAP"  # a short row keeps one line
    assert collisions(ax) == [] and projector_sized(ax) == []
    assert ax.get_figure(root=True).get_figwidth() == WIDTH
    plt.close("all")


def cross_linked_dns() -> Trace:
    """The article's route with its DNS host, hanging under the relay, also linked to the
    MX after it (several ports) and to a host hanging under that MX: links that are neither
    a route step nor a stub, as DNS's to both sides' mail servers in forged-sender."""
    text = (Path(__file__).parents[2] / "scenarios" / "article-route.yaml").read_text()
    extra = ("  - {between: [dns.example.net, mx.example.jp], latency: 45ms, bandwidth: 1Gbit/s}\n"
             "  - {between: [dns.example.net, auth.example.jp], latency: 45ms, bandwidth: 1Gbit/s}\n")
    return run_scenario(parse_scenario(text.replace("\nsteps:", extra + "\nsteps:", 1)))


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_links_across_rows_leave_the_rows_labels_beside_their_hosts(lang: str) -> None:
    trace = cross_linked_dns()
    ax = plot_topology(trace, lang=lang)
    assert collisions(ax) == [] and projector_sized(ax) == []
    figure = ax.get_figure(root=True)
    renderer = figure.canvas.get_renderer()
    texts = {t.get_gid(): t for t in ax.texts}

    def rows(gid: str) -> tuple[float, float]:
        extent = (texts[gid].get_bbox_patch() or texts[gid]).get_window_extent(renderer)
        return extent.y0, extent.y1

    # the MX's role and ports stay on its row, between the rows of DNS above and of its
    # authentication server below (not pushed up into the space of DNS's box)
    top, bottom = rows("host-dns.example.net")[0], rows("host-auth.example.jp")[1]
    for gid in ("role-mx.example.jp", "ports-mx.example.jp"):
        low, high = rows(gid)
        assert bottom < low and high < top, gid
    plt.close("all")
