"""views/tap.py's decisions, which every view of the tap shows: AUTH LOGIN decoded to the
password and no further, IMAP's LOGIN command (not a reply that names LOGIN), the sayings."""

from __future__ import annotations

from typing import Any

from mailsim.trace import MessageEvent
from mailsim.views.tap import Wiretap, readings, saying, step_words
from tests.conftest import run_world, variant
from tests.tap_variants import pop3_run


def test_auth_login_in_clear_gives_the_user_then_the_password_and_then_stops() -> None:
    def change(d: dict[str, Any]) -> None:
        d["hosts"]["alice-pc"]["tls"] = "none"
        d["hosts"]["alice-pc"]["auth_mechanism"] = "LOGIN"
        d["hosts"]["mail.example.com"]["submission"] = {"starttls": False}

    _, trace = run_world(variant(change))
    seen = list(Wiretap(trace, "alice-pc", "mail.example.com").seen.values())
    decoded = [s.readable for s in seen if s.readable and "   = " in s.readable]
    assert [d.split("   = ")[1] for d in decoded] == ["alice@example.com", "alice-secret"]
    assert [s.secret for s in seen if s.secret] == ["alice-secret"]
    data = next(s for s in seen if s.event.text == "DATA")  # valid base64, but no AUTH line
    assert data.readable == "DATA" and data.secret is None


def test_only_the_imap_login_command_is_a_password_not_its_ok_reply() -> None:
    _, trace = run_world(variant(lambda d: d["hosts"]["bob-pc"].update(incoming={"protocol": "imap"})))
    secrets = [s for s in readings(trace) if s.secret]
    imap = [s for s in secrets if s.event.protocol == "IMAP"]
    assert imap and {s.secret for s in imap} == {"bob-secret"}  # one per check for new mail
    assert all(s.event.text.split()[1] == "LOGIN" and s.event.src == "bob-pc" for s in imap)
    assert imap[0].parts()[1] == "bob-secret"


def test_each_kind_of_step_gets_its_own_sentence() -> None:
    trace = pop3_run()
    tap = Wiretap(trace, "mx.example.jp", "bob-pc")
    said = {saying(e, tap.at(e.seq)) for e in trace}
    assert said == {"state", "elsewhere", "segment", "clear", "secret"}
    syn = next(e for e in trace.messages() if e.text == "SYN" and tap.at(e.seq))
    assert step_words(syn, tap.at(syn.seq), tap.a, tap.b) == (
        "A bare TCP segment (SYN): the tap sees who talks to whom, on which port, and when.")
    tls = pop3_run(tls=True)
    hidden = Wiretap(tls, "mx.example.jp", "bob-pc")
    assert "protected" in {saying(e, hidden.at(e.seq)) for e in tls.messages()}
    assert all(isinstance(t.event, MessageEvent) for t in hidden.seen.values())
