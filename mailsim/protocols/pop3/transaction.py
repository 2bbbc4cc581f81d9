"""TRANSACTION-state commands (RFC 1939 §5, §7) as functions of the maildrop.

Each handler takes the session's :class:`Maildrop` and the command arguments and
returns one complete response (a multi-line one with its ``.`` line) plus the
events it causes. Bad arguments get ``-ERR``; nothing here raises on remote input.
"""

from __future__ import annotations

from collections.abc import Callable

from mailsim.protocols.pop3 import codes
from mailsim.protocols.pop3.commands import parse_number
from mailsim.protocols.pop3.events import Event, MessageRetrieved
from mailsim.protocols.pop3.maildrop import Maildrop, top_of

Outcome = tuple[bytes, list[Event]]
Args = tuple[str, ...]


def _just(reply: codes.Reply) -> Outcome:
    return reply.to_bytes(), []


def stat(drop: Maildrop, args: Args) -> Outcome:
    """STAT: ``+OK count octets`` of the undeleted messages."""
    return _just(codes.stat(*drop.stat()))


def scan_list(drop: Maildrop, args: Args) -> Outcome:
    """LIST [msg]: one scan listing, or all of them as a multi-line response."""
    if not args:
        lines = [codes.scan_line(n, m.size) for n, m in drop.undeleted()]
        return codes.scan_listing(*drop.stat()).with_body(codes.lines_body(lines)), []
    found = drop.lookup(args[0]) if len(args) == 1 else None
    if found is None:
        return _just(codes.NO_SUCH_MESSAGE)
    return _just(codes.ok(codes.scan_line(found[0], found[1].size)))


def uidl(drop: Maildrop, args: Args) -> Outcome:
    """UIDL [msg]: unique ids that survive across sessions (RFC 1939 §7)."""
    if not args:
        lines = [codes.unique_id_line(n, drop.unique_id(m)) for n, m in drop.undeleted()]
        return codes.UIDL_FOLLOWS.with_body(codes.lines_body(lines)), []
    found = drop.lookup(args[0]) if len(args) == 1 else None
    if found is None:
        return _just(codes.NO_SUCH_MESSAGE)
    return _just(codes.ok(codes.unique_id_line(found[0], drop.unique_id(found[1]))))


def retr(drop: Maildrop, args: Args) -> Outcome:
    """RETR msg: the whole message, dot-stuffed (RFC 1939 §3)."""
    found = drop.lookup(args[0]) if len(args) == 1 else None
    if found is None:
        return _just(codes.NO_SUCH_MESSAGE)
    message = found[1]
    return (codes.octets(message.size).with_body(message.content),
            [MessageRetrieved(message.uid, None)])


def top(drop: Maildrop, args: Args) -> Outcome:
    """TOP msg n: header, blank line and the first ``n`` body lines (RFC 1939 §7)."""
    if len(args) != 2:
        return _just(codes.syntax("TOP msg n"))
    found = drop.lookup(args[0])
    if found is None:
        return _just(codes.NO_SUCH_MESSAGE)
    count = parse_number(args[1])
    if count is None:
        return _just(codes.syntax("TOP msg n"))
    excerpt = top_of(found[1].content, count)
    return codes.octets(len(excerpt)).with_body(excerpt), [MessageRetrieved(found[1].uid, count)]


def dele(drop: Maildrop, args: Args) -> Outcome:
    """DELE msg: only a mark; removal waits for QUIT (RFC 1939 §5, §6)."""
    if len(args) != 1:
        return _just(codes.syntax("DELE msg"))
    found = drop.lookup(args[0])
    if found is None:
        if drop.is_deleted(args[0]):
            return _just(codes.already_deleted(int(args[0])))
        return _just(codes.NO_SUCH_MESSAGE)
    drop.delete(found[0])
    return _just(codes.deleted(found[0]))


def rset(drop: Maildrop, args: Args) -> Outcome:
    """RSET: unmark every message, report the maildrop again (RFC 1939 §5)."""
    drop.undelete_all()
    return _just(codes.maildrop(*drop.stat()))


def noop(drop: Maildrop, args: Args) -> Outcome:
    """NOOP: just ``+OK``."""
    return _just(codes.OK)


HANDLERS: dict[str, Callable[[Maildrop, Args], Outcome]] = {
    "STAT": stat, "LIST": scan_list, "UIDL": uidl, "RETR": retr, "TOP": top,
    "DELE": dele, "RSET": rset, "NOOP": noop,
}
