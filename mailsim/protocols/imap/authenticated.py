"""The commands of a logged-in IMAP session: RFC 3501 §6.3 and §6.4, and the extensions.

SELECT/EXAMINE, the folder commands, LIST/LSUB, STATUS and APPEND work on the
user's :class:`Account`; the selected-state commands on the session's
:class:`Selection`; COPY/MOVE on both. NAMESPACE (RFC 2342), ENABLE (RFC 5161)
and ID (RFC 2971) are answered here too. Each handler returns the events for
the caller (what changed, for the trace).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.imap import append, codes, folders, mailboxes, selected, transfer
from mailsim.protocols.imap.events import Event, FlagsChanged
from mailsim.protocols.imap.outcome import Outcome
from mailsim.protocols.imap.parser import Command, ParseError, Token
from mailsim.protocols.imap.states import ServerState
from mailsim.protocols.imap.view import Selection
from mailsim.protocols.mailstore import Account, Mailbox

MAX_ID_PAIRS = 30  # RFC 2971 §3.3


class Session(Protocol):
    """The engine's parts these handlers use."""

    clock: Callable[[], datetime]

    @property
    def state(self) -> ServerState: ...
    @property
    def account(self) -> Account | None: ...
    @property
    def selection(self) -> Selection | None: ...
    def open_folder(self, mailbox: Mailbox | None, *, read_only: bool = False) -> None: ...
    def close_folder(self) -> None: ...
    def _outcome(self, command: Command, outcome: Outcome, *,
                 allow_expunge: bool = True) -> list[Event]: ...


def _account(session: Session) -> Account:
    if session.account is None:
        raise LocalProtocolError("authenticated without an account", session.state)
    return session.account


def _select(session: Session, command: Command) -> list[Event]:
    if len(command.args) != 1:
        raise ParseError(f"{command.name} needs a mailbox name")
    box = _account(session).folder(mailboxes.name_arg(command.args[0]))
    examine = command.name == "EXAMINE"
    session.open_folder(box, read_only=examine)
    if box is None or session.selection is None:
        return session._outcome(command, Outcome(codes.NONEXISTENT, "NO"))
    outcome = Outcome(codes.EXAMINE_OK if examine else codes.SELECT_OK)
    for line in mailboxes.select_lines(session.selection):
        outcome.add(line)
    return session._outcome(command, outcome)


def _list(session: Session, command: Command) -> list[Event]:
    return session._outcome(command, mailboxes.list_command(_account(session), command.name,
                                                            command.args))


def _status(session: Session, command: Command) -> list[Event]:
    return session._outcome(command, mailboxes.status_command(_account(session), command.args,
                                                              session.selection))


def _subscribe(session: Session, command: Command) -> list[Event]:
    return session._outcome(command, folders.subscribe(_account(session), command.name,
                                                       command.args))


def _create(session: Session, command: Command) -> list[Event]:
    return session._outcome(command, folders.create(_account(session), command.args))


def _delete(session: Session, command: Command) -> list[Event]:
    return session._outcome(command, folders.delete(_account(session), command.args))


def _rename(session: Session, command: Command) -> list[Event]:
    return session._outcome(command, folders.rename(_account(session), command.args))


def _append(session: Session, command: Command) -> list[Event]:
    return session._outcome(command, append.append(_account(session), command.args,
                                                   session.clock()))


def _namespace(session: Session, command: Command) -> list[Event]:
    # RFC 2342 §5: one personal namespace, no other users' or shared ones.
    outcome = Outcome("NAMESPACE completed")
    outcome.add(f'NAMESPACE (("" "{codes.DELIMITER}")) NIL NIL')
    return session._outcome(command, outcome)


def _enable(session: Session, command: Command) -> list[Event]:
    # RFC 5161 §3.1: nothing here can be enabled, so ENABLED lists nothing.
    if not command.args or not all(isinstance(arg, str) for arg in command.args):
        raise ParseError("ENABLE needs capability names")
    outcome = Outcome("ENABLE completed")
    outcome.add("ENABLED")
    return session._outcome(command, outcome)


def _id(session: Session, command: Command) -> list[Event]:
    # RFC 2971 §3.1: "ID NIL" or a list of field/value pairs; the server says who it is.
    if len(command.args) != 1 or not _id_list(command.args[0]):
        raise ParseError("ID needs NIL or a list of field and value pairs")
    outcome = Outcome("ID completed")
    outcome.add('ID ("name" "mailsim" "vendor" "mailsim")')
    return session._outcome(command, outcome)


def _id_list(token: Token) -> bool:
    if isinstance(token, str):
        return token.upper() == "NIL"
    if not isinstance(token, tuple) or len(token) % 2 or len(token) > 2 * MAX_ID_PAIRS:
        return False
    return all(isinstance(t, bytes) or (isinstance(t, str) and t.upper() == "NIL") for t in token)


def _selected(session: Session, command: Command) -> list[Event]:
    view = session.selection
    if view is None:
        raise LocalProtocolError("SELECTED state without a selection", session.state)
    name, args, uid = command.name, command.args, False
    if name == "UID":
        if not args or not isinstance(args[0], str):
            raise ParseError("UID needs a command")
        name, args, uid = args[0].upper(), args[1:], True
    if name in ("COPY", "MOVE"):
        outcome = transfer.transfer(view, _account(session), args, uid=uid, move=name == "MOVE")
        allow_expunge = True
    elif uid and name == "EXPUNGE":
        outcome, allow_expunge = selected.expunge_command(view, args, uid=True), True
    else:
        outcome, allow_expunge = selected.run(view, command.name, command.args)
    if any(isinstance(event, FlagsChanged) for event in outcome.events):
        view.mailbox.changed()  # other sessions' IDLE sees the new flags
    if command.name == "CLOSE":
        session.close_folder()
    return session._outcome(command, outcome, allow_expunge=allow_expunge)


Handler = Callable[[Session, Command], list[Event]]
HANDLERS: dict[str, Handler] = {
    "SELECT": _select, "EXAMINE": _select, "LIST": _list, "LSUB": _list, "STATUS": _status,
    "SUBSCRIBE": _subscribe, "UNSUBSCRIBE": _subscribe, "CREATE": _create, "DELETE": _delete,
    "RENAME": _rename, "APPEND": _append, "NAMESPACE": _namespace, "ENABLE": _enable, "ID": _id,
    "CLOSE": _selected, "EXPUNGE": _selected, "FETCH": _selected, "STORE": _selected,
    "SEARCH": _selected, "UID": _selected, "COPY": _selected, "MOVE": _selected,
}
