"""Python's real poplib against the server engine, over a local socket pair."""

from __future__ import annotations

import poplib
import socket
import threading

from mailsim.protocols.pop3 import CloseConnection, POP3Server
from tests.protocols.pop3_pair import CONFIG, MSG1, MSG2, FakeNode


def serve(sock: socket.socket, server: POP3Server, node: FakeNode) -> None:
    """Pump bytes between a socket and the engine until it says CloseConnection."""
    server.start()
    closing = False
    while True:
        for chunk in server.data_to_send():
            sock.sendall(chunk)
        if closing:
            break
        data = sock.recv(4096)
        if not data:
            server.connection_lost()
            break
        queue = server.receive_data(data)
        while queue:
            event = queue.pop(0)
            closing = closing or isinstance(event, CloseConnection)
            queue += node.decide(server, event)
    sock.close()


class PairedPOP3(poplib.POP3):
    """poplib.POP3 whose socket is one end of a socket pair."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock_to_use = sock
        super().__init__("localhost", timeout=5)

    def _create_socket(self, timeout: float | None) -> socket.socket:
        self._sock_to_use.settimeout(timeout)
        return self._sock_to_use


def test_poplib_full_session() -> None:
    node = FakeNode()
    ours, theirs = socket.socketpair()
    thread = threading.Thread(target=serve, args=(theirs, POP3Server(CONFIG), node), daemon=True)
    thread.start()
    pop = PairedPOP3(ours)
    assert pop.getwelcome() == b"+OK POP3 server ready <1896.697170952@mx.example.jp>"
    assert set(pop.capa()) >= {"TOP", "UIDL", "USER", "PIPELINING"}
    assert pop.apop("bob", "secret").startswith(b"+OK maildrop has 2 messages")
    assert pop.stat() == (2, 113)
    assert pop.list()[1] == [b"1 89", b"2 24"]
    assert pop.uidl()[1] == [b"1 7.1", b"2 7.2"]
    assert pop.top(1, 0)[1] == [*MSG1.split(b"\r\n\r\n")[0].split(b"\r\n"), b""]
    assert b"\r\n".join(pop.retr(1)[1]) + b"\r\n" == MSG1
    assert pop.retr(2)[1] == MSG2.rstrip(b"\r\n").split(b"\r\n")
    assert pop.dele(1).startswith(b"+OK")
    assert pop.quit() == b"+OK mx.example.jp POP3 server signing off (1 message left)"
    thread.join(timeout=5)
    assert [m.content for m in node.mailbox.messages] == [MSG2]
