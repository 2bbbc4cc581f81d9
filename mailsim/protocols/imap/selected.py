"""Selected-state commands: FETCH, STORE, SEARCH, EXPUNGE, CLOSE (RFC 3501 §6.4).

Each function checks its arguments completely (raising ParseError -> BAD)
before it changes anything, then works on the shared mailbox through the
session's :class:`Selection` and returns an :class:`Outcome`.
"""

from __future__ import annotations

import re

from mailsim.protocols.imap import codes, fetch
from mailsim.protocols.imap.events import Event, Expunged, Fetched, FlagsChanged
from mailsim.protocols.imap.outcome import Outcome
from mailsim.protocols.imap.parser import (
    ParseError,
    Token,
    atom_list,
    highest_explicit,
    in_set,
    parse_sequence_set,
)
from mailsim.protocols.imap.search import Bounds, Candidate, parse_search
from mailsim.protocols.imap.view import Selection
from mailsim.protocols.mailstore import StoredMessage

FLAGS_ITEM = fetch.FetchItem("FLAGS", "FLAGS")
UID_ITEM = fetch.FetchItem("UID", "UID")
_STORE_MODE = re.compile(r"([+-]?)FLAGS(\.SILENT)?", re.IGNORECASE)


def resolve(view: Selection, token: Token, *, uid: bool) -> list[int]:
    """Sequence numbers a sequence set or UID set names, in ascending order.

    A sequence number beyond the mailbox is an error (BAD); UIDs that do not
    exist are simply skipped (RFC 3501 §6.4.8).
    """
    ranges = parse_sequence_set(token)
    if uid:
        largest = max(view.uids, default=0)
        return [seq for seq, u in enumerate(view.uids, 1) if in_set(u, ranges, largest)]
    if highest_explicit(ranges) > view.exists:
        raise ParseError(codes.INVALID_SEQUENCE)
    return [seq for seq in range(1, view.exists + 1) if in_set(seq, ranges, view.exists)]


def _present(view: Selection, seqs: list[int]) -> list[tuple[int, StoredMessage]]:
    # A message another session expunged keeps its number until reported but
    # has no data left; it is left out of the answer.
    messages = view.messages()
    return [(seq, messages[view.uids[seq - 1]]) for seq in seqs if view.uids[seq - 1] in messages]


def fetch_command(view: Selection, args: tuple[Token, ...], *, uid: bool) -> Outcome:
    """FETCH / UID FETCH (§6.4.5, §6.4.8: UID FETCH always reports UID)."""
    if len(args) < 2:
        raise ParseError("FETCH needs a sequence set and data items")
    seqs = resolve(view, args[0], uid=uid)
    items = fetch.parse_items(args[1:])
    if uid and not any(item.kind == "UID" for item in items):
        items = (UID_ITEM, *items)
    outcome = Outcome("FETCH completed")
    marks_seen = any(item.sets_seen for item in items) and not view.read_only
    shown = tuple(item.name for item in items if item.kind == "SECTION")
    for seq, message in _present(view, seqs):
        row = items
        if marks_seen and codes.SEEN not in message.flags:
            message.flags.add(codes.SEEN)  # §6.4.5: implicitly set, and reported
            outcome.events.append(_flags_changed(view, message))
            if FLAGS_ITEM not in row:
                row = (*row, FLAGS_ITEM)
        if FLAGS_ITEM in row:
            view.remember(message)
        outcome.untagged.append(fetch.render(seq, message, row, view.flags(message)))
        if shown:
            outcome.events.append(Fetched(message.uid, shown, peek=not marks_seen))
    return outcome


def store_command(view: Selection, args: tuple[Token, ...], *, uid: bool) -> Outcome:
    """STORE / UID STORE with FLAGS, +FLAGS, -FLAGS and .SILENT (§6.4.6)."""
    if len(args) < 3:
        raise ParseError("STORE needs a sequence set, an item and flags")
    seqs = resolve(view, args[0], uid=uid)
    mode = _STORE_MODE.fullmatch(args[1]) if isinstance(args[1], str) else None
    if mode is None:
        raise ParseError("Invalid STORE data item")
    flags = parse_flags(args[2:])
    if view.read_only:
        return Outcome(codes.READ_ONLY, "NO")
    outcome = Outcome("STORE completed")
    for seq, message in _present(view, seqs):
        before = frozenset(message.flags)
        after = {"+": before | flags, "-": before - flags, "": flags}[mode[1]]
        if after != before:
            message.flags.clear()
            message.flags.update(after)
            outcome.events.append(_flags_changed(view, message))
        if mode[2]:  # .SILENT: the client knows what it set, if it was up to date
            if view.known.get(message.uid) == before:
                view.remember(message)
            continue
        view.remember(message)
        row = (UID_ITEM, FLAGS_ITEM) if uid else (FLAGS_ITEM,)
        outcome.untagged.append(fetch.render(seq, message, row, view.flags(message)))
    return outcome


def parse_flags(tokens: Token) -> frozenset[str]:
    """A flag list, or flags standing alone (STORE's ``\\Seen \\Deleted``); \\Recent is refused."""
    if isinstance(tokens, tuple) and len(tokens) == 1 and isinstance(tokens[0], tuple):
        tokens = tokens[0]
    names = atom_list(tokens)
    flags: set[str] = set()
    for name in names:
        canonical = codes.canonical_flag(name)
        if canonical is None:
            raise ParseError(f"Invalid flag {name[:40]}")
        flags.add(canonical)
    return frozenset(flags)


def search_command(view: Selection, args: tuple[Token, ...], *, uid: bool) -> Outcome:
    """SEARCH / UID SEARCH (§6.4.4); ``* SEARCH`` lists numbers or UIDs (§7.2.5)."""
    predicate = parse_search(args, Bounds(view.exists, max(view.uids, default=0)))
    hits = [str(message.uid if uid else seq)
            for seq, message in _present(view, list(range(1, view.exists + 1)))
            if predicate(Candidate(seq, message, message.uid in view.recent))]
    return Outcome("SEARCH completed", untagged=[" ".join(["* SEARCH", *hits]).encode() + b"\r\n"])


def _flags_changed(view: Selection, message: StoredMessage) -> FlagsChanged:
    return FlagsChanged(message.uid, codes.ordered_flags(message.flags), view.mailbox.name,
                        message.message_id)


def remove(view: Selection, uids: set[int]) -> list[Event]:
    """Take these messages out of the selected folder; the event that says so."""
    gone = view.mailbox.remove(uids) if uids else []
    if not gone:
        return []
    return [Expunged(tuple(m.uid for m in gone), view.mailbox.name,
                     tuple(m.message_id for m in gone))]


def _remove_deleted(view: Selection, among: set[int] | None = None) -> list[Event]:
    return remove(view, {m.uid for m in view.mailbox.messages if codes.DELETED in m.flags
                         and (among is None or m.uid in among)})


def expunge_command(view: Selection, args: tuple[Token, ...] = (), *, uid: bool = False) -> Outcome:
    """EXPUNGE (§6.4.3), UID EXPUNGE (RFC 4315 §2.1: only the \\Deleted ones in the set).

    The ``* n EXPUNGE`` lines come from the view's update report.
    """
    among: set[int] | None = None
    if uid:
        if len(args) != 1:
            raise ParseError("UID EXPUNGE needs a UID set")
        among = {view.uids[seq - 1] for seq in resolve(view, args[0], uid=True)}
    elif args:
        raise ParseError("EXPUNGE takes no arguments")
    if view.read_only:
        return Outcome(codes.READ_ONLY, "NO")
    return Outcome(f"{'UID ' if uid else ''}EXPUNGE completed",
                   events=_remove_deleted(view, among))


def close_command(view: Selection) -> Outcome:
    """CLOSE (§6.4.2): expunge silently unless read-only, then leave the mailbox."""
    events = [] if view.read_only else _remove_deleted(view)
    return Outcome("CLOSE completed", events=events)


def run(view: Selection, name: str, args: tuple[Token, ...]) -> tuple[Outcome, bool]:
    """Run a selected-state command (UID forms included); also say if EXPUNGE may be sent.

    RFC 3501 §7.4.1: no ``* n EXPUNGE`` while answering FETCH, STORE or SEARCH,
    but their UID forms (§6.4.8) may report expunges.
    """
    uid = name == "UID"
    if uid:
        if not args or not isinstance(args[0], str):
            raise ParseError("UID needs a command")
        name, args = args[0].upper(), args[1:]
        if name not in ("FETCH", "STORE", "SEARCH"):
            raise ParseError(f"Unknown UID command {name[:20]}")
    if name == "CLOSE":
        return close_command(view), True
    if name == "EXPUNGE":
        return expunge_command(view), True
    commands = {"FETCH": fetch_command, "STORE": store_command, "SEARCH": search_command}
    outcome = commands[name](view, args, uid=uid)
    if uid and outcome.status == "OK":
        outcome.text = "UID " + outcome.text
    return outcome, uid
