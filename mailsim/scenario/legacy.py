"""Building the keys of mail before SMTP AUTH: a device's outgoing settings, NAT's shared address,
a server's POP before SMTP window (the keys are in :mod:`mailsim.scenario.model_legacy`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mailsim.scenario.errors import did_you_mean, key_path
from mailsim.scenario.model import ClientHost, MailServerHost, Scenario
from mailsim.scenario.registry import KeyPath, Problem
from mailsim.units import to_micros


def outgoing(scenario: Scenario, host: ClientHost) -> dict[str, Any]:
    """The Account's sending settings: the server's submission port unless ``outgoing`` says."""
    name = host.outgoing.server or host.mail_server
    server = scenario.hosts[name]
    port = host.outgoing.port
    if port is None:
        port = server.submission.port if isinstance(server, MailServerHost) and server.submission else 587
    return {"submission_port": port, "auth": host.outgoing.auth,
            "outgoing_server": host.outgoing.server}


def nat_addresses(scenario: Scenario, addresses: dict[str, str]) -> dict[str, str]:
    """A device behind a NAT router goes out with the router's address (RFC 3022): every server
    sees that one address for all the devices behind it."""
    out = dict(addresses)
    for name, host in scenario.hosts.items():
        if isinstance(host, ClientHost) and host.nat is not None:
            out[name] = addresses[host.nat]
    return out


def pop_before_smtp(host: MailServerHost) -> int | None:
    """The mail server's POP before SMTP window in microseconds, when it has one."""
    return None if host.pop_before_smtp is None else to_micros(host.pop_before_smtp.window)


def check_legacy(scenario: Scenario) -> Iterator[Problem]:
    """The cross-references of these keys: a NAT router, an outgoing server and port, POP3."""
    linked = {frozenset(link.between) for link in scenario.links}
    for name, host in scenario.hosts.items():
        base: KeyPath = ["hosts", name]
        if isinstance(host, MailServerHost) and host.pop_before_smtp is not None and host.pop3 is None:
            yield key_path([*base, "pop_before_smtp"]), (
                "POP before SMTP opens a relay window at a POP3 login: add pop3: true")
        if not isinstance(host, ClientHost):
            continue
        if host.nat is not None:
            problems = list(_expect_role(scenario, [*base, "nat"], host.nat, "router"))
            yield from problems
            if not problems and frozenset((name, host.nat)) not in linked:
                yield key_path([*base, "nat"]), f"a device behind {host.nat!r} needs a link to it"
            if host.ip is not None:
                yield key_path([*base, "ip"]), (
                    f"a device behind NAT goes out with the address of {host.nat!r}: leave out ip")
        server_name = host.outgoing.server
        if server_name is not None:
            yield from _expect_role(scenario, [*base, "outgoing", "server"], server_name,
                                    "mail_server")
        server = scenario.hosts.get(server_name or host.mail_server)
        port = host.outgoing.port
        if port is not None and isinstance(server, MailServerHost):
            ports = [25] + ([server.submission.port] if server.submission else [])
            if port not in ports:
                yield key_path([*base, "outgoing", "port"]), (
                    f"{server_name or host.mail_server} takes mail on port "
                    f"{' or '.join(map(str, ports))}, not {port}")


def _expect_role(scenario: Scenario, path: KeyPath, name: str, role: str) -> Iterator[Problem]:
    """A problem unless ``name`` is a host of ``role`` (worded as checks.py words it)."""
    host = scenario.hosts.get(name)
    if host is None:
        yield key_path(path), (f"no host named {name!r} (hosts: {', '.join(scenario.hosts)})"
                               f"{did_you_mean(name, scenario.hosts)}")
    elif host.role != role:
        yield key_path(path), f"{name!r} is a {host.role} host; expected a {role} host"
