"""The fast message paths give exactly what the email package gives, and step aside when unsure.

Each public function with a fast path (build_message, prepend_header, summary)
is compared with its ``reference_*`` twin on random messages; the unusual
cases must be refused by the fast path itself (mailsim.mail.fast returns None).
"""

from __future__ import annotations

import email.policy
from datetime import UTC, datetime, timedelta, timezone
from email.headerregistry import UniqueUnstructuredHeader, UnstructuredHeader
from email.utils import format_datetime, formataddr
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailsim.mail import fast
from mailsim.mail.message import (
    _reference_field,
    build_message,
    make_message_id,
    prepend_header,
    received_header,
    reference_build_message,
    reference_prepend_header,
    reference_summary,
    summary,
)

JST = timezone(timedelta(hours=9))
DATE = datetime(2026, 4, 1, 9, 0, tzinfo=JST)
# Pieces that make header text and bodies awkward: specials, runs of blanks,
# encoded-word look-alikes, Japanese, a dot or "From " at a line start.
PIECES = st.sampled_from([
    "a", "Hello", "meeting", "Re:", "?", "(note)", "<x>", "@", ",", ";", ".", '"', "\\", "[1]",
    " ", " ", " ", "  ", "\t", "=?", "?=", "=?utf-8?q?hi?=", "会議", "打ち合わせ", "é", "From ",
    "x" * 30, "y" * 77, "z" * 90,
])
TEXT = st.lists(PIECES, max_size=14).map("".join)
WORDS = st.lists(st.sampled_from(["Hi", "Lunch", "on", "Friday?", "report", "part", "3",
                                  "w" * 20, "v" * 70, "u" * 77, "t" * 79]),
                 min_size=1, max_size=20).map(" ".join)
HEADER_TEXT = st.one_of(TEXT, WORDS)
LOCAL = st.sampled_from(["alice", "Dave.O", "bob", "c.d", "e+tag", "f_g", "h-i", '"j k"', "l..m", "n" * 40])
DOMAIN = st.sampled_from(["example.com", "Example.JP", "example.jp", "mx-1.example.org", "[192.0.2.1]", "x"])
ADDRESS = st.builds(lambda local, domain: f"{local}@{domain}", LOCAL, DOMAIN)
MAILBOX = st.one_of(
    ADDRESS,
    st.builds(lambda name, addr: formataddr((name, addr)), HEADER_TEXT, ADDRESS),
    st.builds(lambda name, addr: f"{name} <{addr}>", st.sampled_from(["Alice", "Bob Smith", "O'Neil"]),
              ADDRESS),
)
# Many plain addresses, so that To: and Cc: fold over several lines.
SIMPLE = st.builds(lambda local, n, domain: f"{local}{n}@{domain}",
                   st.sampled_from(["u", "user.name", "x" * 30]), st.integers(0, 10**6),
                   st.sampled_from(["example.jp", "mail.example.com", "y" * 40 + ".jp"]))
ADDRESSES = st.lists(st.one_of(SIMPLE, SIMPLE, MAILBOX), max_size=30)
LINE = st.one_of(TEXT, st.sampled_from(["", ".", "..", ".A dot-stuffed line.", "From here", "l" * 78,
                                        "m" * 79, "é" * 39, "é" * 40]))
BODY = st.builds(lambda lines, end, last: end.join(lines) + last,
                 st.lists(LINE, max_size=8), st.sampled_from(["\n", "\r\n", "\r"]),
                 st.sampled_from(["", "\n", "\r\n", "\n\n"]))
ZONE = st.one_of(st.just(None), st.sampled_from([UTC, JST, timezone(timedelta(hours=-5, minutes=-30)),
                                                 timezone(timedelta(seconds=30))]))
DATES = st.builds(lambda moment, zone: moment.replace(tzinfo=zone),
                  st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)), ZONE)
MESSAGE_ID = st.one_of(
    st.builds(make_message_id, st.sampled_from(["abc123", "20260401.1", "t" * 70, "a b", "é"]),
              st.sampled_from(["example.com", "example.jp", "a..b"])),
    TEXT,
)
MESSAGE = st.fixed_dictionaries({
    "sender": MAILBOX,
    "recipients": st.one_of(st.lists(MAILBOX, max_size=5), ADDRESSES),
    "cc": st.one_of(st.lists(MAILBOX, max_size=3), ADDRESSES),
    "subject": HEADER_TEXT,
    "body": BODY,
    "date": DATES,
    "message_id": MESSAGE_ID,
    "eight_bit": st.booleans(),
})
RECEIVED = st.builds(
    lambda helo, host, by, protocol, queue_id, recipient, date: received_header(
        from_helo=helo, from_host=host, from_ip="192.0.2.10", by_host=by, protocol=protocol,
        queue_id=queue_id, recipient=recipient, date=date),
    st.sampled_from(["alice-pc.example.com", "client", "h" * 60]),
    st.sampled_from(["alice-pc.example.com", "relay.example.net"]),
    st.sampled_from(["mail.example.com", "mx.example.jp"]),
    st.sampled_from(["SMTP", "ESMTP", "ESMTPSA"]),
    st.sampled_from(["3F2A1B", "Q1"]),
    st.one_of(st.none(), ADDRESS),
    DATES,
)
FIELD_NAME = st.sampled_from(["Received", "Return-Path", "Subject", "To", "X-Mailsim", "received"])
FIELD_VALUE = st.one_of(RECEIVED, HEADER_TEXT, st.builds(lambda a: f"<{a}>", ADDRESS))

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(call: Any, *args: Any, **kwargs: Any) -> object:
    """The call's result, or the type of the error it raised (both paths must agree)."""
    try:
        return call(*args, **kwargs)
    except Exception as error:  # comparing failures too
        return type(error)


@PROPERTY
@given(MESSAGE)
def test_build_message_equals_the_email_package(fields: dict[str, Any]) -> None:
    assert outcome(build_message, **fields) == outcome(reference_build_message, **fields)


@PROPERTY
@given(MESSAGE, st.lists(st.tuples(FIELD_NAME, FIELD_VALUE), max_size=4))
def test_prepend_and_summary_equal_the_email_package(
    fields: dict[str, Any], stamps: list[tuple[str, str]]
) -> None:
    content = outcome(reference_build_message, **fields)
    if not isinstance(content, bytes):
        return
    assert summary(content) == reference_summary(content)
    for name, value in stamps:
        stamped = outcome(prepend_header, content, name, value)
        assert stamped == outcome(reference_prepend_header, content, name, value)
        if not isinstance(stamped, bytes):
            continue  # a short non-ASCII value: fold_binary raises UnicodeEncodeError
        content = stamped
        assert summary(content) == reference_summary(content)


GOOD_LINES = [
    b"Received: from a by b", b"received: x", b"RECEIVED:", b"Subject: Hi", b"Subject:   padded  ",
    b"Subject:", b" continued", b"\tcontinued", b"  ", b"From: Alice <alice@example.com>",
    b"From: alice@example.com", b'From: "Doe, John" <john@example.com>', b"From: =?utf-8?q?A?= <a@b.c>",
    b"From:", b"Message-ID: <id@example.com>", b"message-id:  <x@y> ", b"Subject: =?utf-8?b?5Lya6K2w?=",
    b"Subject: =?bad?x?y?=", b"Subject: a (b) <c> d=?", b"X-Tab:\tvalue\t",
]
ODD_LINES = [b"X: \xe4", b": no name", b"No colon here", b"From x", b"Subject: a\nb", b"Subject: a\rb",
             b"", b"body line"]
# Mostly blocks the fast path reads (to compare its values), sometimes odd ones (to check it steps aside).
RAW_LINES = st.one_of(
    st.builds(lambda first, rest: [first, *rest], st.sampled_from([g for g in GOOD_LINES if g[:1] > b" "]),
              st.lists(st.sampled_from(GOOD_LINES), max_size=10)),
    st.lists(st.sampled_from(GOOD_LINES + ODD_LINES), max_size=10),
)


@PROPERTY
@given(RAW_LINES, st.sampled_from([b"\r\n", b"\r\n", b"\n"]), st.sampled_from([True, True, False]))
def test_summary_of_odd_header_blocks_equals_the_email_package(
    lines: list[bytes], end: bytes, blank: bool
) -> None:
    content = end.join(lines) + (end + end + b"body" + end if blank else b"")
    assert summary(content) == reference_summary(content)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet="ab =?(", max_size=12), min_size=1, max_size=12).map(" ".join),
       st.sampled_from(["Received", "Subject", "Return-Path"]))
def test_unstructured_folding_near_the_line_limit(value: str, name: str) -> None:
    padded = value + " " + "q" * (len(value) % 7 + 60)  # push many cases over 78 columns
    for text in (value, padded):
        field = email.policy.SMTP.header_factory(name, text)
        expected = email.policy.SMTP.fold(name, field)
        folded = fast.fold_unstructured(name, text)
        assert folded is None or folded == expected


@settings(max_examples=400, deadline=None)
@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)),
       st.one_of(st.none(), st.timedeltas(min_value=timedelta(hours=-23, minutes=-59),
                                          max_value=timedelta(hours=23, minutes=59)).map(timezone),
                 st.integers(-23 * 60, 23 * 60).map(lambda m: timezone(timedelta(minutes=m)))))
def test_format_date_equals_format_datetime(moment: datetime, zone: timezone | None) -> None:
    date = moment.replace(tzinfo=zone)
    assert fast.format_date(date) == format_datetime(date)


NAMED = st.builds(lambda name, addr: f"{name} <{addr}>", st.sampled_from(["Bob", "Bob Smith", "A B C D E F"]),
                  SIMPLE)


@PROPERTY
@given(st.lists(st.one_of(SIMPLE, NAMED), min_size=1, max_size=40), st.sampled_from(["To", "Cc", "From"]))
def test_address_folding_equals_the_email_package(addresses: list[str], name: str) -> None:
    folded = fast.fold_addresses(name, addresses)
    assert (folded is None) == any(len(a) > 70 for a in addresses)
    if folded is not None:
        assert folded.encode("ascii") == _reference_field(name, ", ".join(addresses))


def test_a_comma_at_column_79_stays_on_its_line() -> None:
    addresses = ["a" * 52 + "@e.jp", "b" * 10 + "@e.jp", "c@e.jp"]  # the first line is 78 before its comma
    comma = fast.fold_addresses("To", addresses)
    assert comma is not None and comma.split("\r\n")[0].endswith("@e.jp,")
    assert comma.encode("ascii") == _reference_field("To", ", ".join(addresses))


def test_the_unstructured_names_are_unstructured_in_the_registry() -> None:
    registry = email.policy.SMTP.header_factory
    for name in fast.UNSTRUCTURED:
        assert issubclass(registry[name], UnstructuredHeader)
        assert registry[name].max_count in (None, 1)
    assert issubclass(registry["subject"], UniqueUnstructuredHeader)


def benchmark_message() -> bytes:
    return build_message(sender="Alice <alice@example.com>", recipients=["bob@example.jp"],
                         subject="Benchmark message 1", body="Message 1 of 1000.\n.A dot-stuffed line.\n",
                         date=DATE, message_id="<abc123@example.com>", eight_bit=True)


def test_the_common_message_takes_the_fast_paths() -> None:
    fields = fast.build_fields(sender="Alice <alice@example.com>", recipients=["bob@example.jp"], cc=(),
                               subject="Benchmark message 1", date=DATE, message_id="<abc@example.com>")
    assert all(folded is not None for _, _, folded in fields)
    assert fast.text_body("Message 1.\n.A dot-stuffed line.\n", eight_bit=False) is not None
    assert fast.text_body("明日の会議\n", eight_bit=True) is not None
    received = received_header(from_helo="alice-pc.example.com", from_host="alice-pc.example.com",
                               from_ip="192.0.2.10", by_host="mail.example.com", protocol="ESMTPSA",
                               queue_id="3F2A1B", recipient="bob@example.jp", date=DATE)
    assert fast.prepend_field("Received", received) is not None
    many = fast.fold_addresses("To", [f"user{i}@example.jp" for i in range(1000)])
    assert many is not None and many.count("\r\n") > 100
    assert fast.summary_values(prepend_header(benchmark_message(), "Received", received)) is not None


def folded(name: str, value: str) -> str | None:
    """The fast path's field for ``name`` in an otherwise common message."""
    kwargs: dict[str, Any] = {"sender": "Alice <alice@example.com>", "recipients": ["bob@example.jp"],
                              "cc": (), "subject": "Hi", "date": DATE, "message_id": "<a@example.com>"}
    kwargs[name] = value
    keys = {"sender": "From", "subject": "Subject", "message_id": "Message-ID"}
    return {n: f for n, _, f in fast.build_fields(**kwargs)}[keys[name]]


def test_unusual_messages_take_the_email_package_path() -> None:
    assert folded("subject", "会議のお知らせ") is None  # RFC 2047 encoded-words
    assert folded("subject", "=?utf-8?q?hi?=") is None  # would be decoded, then re-encoded
    assert folded("subject", "two  spaces") is None
    assert folded("subject", "a" * 80) is None  # a word longer than a line
    assert folded("sender", '"Doe, John" <john@example.com>') is None  # quoted display name
    assert folded("sender", "田中 <tanaka@example.jp>") is None
    assert folded("message_id", "<a b@example.com>") is None
    assert fast.fold_addresses("To", ["a@example.jp", "x" * 71 + "@example.jp"]) is None  # too long
    assert fast.fold_addresses("To", ["a@example.jp", "Doe, John <j@example.jp>"]) is None
    assert fast.text_body("l" * 79 + "\n", eight_bit=True) is None  # quoted-printable/base64
    assert fast.text_body("明日の会議\n", eight_bit=False) is None  # 7bit: base64
    assert fast.prepend_field("Received", "from " + "h" * 80 + " by b") is None
    assert fast.prepend_field("Received", "from a\r\n by b") is None
    assert fast.prepend_field("X-Other", "x " * 50) is None  # long, and not known unstructured
    message = benchmark_message()
    assert fast.summary_values(message.replace(b"Alice", "Älice".encode())) is None  # 8-bit header
    assert fast.summary_values(message.replace(b"\r\n", b"\n")) is None
    assert fast.summary_values(b" first line is a continuation\r\n\r\n") is None
    assert fast.summary_values(b"From x\r\nSubject: y\r\n\r\n") is None  # mbox From_ line


def test_the_fallback_gives_the_reference_result_for_unusual_messages() -> None:
    odd = {"sender": formataddr(("田中, 太郎", "tanaka@example.jp")), "recipients": ["bob@example.jp"] * 9,
           "subject": "会議のお知らせ " + "x" * 90, "body": "é" * 50 + "\n", "date": DATE,
           "message_id": "<odd@example.com>", "eight_bit": False}
    assert build_message(**odd) == reference_build_message(**odd)
    content = build_message(**odd)
    assert summary(content) == reference_summary(content)
    assert summary(content).subject.startswith("会議のお知らせ")
