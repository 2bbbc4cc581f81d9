"""DKIM (RFC 6376): signatures made by mailsim, verified by dkimpy, broken by a changed body."""

from __future__ import annotations

import dkim
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.mail.dkim import key_name, relaxed_body, relaxed_header, sign, signer_of, verify
from mailsim.mail.dkim_keys import run_key

KEY = run_key(b"test/example.com/s1")
MESSAGE = (b"From: Alice <alice@example.com>\r\nTo: bob@example.jp\r\n"
           b"Subject: Hello from Tokyo\r\nDate: Wed, 01 Apr 2026 09:00:00 +0900\r\n"
           b"Message-ID: <1@example.com>\r\n\r\nHi Bob,\r\n\r\nAlice\r\n")


def signed(message: bytes = MESSAGE, key: bytes = KEY.private_pem) -> bytes:
    return sign(message, domain="example.com", selector="s1", private_pem=key).encode() + b"\r\n" + message


def published(name: str) -> list[str]:
    return [KEY.txt_record()] if name == key_name("example.com", "s1") else []


def test_a_signature_verifies_with_dkimpy_itself() -> None:
    message = signed()
    assert dkim.verify(message, dnsfunc=lambda name, timeout=5: KEY.txt_record().encode())
    assert verify(message, published).result == "pass"
    assert signer_of(message) == ("example.com", "s1")


@pytest.mark.parametrize(("change", "result"), [
    (lambda m: m + b"--\r\nSent through the list\r\n", "fail"),          # a list's footer
    (lambda m: m.replace(b"Subject: Hello", b"Subject: [SPAM] Hello"), "fail"),  # a tag
    (lambda m: m.replace(b"From: Alice", b"From: Mallory"), "fail"),
    (lambda m: m.replace(b"Hi Bob,", b"Hi Bob,   "), "pass"),  # relaxed: trailing spaces
    (lambda m: m + b"\r\n\r\n", "pass"),                          # relaxed: empty lines at the end
    (lambda m: m.replace(b"Subject: Hello from", b"Subject:  Hello\r\n  from"), "pass"),  # refolded
    (lambda m: b"Received: from relay\r\n" + m, "pass"),          # a hop adds a header on top
])
def test_what_breaks_a_signature_and_what_does_not(change, result: str) -> None:
    assert verify(change(signed()), published).result == result


def test_no_key_record_is_a_permerror_and_a_wrong_key_a_fail() -> None:
    assert verify(signed(), lambda name: []).result == "permerror"
    other = run_key(b"test/another")
    assert verify(signed(key=other.private_pem), published).result == "fail"
    assert verify(MESSAGE, published).result == "none"


def test_keys_and_signatures_are_the_same_for_the_same_seed() -> None:
    assert run_key.__wrapped__(b"test/example.com/s1") == KEY  # made again, not cached
    assert run_key(b"test/other").public_der != KEY.public_der
    assert signed() == signed()
    assert KEY.txt_record().startswith("v=DKIM1; k=rsa; p=MIIBIjAN")  # a 2048-bit key


def test_relaxed_canonicalization_as_rfc_6376_section_3_4_5_shows() -> None:
    assert relaxed_header(b"A: X") == b"a:X"
    assert relaxed_header(b"B : Y\t\r\n\tZ  ") == b"b:Y Z"
    assert relaxed_body(b" C \r\nD \t E\r\n\r\n\r\n") == b" C\r\nD E\r\n"


@settings(max_examples=25, deadline=None)
@given(st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=60),
       st.lists(st.text(st.characters(min_codepoint=32, max_codepoint=126), max_size=80),
                max_size=6))
def test_any_plain_message_verifies_after_signing(subject: str, lines: list[str]) -> None:
    body = "".join(line + "\r\n" for line in lines).encode()
    message = (b"From: a@example.com\r\nSubject: " + subject.encode() + b"\r\n\r\n" + body)
    assert verify(signed(message), published).result == "pass"
