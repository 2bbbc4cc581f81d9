"""What a mailing list or a filter on the way does to a mail: a footer under the body, a tag
in front of the subject. Either change breaks a DKIM signature made before it (RFC 6376 §3.4:
the body hash and the signed Subject: no longer match)."""

from __future__ import annotations

import re

_SUBJECT = re.compile(rb"^(Subject:[ \t]*)", re.IGNORECASE | re.MULTILINE)


def _split(content: bytes) -> tuple[bytes, bytes, bytes]:
    """Header block, the blank line between, body; the message's own line ending kept."""
    for blank in (b"\r\n\r\n", b"\n\n"):
        head, sep, body = content.partition(blank)
        if sep:
            return head, sep, body
    return content, b"", b""


def tag_subject(content: bytes, tag: str) -> bytes:
    """``Subject: [LIST] Hello``: the tag goes in front of the first Subject: field."""
    head, sep, body = _split(content)
    tagged, count = _SUBJECT.subn(lambda m: m.group(1) + tag.encode() + b" ", head, count=1)
    return tagged + sep + body if count else content


def add_footer(content: bytes, footer: str) -> bytes:
    """The footer under the body, after the usual ``-- `` separator line."""
    newline = b"\r\n" if b"\r\n" in content else b"\n"
    end = b"" if content.endswith(newline) else newline
    lines = newline.join(line.encode() for line in footer.splitlines())
    return content + end + b"-- " + newline + lines + newline
