"""One session's view of a shared mailbox: sequence numbers, known flags, \\Recent.

Several sessions (devices) may hold the same :class:`Mailbox`. Each keeps the list
of UIDs it has told its client about; sequence number *n* is the *n*-th of them.
When another session expunges a message, this session's numbering does not change
until it reports ``* n EXPUNGE`` (RFC 3501 §7.4.1), which it may not do while
answering FETCH, STORE or SEARCH (§7.4.1, §5.5). New messages are reported with
``EXISTS``/``RECENT`` (§7.3.1, §7.3.2) and flag changes made elsewhere with an
unsolicited ``FETCH (FLAGS ...)`` (§7.4.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mailsim.protocols.imap import codes
from mailsim.protocols.mailstore import Mailbox, StoredMessage


@dataclass(slots=True)
class Selection:
    """The selected mailbox as this session sees it."""

    mailbox: Mailbox
    read_only: bool
    uids: list[int] = field(default_factory=list)  # seq n -> uids[n - 1]
    known: dict[int, frozenset[str]] = field(default_factory=dict)  # flags last reported
    recent: set[int] = field(default_factory=set)  # \Recent for this session only

    @classmethod
    def open(cls, mailbox: Mailbox, *, read_only: bool) -> Selection:
        """SELECT/EXAMINE: take a fresh view; SELECT claims the \\Recent messages."""
        view = cls(mailbox, read_only)
        view._take_new(mailbox.messages)
        return view

    @property
    def exists(self) -> int:
        """Number of messages the client believes the mailbox holds."""
        return len(self.uids)

    def messages(self) -> dict[int, StoredMessage]:
        """UID -> message, for the messages still in the mailbox."""
        return {message.uid: message for message in self.mailbox.messages}

    def flags(self, message: StoredMessage) -> tuple[str, ...]:
        """The flags as this session reports them: stored ones plus its own \\Recent."""
        extra = {codes.RECENT} if message.uid in self.recent else set()
        return codes.ordered_flags(message.flags | extra)

    def remember(self, message: StoredMessage) -> None:
        """The client has just been told this message's flags."""
        self.known[message.uid] = frozenset(message.flags)

    def first_unseen(self) -> int | None:
        """Sequence number of the first message without \\Seen (for ``[UNSEEN n]``)."""
        present = self.messages()
        for seq, uid in enumerate(self.uids, 1):
            message = present.get(uid)
            if message is not None and codes.SEEN not in message.flags:
                return seq
        return None

    def updates(self, *, allow_expunge: bool) -> list[str]:
        """Untagged lines (without ``* ``) that bring the client up to date."""
        present = self.messages()
        lines: list[str] = []
        if allow_expunge:
            lines += self._expunges(present)
        new = [m for m in self.mailbox.messages if m.uid not in self.known]
        if new:
            recent_before = len(self.recent)
            self._take_new(new)
            lines.append(f"{self.exists} EXISTS")
            if len(self.recent) != recent_before:
                lines.append(f"{len(self.recent)} RECENT")
        for seq, uid in enumerate(self.uids, 1):
            message = present.get(uid)
            if message is not None and self.known.get(uid) != frozenset(message.flags):
                self.remember(message)
                lines.append(f"{seq} FETCH (FLAGS {codes.flag_list(self.flags(message))})")
        return lines

    def _expunges(self, present: dict[int, StoredMessage]) -> list[str]:
        # Each number reflects the removals already reported (RFC 3501 §7.4.1 example:
        # removing 3, 4, 7 and 11 gives 3, 3, 5, 8).
        lines: list[str] = []
        seq = 1
        for uid in list(self.uids):
            if uid in present:
                seq += 1
                continue
            lines.append(f"{seq} EXPUNGE")
            self.uids.pop(seq - 1)
            self.known.pop(uid, None)
            self.recent.discard(uid)
        return lines

    def _take_new(self, messages: list[StoredMessage]) -> None:
        for message in messages:
            self.uids.append(message.uid)
            self.remember(message)
            # RFC 3501 §2.3.2: \Recent belongs to the first session to see the message;
            # EXAMINE shows it but must not take it away (§6.3.2).
            if message.recent:
                self.recent.add(message.uid)
                if not self.read_only:
                    message.recent = False
