"""COPY and MOVE, plain and UID forms: RFC 3501 §6.4.7, UIDPLUS (RFC 4315 §3), MOVE (RFC 6851).

A copy keeps the flags and internal date and is \\Recent in the target
(§6.4.7). COPY answers ``OK [COPYUID uidvalidity source-uids target-uids]``;
MOVE sends the COPYUID in an untagged OK first, then the originals are
expunged (their ``* n EXPUNGE`` lines come with the completion, RFC 6851 §4.3).
"""

from __future__ import annotations

from mailsim.protocols.imap import codes
from mailsim.protocols.imap.append import OVER_QUOTA, TRYCREATE
from mailsim.protocols.imap.events import Copied, Moved
from mailsim.protocols.imap.mailboxes import name_arg
from mailsim.protocols.imap.outcome import Outcome
from mailsim.protocols.imap.parser import ParseError, Token
from mailsim.protocols.imap.selected import remove, resolve
from mailsim.protocols.imap.view import Selection
from mailsim.protocols.mailstore import Account


def uid_set(uids: list[int]) -> str:
    """``1:3,7`` for [1, 2, 3, 7], in the order given (RFC 4315 §3: the orders correspond)."""
    parts: list[str] = []
    start = previous = None
    for uid in uids:
        if previous is not None and uid == previous + 1:
            previous = uid
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}:{previous}")
        start = previous = uid
    if start is not None:
        parts.append(str(start) if start == previous else f"{start}:{previous}")
    return ",".join(parts)


def transfer(view: Selection, account: Account, args: tuple[Token, ...], *, uid: bool,
             move: bool) -> Outcome:
    """COPY / UID COPY / MOVE / UID MOVE ``set mailbox``."""
    verb = "MOVE" if move else "COPY"
    if len(args) != 2:
        raise ParseError(f"{verb} needs a sequence set and a mailbox name")
    seqs = resolve(view, args[0], uid=uid)
    target = account.folder(name_arg(args[1]))
    if target is None:
        return Outcome(TRYCREATE, "NO")  # §6.4.7: the client may CREATE and retry
    if move and view.read_only:
        return Outcome(codes.READ_ONLY, "NO")
    present = view.messages()
    originals = [present[view.uids[seq - 1]] for seq in seqs if view.uids[seq - 1] in present]
    if not move and not account.fits(sum(m.size for m in originals)):
        return Outcome(OVER_QUOTA, "NO")  # a move changes no total
    done = f"{'UID ' if uid else ''}{verb} completed"
    if not originals:
        return Outcome(done)
    copies = [target.store(m.content, m.message_id, m.internal_date, m.flags) for m in originals]
    old = [m.uid for m in originals]
    new = [m.uid for m in copies]
    code = f"[COPYUID {target.uidvalidity} {uid_set(old)} {uid_set(new)}]"
    kind = Moved if move else Copied
    outcome = Outcome(done if move else f"{code} {done}")
    outcome.events.append(kind(view.mailbox.name, target.name, tuple(old), tuple(new),
                               tuple(m.message_id for m in originals)))
    if move:
        outcome.add(f"OK {code} Moved")
        remove(view, set(old))  # reported by the view as "* n EXPUNGE" (RFC 6851 §3.3)
    return outcome
