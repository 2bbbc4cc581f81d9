"""A device's IMAP sessions: sync the message list, open a message, delete one.

The mail stays on the server (RFC 3501); the device keeps a list of what is
there — and, with a local cache, copies of the bodies for offline reading.
Every session logs in, selects INBOX, does its job and logs out, so each job
reads as one short dialogue in the trace.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mailsim.nodes.pop3_reader import _nothing, _tell_server_tls
from mailsim.nodes.session import EngineSession
from mailsim.protocols.imap import IMAPClient, parse_fetch
from mailsim.protocols.imap.events import Completed, Greeting
from mailsim.sim.connection import Endpoint

if TYPE_CHECKING:
    from mailsim.nodes.client import ListedMessage, MailClient

OnDone = Callable[[Completed], None]
Job = Callable[["IMAPSync"], None]
LIST_ITEMS = "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID)])"


class IMAPSync(EngineSession):
    """One IMAP session of ``device``; :meth:`check`, :meth:`read` or :meth:`delete` starts it."""

    def __init__(self, device: MailClient) -> None:
        super().__init__()
        self.device = device
        self.engine = IMAPClient()
        self.waiting: dict[str, OnDone] = {}
        self.job: Job = lambda session: session.logout()
        self.exists = 0
        self.done = False

    # --- jobs ----------------------------------------------------------------

    def check(self) -> None:
        self._start(lambda session: session._sync())

    def read(self, message_id: str) -> None:
        self._start(lambda session: session._fetch_body(message_id))

    def delete(self, message_id: str) -> None:
        self._start(lambda session: session._delete(message_id))

    def mark_seen(self, uid: int) -> None:
        self._start(lambda session: session.command(
            f"UID STORE {uid} +FLAGS.SILENT (\\Seen)", lambda _: session._marked(uid)))

    def _marked(self, uid: int) -> None:
        self.device.mark_seen_locally(uid)
        self.logout()

    def _start(self, job: Job) -> None:
        self.job = job
        incoming = self.device.incoming
        self.device.network.connect(self.device.name, self.device.account.server, incoming.port, self)

    # --- the conversation -------------------------------------------------

    def command(self, text: str, then: OnDone) -> None:
        self.waiting[self.engine.send(text)] = then

    def _greeted(self, greeting: Greeting) -> None:
        if greeting.status != "OK":
            self._fail(f"server said {greeting.status} {greeting.text}")
            return
        self.command("CAPABILITY", self._after_capability)

    def _after_capability(self, done: Completed) -> None:
        if self.device.incoming.tls == "starttls" and not self.engine_tls:
            self.command("STARTTLS", self._after_starttls)
            return
        account = self.device.account
        self.command(f"LOGIN {account.address} {_quote(account.password)}", self._after_login)

    engine_tls = False

    def _after_starttls(self, done: Completed) -> None:
        if done.status != "OK":
            self._fail(f"STARTTLS refused: {done.text}")
            return
        assert self.endpoint is not None
        server = self.endpoint.peer

        def ready() -> None:
            self.engine.tls_established()
            self.engine_tls = True
            self.command("CAPABILITY", self._after_capability)
            self._flush()

        self.endpoint.conn.start_tls(ready, lambda: _tell_server_tls(server))

    def _after_login(self, done: Completed) -> None:
        if done.status != "OK":
            self._fail(f"login refused: {done.text}")
            self.logout()
            return
        self.command("SELECT INBOX", self._after_select)

    def _after_select(self, done: Completed) -> None:
        for untagged in done.untagged:
            words = untagged.text.split()
            if len(words) >= 2 and words[1].upper() == "EXISTS" and words[0].isdigit():
                self.exists = int(words[0])
        self.job(self)

    def _sync(self) -> None:
        if self.exists == 0:
            self._synced_from({})
            return
        self.command(f"UID FETCH 1:* {LIST_ITEMS}", self._after_list)

    def _after_list(self, done: Completed) -> None:
        from mailsim.nodes.client import ListedMessage

        listing: dict[int, ListedMessage] = {}
        for untagged in done.untagged:
            parsed = parse_fetch(untagged)
            if parsed is None:
                continue
            _, items = parsed
            uid = int(items.get("UID", 0))  # type: ignore[call-overload]
            headers = _header_fields(items)
            listing[uid] = ListedMessage(
                uid, headers.get("message-id", ""), headers.get("subject", ""),
                int(items.get("RFC822.SIZE", 0)),  # type: ignore[call-overload]
                tuple(items.get("FLAGS", ())),  # type: ignore[arg-type]
            )
        self._synced_from(listing)

    def _synced_from(self, listing: dict[int, ListedMessage]) -> None:
        self.device.update_listing(listing)
        missing = [uid for uid in listing if self.device.incoming.cache
                   and str(uid) not in self.device.local]
        if missing:
            uids = ",".join(str(uid) for uid in missing)
            self.command(f"UID FETCH {uids} (UID BODY.PEEK[])", self._after_cache_fetch)
        else:
            self.logout()

    def _after_cache_fetch(self, done: Completed) -> None:
        for uid, body in _bodies(done):
            self.device.keep_cached(uid, body)
        self.logout()

    def _fetch_body(self, message_id: str) -> None:
        uid = self.device.uid_of(message_id)
        if uid is None:
            self.device.state("read_failed", message_id=message_id, reason="not on the server")
            self.logout()
            return
        # A fetch without PEEK sets \Seen (RFC 3501 §6.4.5): other devices will see it.
        self.command(f"UID FETCH {uid} (UID FLAGS BODY[])", self._after_body)

    def _after_body(self, done: Completed) -> None:
        for uid, body in _bodies(done):
            self.device.opened_from_server(uid, body)
        self.logout()

    def _delete(self, message_id: str) -> None:
        uid = self.device.uid_of(message_id)
        if uid is None:
            self.logout()
            return
        self.command(f"UID STORE {uid} +FLAGS.SILENT (\\Deleted)",
                     lambda done: self.command("EXPUNGE", lambda _: self._deleted(uid)))

    def _deleted(self, uid: int) -> None:
        self.device.forget_uid(uid)
        self.logout()

    def logout(self) -> None:
        if not self.done:
            self.done = True
            self.command("LOGOUT", lambda _: self._close())

    def _close(self) -> None:
        if self.endpoint is not None:
            self.endpoint.close()

    def _fail(self, reason: str) -> None:
        self.device.state("check_failed", protocol="IMAP", reason=reason)

    # --- stream handler -----------------------------------------------------

    def on_open(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint
        if self.device.incoming.tls == "implicit":  # RFC 8314: TLS first
            self.engine_tls = True
            server = endpoint.peer
            endpoint.conn.start_tls(_nothing, lambda: _tell_server_tls(server))

    def on_refused(self, reason: str) -> None:
        self._fail(reason)

    def on_data(self, endpoint: Endpoint, data: Any) -> None:
        for event in self.engine.receive_data(data):
            if isinstance(event, Greeting):
                self._greeted(event)
            elif isinstance(event, Completed) and event.tag in self.waiting:
                self.waiting.pop(event.tag)(event)
        self._flush()

    def on_close(self, endpoint: Endpoint) -> None:
        if not self.done:
            self._fail("connection closed")
            self.done = True

def _quote(text: str) -> str:
    """An IMAP quoted string (RFC 3501 §4.3), as imaplib sends a password."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bodies(done: Completed) -> list[tuple[int, bytes]]:
    found = []
    for untagged in done.untagged:
        parsed = parse_fetch(untagged)
        if parsed is None:
            continue
        _, items = parsed
        body = items.get("BODY[]")
        if isinstance(body, bytes):
            found.append((int(items.get("UID", 0)), body))  # type: ignore[call-overload]
    return found


def _header_fields(items: dict[str, object]) -> dict[str, str]:
    """Subject and Message-ID from a HEADER.FIELDS fetch, decoded."""
    from mailsim.mail.message import summary

    raw = next((v for k, v in items.items() if k.startswith("BODY[HEADER") and isinstance(v, bytes)),
               b"")
    info = summary(raw)
    return {"subject": info.subject, "message-id": info.message_id}
