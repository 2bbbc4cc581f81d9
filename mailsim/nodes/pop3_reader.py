"""A device's POP3 reader: log in, see what is new, download, maybe delete, quit.

What a classic POP3 client does at "check mail" (RFC 1939): UIDL tells it
which messages it already has, RETR takes each new one home, DELE removes the
server copy (classic mode) or, in leave-on-server mode, only copies older than
the configured age. Deletions take effect at QUIT (the UPDATE state). The mail
the device has is only what it downloaded: reading and deleting are local.
"""

from __future__ import annotations

from collections.abc import Callable

from mailsim.mail.message import summary
from mailsim.nodes.reading import Device, ReaderSession, keep_copy, local_by_id
from mailsim.protocols.pop3 import POP3Client
from mailsim.protocols.pop3.client import parse_uidl_lines
from mailsim.protocols.pop3.events import Greeting, Response
from mailsim.trace.states import (
    Downloaded,
    LocalDeleted,
    Read,
    ReadFailed,
    SentKept,
    ServerCopyExpired,
)

OnResponse = Callable[[Response], None]


class POP3Reader:
    """The mail client's :class:`~mailsim.nodes.reading.Reader` for POP3."""

    def __init__(self, device: Device) -> None:
        self.device = device
        # A POP3 client remembers every UIDL it took (even after the user deleted
        # the local copy), so leave-on-server mode never downloads twice.
        self.downloaded: dict[str, float] = {}
        self.sent: dict[str, bytes] = {}  # the device's own Sent folder, by Message-ID

    def check(self) -> None:
        POP3Check(self)

    def order(self) -> list[str]:
        return [m.message_id for m in sorted(self.device.local.values(), key=lambda m: m.kept_at)]

    def open(self, message_id: str) -> None:
        copy = local_by_id(self.device, message_id)
        if copy is None:
            self.device.record(ReadFailed(message_id=message_id, reason="not on this device"))
            return
        self.device.record(Read(message_id=message_id, subject=copy.subject, source="local"))

    def delete(self, message_id: str) -> None:
        copy = local_by_id(self.device, message_id)
        if copy is not None:
            del self.device.local[copy.key]
            self.device.record(LocalDeleted(message_id=message_id))

    def move(self, message_id: str, folder: str) -> None:
        # RFC 1939 knows one maildrop: there is no other folder on the server.
        self.device.record(ReadFailed(message_id=message_id, reason="POP3 has no folders"))

    def save_sent(self, content: bytes) -> None:
        """POP3 has no Sent folder on the server: the copy stays on this device only."""
        folder = self.device.incoming.sent_folder
        if folder is None:
            return
        info = summary(content)
        self.sent[info.message_id] = content
        self.device.record(SentKept(message_id=info.message_id, folder=folder, size=len(content),
                                    subject=info.subject))

    def went_offline(self) -> None:
        """Nothing waits on a connection: POP3 only polls."""

    # --- what a check-mail session asks and keeps --------------------------------

    def has_uidl(self, uidl: str) -> bool:
        return uidl in self.downloaded

    def keep_download(self, uidl: str, content: bytes) -> None:
        copy = keep_copy(self.device, uidl, content)
        self.downloaded[uidl] = copy.kept_at
        self.device.record(Downloaded(mailbox=self.device.account.address, uid=uidl,
                                      message_id=copy.message_id, size=copy.size,
                                      subject=copy.subject))

    def uidls_older_than(self, age: float) -> list[str]:
        """Leave-on-server: the server copies old enough to delete now."""
        limit = self.device.now_seconds - age
        return [uidl for uidl, when in self.downloaded.items() if when <= limit]


class POP3Check(ReaderSession[POP3Client]):
    """One check-mail session of a device against its POP3 server."""

    protocol = "POP3"

    def __init__(self, reader: POP3Reader) -> None:
        super().__init__(reader.device)
        self.reader = reader
        self.engine = POP3Client()
        self.stls = self.device.incoming.tls == "starttls"
        self.callbacks: list[OnResponse] = []
        self.numbers: dict[str, int] = {}
        self.todo: list[str] = []
        device = self.device
        device.network.connect(device.name, device.account.server, device.incoming.port, self)

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
        self.endpoint.conn.upgrade_tls()  # tls_ready follows

    def tls_ready(self) -> None:
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
            self.fail(response.text)
            self._quit()
            return
        self.command("STAT", lambda _: self.command("UIDL", self._after_uidl, multiline=True))

    def _after_uidl(self, response: Response) -> None:
        listing = parse_uidl_lines(response.lines)
        self.numbers = {uidl: number for number, uidl in listing.items()}
        self.todo = [uidl for uidl in self.numbers if not self.reader.has_uidl(uidl)]
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
                self.reader.keep_download(uidl, response.body)
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
            for uidl in self.reader.uidls_older_than(incoming.delete_after):
                if uidl in self.numbers:
                    self.device.record(ServerCopyExpired(uid=uidl))
                    self.command(f"DELE {self.numbers[uidl]}", lambda _: None)
        self._quit()

    def _quit(self) -> None:
        self.finished = True
        self.command("QUIT", self._after_quit)

    def _after_quit(self, response: Response) -> None:
        assert self.endpoint is not None
        self.endpoint.close()

    def _give_up(self, reason: str) -> None:
        self.fail(reason)
        self.finished = True
        if self.endpoint is not None:
            self.endpoint.close()

    def hear(self, event: object) -> None:
        if isinstance(event, Greeting):
            self._greeted(event)
        elif isinstance(event, Response) and self.callbacks:
            self.callbacks.pop(0)(event)  # one answer per command, in command order
