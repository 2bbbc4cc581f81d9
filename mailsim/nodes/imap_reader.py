"""A device's IMAP reader: sync the message list, open a message, delete one.

The mail stays on the server (RFC 3501); the device keeps a list of what is
there — and, with a local cache, copies of the bodies for offline reading.
Every session logs in, selects INBOX, does its job and logs out, so each job
reads as one short dialogue in the trace.
"""

from __future__ import annotations

from collections.abc import Callable

from mailsim.mail.message import summary
from mailsim.nodes.reading import Device, ListedMessage, ReaderSession, keep_copy, local_by_id
from mailsim.protocols.imap import IMAPClient, parse_fetch
from mailsim.protocols.imap.events import Completed, Greeting
from mailsim.trace.states import Cached, LocalDeleted, Read, ReadFailed, Synced
from mailsim.trace.states import ListedMessage as SyncedMessage

OnDone = Callable[[Completed], None]
Job = Callable[["IMAPSync"], None]
LIST_ITEMS = "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID)])"
SEEN = "\\Seen"


class IMAPReader:
    """The mail client's :class:`~mailsim.nodes.reading.Reader` for IMAP."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self.uidvalidity: str | None = None

    def check_uidvalidity(self, value: str) -> None:
        """A new UIDVALIDITY makes every UID the device knows meaningless (RFC 3501 §2.3.1.1)."""
        if self.uidvalidity is not None and value != self.uidvalidity:
            self.device.listing = {}
        self.uidvalidity = value

    def check(self) -> None:
        IMAPSync(self).check()

    def order(self) -> list[str]:
        ordered = [m.message_id for _, m in sorted(self.device.listing.items())]
        return ordered + [m.message_id for m in self.device.local.values()
                          if m.message_id not in ordered]

    def open(self, message_id: str) -> None:
        device = self.device
        copy = local_by_id(device, message_id)
        if copy is not None:
            device.record(Read(message_id=message_id, subject=copy.subject, source="cache"))
            listed = device.listing.get(int(copy.key))
            if listed is not None and SEEN not in listed.flags and device.online:
                IMAPSync(self).mark_seen(listed.uid)  # tell the server, so other devices know
            return
        if not device.online:
            device.record(ReadFailed(message_id=message_id,
                                     reason="offline: the message is only on the server"))
            return
        IMAPSync(self).read(message_id)

    def delete(self, message_id: str) -> None:
        if not self.device.online:
            self.device.record(ReadFailed(message_id=message_id,
                                          reason="offline: cannot delete on the server"))
        else:
            IMAPSync(self).delete(message_id)

    # --- what a session shows and keeps --------------------------------------------

    def keep_cached(self, uid: int, content: bytes) -> None:
        copy = keep_copy(self.device, str(uid), content)
        self.device.record(Cached(mailbox=self.device.account.address, uid=uid,
                                  message_id=copy.message_id, size=copy.size,
                                  subject=copy.subject))

    def update_listing(self, listing: dict[int, ListedMessage]) -> None:
        """The message list as the server showed it; drop cached copies of
        messages that are gone from the server."""
        device = self.device
        device.listing = listing
        for key in [k for k in device.local if int(k) not in listing]:
            gone = device.local.pop(key)
            device.record(LocalDeleted(message_id=gone.message_id))
        self._report_listing()

    def _report_listing(self) -> None:
        self.device.record(Synced(mailbox=self.device.account.address, messages=tuple(
            SyncedMessage(uid=m.uid, message_id=m.message_id, size=m.size, subject=m.subject,
                          flags=tuple(m.flags))
            for _, m in sorted(self.device.listing.items())
        )))

    def uid_of(self, message_id: str) -> int | None:
        return next((uid for uid, m in self.device.listing.items()
                     if m.message_id == message_id), None)

    def opened_from_server(self, uid: int, body: bytes) -> None:
        info = summary(body)
        self.device.record(Read(message_id=info.message_id, subject=info.subject,
                                source="server"))
        self.mark_seen_locally(uid)
        if self.device.incoming.cache and str(uid) not in self.device.local:
            self.keep_cached(uid, body)

    def mark_seen_locally(self, uid: int) -> None:
        listed = self.device.listing.get(uid)
        if listed is not None and SEEN not in listed.flags:
            listed.flags = (*listed.flags, SEEN)

    def forget_uid(self, uid: int) -> None:
        """A message this device deleted on the server (EXPUNGE)."""
        listed = self.device.listing.pop(uid, None)
        copy = self.device.local.pop(str(uid), None)
        message_id = listed.message_id if listed else copy.message_id if copy else ""
        self.device.record(LocalDeleted(message_id=message_id))
        self._report_listing()


class IMAPSync(ReaderSession[IMAPClient]):
    """One IMAP session of a device; :meth:`check`, :meth:`read` or :meth:`delete` starts it."""

    protocol = "IMAP"

    def __init__(self, reader: IMAPReader) -> None:
        super().__init__(reader.device)
        self.reader = reader
        self.engine = IMAPClient()
        self.waiting: dict[str, OnDone] = {}
        self.job: Job = lambda session: session.logout()
        self.exists = 0

    # --- jobs ----------------------------------------------------------------

    def check(self) -> None:
        self._start(lambda session: session._sync())

    def read(self, message_id: str) -> None:
        self._start(lambda session: session._fetch_body(message_id))

    def delete(self, message_id: str) -> None:
        self._start(lambda session: session._delete(message_id))

    def mark_seen(self, uid: int) -> None:
        self._start(lambda session: session.command(
            f"UID STORE {uid} +FLAGS.SILENT ({SEEN})", lambda _: session._marked(uid)))

    def _marked(self, uid: int) -> None:
        self.reader.mark_seen_locally(uid)
        self.logout()

    def _start(self, job: Job) -> None:
        self.job = job
        device = self.device
        device.network.connect(device.name, device.account.server, device.incoming.port, self)

    # --- the conversation -------------------------------------------------

    def command(self, text: str, then: OnDone) -> None:
        self.waiting[self.engine.send(text)] = then

    def _greeted(self, greeting: Greeting) -> None:
        if greeting.status != "OK":
            self.fail(f"server said {greeting.status} {greeting.text}")
            return
        self.command("CAPABILITY", self._after_capability)

    def _after_capability(self, done: Completed) -> None:
        if self.device.incoming.tls == "starttls" and not self.engine.tls_active:
            self.command("STARTTLS", self._after_starttls)
            return
        account = self.device.account
        self.command(f"LOGIN {account.address} {_quote(account.password)}", self._after_login)

    def _after_starttls(self, done: Completed) -> None:
        if done.status != "OK":
            self.fail(f"STARTTLS refused: {done.text}")
            return
        assert self.endpoint is not None
        self.endpoint.conn.upgrade_tls()  # tls_ready follows

    def tls_ready(self) -> None:
        self.engine.tls_established()
        self.command("CAPABILITY", self._after_capability)
        self._flush()

    def _after_login(self, done: Completed) -> None:
        if done.status != "OK":
            self.fail(f"login refused: {done.text}")
            self.logout()
            return
        self.command("SELECT INBOX", self._after_select)

    def _after_select(self, done: Completed) -> None:
        for untagged in done.untagged:
            words = untagged.text.split()
            if len(words) >= 2 and words[1].upper() == "EXISTS" and words[0].isdigit():
                self.exists = int(words[0])
            elif untagged.text.upper().startswith("OK [UIDVALIDITY ") and len(words) > 2:
                self.reader.check_uidvalidity(words[2].rstrip("]"))
        self.job(self)

    def _sync(self) -> None:
        # Incremental sync (RFC 4549 §4.3.1): the flags of every message, which also
        # says which are still there; then the listing items of the new ones only.
        # UIDs only grow (RFC 3501 §2.3.1.1), so the new ones are the highest.
        if self.exists == 0:
            self._synced_from({})
            return
        self.command("UID FETCH 1:* (UID FLAGS)", self._after_flags)

    def _after_flags(self, done: Completed) -> None:
        known = self.device.listing
        listing: dict[int, ListedMessage] = {}
        new: list[int] = []
        for untagged in done.untagged:
            parsed = parse_fetch(untagged)
            if parsed is None:
                continue
            _, items = parsed
            uid = int(items.get("UID", 0))  # type: ignore[call-overload]
            flags: tuple[str, ...] = tuple(items.get("FLAGS", ()))  # type: ignore[arg-type]
            old = known.get(uid)
            if old is None:
                new.append(uid)
            else:
                listing[uid] = ListedMessage(uid, old.message_id, old.subject, old.size, flags)
        if not new:
            self._synced_from(listing)
            return
        # "lo:*" holds only new UIDs: every known one is lower (RFC 3501 §6.4.8).
        self.command(f"UID FETCH {min(new)}:* {LIST_ITEMS}",
                     lambda listed: self._after_list(listed, listing))

    def _after_list(self, done: Completed, listing: dict[int, ListedMessage]) -> None:
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
        self._synced_from(dict(sorted(listing.items())))

    def _synced_from(self, listing: dict[int, ListedMessage]) -> None:
        self.reader.update_listing(listing)
        missing = [uid for uid in listing if self.device.incoming.cache
                   and str(uid) not in self.device.local]
        if missing:
            uids = ",".join(str(uid) for uid in missing)
            self.command(f"UID FETCH {uids} (UID BODY.PEEK[])", self._after_cache_fetch)
        else:
            self.logout()

    def _after_cache_fetch(self, done: Completed) -> None:
        for uid, body in _bodies(done):
            self.reader.keep_cached(uid, body)
        self.logout()

    def _fetch_body(self, message_id: str) -> None:
        uid = self.reader.uid_of(message_id)
        if uid is None:
            self.device.record(ReadFailed(message_id=message_id, reason="not on the server"))
            self.logout()
            return
        # A fetch without PEEK sets \Seen (RFC 3501 §6.4.5): other devices will see it.
        self.command(f"UID FETCH {uid} (UID FLAGS BODY[])", self._after_body)

    def _after_body(self, done: Completed) -> None:
        for uid, body in _bodies(done):
            self.reader.opened_from_server(uid, body)
        self.logout()

    def _delete(self, message_id: str) -> None:
        uid = self.reader.uid_of(message_id)
        if uid is None:
            self.logout()
            return
        self.command(f"UID STORE {uid} +FLAGS.SILENT (\\Deleted)",
                     lambda done: self.command("EXPUNGE", lambda _: self._deleted(uid)))

    def _deleted(self, uid: int) -> None:
        self.reader.forget_uid(uid)
        self.logout()

    def logout(self) -> None:
        if not self.finished:
            self.finished = True
            self.command("LOGOUT", lambda _: self._close())

    def _close(self) -> None:
        if self.endpoint is not None:
            self.endpoint.close()

    def hear(self, event: object) -> None:
        if isinstance(event, Greeting):
            self._greeted(event)
        elif isinstance(event, Completed) and event.tag in self.waiting:
            self.waiting.pop(event.tag)(event)  # by tag (RFC 3501 §2.2.1)


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
    raw = next((v for k, v in items.items() if k.startswith("BODY[HEADER") and isinstance(v, bytes)),
               b"")
    info = summary(raw)
    return {"subject": info.subject, "message-id": info.message_id}
