"""What a receiving mail server finds when it checks who really sent a mail (SPF, RFC 7208)."""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.trace.states.base import StateChange, action


@action("spf_checked")
@dataclass(frozen=True, slots=True, kw_only=True)
class SPFChecked(StateChange):
    """The SPF result for the client's address ``ip`` sending as ``sender`` (MAIL FROM)."""

    sender: str
    domain: str
    ip: str
    result: str  # none, neutral, pass, fail, softfail, temperror, permerror
    reason: str
    lookups: int
