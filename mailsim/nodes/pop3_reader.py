"""A device's POP3 session: log in, see what is new, download, maybe delete, quit.

What a classic POP3 client does at "check mail" (RFC 1939): UIDL tells it
which messages it already has, RETR takes each new one home, DELE removes the
server copy (classic mode) or, in leave-on-server mode, only copies older than
the configured age. Deletions take effect at QUIT (the UPDATE state).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mailsim.nodes.session import EngineSession
from mailsim.protocols.pop3 import POP3Client
from mailsim.protocols.pop3.client import parse_uidl_lines
from mailsim.protocols.pop3.events import Greeting, Response
from mailsim.sim.connection import Endpoint

if TYPE_CHECKING:
    from mailsim.nodes.client import MailClient

OnResponse = Callable[[Response], None]


class POP3Check(EngineSession):
    """One check-mail session of ``device`` against its POP3 server."""

    def __init__(self, device: MailClient, port: int, *, stls: bool = False,
                 implicit_tls: bool = False) -> None:
        super().__init__()
        self.device = device
        self.engine = POP3Client()
        self.stls = stls
        self.implicit_tls = implicit_tls
        self.callbacks: list[OnResponse] = []
        self.numbers: dict[str, int] = {}
        self.todo: list[str] = []
        self.finished = False
        device.network.connect(device.name, device.account.server, port, self)

    # --- the conversation -------------------------------------------------

    def command(self, line: str, then: OnResponse, *, multiline: bool = False) -> None:
        self.engine.send(line, multiline=multiline)
        self.callbacks.append(then)

    def _greeted(self, greeting: Greeting) -> None:
        if not greeting.ok:
            self._give_up(f"server refused: {greeting.text}")
            return
        self.command("CAPA", self._after_capa, multiline=True)

    def _after_capa(self, response: Response) -> None:
        offered = {line.split(" ", 1)[0].upper() for line in response.lines}
        if self.stls and "STLS" in offered:
            self.command("STLS", self._after_stls)
        elif self.stls:
            self._give_up("the server does not offer STLS")
        else:
            self._login()

    def _after_stls(self, response: Response) -> None:
        if not response.ok:
            self._give_up(f"STLS refused: {response.text}")
            return
        assert self.endpoint is not None
        server = self.endpoint.peer
        self.endpoint.conn.start_tls(self._tls_ready, lambda: _tell_server_tls(server))

    def _tls_ready(self) -> None:
        self.engine.tls_established()
        self._login()
        self._flush()

    def _login(self) -> None:
        account = self.device.account
        self.command(f"USER {account.address}", self._after_user)

    def _after_user(self, response: Response) -> None:
        self.command(f"PASS {self.device.account.password}", self._after_pass)

    def _after_pass(self, response: Response) -> None:
        if not response.ok:
            self.device.state("check_failed", protocol="POP3", reason=response.text)
            self._quit()
            return
        self.command("STAT", lambda _: self.command("UIDL", self._after_uidl, multiline=True))

    def _after_uidl(self, response: Response) -> None:
        listing = parse_uidl_lines(response.lines)
        self.numbers = {uidl: number for number, uidl in listing.items()}
        self.todo = [uidl for uidl in self.numbers if not self.device.has_uidl(uidl)]
        self._next_download()

    def _next_download(self, _: Response | None = None) -> None:
        """One message at a time, as a plain client does: RETR, then maybe DELE."""
        if not self.todo:
            self._delete_old()
            return
        uidl = self.todo.pop(0)
        self.command(f"RETR {self.numbers[uidl]}", self._retrieved(uidl), multiline=True)

    def _retrieved(self, uidl: str) -> OnResponse:
        def handle(response: Response) -> None:
            if response.ok and response.body is not None:
                self.device.keep_download(uidl, response.body)
                if not self.device.incoming.leave_on_server:
                    self.command(f"DELE {self.numbers[uidl]}", self._next_download)
                    return
            self._next_download()

        return handle

    def _delete_old(self) -> None:
        if self.finished:
            return
        self.finished = True
        incoming = self.device.incoming
        if incoming.leave_on_server and incoming.delete_after is not None:
            for uidl in self.device.uidls_older_than(incoming.delete_after):
                if uidl in self.numbers:
                    self.device.state("server_copy_expired", uid=uidl)
                    self.command(f"DELE {self.numbers[uidl]}", lambda _: None)
        self._quit()

    def _quit(self) -> None:
        self.finished = True
        self.command("QUIT", self._after_quit)

    def _after_quit(self, response: Response) -> None:
        assert self.endpoint is not None
        self.endpoint.close()

    def _give_up(self, reason: str) -> None:
        self.device.state("check_failed", protocol="POP3", reason=reason)
        self.finished = True
        if self.endpoint is not None:
            self.endpoint.close()

    # --- stream handler -----------------------------------------------------

    def on_open(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        if self.implicit_tls:  # RFC 8314: TLS first, then the greeting
            server = endpoint.peer
            endpoint.conn.start_tls(_nothing, lambda: _tell_server_tls(server))

    def on_refused(self, reason: str) -> None:
        self.device.state("check_failed", protocol="POP3", reason=reason)

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        for event in self.engine.receive_data(data):
            if isinstance(event, Greeting):
                self._greeted(event)
            elif isinstance(event, Response) and self.callbacks:
                self.callbacks.pop(0)(event)
        self._flush()

    def on_close(self, endpoint: Endpoint) -> None:
        if not self.finished:
            self.device.state("check_failed", protocol="POP3", reason="connection closed")
            self.finished = True

def _tell_server_tls(server: Endpoint) -> None:
    handler = server.handler
    on_tls = getattr(handler, "on_tls", None)
    if callable(on_tls):
        on_tls()


def _nothing() -> None:
    return None
