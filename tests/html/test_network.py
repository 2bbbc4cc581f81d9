"""The animated network in Chromium: hosts along the route, a token of the protocol's
colour crossing from sender to receiver, the padlock, a lost unit, an outage, the
highlights, and play waiting for the token."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from mailsim.trace import Trace
from tests.html.test_network_section import link_down_trace

GOLDEN = Path(__file__).parents[1] / "golden" / "article-route.jsonl"

NODES = """() => Object.fromEntries([...document.querySelectorAll('#ms-net-svg .ms-net-node')]
  .map(g => { const r = g.querySelector('.ms-net-glyph').getBoundingClientRect();
              return [g.dataset.node, [r.x + r.width / 2, r.y + r.height / 2]]; }))"""
TOKEN = """() => { const t = document.getElementById('ms-net-token');
  const r = t.querySelector('circle').getBoundingClientRect();
  return {x: r.x + r.width / 2, y: r.y + r.height / 2, shown: t.getAttribute('visibility'),
          fill: t.querySelector('circle').getAttribute('fill'),
          label: t.querySelector('.ms-net-token-label').textContent,
          padlock: t.querySelector('.ms-net-padlock').getAttribute('visibility')}; }"""


def first(opened: Any, test: str) -> int:
    """The position of the first event for which the JavaScript ``test(e)`` holds."""
    return int(opened.js(f"MS.events.findIndex(e => {test})"))


def test_hosts_follow_the_route_with_auth_above_and_dns_beside_the_relay(open_page) -> None:
    opened = open_page("article-route")
    at = opened.js(NODES)
    route = ["alice-pc", "mail.example.com", "relay.example.net", "mx.example.jp", "bob-pc"]
    xs = [at[name][0] for name in route]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    assert len({round(at[name][1]) for name in route}) == 1  # one main line
    assert at["auth.example.com"][0] == at["mail.example.com"][0]
    assert at["auth.example.com"][1] < at["mail.example.com"][1]
    assert at["auth.example.jp"][1] < at["mx.example.jp"][1]
    assert at["dns.example.net"][0] == at["relay.example.net"][0]
    assert at["dns.example.net"][1] > at["relay.example.net"][1]
    label = opened.js("""[...document.querySelector('[data-node="mail.example.com"]')
      .querySelectorAll('tspan')].map(t => t.textContent).join(' ')""")
    assert label == "your mail server mail 192.0.2.25"
    assert opened.js("document.querySelectorAll('#ms-net-svg .ms-net-link').length") == 7
    assert opened.errors == []


def test_a_token_of_the_protocols_colour_moves_from_sender_to_receiver(open_page) -> None:
    opened = open_page("article-route")
    i = first(opened, "e.type === 'message' && e.protocol === 'SMTP' && "
                      "e.src === 'relay.example.net' && e.dst === 'mx.example.jp'")
    opened.js("i => { MS.setOption('speed', 0.125); MS.go(i - 1); }", i)  # slow: 8 × its time
    wait = opened.js("() => MS.next()")
    assert opened.index == i and wait >= 8 * 400
    early = opened.js(TOKEN)  # read at once: the trip takes several seconds at this speed
    opened.page.wait_for_timeout(wait + 100)
    end = opened.js(TOKEN)
    at = opened.js(NODES)
    assert early["shown"] == "visible"
    assert early["fill"] == opened.js("MS.colour('SMTP')")
    src, dst = at["relay.example.net"], at["mx.example.jp"]
    assert src[0] - 2 <= early["x"] < end["x"] - 20
    assert abs(end["x"] - dst[0]) < 2 and abs(end["y"] - dst[1]) < 2
    # on the way, the token is on the link, between the two
    middle = opened.js("i => MS.network.at(i, 0.5)", i)
    assert src[0] + 10 < middle[0] < dst[0] - 10 and abs(middle[1] - src[1]) < 2
    assert end["label"] == opened.js("i => MS.events[i].text.split(' ')[0]", i)[:14] \
        or end["label"].isdigit()
    assert opened.errors == []


def test_play_waits_for_the_token_and_a_faster_speed_shortens_it(open_page) -> None:
    opened = open_page("article-route")
    i = first(opened, "e.type === 'message' && e.src === 'relay.example.net' && "
                      "e.dst === 'mx.example.jp'")
    opened.js("i => MS.go(i - 1)", i)
    slow = opened.js("() => MS.next()")
    opened.js("i => { MS.setOption('speed', 4); MS.go(i - 1); }", i)
    fast = opened.js("() => MS.next()")
    assert slow > fast > 0
    assert opened.js("() => MS.prev()") == 0  # backwards: no animation, nothing to wait for
    assert opened.errors == []


def test_stepping_back_or_jumping_shows_the_token_at_its_arrival(open_page) -> None:
    opened = open_page("article-route")
    i = first(opened, "e.type === 'message' && e.src === 'mail.example.com' && "
                      "e.dst === 'relay.example.net'")
    at = opened.js(NODES)
    opened.js("i => MS.go(i)", i)
    token = opened.js(TOKEN)
    assert abs(token["x"] - at["relay.example.net"][0]) < 2
    assert opened.js("[...document.querySelectorAll('.ms-net-node.ms-net-active')]"
                     ".map(g => g.dataset.node).sort()") == ["mail.example.com",
                                                              "relay.example.net"]
    assert opened.errors == []


def test_encrypted_lines_carry_a_padlock_and_hide_their_words(open_page) -> None:
    opened = open_page("article-route")
    secret = first(opened, "e.type === 'message' && e.encrypted && e.protocol === 'SMTP'")
    plain = first(opened, "e.type === 'message' && !e.encrypted && e.protocol === 'SMTP'")
    opened.js("i => MS.go(i)", secret)
    token = opened.js(TOKEN)
    assert token["padlock"] == "visible" and token["label"] == "SMTP"
    opened.key("e")  # show encrypted: the command itself
    assert opened.js(TOKEN)["label"] != "SMTP"
    opened.js("i => MS.go(i)", plain)
    assert opened.js(TOKEN)["padlock"] == "hidden"
    assert opened.errors == []


def test_a_state_step_lights_its_host_and_hides_the_token(open_page) -> None:
    opened = open_page("article-route")
    i = first(opened, "e.type === 'state' && e.node === 'mx.example.jp'")
    opened.js("i => MS.go(i - 1)", i)
    opened.js("() => MS.next()")
    assert opened.js(TOKEN)["shown"] == "hidden"
    assert opened.js("[...document.querySelectorAll('.ms-net-node.ms-net-active')]"
                     ".map(g => g.dataset.node)") == ["mx.example.jp"]
    assert opened.errors == []


def test_a_lost_unit_stops_on_its_link_and_the_down_host_is_marked(open_page) -> None:
    opened = open_page("mx-failover")
    at = opened.js(NODES)
    lost = first(opened, "e.type === 'message' && e.t_arrived === null")
    down = "document.querySelector('[data-node=\"mx.example.jp\"]').classList.contains('ms-net-down')"
    assert not opened.js(down)
    opened.js("i => MS.go(i - 1)", lost)
    wait = opened.js("() => MS.next()")
    opened.page.wait_for_timeout(wait + 100)
    assert opened.js(down)
    mark = opened.js("""() => { const m = document.getElementById('ms-net-lost');
      const r = m.querySelector('path').getBoundingClientRect();
      return {x: r.x + r.width / 2, shown: m.getAttribute('visibility')}; }""")
    src, dst = at["relay.example.net"][0], at["mx.example.jp"][0]
    assert mark["shown"] == "visible" and src < mark["x"] < dst - 5
    assert abs(opened.js(TOKEN)["x"] - mark["x"]) < 2
    opened.js("i => MS.go(i + 1)", lost)
    assert opened.js("document.getElementById('ms-net-lost').getAttribute('visibility')") == "hidden"
    opened.key("End")
    assert not opened.js(down)  # the primary is back by the end
    assert opened.errors == []


def test_projector_mode_labels_are_at_least_24px(open_page) -> None:
    opened = open_page("article-route")
    opened.key("p")
    opened.page.wait_for_timeout(200)
    sizes = opened.js("[...document.querySelectorAll('#ms-net-svg .ms-net-label tspan')]"
                      ".map(t => parseFloat(getComputedStyle(t).fontSize))")
    assert sizes and min(sizes) >= 24
    assert opened.errors == []


def test_a_unit_round_a_cut_link_travels_the_detour_and_the_link_shows_down(
        open_page, tmp_path: Path) -> None:
    opened = open_page(link_down_trace(tmp_path))
    at = opened.js(NODES)
    syn = int(opened.js("Number(Object.keys(MS.data.network.detours)[0])"))
    cut = """() => [...document.querySelectorAll('.ms-net-link.ms-net-down')].length"""
    opened.js("i => MS.go(i - 1)", syn)
    assert opened.js(cut) == 0
    opened.js("() => MS.next()")
    assert opened.js(cut) == 1
    trip = opened.js("i => [0, 0.2, 0.4, 0.6, 0.8, 0.95, 1].map(f => MS.network.at(i, f))", syn)
    at = opened.js(NODES)
    # the way round passes the backup (below the relay), then reaches the primary
    assert any(abs(x - at["mx2.example.jp"][0]) < 2 and abs(y - at["mx2.example.jp"][1]) < 2
               for x, y in trip)
    assert abs(trip[0][0] - at["relay.example.net"][0]) < 2
    assert abs(trip[-1][0] - at["mx.example.jp"][0]) < 2
    opened.js("i => MS.go(i + 1)", syn)
    assert opened.js(cut) == 0
    assert opened.errors == []


def test_a_trace_without_links_draws_its_hosts_in_route_order(open_page) -> None:
    golden = Trace.read_jsonl(GOLDEN)
    opened = open_page(Trace(dataclasses.replace(golden.header, links=()), list(golden)))
    at = opened.js(NODES)
    names = opened.js("MS.hosts.map(h => h.name)")
    xs = [at[name][0] for name in names]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    i = first(opened, "e.type === 'message'")
    opened.js("i => MS.go(i)", i)
    assert opened.js(TOKEN)["shown"] == "visible"
    assert opened.errors == []


def test_the_postal_analogy_and_the_language_relabel_the_hosts(open_page) -> None:
    opened = open_page("article-route")
    texts = """n => [...document.querySelector(`[data-node="${n}"]`).querySelectorAll('tspan')]
      .map(t => t.textContent).join(' ')"""
    assert opened.js("document.querySelectorAll('.ms-net-analogy').length") == 0
    opened.key("a")
    opened.page.wait_for_function("() => document.querySelectorAll('.ms-net-analogy').length > 0",
                                  timeout=5_000)
    analogy = opened.js("MS.pick(MS.host('relay.example.net').analogy)")
    assert analogy.split()[0] in opened.js(texts, "relay.example.net")
    opened.key("l")
    opened.page.wait_for_function("() => document.documentElement.lang === 'ja'", timeout=5_000)
    assert opened.js(texts, "mail.example.com").replace(" ", "").startswith(
        opened.js("MS.host('mail.example.com').title.ja"))  # wrapped anywhere, as Japanese is
    assert opened.errors == []


def test_a_syn_a_router_drops_stops_at_the_router_and_the_mx_stays_up(open_page) -> None:
    """why-port-587: OP25B drops the bot's SYN at the ISP's router; the MX is not down."""
    opened = open_page("why-port-587")
    at = opened.js(NODES)
    syn = first(opened, "e.type === 'message' && e.t_arrived === null && e.src === 'bot-pc'")
    opened.js("i => MS.go(i - 1)", syn)
    wait = opened.js("() => MS.next()")
    opened.page.wait_for_timeout(wait + 100)
    mark = opened.js("""() => { const m = document.getElementById('ms-net-lost');
      const r = m.querySelector('path').getBoundingClientRect();
      return {x: r.x + r.width / 2, y: r.y + r.height / 2, shown: m.getAttribute('visibility')}; }""")
    router = at["isp-router"]
    assert mark["shown"] == "visible"
    assert abs(mark["x"] - router[0]) < 3 and abs(mark["y"] - router[1]) < 3
    down = "document.querySelector('[data-node=\"mx.example.jp\"]').classList.contains('ms-net-down')"
    opened.js("i => MS.go(i + 12)", syn)  # past all five drops
    assert not opened.js(down)
    # the SVG sequence diagram's arrow ends at the router's lifeline too, crossed out
    opened.js("i => MS.go(i)", syn)
    ends = opened.js("""i => { const g = document.querySelector(`.ms-seq-msg[data-i="${i}"]`);
      const d = g.querySelector('.ms-seq-line').getAttribute('d').match(/[-\\d.]+/g).map(Number);
      const life = (h) => +document.querySelector(`.ms-seq-life[data-host="${h}"]`).getAttribute('x1');
      return {x1: d[2], cross: +g.querySelector('.ms-seq-x').getAttribute('x'),
              router: life('isp-router')}; }""", syn)
    assert ends["x1"] == ends["cross"] == ends["router"]
    assert opened.errors == []
