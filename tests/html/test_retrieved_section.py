"""The page's 'retrieved' section, in Python: the letters a POP3 RETR or TOP reply and an
IMAP FETCH response hand over, read with the DATA content's parsing; a partial one marked
so; a trace that keeps only sizes gives the size."""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any

from mailsim.trace import MessageEvent, Trace
from mailsim.views.html.sections.retrieved import build, fetch_letters
from tests.html.conftest import _trace_of


def replies_to(trace: Trace, command: str) -> dict[int, tuple[int, MessageEvent]]:
    """position of each POP3 reply to ``command`` -> (the command's position, the reply)."""
    out: dict[int, tuple[int, MessageEvent]] = {}
    units = [(i, e) for i, e in enumerate(trace) if isinstance(e, MessageEvent)
             and e.protocol == "POP3"]
    for (i, e), (j, reply) in itertools.pairwise(units):
        if e.text.upper().startswith(command) and reply.conn == e.conn and reply.src == e.dst:
            out[j] = (i, reply)
    return out


def head_lines(text: str) -> list[str]:
    lines = text.split("\n")
    return lines[:lines.index("")]


def test_each_retr_reply_and_only_those() -> None:
    trace = _trace_of("pop3-one-device")[0]
    retr = replies_to(trace, "RETR ")
    assert len(retr) == 2
    built = build(trace)
    assert sorted(int(k) for k in built) == sorted(retr)
    for key, letters in built.items():
        command, reply = retr[int(key)]
        [letter] = letters
        assert letter["via"] == "RETR" and "partial" not in letter
        assert letter["n"] == int(trace[command].text.split()[1])
        head = head_lines(reply.text.split("\n", 1)[1])
        assert [h[0] for h in letter["headers"]] == [ln.split(":")[0] for ln in head
                                                     if not ln[0].isspace()]
        assert len(letter["received"]) == sum(1 for ln in head if ln.startswith("Received:"))
        assert letter["received"][0]["by"] == "mx.example.jp"  # the recipient's server's, newest
        body = reply.text.split("\n\n", 1)[1]
        assert body.endswith("\n.") and letter["body"] == body[:-2]  # the final dot gone
    subjects = [dict(ls[0]["headers"])["Subject"] for ls in built.values()]
    assert subjects == ["Lunch on Friday?", "Photos from the trip"]


def test_a_top_reply_is_the_header_and_its_lines_marked_partial() -> None:
    trace = _trace_of("pop3-one-device")[0]
    (pos, (command, reply)), *_ = replies_to(trace, "RETR ").items()
    message = reply.text.split("\n", 1)[1]
    head, _ = message.split("\n\n", 1)
    events = list(trace)
    events[command] = dataclasses.replace(trace[command], text="TOP 1 2")
    events[pos] = dataclasses.replace(reply, text=f"+OK\n{head}\n\nFirst line\n..A dot-stuffed line\n.")
    [letter] = build(Trace(trace.header, events))[str(pos)]
    assert letter["via"] == "TOP" and letter["partial"] is True and letter["lines"] == 2
    assert letter["body"] == "First line\n.A dot-stuffed line"  # unstuffed, RFC 1939 §3
    assert len(letter["received"]) == head.count("\nReceived:") + head.startswith("Received:")
    events[command] = dataclasses.replace(trace[command], text="TOP 1 0")  # the header alone
    events[pos] = dataclasses.replace(reply, text=f"+OK\n{head}\n\n.")
    [letter] = build(Trace(trace.header, events))[str(pos)]
    assert letter["lines"] == 0 and letter["body"] == "" and letter["headers"]


def test_an_err_reply_hands_over_nothing() -> None:
    trace = _trace_of("pop3-one-device")[0]
    (pos, (_, reply)), *_ = replies_to(trace, "RETR ").items()
    events = list(trace)
    events[pos] = dataclasses.replace(reply, text="-ERR no such message")
    assert str(pos) not in build(Trace(trace.header, events))


def resolved(built: dict[str, Any], letter: dict[str, Any]) -> dict[str, Any]:
    """A letter with the fields and text of the one it names (``as``), as the page does."""
    if "as" not in letter:
        return letter
    first = built[str(letter["as"][0])][letter["as"][1]]
    assert "as" not in first
    return {**letter, **{k: first[k] for k in ("headers", "received", "body")}}


def test_imap_fetch_of_the_whole_message() -> None:
    trace = _trace_of("pop3-vs-imap")[0]
    built = build(trace)
    whole = {k: ls for k, ls in built.items() if any(lt["item"] == "BODY[]" for lt in ls)}
    assert whole, "pop3-vs-imap's IMAP devices fetch BODY[]"
    for key, letters in whole.items():
        event = trace[int(key)]
        assert isinstance(event, MessageEvent) and event.protocol == "IMAP"
        for letter in (resolved(built, lt) for lt in letters):
            assert letter["via"] == "FETCH" and "partial" not in letter
            assert f"* {letter['n']} FETCH (" in event.text
            fields = dict(letter["headers"])
            assert fields["Subject"] in event.text and fields["Message-ID"] in event.text
            assert len(letter["received"]) == 3
            # the literal ends where its octets end: not the response's ")" or the tagged OK
            assert letter["body"] and ")" not in letter["body"][-2:]
            assert "OK" not in letter["body"].split("\n")[-1]
            assert letter["body"] in event.text


def test_imap_fetch_of_parts_is_marked_partial() -> None:
    trace = _trace_of("pop3-vs-imap")[0]
    built = build(trace)
    fields_only = [(int(k), resolved(built, lt)) for k, ls in built.items() for lt in ls
                   if lt["item"].startswith("BODY[HEADER.FIELDS")]
    assert fields_only
    for key, letter in fields_only:
        assert letter["partial"] is True and letter["body"] == ""
        assert [h[0] for h in letter["headers"]] == ["Subject", "Message-ID"]
        assert f"Subject: {letter['headers'][0][1]}\n" in str(trace[key].text)


def test_a_letter_read_again_names_the_first_reading() -> None:
    trace = _trace_of("pop3-vs-imap")[0]
    built = build(trace)
    letters = [(int(k), i, lt) for k, ls in built.items() for i, lt in enumerate(ls)]
    shared = [(k, lt) for k, _, lt in letters if "as" in lt]
    assert shared, "the laptop and the phone read the same header fields"
    firsts = {}
    for k, i, lt in letters:
        if "as" not in lt:
            key = (repr(lt["headers"]), lt["body"])
            assert key not in firsts, "a letter read the same twice in full"
            firsts[key] = [k, i]
    for k, letter in shared:
        assert letter["as"][0] < k and "headers" not in letter and "body" not in letter
        first = resolved(built, letter)
        assert firsts[(repr(first["headers"]), first["body"])] == letter["as"]
        assert dict(first["headers"])["Message-ID"] in str(trace[k].text)


def literal(text: str) -> str:
    """``{n}`` and the text as an IMAP literal, n counted as on the wire (CRLF, UTF-8)."""
    return f"{{{len(text.replace(chr(10), chr(13) + chr(10)).encode('utf-8'))}}}\n{text}"


def test_fetch_sections_of_one_message_and_the_next() -> None:
    header = "Subject: =?utf-8?b?5p2l6YCx?=\nFrom: Alice <alice@example.com>\n\n"
    text = "会議は) 3時です。\n* 9 FETCH (UID 9 BODY[] {3}\nnot a response\n"
    second = "Subject: Two\n\nShort.\n"
    reply = (f"* 3 FETCH (UID 3 BODY[HEADER] {literal(header)} BODY[TEXT] {literal(text)})\n"
             f"* 4 FETCH (UID 4 RFC822 {literal(second)})\n"
             f"* 5 FETCH (UID 5 BODY[]<0> {literal('Subject: Thr')})\n"
             "A7 OK FETCH completed")
    letters = fetch_letters(reply)
    assert [(lt["n"], lt["item"], lt.get("partial", False)) for lt in letters] == [
        (3, "BODY[HEADER]", True), (3, "BODY[TEXT]", True), (4, "RFC822", False),
        (5, "BODY[]<0>", True)]
    head, body, whole, cut = letters
    assert dict(head["headers"])["Subject"] == "来週" and head["body"] == ""
    assert body["headers"] == [] and body["body"] == text.rstrip("\n")  # 9 never a message
    assert dict(whole["headers"]) == {"Subject": "Two"} and whole["body"] == "Short."
    assert cut["body"] == "Subject: Thr" and cut["headers"] == []


def test_a_live_trace_that_keeps_only_sizes() -> None:
    trace = _trace_of("pop3-one-device")[0]
    retr = list(replies_to(trace, "RETR ").items())
    events = list(trace)
    (first, (_, one)), (second, (_, two)) = retr
    events[first] = dataclasses.replace(one, live=True, text="+OK 837 octets")
    events[second] = dataclasses.replace(two, live=True,
                                         text="+OK\n[message text: 849 octets]\n.")
    built = build(Trace(trace.header, events))
    assert built[str(first)] == [{"via": "RETR", "n": 1, "absent": True, "size": 837}]
    assert built[str(second)] == [{"via": "RETR", "n": 2, "absent": True, "size": 849}]
    assert fetch_letters("* 1 FETCH (BODY[] {834}\n[message text: 834 octets])\nA1 OK") == [
        {"via": "FETCH", "n": 1, "absent": True, "size": 834, "item": "BODY[]"}]
