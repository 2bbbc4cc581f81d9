"""The jobs of an IMAP session besides syncing: open, mark seen, delete, move, append.

Each is a function of the session (:class:`~mailsim.nodes.imap_session.IMAPSync`
runs one after LOGIN) that sends its commands and logs out when they are done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mailsim.nodes.imap_lines import SEEN, bodies, mailbox_name
from mailsim.protocols.imap.events import Completed
from mailsim.trace.states import ReadFailed

if TYPE_CHECKING:
    from mailsim.nodes.imap_session import IMAPSync


def _uid_on_server(session: IMAPSync, message_id: str) -> int | None:
    """The message's UID, or None (recorded as a failed read, and the session ends)."""
    uid = session.keeper.uid_of(message_id)
    if uid is None:
        session.device.record(ReadFailed(message_id=message_id, reason="not on the server"))
        session.logout()
    return uid


def _missing_folder(done: Completed, created: bool) -> bool:
    """RFC 3501 §6.3.11, §6.4.7: [TRYCREATE] — the target does not exist yet (and we did not just make it)."""
    return done.status != "OK" and "[TRYCREATE]" in done.text.upper() and not created


def fetch_body(session: IMAPSync, message_id: str) -> None:
    uid = _uid_on_server(session, message_id)
    if uid is None:
        return

    def opened(done: Completed) -> None:
        for fetched_uid, body in bodies(done):
            session.keeper.opened_from_server(fetched_uid, body)
        session.logout()

    # A fetch without PEEK sets \Seen (RFC 3501 §6.4.5): other devices will see it.
    session.command(f"UID FETCH {uid} (UID FLAGS BODY[])", opened)


def mark_seen(session: IMAPSync, uid: int) -> None:
    def marked(_: Completed) -> None:
        session.keeper.mark_seen_locally(uid)
        session.logout()

    session.command(f"UID STORE {uid} +FLAGS.SILENT ({SEEN})", marked)


def expunge(session: IMAPSync, message_id: str) -> None:
    """Delete for good: \\Deleted, then EXPUNGE (RFC 3501 §6.4.3)."""
    uid = session.keeper.uid_of(message_id)
    if uid is None:
        session.logout()
        return
    session.command(f"UID STORE {uid} +FLAGS.SILENT (\\Deleted)",
                    lambda _: session.command("EXPUNGE", lambda _: _gone(session, uid)))


def move(session: IMAPSync, message_id: str, folder: str, *, created: bool = False) -> None:
    """UID MOVE (RFC 6851), or UID COPY, \\Deleted and UID EXPUNGE (RFC 4315) without it."""
    uid = _uid_on_server(session, message_id)
    if uid is None:
        return
    target = mailbox_name(folder)

    def moved(done: Completed) -> None:
        if _missing_folder(done, created):
            session.command(f"CREATE {target}",
                            lambda _: move(session, message_id, folder, created=True))
        elif done.status != "OK":
            session.fail(f"moving to {folder} refused: {done.text}")
            session.logout()
        elif "MOVE" in session.capabilities:
            _gone(session, uid)
        else:
            session.command(f"UID STORE {uid} +FLAGS.SILENT (\\Deleted)",
                            lambda _: _expunge_uid(session, uid))

    verb = "MOVE" if "MOVE" in session.capabilities else "COPY"
    session.command(f"UID {verb} {uid} {target}", moved)


def _expunge_uid(session: IMAPSync, uid: int) -> None:
    # UID EXPUNGE removes only this message, not others marked \Deleted elsewhere.
    command = f"UID EXPUNGE {uid}" if "UIDPLUS" in session.capabilities else "EXPUNGE"
    session.command(command, lambda _: _gone(session, uid))


def _gone(session: IMAPSync, uid: int) -> None:
    session.keeper.forget_uid(uid)
    session.logout()


def append(session: IMAPSync, folder: str, content: bytes, *, created: bool = False) -> None:
    """APPEND a sent message, marked \\Seen, with a synchronizing literal (RFC 3501 §6.3.11)."""
    target = mailbox_name(folder)

    def appended(done: Completed) -> None:
        if _missing_folder(done, created):
            session.command(f"CREATE {target}",
                            lambda _: append(session, folder, content, created=True))
            return
        if done.status != "OK":
            session.fail(f"APPEND to {folder} refused: {done.text}")
        session.logout()

    literal = content.decode("utf-8", "replace")
    session.command(f"APPEND {target} ({SEEN}) {{{len(literal.encode())}}}\r\n{literal}", appended)
