"""Folder commands: CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE (RFC 3501 §6.3.3-§6.3.7).

Each checks the account before it changes anything and returns an
:class:`Outcome` whose events say what changed (for the trace). Refusals carry
the response codes of RFC 5530 (``ALREADYEXISTS``, ``NONEXISTENT``, ``CANNOT``,
``LIMIT``) and RFC 9051 §7.1 (``HASCHILDREN``).
"""

from __future__ import annotations

from mailsim.protocols.imap import codes
from mailsim.protocols.imap.events import FolderCreated, FolderDeleted, FolderRenamed
from mailsim.protocols.imap.mailboxes import name_arg
from mailsim.protocols.imap.outcome import Outcome
from mailsim.protocols.imap.parser import ParseError, Token
from mailsim.protocols.mailstore import DELIMITER, INBOX, MAX_FOLDERS, Account

ALREADY_EXISTS = "[ALREADYEXISTS] Mailbox already exists"
HAS_CHILDREN = "[HASCHILDREN] Mailbox has inferior mailboxes"  # RFC 9051 §7.1
INBOX_KEPT = "[CANNOT] INBOX cannot be deleted"  # §6.3.4
BAD_NAME = "[CANNOT] Invalid mailbox name"
INSIDE_ITSELF = "[CANNOT] Cannot rename a mailbox into itself"
TOO_MANY = f"[LIMIT] At most {MAX_FOLDERS} mailboxes"


def _one_name(name: str, args: tuple[Token, ...]) -> str:
    if len(args) != 1:
        raise ParseError(f"{name} needs a mailbox name")
    return name_arg(args[0])


def _valid(name: str) -> bool:
    # Empty levels and the LIST wildcards cannot name a mailbox (§5.1, §6.3.8).
    return bool(name) and "" not in name.split(DELIMITER) and not any(c in name for c in "*%")


def _missing_parents(account: Account, name: str) -> list[str]:
    """The names above ``name`` that do not exist yet (§6.3.3: the server SHOULD create them)."""
    levels = name.split(DELIMITER)
    parents = [DELIMITER.join(levels[:n]) for n in range(1, len(levels))]
    return [parent for parent in parents if account.folder(parent) is None]


def create(account: Account, args: tuple[Token, ...]) -> Outcome:
    """CREATE; a trailing delimiter only says inferiors will follow (§6.3.3)."""
    name = _one_name("CREATE", args)
    if name.endswith(DELIMITER) and name != DELIMITER:
        name = codes.mailbox_name(name.rstrip(DELIMITER))
    if not _valid(name):
        return Outcome(BAD_NAME, "NO")
    if account.folder(name) is not None:
        return Outcome(ALREADY_EXISTS, "NO")
    new = [*_missing_parents(account, name), name]
    if len(account.names()) + len(new) > MAX_FOLDERS:
        return Outcome(TOO_MANY, "NO")
    outcome = Outcome("CREATE completed")
    for folder in new:
        account.create(folder)
        outcome.events.append(FolderCreated(folder))
    return outcome


def delete(account: Account, args: tuple[Token, ...]) -> Outcome:
    """DELETE: never INBOX, never a folder with folders below it."""
    name = _one_name("DELETE", args)
    if name == INBOX:
        return Outcome(INBOX_KEPT, "NO")
    if account.folder(name) is None:
        return Outcome(codes.NONEXISTENT, "NO")
    if account.has_children(name):
        return Outcome(HAS_CHILDREN, "NO")
    account.delete(name)
    return Outcome("DELETE completed", events=[FolderDeleted(name)])


def rename(account: Account, args: tuple[Token, ...]) -> Outcome:
    """RENAME, children along; RENAME INBOX moves its messages and keeps INBOX (§6.3.5)."""
    if len(args) != 2:
        raise ParseError("RENAME needs two mailbox names")
    old, new = name_arg(args[0]), name_arg(args[1])
    if account.folder(old) is None:
        return Outcome(codes.NONEXISTENT, "NO")
    if not _valid(new) or new == INBOX:
        return Outcome(BAD_NAME if new != INBOX else ALREADY_EXISTS, "NO")
    if account.folder(new) is not None:
        return Outcome(ALREADY_EXISTS, "NO")
    if old != INBOX and new.startswith(old + DELIMITER):
        return Outcome(INSIDE_ITSELF, "NO")
    parents = _missing_parents(account, new)
    if len(account.names()) + len(parents) + (old == INBOX) > MAX_FOLDERS:
        return Outcome(TOO_MANY, "NO")
    outcome = Outcome("RENAME completed")
    for parent in parents:
        account.create(parent)
        outcome.events.append(FolderCreated(parent))
    for before, after in account.rename(old, new):
        outcome.events.append(FolderRenamed(before, after))
    return outcome


def subscribe(account: Account, name: str, args: tuple[Token, ...]) -> Outcome:
    """SUBSCRIBE needs an existing folder (§6.3.6 lets the server check); UNSUBSCRIBE
    needs a subscribed or existing one (§6.3.7)."""
    folder = _one_name(name, args)
    exists = account.folder(folder) is not None
    if name == "SUBSCRIBE":
        if not exists:
            return Outcome(codes.NONEXISTENT, "NO")
        account.subscribed.add(folder)
    else:
        if not exists and folder not in account.subscribed:
            return Outcome(codes.NONEXISTENT, "NO")
        account.subscribed.discard(folder)
    return Outcome(f"{name} completed")
