"""Only CRLF.CRLF ends DATA: a dot framed by bare LFs cannot smuggle a second message."""

from __future__ import annotations

from mailsim.protocols.smtp import MessageReceived, ServerConfig, SMTPServer
from mailsim.protocols.smtp.codes import OK_MAIL, OK_RCPT, queued


def session_up_to_data() -> SMTPServer:
    server = SMTPServer(ServerConfig("mx.example.jp"))
    server.start()
    for line in (b"EHLO relay\r\n", b"MAIL FROM:<a@example.com>\r\n"):
        for _ in server.receive_data(line):
            server.respond(OK_MAIL)
    for _ in server.receive_data(b"RCPT TO:<bob@example.jp>\r\n"):
        server.respond(OK_RCPT)
    server.receive_data(b"DATA\r\n")
    return server


def test_a_dot_between_bare_lfs_is_text_not_the_end() -> None:
    server = session_up_to_data()
    smuggled = (b"Subject: hi\r\n\r\nbody\n.\nMAIL FROM:<admin@example.jp>\r\n"
                b"RCPT TO:<bob@example.jp>\r\nDATA\r\nevil\r\n.\r\n")
    events = server.receive_data(smuggled)
    assert [type(e) for e in events] == [MessageReceived]
    (received,) = events
    assert isinstance(received, MessageReceived)
    assert b"MAIL FROM:<admin@example.jp>" in received.content  # it stayed inside the text
    server.respond(queued("ABC"))
    assert server.receive_data(b"QUIT\r\n") != []


def test_a_dot_after_a_bare_lf_line_does_not_end_either() -> None:
    server = session_up_to_data()
    assert server.receive_data(b"text\n.\r\n") == []
    assert [type(e) for e in server.receive_data(b".\r\n")] == [MessageReceived]
