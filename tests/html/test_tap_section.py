"""The tap tab's data (sections/tap.py), without a browser: one letter per event from
views/tap.py's decision, the pairs crossing each link, and only the texts that differ."""

from __future__ import annotations

from typing import Any

from mailsim.trace import MessageEvent
from mailsim.views.html.sections.tap import build
from mailsim.views.tap import Wiretap, readings, saying
from tests.conftest import run_world, variant
from tests.tap_variants import pop3_run


def test_one_letter_per_event_as_views_tap_decides() -> None:
    trace = pop3_run()
    data = build(trace)
    assert len(data["says"]) == len(trace)
    by_seq = {seen.event.seq: seen for seen in readings(trace)}
    for position, event in enumerate(trace):
        name = saying(event, by_seq.get(event.seq)) if isinstance(event, MessageEvent) else "state"
        assert data["keys"][data["says"][position]] == {
            "state": "tapview.state", "protected": "tap.encrypted", "secret": "tapview.secret",
            "segment": "tapview.segment", "clear": "tapview.clear"}[name]
    secret = [p for p, code in enumerate(data["says"]) if code == "k"]
    assert [data["texts"][str(p)] for p in secret] == [["PASS ", "bob-secret", ""]]


def test_each_link_names_the_pairs_that_cross_it() -> None:
    trace = pop3_run()
    data = build(trace)
    for (a, b), pairs in zip(data["links"], data["cross"], strict=True):
        crossing = {f"{t.event.src}>{t.event.dst}" for t in Wiretap(trace, a, b).seen.values()}
        assert set(pairs) == crossing
    relay_dns = data["links"].index(["relay.example.net", "dns.example.net"])
    assert data["cross"][relay_dns] == ["dns.example.net>relay.example.net",
                                        "relay.example.net>dns.example.net"]


def test_under_tls_nothing_is_a_password_and_the_texts_say_nothing_of_it() -> None:
    data = build(pop3_run(tls=True))
    assert "k" not in data["says"] and "p" in data["says"]
    assert not any("bob-secret" in "".join(parts) for parts in data["texts"].values())


def test_auth_plain_in_clear_is_sent_decoded_with_the_password_split_out() -> None:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["alice-pc"]["tls"] = "none"
        d["hosts"]["mail.example.com"]["submission"] = {"starttls": False}

    _, trace = run_world(variant(change))
    data = build(trace)
    [position] = [p for p, code in enumerate(data["says"])
                  if code == "k" and trace[p].text.startswith("AUTH")]  # (and bob's POP3 PASS)
    before, secret, after = data["texts"][str(position)]
    assert before.startswith("AUTH PLAIN ") and before.endswith("= alice@example.com / ")
    assert (secret, after) == ("alice-secret", "")


def test_the_shared_sentences_come_in_both_languages_with_the_same_keys() -> None:
    ui = build(pop3_run())["ui"]
    assert set(ui["en"]) == set(ui["ja"]) and "tapview.secret" in ui["ja"]
    assert set(build(pop3_run())["keys"].values()) <= set(ui["en"])
