"""The port map: which real port on loopback stands for which simulated service.

Real mail ports (25, 587, 110...) need root, so ``serve`` listens on
unprivileged ports and says which one stands for which: 2587 is the sending
mail server's submission port 587, and so on. Port 0 asks the system for any
free port (what the tests do); ``off`` leaves a service out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from mailsim.protocols.registry import LiveHost as Role
from mailsim.scenario.model import DNSHost, MailServerHost, Scenario

from .wellknown import DEFAULT_PORTS as DEFAULT_PORTS
from .wellknown import SERVICES as SERVICES
from .wellknown import transport

# DEFAULT_PORTS (real port -> live port on loopback) and SERVICES (real port ->
# backing host, protocol, implicit TLS) come from the protocol registry.
OFF = -1


@dataclass(frozen=True, slots=True)
class Service:
    """One live listener and the simulated service behind it.

    ``real_port`` is the well-known port it stands for; ``sim_port`` is where the
    simulated host listens for it (the scenario may move a service, e.g. POP3 on 1110).
    """

    real_port: int
    live_port: int
    host: str
    protocol: str
    sim_port: int
    implicit_tls: bool = False
    starttls: bool = False  # the scenario offers STARTTLS/STLS on it

    @property
    def transport(self) -> Literal["tcp", "udp"]:
        return transport(self.protocol)


class PortMapError(ValueError):
    """A ``--port-map`` item that is not ``REAL=LIVE``."""


def parse_port_map(items: Iterable[str]) -> dict[int, int]:
    """``["587=2587", "53=off"]`` over the defaults; LIVE may be 0 (any free port)."""
    ports = dict(DEFAULT_PORTS)
    for item in items:
        real_text, sep, live_text = item.partition("=")
        try:
            real = int(real_text)
            live = OFF if live_text.strip().lower() == "off" else int(live_text)
        except ValueError:
            raise PortMapError(f"{item!r}: expected REAL=LIVE, e.g. 587=2587 or 53=off") from None
        if not sep or real not in SERVICES or not (live == OFF or 0 <= live <= 65_535):
            raise PortMapError(f"{item!r}: expected REAL=LIVE with REAL one of "
                               f"{', '.join(map(str, SERVICES))} and LIVE a port (or off)")
        ports[real] = live
    return ports


def sending_server(scenario: Scenario) -> str | None:
    """The mail server that takes submissions (the first, if several do)."""
    return next((name for name, host in scenario.hosts.items()
                 if isinstance(host, MailServerHost) and host.submission is not None), None)


def receiving_server(scenario: Scenario) -> str | None:
    """The recipient's server: another mail server than the sender's, one with POP3 or
    IMAP if there is one; the sender's own if it is the only one with mailboxes to read."""
    servers = [name for name, host in scenario.hosts.items() if isinstance(host, MailServerHost)]
    readers = [name for name in servers if _readable(scenario.hosts[name])]
    sender = sending_server(scenario)
    for candidates in (readers, servers):
        others = [name for name in candidates if name != sender]
        if others:
            return others[0]
    return readers[0] if readers else None


def _readable(host: object) -> bool:
    return isinstance(host, MailServerHost) and (host.pop3 is not None or host.imap is not None)


def _sim_port(host: MailServerHost | DNSHost, real: int) -> int | None:
    """Where the simulated host serves ``real``; None if it does not offer it at all."""
    if isinstance(host, DNSHost):
        return host.port if real == 53 else None
    if real in (587, 465):
        if host.submission is None:
            return None
        return host.submission.port if real == 587 else 465
    if real == 25:
        return 25
    service = host.pop3 if real in (110, 995) else host.imap
    if service is None:
        return None
    if real in (995, 993):
        return service.tls_port or real
    return service.port


def _starttls(host: MailServerHost | DNSHost, real: int) -> bool:
    if isinstance(host, DNSHost):
        return False
    if real == 587:
        return host.submission is not None and host.submission.starttls
    if real == 25:
        return host.starttls
    if real == 110:
        return host.pop3 is not None and host.pop3.stls
    return real == 143 and host.imap is not None and host.imap.starttls


def resolve_services(scenario: Scenario, ports: Mapping[int, int]) -> list[Service]:
    """The services to open for ``scenario``: one per mapped port whose host exists."""
    dns_hosts = scenario.hosts_with_role("dns")
    backing: dict[Role, str | None] = {
        "submission": sending_server(scenario),
        "mx": receiving_server(scenario),
        "dns": dns_hosts[0] if dns_hosts else None,
    }
    services = []
    for real, (role, protocol, implicit) in SERVICES.items():
        live = ports.get(real, OFF)
        name = backing[role]
        if live == OFF or name is None:
            continue
        host = scenario.hosts[name]
        assert isinstance(host, MailServerHost | DNSHost)
        sim_port = _sim_port(host, real)
        if sim_port is not None:
            services.append(Service(real, live, name, protocol, sim_port, implicit,
                                    _starttls(host, real)))
    return services
