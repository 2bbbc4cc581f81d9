"""mailsim tap: what a wiretap on one link reads — clear text in full, TLS as sizes only."""

from __future__ import annotations

from typing import Any

import pytest

from mailsim.cli import main
from mailsim.scenario.world import World
from mailsim.trace import Trace
from mailsim.views.tap import tap
from tests.conftest import run_world, variant


def test_pop3_without_tls_gives_the_password_away(article_run: tuple[World, Trace]) -> None:
    _, trace = article_run
    seen = list(tap(trace, "mx.example.jp", "bob-pc"))
    assert {s.event.protocol for s in seen} == {"TCP", "POP3"}
    assert [s.secret for s in seen if s.secret] == ["bob-secret"]
    assert all(s.readable is not None for s in seen)
    retr = next(s for s in seen if s.readable and s.readable.startswith("+OK 942 octets"))
    assert "Subject: Hello from Tokyo" in retr.readable  # the whole mail, too


def test_the_submission_under_starttls_shows_only_sizes(article_run: tuple[World, Trace]) -> None:
    _, trace = article_run
    seen = list(tap(trace, "alice-pc", "mail.example.com"))
    auth = [s for s in seen if s.event.text.startswith("AUTH PLAIN")]
    assert auth and all(s.readable is None and s.secret is None for s in auth)
    assert next(s.event.text for s in seen if s.event.protocol == "TLS") == "ClientHello"


def test_auth_plain_in_clear_is_decoded_to_the_password() -> None:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["alice-pc"]["tls"] = "none"
        d["hosts"]["mail.example.com"]["submission"] = {"starttls": False}

    _, trace = run_world(variant(change))
    secrets = [s for s in tap(trace, "alice-pc", "mail.example.com") if s.secret]
    assert [s.secret for s in secrets] == ["alice-secret"]
    assert secrets[0].readable.endswith("= alice@example.com / alice-secret")


def test_port_25_without_starttls_carries_the_body_in_clear(article_run: tuple[World, Trace]) -> None:
    _, trace = article_run
    bodies = [s for s in tap(trace, "relay.example.net", "mx.example.jp")
              if s.readable and "This mail travels" in s.readable]
    assert len(bodies) == 1


def test_a_unit_is_tapped_on_every_link_of_its_path(article_run: tuple[World, Trace]) -> None:
    _, trace = article_run
    # the relay's DNS query crosses relay–dns only; none crosses alice-pc's link
    dns_on_relay_link = list(tap(trace, "relay.example.net", "dns.example.net"))
    assert dns_on_relay_link and all(s.event.port == 53 for s in dns_on_relay_link)
    assert not [s for s in tap(trace, "alice-pc", "mail.example.com") if s.event.port == 53]


@pytest.mark.parametrize(("link", "said"), [("mx", "expected two hosts"),
                                            ("alice,relay", "no link between"),
                                            ("alice,nobody", "unknown host")])
def test_a_bad_link_is_exit_2_naming_the_option(link: str, said: str, capsys) -> None:
    assert main(["tap", "--link", link]) == 2
    err = capsys.readouterr().err
    assert "--link" in err and said in err


def test_the_command_prints_the_password_it_learnt(capsys) -> None:
    assert main(["tap", "--link", "mx,bob", "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert "bob-secret" in out and "盗聴" in out
