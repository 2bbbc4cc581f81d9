"""The café Wi-Fi scenario: a tap on the laptop's link (POP3 on 110) reads the password and
the mail; on the phone's link (POP3 on 995, implicit TLS) it reads only sizes and timing."""

from __future__ import annotations

from functools import cache

from mailsim.scenario import load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import Trace
from mailsim.trace.promises import check
from mailsim.views.tap import Tapped, resolve_link, tap


@cache
def cafe() -> Trace:
    return run_scenario(load_scenario("cafe-wifi"))


def tapped(device: str) -> list[Tapped]:
    trace = cafe()
    return list(tap(trace, *resolve_link(trace, f"{device},cafe-ap")))


def test_both_devices_cross_the_cafe_access_point_to_one_pop3_server() -> None:
    trace = cafe()
    roles = dict(trace.header.hosts)
    assert roles["cafe-ap"] == "router"
    pop3 = {(e.src, e.port) for e in trace.messages() if e.protocol == "POP3" and e.dst == "mx.example.jp"}
    assert pop3 == {("bob-laptop", 110), ("bob-phone", 995)}
    assert check(trace).ok


def test_the_laptops_link_gives_the_password_and_the_mail_away() -> None:
    seen = tapped("bob-laptop")
    assert [s.secret for s in seen if s.secret] == ["bob-secret"]
    assert all(s.readable is not None for s in seen)  # nothing on port 110 is encrypted
    lines = [s.readable or "" for s in seen]
    assert "USER bob@example.jp" in lines and "PASS bob-secret" in lines
    assert any("The new code for the office door is 4711." in line for line in lines)
    assert {s.event.port for s in seen} == {110}


def test_the_phones_link_shows_only_sizes_and_timing() -> None:
    seen = tapped("bob-phone")
    pop3 = [s for s in seen if s.event.protocol == "POP3"]
    assert pop3 and all(s.kind == "protected" and s.readable is None for s in pop3)
    assert not [s for s in seen if s.secret]
    # What stays readable is the TCP segments and the TLS handshake's record names:
    # sizes and timing, no login and no mail.
    assert {s.event.protocol for s in seen if s.readable is not None} == {"TCP", "TLS"}
    readable = " ".join(s.readable or "" for s in seen)
    for giveaway in ("bob-secret", "USER", "Dinner on Saturday", "example.jp>"):
        assert giveaway not in readable
    assert {s.event.port for s in seen} == {995}
    assert all(s.event.size > 0 for s in pop3)


def test_the_same_password_travels_in_clear_past_the_cafe_too() -> None:
    """The third question: the laptop's PASS also crosses the café's uplink to the server."""
    trace = cafe()
    uplink = list(tap(trace, *resolve_link(trace, "mx.example.jp,cafe-ap")))
    assert [s.secret for s in uplink if s.secret] == ["bob-secret"]
