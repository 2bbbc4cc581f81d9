"""A device's IMAP reader: what the device knows of its folders on the server.

The mail stays on the server (RFC 3501); the device keeps a list of what is
there — and, with a local cache, copies of the bodies for offline reading.
Each job is one short session (:mod:`mailsim.nodes.imap_session`): log in,
select INBOX, do the job, log out. With ``sent_folder`` a sent mail is
appended to that folder on the server, so every device sees it; with
``trash_folder`` deleting moves the mail there; with ``idle`` the check
session stays in IDLE and the server's push makes the device sync at once.
"""

from __future__ import annotations

from mailsim.mail.message import summary
from mailsim.nodes import imap_jobs
from mailsim.nodes.imap_lines import INBOX, SEEN, Listing
from mailsim.nodes.imap_lines import LIST_ITEMS as LIST_ITEMS
from mailsim.nodes.imap_session import IMAPSync
from mailsim.nodes.reading import Device, keep_copy, local_by_id
from mailsim.trace.states import Cached, LocalDeleted, Read, ReadFailed, Synced
from mailsim.trace.states import ListedMessage as SyncedMessage


class IMAPReader:
    """The mail client's :class:`~mailsim.nodes.reading.Reader` for IMAP."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self.uidvalidity: dict[str, str] = {}
        self.folder_lists: dict[str, Listing] = {}  # folders besides INBOX the device shows
        self.idle_session: IMAPSync | None = None
        incoming = device.incoming
        for folder in (incoming.sent_folder, incoming.trash_folder):
            if folder is not None and folder.upper() != INBOX:
                self.folder_lists.setdefault(folder, {})

    # --- the Reader interface ------------------------------------------------------

    def check(self) -> None:
        if self.idle_session is not None:
            return  # already connected in IDLE: the server pushes what is new
        session = IMAPSync(self)
        if self.device.incoming.idle:
            self.idle_session = session
        session.start(lambda s: s.sync_all(), stay=self.device.incoming.idle)

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
                uid = listed.uid  # tell the server, so other devices know
                IMAPSync(self).start(lambda s: imap_jobs.mark_seen(s, uid))
            return
        if not device.online:
            device.record(ReadFailed(message_id=message_id,
                                     reason="offline: the message is only on the server"))
            return
        IMAPSync(self).start(lambda s: imap_jobs.fetch_body(s, message_id))

    def delete(self, message_id: str) -> None:
        trash = self.device.incoming.trash_folder
        if trash is not None and trash.upper() != INBOX:
            self.move(message_id, trash)
        elif not self.device.online:
            self.device.record(ReadFailed(message_id=message_id,
                                          reason="offline: cannot delete on the server"))
        else:
            IMAPSync(self).start(lambda s: imap_jobs.expunge(s, message_id))

    def move(self, message_id: str, folder: str) -> None:
        """Move a message of INBOX to ``folder`` on the server (RFC 6851)."""
        if not self.device.online:
            self.device.record(ReadFailed(message_id=message_id,
                                          reason="offline: cannot move on the server"))
            return
        self.folder_lists.setdefault(folder, {})  # the device shows where it put mail
        IMAPSync(self).start(lambda s: imap_jobs.move(s, message_id, folder))

    def save_sent(self, content: bytes) -> None:
        """Append a sent mail to the Sent folder on the server (RFC 3501 §6.3.11)."""
        folder = self.device.incoming.sent_folder
        if folder is not None:
            IMAPSync(self).start(lambda s: imap_jobs.append(s, folder, content), select=None)

    def went_offline(self) -> None:
        if self.idle_session is not None:
            session, self.idle_session = self.idle_session, None
            session.leave("offline")

    # --- what a session shows and keeps --------------------------------------------

    def check_uidvalidity(self, folder: str, value: str) -> None:
        """A new UIDVALIDITY makes every UID the device knows meaningless (RFC 3501 §2.3.1.1)."""
        if self.uidvalidity.get(folder, value) != value:
            if folder == INBOX:
                self.device.listing = {}
            else:
                self.folder_lists[folder] = {}
        self.uidvalidity[folder] = value

    def listing_of(self, folder: str) -> Listing:
        return self.device.listing if folder == INBOX else self.folder_lists.get(folder, {})

    def shown_folders(self) -> list[str]:
        return list(self.folder_lists)

    def synced(self, folder: str, listing: Listing) -> list[int]:
        if folder != INBOX:
            self.folder_lists[folder] = listing
            self._report(folder, listing)
            return []
        self.update_listing(listing)
        return [uid for uid in listing if self.device.incoming.cache
                and str(uid) not in self.device.local]

    def keep_cached(self, uid: int, content: bytes) -> None:
        copy = keep_copy(self.device, str(uid), content)
        self.device.record(Cached(mailbox=self.device.account.address, uid=uid,
                                  message_id=copy.message_id, size=copy.size,
                                  subject=copy.subject))

    def update_listing(self, listing: Listing) -> None:
        """INBOX as the server showed it; drop cached copies of messages gone from the server."""
        device = self.device
        device.listing = listing
        for key in [k for k in device.local if int(k) not in listing]:
            gone = device.local.pop(key)
            device.record(LocalDeleted(message_id=gone.message_id))
        self._report(INBOX, listing)

    def _report(self, folder: str, listing: Listing) -> None:
        self.device.record(Synced(
            mailbox=self.device.account.address,
            messages=tuple(SyncedMessage(uid=m.uid, message_id=m.message_id, size=m.size,
                                         subject=m.subject, flags=tuple(m.flags))
                           for _, m in sorted(listing.items())),
            folder=None if folder == INBOX else folder))

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
        """A message this device deleted or moved away from INBOX on the server."""
        listed = self.device.listing.pop(uid, None)
        copy = self.device.local.pop(str(uid), None)
        message_id = listed.message_id if listed else copy.message_id if copy else ""
        self.device.record(LocalDeleted(message_id=message_id))
        self._report(INBOX, self.device.listing)

    def idle_ended(self, session: object) -> None:
        if self.idle_session is session:
            self.idle_session = None
