"""POP before SMTP: a mail server relays port 25 mail from an address that just read mail.

Before SMTP AUTH (RFC 4954, 1999) was common, a mail server could not ask a user for a
password when mail arrived on port 25. Many providers found a way round: a POP3 login
(RFC 1939) checks a password, so for a while after one (typically 5 to 15 minutes) the
server relays mail coming from the same IP address. The server trusts the address, not
the person: anyone else behind the same NAT router, or given the same dial-up address a
minute later, relays too. Outside a window the relay rule stays RFC 5321 §3.6.2's: no open
relay, ``554 5.7.1 Relay access denied``.
"""

from __future__ import annotations

from typing import Protocol

from mailsim.sim.network import MICROS, Network
from mailsim.trace.states import RelayWindowOpened, RelayWindowUsed, StateChange


class RelayingHost(Protocol):
    """What the rule needs of its mail server: the clock, peers' addresses, the trace."""

    network: Network

    def address_of(self, host: str) -> str: ...
    def record(self, change: StateChange) -> None: ...


class PopBeforeSMTP:
    """The open windows of one mail server: an IP address, until when, after whose login."""

    def __init__(self, window: int) -> None:
        self.window = window  # microseconds
        self.windows: dict[str, tuple[int, str]] = {}  # ip -> (until, user)

    def logged_in(self, host: RelayingHost, user: str, peer: str) -> None:
        """A POP3 login of ``user`` from ``peer`` succeeded: open (or extend) its address's window."""
        ip = host.address_of(peer)
        until = host.network.now + self.window
        self.windows[ip] = (until, user)
        host.record(RelayWindowOpened(user=user, ip=ip, until=until / MICROS))

    def allows(self, host: RelayingHost, peer: str, recipient: str) -> bool:
        """Whether mail from ``peer`` to a remote ``recipient`` is relayed, by its address alone."""
        ip = host.address_of(peer)
        open_until, user = self.windows.get(ip, (0, ""))
        if host.network.now >= open_until:
            return False
        host.record(RelayWindowUsed(ip=ip, user=user, recipient=recipient))
        return True
