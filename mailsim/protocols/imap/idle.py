"""IDLE (RFC 2177): what an idling session writes, and how its idle ends.

After ``+ idling`` the server sends untagged updates as the selected folder
changes -- ``* n EXISTS`` for a delivery, ``* n EXPUNGE``, ``* n FETCH (FLAGS
...)`` -- until the client's ``DONE``; then the IDLE command completes. The
engine (server.py) moves the state; this module says what goes on the wire.
"""

from __future__ import annotations

from mailsim.protocols.imap import codes
from mailsim.protocols.imap.reader import Unit
from mailsim.protocols.imap.view import Selection

CONTINUATION = f"+ {codes.IDLING}\r\n".encode()


def updates(view: Selection | None) -> bytes:
    """The untagged updates the client has not seen, as one write (b"" if none).

    Expunges may be sent: an idling client is not in the middle of a FETCH,
    STORE or SEARCH (RFC 3501 §7.4.1).
    """
    if view is None:
        return b""
    return b"".join(f"* {line}\r\n".encode() for line in view.updates(allow_expunge=True))


def completion(unit: Unit) -> tuple[str, str]:
    """The status and text that end IDLE: OK for ``DONE`` (any case), else BAD."""
    if unit.text.strip().upper() == b"DONE":
        return "OK", codes.IDLE_DONE
    return "BAD", codes.EXPECTED_DONE
