"""One IMAP session of a device: log in, do one job, log out — or stay in IDLE.

A job is a short dialogue after LOGIN (and SELECT INBOX, for the jobs that
work on it): sync the message lists here, or one of the jobs of
:mod:`mailsim.nodes.imap_jobs` (open a message, mark it seen, delete or move
it, append a sent mail to the Sent folder). The reader
(:mod:`mailsim.nodes.imap_reader`) starts a session per job and keeps what
the device knows; this module only speaks. A session of a device with
``idle: true`` does not log out after its sync: it waits in IDLE (RFC 2177)
until the server pushes a change, syncs, and waits again. (A real client also
re-issues IDLE every 29 minutes, RFC 2177 §3, against servers that log idle
clients out; the simulated server never does, so no timer keeps a run alive.)
"""

from __future__ import annotations

from collections.abc import Callable

from mailsim.mail.message import summary
from mailsim.nodes.imap_lines import (
    INBOX,
    LIST_ITEMS,
    Keeper,
    Listing,
    bodies,
    fetched,
    header_section,
    mailbox_name,
    quote,
)
from mailsim.nodes.reading import ListedMessage, ReaderSession
from mailsim.protocols.imap import IMAPClient
from mailsim.protocols.imap.events import Completed, Greeting, Untagged
from mailsim.sim.connection import Endpoint
from mailsim.trace.states import IdleEnded, Idling

OnDone = Callable[[Completed], None]
Job = Callable[["IMAPSync"], None]


class IMAPSync(ReaderSession[IMAPClient]):
    """One IMAP session of a device; the reader picks its job with :meth:`start`."""

    protocol = "IMAP"

    def __init__(self, keeper: Keeper) -> None:
        super().__init__(keeper.device)
        self.keeper = keeper
        self.engine = IMAPClient()
        self.waiting: dict[str, OnDone] = {}
        self.job: Job = lambda session: session.end()
        self.select: str | None = INBOX
        self.capabilities: set[str] = set()
        self.exists = 0
        self.stay = False  # IDLE after the job instead of logging out
        self.idle_tag: str | None = None
        self.done_sent = False
        self.resyncs = 0

    def start(self, job: Job, *, select: str | None = INBOX, stay: bool = False) -> None:
        self.job, self.select, self.stay = job, select, stay
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
        for untagged in done.untagged:
            if untagged.text.upper().startswith("CAPABILITY "):
                self.capabilities = set(untagged.text.upper().split()[1:])
        if self.device.incoming.tls == "starttls" and not self.engine.tls_active:
            self.command("STARTTLS", self._after_starttls)
            return
        account = self.device.account
        self.command(f"LOGIN {account.address} {quote(account.password)}", self._after_login)

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
        if done.text.upper().startswith("[CAPABILITY "):  # RFC 3501 §7.1: it may change
            self.capabilities = set(done.text.upper()[1:].split("]", 1)[0].split()[1:])
        if self.select is None:
            self.job(self)
        else:
            self.select_folder(self.select, lambda: self.job(self))

    def select_folder(self, folder: str, then: Callable[[], None]) -> None:
        def selected(done: Completed) -> None:
            self.exists = 0
            for untagged in done.untagged:
                words = untagged.text.split()
                if len(words) >= 2 and words[1].upper() == "EXISTS" and words[0].isdigit():
                    self.exists = int(words[0])
                elif untagged.text.upper().startswith("OK [UIDVALIDITY ") and len(words) > 2:
                    self.keeper.check_uidvalidity(folder, words[2].rstrip("]"))
            if done.status != "OK":
                self.fail(f"SELECT {folder} refused: {done.text}")
                self.logout()
                return
            then()

        self.command(f"SELECT {INBOX if folder == INBOX else mailbox_name(folder)}", selected)

    # --- syncing a folder's list (RFC 4549 §4.3.1) ---------------------------

    def sync(self, folder: str, then: Callable[[], None]) -> None:
        """Every message's flags (which also says which are still there), then the
        listing items of the new ones only: UIDs only grow (RFC 3501 §2.3.1.1)."""
        if self.exists == 0:
            self._synced(folder, {}, then)
            return
        self.command("UID FETCH 1:* (UID FLAGS)", lambda done: self._after_flags(folder, done, then))

    def _after_flags(self, folder: str, done: Completed, then: Callable[[], None]) -> None:
        known = self.keeper.listing_of(folder)
        listing: Listing = {}
        new: list[int] = []
        for uid, items in fetched(done):
            flags: tuple[str, ...] = tuple(items.get("FLAGS", ()))  # type: ignore[arg-type]
            old = known.get(uid)
            if old is None:
                new.append(uid)
            else:
                listing[uid] = ListedMessage(uid, old.message_id, old.subject, old.size, flags)
        if not new:
            self._synced(folder, listing, then)
            return
        # "lo:*" holds only new UIDs: every known one is lower (RFC 3501 §6.4.8).
        self.command(f"UID FETCH {min(new)}:* {LIST_ITEMS}",
                     lambda listed: self._after_list(folder, listed, listing, then))

    def _after_list(self, folder: str, done: Completed, listing: Listing,
                    then: Callable[[], None]) -> None:
        for uid, items in fetched(done):
            info = summary(header_section(items))
            listing[uid] = ListedMessage(
                uid, info.message_id, info.subject,
                int(items.get("RFC822.SIZE", 0)),  # type: ignore[call-overload]
                tuple(items.get("FLAGS", ())),  # type: ignore[arg-type]
            )
        self._synced(folder, dict(sorted(listing.items())), then)

    def _synced(self, folder: str, listing: Listing, then: Callable[[], None]) -> None:
        missing = self.keeper.synced(folder, listing)
        if not missing:
            then()
            return
        uids = ",".join(str(uid) for uid in missing)

        def fetched(done: Completed) -> None:
            for uid, body in bodies(done):
                self.keeper.keep_cached(uid, body)
            then()

        self.command(f"UID FETCH {uids} (UID BODY.PEEK[])", fetched)

    def sync_all(self) -> None:
        """INBOX (selected), then each folder the device shows, then the end."""
        folders = self.keeper.shown_folders()

        def next_folder(index: int) -> None:
            if index == len(folders):
                if folders and self.stay:  # IDLE watches INBOX (RFC 2177: the selected one)
                    self.select_folder(INBOX, self.end)
                else:
                    self.end()
                return
            self.select_folder(folders[index],
                               lambda: self.sync(folders[index], lambda: next_folder(index + 1)))

        self.sync(INBOX, lambda: next_folder(0))

    # --- the end: LOGOUT, or IDLE -------------------------------------------------

    def end(self) -> None:
        if self.stay and "IDLE" in self.capabilities:
            known = len(self.keeper.listing_of(INBOX))
            if self.exists != known and self.resyncs < 3:
                # Mail came while the sync ran (its EXISTS rode on another command's
                # answer, RFC 3501 §7): sync again, or IDLE would wait with it unlisted.
                self.resyncs += 1
                self.sync(INBOX, self.end)
                return
            self.resyncs = 0
            self._idle()
            return
        if self.stay:  # the server offers no IDLE: this device polls like any other
            self.stay = False
            self.keeper.idle_ended(self)
        self.logout()

    def _idle(self) -> None:
        self.done_sent = False
        self.idle_tag = self.engine.send("IDLE")
        self.waiting[self.idle_tag] = self._after_idle
        account = self.device.account
        self.device.record(Idling(mailbox=account.address, folder=INBOX))

    def _pushed(self, untagged: Untagged) -> None:
        """RFC 2177: any change the server pushes (EXISTS, EXPUNGE, FETCH) ends the wait."""
        if self.idle_tag is not None and not self.done_sent:
            self.done_sent = True
            self.engine.done()

    def _after_idle(self, done: Completed) -> None:
        self.idle_tag = None
        self.sync(INBOX, self.end)  # hear() kept the count from the pushes

    def _count(self, untagged: Untagged) -> None:
        """Keep the selected folder's message count from EXISTS and EXPUNGE (RFC 3501 §7.3.1,
        §7.4.1), whichever command's answer they come with."""
        words = untagged.text.upper().split()
        if words[1:2] == ["EXISTS"] and words[0].isdigit():
            self.exists = int(words[0])
        elif words[1:2] == ["EXPUNGE"]:
            self.exists = max(self.exists - 1, 0)

    def leave(self, reason: str) -> None:
        """Stop: the device went offline (its connection goes with the network)."""
        self.stay = False
        self.finished = True
        if self.endpoint is not None:
            self.endpoint.close()
        self.device.record(IdleEnded(reason=reason))

    def logout(self) -> None:
        if not self.finished:
            self.finished = True
            self.command("LOGOUT", lambda _: self._close())

    def _close(self) -> None:
        if self.endpoint is not None:
            self.endpoint.close()

    def on_close(self, endpoint: Endpoint) -> None:
        if self.stay and not self.finished:
            self.finished = True
            self.device.record(IdleEnded(reason="connection closed"))
            self.keeper.idle_ended(self)
            return
        super().on_close(endpoint)

    def hear(self, event: object) -> None:
        if isinstance(event, Greeting):
            self._greeted(event)
        elif isinstance(event, Completed) and event.tag in self.waiting:
            self.waiting.pop(event.tag)(event)  # by tag (RFC 3501 §2.2.1)
        elif isinstance(event, Untagged):
            self._count(event)
            if self.idle_tag is not None:
                self._pushed(event)
