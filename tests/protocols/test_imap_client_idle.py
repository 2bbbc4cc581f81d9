"""The client engine's IDLE (RFC 2177) and APPEND literal, on scripted server lines."""

from __future__ import annotations

import pytest

from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.imap import Completed, Continuation, IMAPClient, Untagged


def greeted() -> IMAPClient:
    client = IMAPClient()
    client.receive_data(b"* OK [CAPABILITY IMAP4rev1 IDLE] hi\r\n")
    return client


def test_idle_collects_the_pushes_and_done_ends_it() -> None:
    client = greeted()
    tag = client.send("IDLE")
    assert client.data_to_send() == [b"A001 IDLE\r\n"]
    assert client.receive_data(b"+ idling\r\n") == [Continuation("idling")]
    assert client.outstanding == (tag,)
    pushed = client.receive_data(b"* 3 EXISTS\r\n* 1 RECENT\r\n")
    assert pushed == [Untagged("3 EXISTS"), Untagged("1 RECENT")]
    client.done()
    assert client.data_to_send() == [b"DONE\r\n"]  # untagged: it ends the IDLE, not a command
    (done,) = client.receive_data(b"A001 OK IDLE terminated\r\n")
    assert isinstance(done, Completed) and done.tag == tag and done.command == "IDLE"
    assert done.untagged == (Untagged("3 EXISTS"), Untagged("1 RECENT"))
    assert client.outstanding == ()


def test_done_without_an_idle_is_a_caller_bug() -> None:
    client = greeted()
    client.send("NOOP")
    with pytest.raises(LocalProtocolError):
        client.done()
    assert client.data_to_send() == [b"A001 NOOP\r\n"]


def test_append_sends_its_message_after_the_continuation() -> None:
    client = greeted()
    content = "Subject: Hi\r\n\r\n日本語\r\n"
    size = len(content.encode())
    client.send(f'APPEND "Sent" (\\Seen) {{{size}}}\r\n{content}')
    assert client.data_to_send() == [f'A001 APPEND "Sent" (\\Seen) {{{size}}}\r\n'.encode()]
    client.receive_data(b"+ Ready for literal data\r\n")
    assert client.data_to_send() == [content.encode() + b"\r\n"]
    (done,) = client.receive_data(b"A001 OK [APPENDUID 1 4] APPEND completed\r\n")
    assert isinstance(done, Completed) and done.status == "OK"
