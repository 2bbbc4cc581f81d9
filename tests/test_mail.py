"""Tests for building, stamping and reading RFC 5322 messages."""

from __future__ import annotations

import email.policy
from datetime import datetime, timedelta, timezone

import pytest

from mailsim.mail.message import (
    MessageSummary,
    build_message,
    header_recipients,
    make_message_id,
    parse_message,
    prepend_header,
    received_header,
    summary,
    with_esmtp_protocol,
)

JST = timezone(timedelta(hours=9))
DATE = datetime(2026, 4, 1, 9, 0, tzinfo=JST)
SUBJECT_JA = "会議のお知らせ:4月1日(水)の打ち合わせについて、資料を事前にご確認ください"
BODY_JA = "田中様\n\nお世話になっております。\n明日の会議の資料を添付します。\n"


def japanese_message(**overrides: object) -> bytes:
    fields: dict[str, object] = {
        "sender": "Alice <alice@example.com>",
        "recipients": ["bob@example.jp"],
        "subject": SUBJECT_JA,
        "body": BODY_JA,
        "date": DATE,
        "message_id": make_message_id("20260401090000.1", "example.com"),
    }
    fields.update(overrides)
    return build_message(**fields)  # type: ignore[arg-type]


def received_value(recipient: str | None = "bob@example.jp") -> str:
    return received_header(
        from_helo="alice-pc.example.com",
        from_host="alice-pc.example.com",
        from_ip="192.0.2.10",
        by_host="mail.example.com",
        protocol="ESMTPSA",
        queue_id="3F2A1B",
        recipient=recipient,
        date=DATE,
    )


def header_block(content: bytes) -> bytes:
    return content.split(b"\r\n\r\n", 1)[0]


def test_make_message_id() -> None:
    assert make_message_id("abc.123", "example.com") == "<abc.123@example.com>"


def test_headers_present() -> None:
    msg = parse_message(japanese_message(cc=["carol@example.jp"]))
    assert msg["From"] == "Alice <alice@example.com>"
    assert msg["To"] == "bob@example.jp"
    assert msg["Cc"] == "carol@example.jp"
    assert msg["Date"] == "Wed, 01 Apr 2026 09:00:00 +0900"
    assert msg["Message-ID"] == "<20260401090000.1@example.com>"
    assert msg["MIME-Version"] == "1.0"
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"


def test_japanese_subject_is_encoded_word_and_round_trips() -> None:
    raw = japanese_message()
    assert b"=?utf-8?" in header_block(raw)  # RFC 2047 encoded-words
    assert parse_message(raw)["Subject"] == SUBJECT_JA


def test_message_is_7bit_by_default() -> None:
    raw = japanese_message()
    assert raw.isascii()
    body = parse_message(raw).get_content()
    assert body.replace("\r\n", "\n") == BODY_JA


def test_eight_bit_body_is_readable_utf8() -> None:
    raw = japanese_message(eight_bit=True)
    assert "明日の会議".encode() in raw
    assert parse_message(raw)["Content-Transfer-Encoding"] == "8bit"
    assert header_block(raw).isascii()  # headers stay RFC 2047 encoded


def test_crlf_line_ends_only() -> None:
    raw = japanese_message()
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"\r" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))


def test_with_esmtp_protocol_keywords() -> None:
    # RFC 3848 §1
    assert with_esmtp_protocol(False, False, False) == "SMTP"
    assert with_esmtp_protocol(True, False, False) == "ESMTP"
    assert with_esmtp_protocol(True, False, True) == "ESMTPA"
    assert with_esmtp_protocol(True, True, False) == "ESMTPS"
    assert with_esmtp_protocol(True, True, True) == "ESMTPSA"


def test_received_header_format() -> None:
    assert received_value() == (
        "from alice-pc.example.com (alice-pc.example.com [192.0.2.10]) "
        "by mail.example.com (mailsim) with ESMTPSA id 3F2A1B "
        "for <bob@example.jp>; Wed, 01 Apr 2026 09:00:00 +0900"
    )


def test_received_header_without_recipient_and_ipv6() -> None:
    value = received_header(
        from_helo="client",
        from_host="c.example.com",
        from_ip="2001:db8::25",
        by_host="mx.example.jp",
        protocol="ESMTP",
        queue_id="Q1",
        recipient=None,
        date=DATE,
    )
    assert "(c.example.com [IPv6:2001:db8::25])" in value
    assert " for " not in value
    assert value.endswith("id Q1; Wed, 01 Apr 2026 09:00:00 +0900")


def test_received_header_rejects_unknown_protocol() -> None:
    with pytest.raises(ValueError, match="ESMTPSA"):
        received_header(
            from_helo="a",
            from_host="a",
            from_ip="192.0.2.1",
            by_host="b",
            protocol="HTTP",
            queue_id="1",
            recipient=None,
            date=DATE,
        )


def test_prepend_keeps_message_bytes_identical() -> None:
    raw = japanese_message()
    stamped = prepend_header(raw, "Received", received_value())
    assert stamped.startswith(b"Received: from alice-pc.example.com")
    assert stamped.endswith(raw)
    assert len(stamped) > len(raw)


def test_prepended_header_is_folded_and_parses_back() -> None:
    stamped = prepend_header(japanese_message(), "Received", received_value())
    added = stamped[: stamped.index(b"From: ")]
    lines = added.split(b"\r\n")[:-1]
    assert len(lines) > 1  # folded
    assert all(len(line) < 78 for line in lines)
    assert all(line.startswith((b" ", b"\t")) for line in lines[1:])
    assert parse_message(stamped)["Received"] == received_value()


def test_newest_received_comes_first() -> None:
    raw = japanese_message()
    once = prepend_header(raw, "Received", received_value())
    twice = prepend_header(once, "Received", "from mail.example.com by mx.example.jp")
    received = parse_message(twice).get_all("Received")
    assert received is not None
    assert [str(v) for v in received] == [
        "from mail.example.com by mx.example.jp",
        received_value(),
    ]


def test_summary() -> None:
    raw = japanese_message(cc=["Carol <carol@example.jp>"])
    stamped = prepend_header(raw, "Received", received_value())
    assert summary(stamped) == MessageSummary(
        message_id="<20260401090000.1@example.com>",
        subject=SUBJECT_JA,
        sender="alice@example.com",
        size=len(stamped),
        received_count=1,
    )
    assert header_recipients(stamped) == ("bob@example.jp", "carol@example.jp")


def test_summary_of_garbage_never_raises() -> None:
    result = summary(b"this is not\r\na message at all\r\n")
    assert result.message_id == ""
    assert result.sender == ""
    assert header_recipients(b"this is not\r\na message at all\r\n") == ()
    assert result.received_count == 0


def test_parse_message_uses_default_policy() -> None:
    assert parse_message(japanese_message()).policy == email.policy.default
