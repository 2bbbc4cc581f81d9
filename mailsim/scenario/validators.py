"""Field validators shared by the scenario model, its steps and its faults.

A leaf module (pydantic only), so that ``model``, the step kinds and the fault
kinds can all import it without importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator

_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-.]*[A-Za-z0-9])?$")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_HOSTNAME = re.compile(rf"^{_LABEL}(?:\.{_LABEL})*$")


def check_address(value: str) -> str:
    """An e-mail address, its domain lower-cased (domains ignore case; local parts may not)."""
    if not _ADDRESS.match(value):
        raise ValueError("expected an e-mail address such as alice@example.com")
    local, domain = value.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def check_hostname(value: str) -> str:
    """A DNS host name, lower-cased."""
    if not _HOSTNAME.match(value) or len(value) > 253:
        raise ValueError("expected a host name such as mail.example.com (letters, digits, '-' and '.')")
    return value.lower()


def one_line(value: str) -> str:
    """Header text (a subject, a name) must not break the header (RFC 5322 §2.2)."""
    if any(ch in value for ch in "\r\n\x00"):
        raise ValueError("expected one line of text (no line breaks)")
    return value


MAX_TXT_CHARS = 2048  # a TXT record's text: room for a DKIM key, and a cap on what a file may ask


def txt_text(value: str) -> str:
    """A TXT record's text: printable US-ASCII (RFC 7208 §3.3, RFC 6376 §3.6.2.2), one line."""
    if not value.isascii() or any(ch < " " or ch == "\x7f" for ch in value):
        raise ValueError("expected printable US-ASCII text on one line")
    if len(value) > MAX_TXT_CHARS:
        raise ValueError(f"expected at most {MAX_TXT_CHARS} characters")
    return value


def _policy_text(value: str, parse: Callable[[str], object], error: type[Exception],
                 kind: str, example: str) -> str:
    """A TXT record that holds a policy: printable text that ``parse`` accepts."""
    txt_text(value)
    try:
        parse(value)
    except error as exc:
        raise ValueError(f"expected {kind} record such as {example!r}: {exc}") from None
    return value


def spf_text(value: str) -> str:
    """An SPF policy (RFC 7208): one ``v=spf1`` record that parses."""
    from mailsim.protocols.spf import SPFSyntaxError, parse_record

    return _policy_text(value, parse_record, SPFSyntaxError, "an SPF", "v=spf1 mx -all")


def dmarc_text(value: str) -> str:
    """A DMARC policy (RFC 7489 §6.3): ``v=DMARC1; p=none|quarantine|reject; ...``."""
    from mailsim.protocols.dmarc import DMARCSyntaxError, parse_dmarc

    return _policy_text(value, parse_dmarc, DMARCSyntaxError, "a DMARC", "v=DMARC1; p=reject")


def relative_name(value: str) -> str:
    """A name inside a zone: ``@`` for the apex, else labels such as ``_dmarc`` or ``s1._domainkey``."""
    if value == "@":
        return value
    labels = value.split(".")
    if not all(0 < len(label) <= 63 and all(ch.isascii() and (ch.isalnum() or ch in "-_")
                                            for ch in label) for label in labels):
        raise ValueError("expected '@' or labels of letters, digits, '-' and '_' "
                         "(such as _dmarc or s1._domainkey)")
    return value.lower()


def plausible_start(value: datetime) -> datetime:
    """A start the calendar can run ten years past (``datetime`` ends at year 9999)."""
    if not 1970 <= value.year <= 9000:
        raise ValueError("expected a start between the years 1970 and 9000")
    return value


def bool_means_defaults(value: Any) -> Any:
    """Let ``submission: true`` stand for ``submission: {}`` (all defaults)."""
    if value is True:
        return {}
    if value is False:
        return None
    return value


Address = Annotated[str, AfterValidator(check_address)]
HostName = Annotated[str, AfterValidator(check_hostname)]
OneLine = Annotated[str, AfterValidator(one_line)]
TxtText = Annotated[str, AfterValidator(txt_text)]
SpfText = Annotated[str, AfterValidator(spf_text)]
DmarcText = Annotated[str, AfterValidator(dmarc_text)]
RelativeName = Annotated[str, AfterValidator(relative_name)]
Start = Annotated[datetime, AfterValidator(plausible_start)]

# The authoring warnings (mailsim.scenario.warnings), by the name a scenario's
# ``intended_warnings`` gives one it triggers on purpose (its lesson is the mistake).
WarningCode = Literal["bare-number", "no-route", "unknown-recipient", "unused-key", "after-end"]
