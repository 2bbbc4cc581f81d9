"""The caption layer: complete catalogues, and a caption for every step of every scenario."""

from __future__ import annotations

import string

import pytest

from mailsim.locales import LANGUAGES, catalog
from mailsim.scenario import bundled_names, load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import MessageEvent
from mailsim.views.captions import event_caption, host_title, node_caption, step_key, ui


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_english_key_has_a_japanese_text_with_the_same_placeholders() -> None:
    en, ja = catalog("en"), catalog("ja")
    assert set(en) == set(ja)
    for key, text in en.items():
        assert text.strip() and ja[key].strip(), key
        assert fields(text) == fields(ja[key]), key
        japanese = any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in ja[key])
        symbols_only = not any(ch.isalpha() for ch in text + ja[key])  # "#": nothing to translate
        assert japanese or symbols_only, f"{key} is not translated"


@pytest.mark.parametrize("name", bundled_names())
def test_every_state_change_and_application_line_has_a_caption(name: str) -> None:
    trace = run_scenario(load_scenario(name))
    for event in trace:
        if isinstance(event, MessageEvent) and event.protocol in ("TCP", "TLS"):
            continue
        key = step_key(event)
        assert key is not None, event
        for lang in LANGUAGES:
            assert key in catalog(lang), (key, event)


def test_role_titles_follow_the_route() -> None:
    trace = run_scenario(load_scenario("article-route"))
    titles = {host: host_title(trace, host, "en") for host, _ in trace.header.hosts}
    assert titles["alice-pc"] == "your mail client"
    assert titles["mail.example.com"] == "your mail server"
    assert titles["mx.example.jp"] == "recipient's mail server"
    assert titles["bob-pc"] == "recipient's mail client"
    assert titles["relay.example.net"] == "SMTP relay"
    assert host_title(trace, "mail.example.com", "ja") == "自分のメールサーバー"
    assert node_caption(trace, "dns.example.net", "ja") == "住所録: この宛先を受け持つ郵便局はどこ?"
    assert node_caption(trace, "mail.example.com", "en") == "the post office that takes your postcard"


def test_a_host_that_sends_and_reads_is_neither_yours_nor_the_recipients() -> None:
    """A workload's user submits from the device it also reads with: plain titles."""
    from mailsim.trace import Trace, TraceHeader

    header = TraceHeader("both", 1, "", (("u1-dev1", "client"), ("mail.d1", "mail_server")))
    trace = Trace(header, [
        MessageEvent(0, 0.0, 0.01, "u1-dev1", "mail.d1", "SMTP", 587, "c1", "EHLO u1-dev1", 14),
        MessageEvent(1, 60.0, 60.01, "u1-dev1", "mail.d1", "POP3", 110, "c2", "STAT", 6),
    ])
    assert host_title(trace, "u1-dev1", "en") == "mail client"
    assert host_title(trace, "mail.d1", "ja") == "メールサーバー"
    assert node_caption(trace, "u1-dev1", "ja") == (
        "郵便ポストと自宅の郵便受け: 手紙を出し、届いた手紙を読むところ")
    assert "P.O. boxes" in (node_caption(trace, "mail.d1", "en") or "")


def test_steps_get_the_right_words() -> None:
    trace = run_scenario(load_scenario("article-route"))
    by_text = {e.text.split("\n")[0]: e for e in trace.messages()}
    assert step_key(by_text["RCPT TO:<bob@example.jp>"]) == "step.smtp.rcpt"
    assert step_key(by_text["QUERY example.jp. MX"]) == "step.dns.query_mx"
    assert step_key(by_text["RETR 1"]) == "step.pop3.retr"
    assert step_key(by_text["354 End data with <CR><LF>.<CR><LF>"]) == "step.smtp.go_ahead"
    assert event_caption(by_text["DELE 1"], "ja") == catalog("ja")["step.pop3.dele"]
    stored = trace.states("stored")[0]
    assert event_caption(stored, "en") == "The mail is in the recipient's P.O. box."


def test_ui_labels_fill_placeholders_and_fall_back() -> None:
    assert ui("ui.gap", "ja", duration="15分") == "15分後"
    assert ui("ui.page", "en", page=1, pages=3) == "page 1 of 3"
    assert ui("ui.no-such-label", "ja") == "ui.no-such-label"


def test_every_state_action_has_a_caption_and_a_short_note() -> None:
    actions = {e.action for name in bundled_names()
               for e in run_scenario(load_scenario(name)).states()}
    for lang in LANGUAGES:
        missing = {a for a in actions if f"state.{a}" not in catalog(lang)
                   or f"note.{a}" not in catalog(lang)}
        assert missing == set(), lang


@pytest.mark.parametrize(("reply", "key"), [
    ("550 5.7.1 Rejected: the From: domain's DMARC policy says this mail is not from it",
     "step.smtp.policy_rejected"),
    ("550 5.7.23 SPF validation failed: this address may not send for the domain",
     "step.smtp.spf_rejected"),
    ("554 5.7.1 <bob@example.org>: Relay access denied", "step.smtp.relay_denied"),
    ("550 5.1.1 <nobody@example.jp>: Recipient address rejected", "step.smtp.unknown_user"),
])
def test_a_refusal_is_explained_by_its_enhanced_code(reply: str, key: str) -> None:
    """RFC 3463: X.7 is a policy refusal, not a missing P.O. box (a DMARC reject is a 550 too)."""
    event = MessageEvent(seq=0, t_sent=0.0, t_arrived=0.1, src="mx", dst="mail", protocol="SMTP",
                         port=25, conn="c1", text=reply, size=len(reply))
    assert step_key(event) == key


def test_two_senders_are_neither_yours() -> None:
    """forged-sender: Mallory's PC and Alice's PC both send; "your mail client" would be a lie."""
    trace = run_scenario(load_scenario("forged-sender"))
    titles = {h: host_title(trace, h) for h in ("mallory-pc", "alice-pc", "bob-pc")}
    assert titles == {"mallory-pc": "a sender's mail client", "alice-pc": "a sender's mail client",
                      "bob-pc": "recipient's mail client"}
    assert host_title(trace, "alice-pc", "ja") == "送信者のメールソフト"
