"""One way to name a host everywhere: full name, short name, unique prefix, or role."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailsim.trace import Trace
from mailsim.views.player.model import parse_filter
from mailsim.views.select import UnknownHost, resolve_host, resolve_hosts

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"


@pytest.fixture(scope="module")
def trace() -> Trace:
    return Trace.read_jsonl(GOLDEN)


@pytest.mark.parametrize(("word", "host"), [
    ("relay.example.net", "relay.example.net"),
    ("MX.Example.JP", "mx.example.jp"),            # any case
    ("relay", "relay.example.net"),                # short name (and role)
    ("rel", "relay.example.net"),                  # unique prefix of the first label
    ("bob", "bob-pc"),
    ("dns", "dns.example.net"),                    # role in the header
    ("recipient's mail server", "mx.example.jp"),  # role title, English
    ("Recipient’s  Mail Server", "mx.example.jp"),  # curly apostrophe, case, spaces
    ("相手のメールサーバー", "mx.example.jp"),          # role title, Japanese
    ("your mail server", "mail.example.com"),
    ("SMTP relay", "relay.example.net"),
    ("mail_server.recipient", "mx.example.jp"),    # the role key
])
def test_a_host_is_found_by_any_of_its_names(trace: Trace, word: str, host: str) -> None:
    assert resolve_host(word, trace) == host


def test_a_miss_lists_the_hosts_and_the_nearest_name(trace: Trace) -> None:
    with pytest.raises(UnknownHost) as caught:
        resolve_host("rley", trace)
    message = str(caught.value)
    assert "unknown host 'rley'" in message
    assert "did you mean relay.example.net?" in message
    assert "alice-pc, auth.example.com" in message and "bob-pc" in message
    assert caught.value.suggestions == ["relay.example.net"] and not caught.value.ambiguous


def test_a_typo_in_a_full_name_suggests_only_the_nearest(trace: Trace) -> None:
    with pytest.raises(UnknownHost) as caught:
        resolve_host("relya.example.net", trace)
    assert caught.value.suggestions == ["relay.example.net"], "not every .net host"


def test_a_word_naming_several_hosts_says_which(trace: Trace) -> None:
    with pytest.raises(UnknownHost, match=r"'auth' could be auth\.example\.com, auth\.example\.jp"):
        resolve_host("auth", trace)
    with pytest.raises(UnknownHost) as caught:
        resolve_host("mail server", trace)
    assert caught.value.ambiguous
    assert caught.value.suggestions == ["mail.example.com", "mx.example.jp"]


def test_the_miss_is_in_japanese_under_lang_ja(trace: Trace) -> None:
    with pytest.raises(UnknownHost, match=r"ホスト 'rley' はありません（relay\.example\.net のことですか"):
        resolve_host("rley", trace, "ja")


def test_many_words_resolve_in_order_without_repeats(trace: Trace) -> None:
    assert resolve_hosts(["relay", "dns", "relay.example.net"], trace) == [
        "relay.example.net", "dns.example.net"]


def test_the_player_filter_takes_the_same_names(trace: Trace) -> None:
    assert parse_filter(["dns", "rel", "recipient's mail server"], trace) == (
        ["DNS"], ["relay.example.net", "mx.example.jp"]), "dns is first a protocol"
    with pytest.raises(ValueError, match=r"unknown protocol or host 'rley' \(did you mean relay"):
        parse_filter(["rley"], trace)
    with pytest.raises(ValueError, match=r"could be auth\.example\.com, auth\.example\.jp"):
        parse_filter(["auth"], trace)
