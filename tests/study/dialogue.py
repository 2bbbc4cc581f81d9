"""Real check-mail dialogues against the server engines, to price them exactly in tests.

The commands are the ones the device's readers send (mailsim/nodes/pop3_reader.py,
imap_reader.py) for a check; the answers come from the real sans-IO engines.
"""

from __future__ import annotations

from collections.abc import Iterable

from mailsim.protocols.imap import IMAPServer, IMAPServerConfig, LoginRequested
from mailsim.protocols.mailstore import Mailbox
from mailsim.protocols.pop3 import POP3Server, POP3ServerConfig
from mailsim.protocols.pop3 import events as pop3_events

Units = list[bytes]


def _pop3_feed(server: POP3Server, box: Mailbox, line: str, units: Units) -> None:
    data = f"{line}\r\n".encode()
    units.append(data)
    for event in server.receive_data(data):
        if isinstance(event, pop3_events.LoginRequested):
            server.auth_result(True, box)
    units.extend(server.data_to_send())


def pop3_check(box: Mailbox, *, hostname: str, stamp: str, address: str, password: str,
               known: set[int], delete: bool, expire: Iterable[int] = ()) -> Units:
    """One POP3 check: download the UIDs not in ``known`` (and DELE them if ``delete``);
    then DELE the UIDs in ``expire`` still there (leave-on-server expiry)."""
    server = POP3Server(POP3ServerConfig(hostname, stamp))
    server.start()
    units: Units = list(server.data_to_send())
    for line in ("CAPA", f"USER {address}", f"PASS {password}", "STAT", "UIDL"):
        _pop3_feed(server, box, line, units)
    numbers = {m.uid: n for n, m in enumerate(box.messages, 1)}
    for uid, number in numbers.items():
        if uid in known:
            continue
        known.add(uid)
        _pop3_feed(server, box, f"RETR {number}", units)
        if delete:
            _pop3_feed(server, box, f"DELE {number}", units)
    for uid in expire:
        if uid in numbers:
            _pop3_feed(server, box, f"DELE {numbers[uid]}", units)
    _pop3_feed(server, box, "QUIT", units)
    return units


def imap_check(box: Mailbox, *, hostname: str, address: str, password: str,
               cached: set[int] | None, known: set[int] | None = None) -> Units:
    """One IMAP check: every message's flags, the listing of those not ``known``; with a
    cache (``cached``), fetch the new bodies."""
    server = IMAPServer(IMAPServerConfig(hostname))
    server.start()
    units: Units = list(server.data_to_send())
    tag = 0

    def send(command: str) -> None:
        nonlocal tag
        tag += 1
        data = f"A{tag:03d} {command}\r\n".encode()
        units.append(data)
        for event in server.receive_data(data):
            if isinstance(event, LoginRequested):
                server.auth_result(True, box)
        units.extend(server.data_to_send())

    send("CAPABILITY")
    send(f'LOGIN {address} "{password}"')
    send("SELECT INBOX")
    if box.messages:
        send("UID FETCH 1:* (UID FLAGS)")
        new = [m.uid for m in box.messages if m.uid not in (known or set())]
        if new:
            send(f"UID FETCH {min(new)}:* "
                 "(UID FLAGS RFC822.SIZE BODY.PEEK[HEADER.FIELDS (SUBJECT MESSAGE-ID)])")
        if cached is not None:
            missing = [m.uid for m in box.messages if m.uid not in cached]
            if missing:
                send(f"UID FETCH {','.join(map(str, missing))} (UID BODY.PEEK[])")
                cached.update(missing)
    send("LOGOUT")
    return units
