"""Lesson 5 ("Who sent this mail?") and ms.vary: what the lesson says is what the runs do.

The executed notebooks are checked in tests/test_notebooks.py (claims included); here the
facts the lesson's cells rely on, and the helper its exercise uses.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

import mailsim.notebook as ms
from mailsim.mail.dkim import relaxed_body
from mailsim.scenario import ScenarioError
from mailsim.trace import Trace
from tests.test_notebook_lessons import _markdown

LESSON = "05-who-sent-this-mail"
REPORT = "hosts[mx.example.jp].checks.dmarc=report"


def _mailboxes(trace: Trace) -> list[str]:
    return [e.data["mailbox"] for e in trace.states("stored")]


def test_vary_sets_the_value_and_the_forgery_lands() -> None:
    changed = ms.vary("forged-sender", REPORT)
    assert changed.hosts["mx.example.jp"].checks.dmarc == "report"
    assert ms.scenario("forged-sender").hosts["mx.example.jp"].checks.dmarc == "enforce"
    enforced, reported = ms.run("forged-sender"), ms.run(changed)
    assert _mailboxes(enforced) == ["mallory@forger.example", "bob@example.jp"]  # the bounce, Alice's
    assert not reported.states("bounced")
    assert _mailboxes(reported) == ["bob@example.jp", "bob@example.jp"]
    assert "dmarc=fail" in ms.message(reported, "invoice")["Authentication-Results"]


def test_vary_without_settings_is_the_scenario() -> None:
    assert ms.vary("forged-sender") == ms.scenario("forged-sender")


def test_vary_takes_one_value_per_key() -> None:
    with pytest.raises(ScenarioError, match="expected one KEY=VALUE"):
        ms.vary("forged-sender", REPORT + ",enforce")


def test_vary_names_the_key_of_a_bad_value() -> None:
    with pytest.raises(ScenarioError, match=r'hosts\["mx.example.jp"\]\.checks\.dmarc: input should be'):
        ms.vary("forged-sender", "hosts[mx.example.jp].checks.dmarc=maybe")


def test_spf_passes_for_the_envelope_domain_not_the_from_domain() -> None:
    trace = ms.run("forged-sender")
    forged, real = trace.states("spf_checked")
    assert (forged.data["domain"], forged.data["ip"], forged.data["result"]) == (
        "forger.example", "203.0.113.70", "pass")
    assert (real.data["domain"], real.data["ip"], real.data["result"]) == (
        "example.com", "192.0.2.25", "pass")
    assert ms.message(trace, "invoice")["From"] == "Alice <alice@example.com>"
    assert "DKIM-Signature" not in ms.message(trace, "invoice")


def _bh(raw: str) -> str:
    body = raw.split("\n\n", 1)[1].replace("\n", "\r\n").encode()
    return base64.b64encode(hashlib.sha256(relaxed_body(body)).digest()).decode()


def test_the_lessons_copies_of_the_list_mail_are_the_signed_and_the_changed_one() -> None:
    """Copy 1 is the one Alice's server signed, copy -1 the one the list changed: the body hash
    in the signature is the first copy's (by the project's own canonicalization), not the last's."""
    trace = ms.run("mailing-list-footer")
    signed, changed = ms.raw_message(trace, "Minutes", 1), ms.raw_message(trace, "Minutes", -1)
    assert "[team]" not in signed and "Subject: [team] Minutes" in changed
    assert "team mailing list" in changed and "team mailing list" not in signed
    signature = re.sub(r"\s+", "", ms.message(trace, "Minutes", 1)["DKIM-Signature"])
    match = re.search(r"bh=([^;]+)", signature)
    assert match is not None
    assert _bh(signed) == match.group(1) != _bh(changed)
    (dkim,) = trace.states("dkim_checked")
    assert dkim.data["result"] == "fail"
    (stored,) = trace.states("stored")
    assert stored.data["folder"] == "Junk"


def test_the_japanese_lesson_uses_the_classroom_terms() -> None:
    japanese = _markdown(LESSON, "ja")
    for term in ("なりすましメール", "送信ドメイン認証", "電子署名", "迷惑メールフォルダー", "エンベロープ"):
        assert term in japanese, term
    english = _markdown(LESSON, "en")
    for analogy in ("sender town's list", "a seal only the sender's office can make",
                    "the town's published rule"):
        assert analogy in " ".join(english.split()), analogy
