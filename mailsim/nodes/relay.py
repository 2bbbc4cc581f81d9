"""The SMTP relay (smarthost): forwards mail for trusted neighbours toward the MX."""

from __future__ import annotations

from mailsim.nodes.mta import MTA


class Relay(MTA):
    """An MTA with no mailboxes that relays only for the hosts it trusts
    (Postfix's ``mynetworks``); anyone else gets ``554 5.7.1 Relay access denied``."""

    role = "relay"
