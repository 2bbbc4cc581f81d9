"""DKIM signatures (RFC 6376): a sending server signs, a receiving server verifies.

Verifying is dkimpy's (``dkim.verify``), fed the key record through its ``dnsfunc``
hook: the node asks the simulated DNS first, so the query is a line in the trace.
Signing is done here because dkimpy stamps ``t=`` from the machine's clock, which
would make two runs of one scenario differ: these signatures carry no ``t=`` (it is
only RECOMMENDED, §3.5), so they depend on the message and the key alone, and the
tests check the signatures made here with dkimpy. Canonicalization is
relaxed/relaxed (§3.4.2, §3.4.4), the algorithm rsa-sha256 (RFC 8301).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

SIGNED_HEADERS = ("from", "to", "cc", "subject", "date", "message-id", "mime-version",
                  "content-type", "content-transfer-encoding", "reply-to")
_WSP = re.compile(rb"[ \t]+")
_FOLD = re.compile(rb"\r\n(?=[ \t])")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What verification said: pass or fail (RFC 8601's words), for which signer, and why."""

    result: str
    domain: str
    selector: str
    reason: str = ""


def _lines(message: bytes) -> tuple[list[bytes], bytes]:
    """The header fields (each with its folding, no final CRLF) and the body."""
    message = message.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    head, _, body = message.partition(b"\r\n\r\n")
    fields: list[bytes] = []
    for line in head.split(b"\r\n"):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += b"\r\n" + line
        elif line:
            fields.append(line)
    return fields, body


def relaxed_header(field: bytes) -> bytes:
    """§3.4.2: lower-case name, unfolded, runs of WSP to one SP, none around the colon or at the end."""
    name, _, value = field.partition(b":")
    value = _WSP.sub(b" ", _FOLD.sub(b"", value)).strip(b" ")
    return name.strip().lower() + b":" + value


def relaxed_body(body: bytes) -> bytes:
    """§3.4.4: trailing WSP dropped and runs reduced on each line, empty lines at the end dropped."""
    lines = [_WSP.sub(b" ", line).rstrip(b" ") for line in body.split(b"\r\n")]
    while lines and lines[-1] == b"":
        lines.pop()
    return b"".join(line + b"\r\n" for line in lines)


def _chosen(fields: Sequence[bytes], names: Sequence[str]) -> list[bytes]:
    """§5.4.2: for each name in h=, the last instance not used yet, from the bottom up."""
    used: set[int] = set()
    out: list[bytes] = []
    for name in names:
        for index in range(len(fields) - 1, -1, -1):
            if index not in used and fields[index].split(b":", 1)[0].strip().lower() == name.encode():
                used.add(index)
                out.append(fields[index])
                break
    return out


def sign(message: bytes, *, domain: str, selector: str, private_pem: bytes) -> str:
    """The ``DKIM-Signature:`` header field (folded, no final CRLF) to put on top of ``message``."""
    fields, body = _lines(message)
    present = {f.split(b":", 1)[0].strip().lower().decode("ascii", "replace") for f in fields}
    names = [n for n in SIGNED_HEADERS if n in present]
    body_hash = base64.b64encode(hashlib.sha256(relaxed_body(body)).digest()).decode("ascii")
    tags = [f"v=1; a=rsa-sha256; c=relaxed/relaxed; d={domain}; s={selector};",
            f"h={':'.join(names)};", f"bh={body_hash};"]
    unsigned = "DKIM-Signature: " + "\r\n\t".join(tags) + "\r\n\tb="
    signed_data = b"".join(relaxed_header(f) + b"\r\n" for f in _chosen(fields, names))
    signed_data += relaxed_header(unsigned.encode("ascii"))  # §3.7: the header itself, no CRLF
    key = serialization.load_pem_private_key(private_pem, password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    signature = base64.b64encode(key.sign(signed_data, padding.PKCS1v15(), hashes.SHA256()))
    chunks = [signature[i:i + 72].decode("ascii") for i in range(0, len(signature), 72)]
    return unsigned + "\r\n\t ".join(chunks)


def signer_of(message: bytes) -> tuple[str, str] | None:
    """``(d=, s=)`` of the message's first DKIM-Signature, or None if it has none."""
    fields, _ = _lines(message)
    for field in fields:
        name, _, value = field.partition(b":")
        if name.strip().lower() != b"dkim-signature":
            continue
        tags = dict(part.strip().split("=", 1) for part in _FOLD.sub(b"", value).decode(
            "ascii", "replace").split(";") if "=" in part)
        if "d" in tags and "s" in tags:
            return tags["d"].strip(), tags["s"].strip()
    return None


def key_name(domain: str, selector: str) -> str:
    """Where a signer's key record lives (§3.6.2.1)."""
    return f"{selector}._domainkey.{domain}"


def verify(message: bytes, key_records: Callable[[str], Sequence[str]]) -> Verdict:
    """Check the first signature with dkimpy; ``key_records(name)`` gives the TXT records the
    node's resolver found at ``selector._domainkey.domain`` (empty: none)."""
    import dkim

    signer = signer_of(message)
    if signer is None:
        return Verdict("none", "", "", "no DKIM-Signature")
    domain, selector = signer
    if not key_records(key_name(domain, selector)):  # §6.1.2: no key record, a permanent failure
        return Verdict("permerror", domain, selector, f"no key at {key_name(domain, selector)}")

    def dnsfunc(name: bytes | str, timeout: int = 5) -> bytes | None:
        text = name.decode("ascii") if isinstance(name, bytes) else name
        records = key_records(text.rstrip("."))
        return records[0].encode("ascii") if records else None

    wire = message.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    try:
        good = dkim.verify(wire, dnsfunc=dnsfunc)
    except dkim.DKIMException as exc:
        return Verdict("fail", domain, selector, str(exc))
    if good:
        return Verdict("pass", domain, selector)
    return Verdict("fail", domain, selector, "the signature does not match the message")
