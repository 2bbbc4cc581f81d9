"""Modified UTF-7 for IMAP mailbox names (RFC 3501 §5.1.3).

Printable US-ASCII other than ``&`` stands for itself and ``&`` is ``&-``;
every other run of characters is UTF-16BE in modified BASE64 (``,`` for ``/``,
no padding) between ``&`` and ``-``: ``送信済み`` is ``&kAFP4W4IMH8-``.
:func:`decode` refuses what the RFC does not allow (8-bit octets, an
unterminated or empty shift, printable ASCII encoded, bits left over), so one
name has exactly one spelling on the wire.
"""

from __future__ import annotations

import base64
import binascii

__all__ = ["decode", "encode"]


def _printable(char: str) -> bool:
    return 0x20 <= ord(char) <= 0x7E


def encode(name: str) -> str:
    """The wire form of a Unicode mailbox name."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            data = "".join(run).encode("utf-16-be")
            text = base64.b64encode(data).decode("ascii").rstrip("=").replace("/", ",")
            out.append(f"&{text}-")
            run.clear()

    for char in name:
        if _printable(char):
            flush()
            out.append("&-" if char == "&" else char)
        else:
            run.append(char)
    flush()
    return "".join(out)


def decode(wire: str) -> str:
    """The Unicode name a wire form stands for; ValueError if it is not valid modified UTF-7."""
    out: list[str] = []
    pos = 0
    previous_shift_end = -1
    while pos < len(wire):
        char = wire[pos]
        if not _printable(char):
            raise ValueError("mailbox names are 7-bit: other characters are modified UTF-7")
        if char != "&":
            out.append(char)
            pos += 1
            continue
        end = wire.find("-", pos + 1)
        if end < 0:
            raise ValueError("'&' without a closing '-'")
        if end == pos + 1:
            out.append("&")
            pos = end + 1
            continue
        if pos == previous_shift_end:
            # Two encoded runs in a row must have been one (RFC 3501 §5.1.3).
            raise ValueError("adjacent encoded runs")
        out.append(_decode_run(wire[pos + 1 : end]))
        pos = previous_shift_end = end + 1
    return "".join(out)


def _decode_run(text: str) -> str:
    if "/" in text or "=" in text:
        raise ValueError("modified BASE64 has ',' for '/' and no padding")
    padded = text.replace(",", "/") + "=" * (-len(text) % 4)
    try:
        data = base64.b64decode(padded, validate=True)
    except binascii.Error as error:
        raise ValueError("invalid modified BASE64") from error
    if len(data) % 2 or base64.b64encode(data).decode("ascii").rstrip("=") != padded.rstrip("="):
        raise ValueError("modified BASE64 with bits left over")
    try:
        decoded = data.decode("utf-16-be")
    except UnicodeDecodeError as error:
        raise ValueError("invalid UTF-16 in modified BASE64") from error
    if any(_printable(char) for char in decoded):
        raise ValueError("printable ASCII must not be encoded")
    return decoded
