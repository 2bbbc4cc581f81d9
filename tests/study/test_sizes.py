"""The session engine's price of a check equals the real engines' bytes, line for line."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import numpy as np
import pytest

from mailsim.protocols.mailstore import Mailbox
from mailsim.study import sizes
from tests.study.dialogue import imap_check, pop3_check

HOST = "mail.d2.example"
ADDRESS = "u00012@d2.example"
PASSWORD = "pw-u00012"
WHEN = datetime(2026, 4, 1, tzinfo=UTC)


def a(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.int64)


def content(number: int, lines: int) -> bytes:
    return (f"Return-Path: <u00001@d1.example>\r\nSubject: Note {number}\r\n"
            f"Message-ID: <0123456789ab@d1.example>\r\n\r\n").encode() + b"x" * 60 * lines + b"\r\n"


def filled(rng: random.Random, count: int, first_uid: int) -> Mailbox:
    box = Mailbox(ADDRESS, next_uid=first_uid)
    for _ in range(count):
        number = rng.choice((1, 9, 10, 99, 12345, 1234567))
        box.store(content(number, rng.randint(1, 200)), "<x@d1.example>", WHEN)
    return box


def test_digit_helpers() -> None:
    values = a(0, 1, 9, 10, 99, 100, 123456789, 10**12)
    assert sizes.digits(values).tolist() == [len(str(v)) for v in values.tolist()]
    assert sizes.digit_sum(a(0, 1, 9, 10, 1234)).tolist() == [
        sum(len(str(k)) for k in range(1, n + 1)) for n in (0, 1, 9, 10, 1234)]


@pytest.mark.parametrize("delete", [True, False])
@pytest.mark.parametrize("seed", range(8))
def test_pop3_check_price(seed: int, delete: bool) -> None:
    rng = random.Random(seed)
    box = filled(rng, rng.choice((0, 1, 2, 12)), rng.choice((1, 9, 95, 1000)))
    messages = list(box.messages)
    # What this device downloaded before: with delete, nothing is left of it; with
    # leave-on-server, the oldest ones (so the new ones are at the end).
    old = 0 if delete else rng.randint(0, len(messages))
    known = {m.uid for m in messages[:old]}
    expire = [m.uid for m in messages[:old] if rng.random() < 0.5]
    now = rng.choice((30_000_000, 1_234_567_890, 2_591_970_000_000))
    stamp = f"<{'7' * sizes.APOP_RANDOM_DIGITS}.{now}@{HOST}>"
    units = pop3_check(box, hostname=HOST, stamp=stamp, address=ADDRESS, password=PASSWORD,
                       known=set(known), delete=delete, expire=expire)
    positions = list(range(old + 1, len(messages) + 1))
    expired = [n for n, m in enumerate(messages, 1) if m.uid in expire]
    lines, octets = _price_pop3(
        len(messages), sum(m.size for m in messages), sum(len(str(m.uid)) for m in messages),
        positions, [m.size for m in messages[old:]], delete, expired, now)
    assert (len(units), sum(len(u) for u in units)) == (lines, octets)


def _price_pop3(count: int, octets: int, uid_digits: int, new_positions: list[int],
                new_sizes: list[int], delete: bool, expired_positions: list[int],
                now: int) -> tuple[int, int]:
    deleted = len(new_positions) if delete else 0
    deleted += len(expired_positions)
    octets_total = int(
        sizes.pop3_greeting(HOST, sizes.digits(a(now)))[0] + sizes.POP3_CAPA
        + sizes.pop3_login(ADDRESS, PASSWORD)
        + sizes.pop3_maildrop_and_stat(a(count), a(octets))[0]
        + sizes.pop3_uidl(a(count), a(uid_digits))[0]
        + sizes.pop3_quit(HOST, a(count - deleted))[0])
    for position, size in zip(new_positions, new_sizes, strict=True):
        octets_total += int(sizes.pop3_retr(sizes.digits(a(position)), a(size))[0])
        if delete:
            octets_total += int(sizes.pop3_dele(sizes.digits(a(position)))[0])
    for position in expired_positions:
        octets_total += int(sizes.pop3_dele(sizes.digits(a(position)))[0])
    lines = sizes.POP3_BASE_LINES + 2 * len(new_positions) + 2 * deleted
    return lines, octets_total


def _header_octets(message_content: bytes) -> int:
    """Subject and Message-ID fields with the blank line, as the listing sends them."""
    head = message_content.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    kept = [line for line in head if line.split(b":")[0].lower() in (b"subject", b"message-id")]
    return sum(len(line) + 2 for line in kept) + 2


@pytest.mark.parametrize("cache", [True, False])
@pytest.mark.parametrize("seed", range(8))
def test_imap_check_price(seed: int, cache: bool) -> None:
    rng = random.Random(seed)
    box = filled(rng, rng.choice((0, 1, 3, 12)), rng.choice((1, 9, 95, 1000)))
    messages = list(box.messages)
    # Some messages were seen by an earlier session (no longer \\Recent), the newest not.
    seen = rng.randint(0, len(messages))
    for m in messages[:seen]:
        m.recent = False
    cached = {m.uid for m in messages[:seen]} if cache else None
    # This device listed the oldest ones before (it may not be the session that saw them first).
    old = rng.randint(0, seen)
    units = imap_check(box, hostname=HOST, address=ADDRESS, password=PASSWORD, cached=cached,
                       known={m.uid for m in messages[:old]})
    n = len(messages)
    octets = (sizes.IMAP_GREETING + sizes.IMAP_CAPABILITY + sizes.imap_login(ADDRESS, PASSWORD)
              + int(sizes.imap_select(a(n), a(box.next_uid))[0])
              + int(sizes.imap_recent(a(n - seen))[0]) + sizes.imap_logout(HOST))
    lines = sizes.IMAP_BASE_LINES
    if n:
        octets += int(sizes.imap_flags(a(n), sizes.digits(a(*(m.uid for m in messages))).sum(
            keepdims=True))[0])
        lines += 2
    listed = messages[old:]
    if listed:
        rows = sizes.imap_listing_row(a(*(m.uid for m in listed)), a(*(m.size for m in listed)),
                                      a(*(_header_octets(m.content) for m in listed)))
        octets += int(sizes.imap_new_listing(
            a(listed[0].uid), rows.sum(keepdims=True),
            sizes.digit_sum(a(n)) - sizes.digit_sum(a(old)))[0])
        octets += sizes.RECENT_FLAG * (n - seen)  # \Recent again in their listing rows
        lines += 2
    new = messages[seen:]
    if cache and new:
        uids, sizes_ = a(*(m.uid for m in new)), a(*(m.size for m in new))
        octets += int(sizes.imap_cache_fetch(
            a(len(new)), sizes.digits(uids).sum(keepdims=True),
            sizes.digit_sum(a(n)) - sizes.digit_sum(a(seen)), sizes_.sum(keepdims=True),
            sizes.digits(sizes_).sum(keepdims=True))[0])
        lines += 2
    assert (len(units), sum(len(u) for u in units)) == (lines, octets)
