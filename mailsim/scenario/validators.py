"""Field validators shared by the scenario model, its steps and its faults.

A leaf module (pydantic only), so that ``model``, the step kinds and the fault
kinds can all import it without importing each other.
"""

from __future__ import annotations

import re
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
Start = Annotated[datetime, AfterValidator(plausible_start)]

# The authoring warnings (mailsim.scenario.warnings), by the name a scenario's
# ``intended_warnings`` gives one it triggers on purpose (its lesson is the mistake).
WarningCode = Literal["bare-number", "no-route", "unknown-recipient", "unused-key", "after-end"]
