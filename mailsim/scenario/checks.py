"""Checks that relate one part of a scenario to another.

Each returns ``(key path, what was expected)`` pairs, in file order, so a
teacher editing a file sees every broken reference at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import networkx as nx

from mailsim.scenario.errors import key_path
from mailsim.scenario.model import ClientHost, MailServerHost, RelayHost, Scenario
from mailsim.scenario.steps import CheckMailStep, SendStep, StepBase

Problem = tuple[str, str]
STEP_CHECKS: dict[str, Callable[[Scenario, int, object], Iterator[Problem]]] = {}


def check_references(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    for check in (_links, _hosts, _zones, _users, _addresses, _steps, _faults):
        problems.extend(check(scenario))
    return problems


def _role_of(scenario: Scenario, name: str) -> str | None:
    host = scenario.hosts.get(name)
    return host.role if host else None


def _expect_host(
    scenario: Scenario, path: list[str | int], name: str, roles: tuple[str, ...]
) -> Iterator[Problem]:
    role = _role_of(scenario, name)
    if role is None:
        yield key_path(path), f"no host named {name!r} (hosts: {', '.join(scenario.hosts)})"
    elif role not in roles:
        yield key_path(path), f"{name!r} is a {role} host; expected a {' or '.join(roles)} host"


def _links(scenario: Scenario) -> Iterator[Problem]:
    seen: set[frozenset[str]] = set()
    for index, link in enumerate(scenario.links):
        for end, name in enumerate(link.between):
            if name not in scenario.hosts:
                yield key_path(["links", index, "between", end]), (
                    f"no host named {name!r} (hosts: {', '.join(scenario.hosts)})"
                )
        pair = frozenset(link.between)
        if len(pair) == 1:
            yield key_path(["links", index, "between"]), "a link joins two different hosts"
        elif pair in seen:
            yield key_path(["links", index, "between"]), "these two hosts are already linked"
        seen.add(pair)
    graph = nx.Graph()
    graph.add_nodes_from(scenario.hosts)
    graph.add_edges_from(tuple(link.between) for link in scenario.links
                         if all(name in scenario.hosts for name in link.between))
    if len(scenario.hosts) > 1 and not nx.is_connected(graph):
        parts = sorted((sorted(part) for part in nx.connected_components(graph)), key=len)
        yield "links", f"every host must be reachable; not connected to the rest: {', '.join(parts[0])}"


def _hosts(scenario: Scenario) -> Iterator[Problem]:
    has_dns = bool(scenario.hosts_with_role("dns"))
    for name, host in scenario.hosts.items():
        base: list[str | int] = ["hosts", name]
        if isinstance(host, ClientHost):
            yield from _expect_host(scenario, [*base, "mail_server"], host.mail_server, ("mail_server",))
            if host.user not in scenario.users:
                yield key_path([*base, "user"]), f"no user {host.user!r} under users"
        if isinstance(host, MailServerHost):
            logins = [what for what, on in (("submission", host.submission), ("pop3", host.pop3),
                                             ("imap", host.imap)) if on is not None]
            if logins and host.auth_server is None:
                yield key_path([*base, "auth_server"]), (
                    f"a server offering {' and '.join(logins)} needs an auth_server to check logins"
                )
            if host.auth_server is not None:
                yield from _expect_host(scenario, [*base, "auth_server"], host.auth_server, ("auth",))
            if host.smarthost == name:
                yield key_path([*base, "smarthost"]), "a server cannot relay through itself"
            elif host.smarthost is not None:
                yield from _expect_host(
                    scenario, [*base, "smarthost"], host.smarthost, ("relay", "mail_server")
                )
        if isinstance(host, RelayHost):
            for index, client in enumerate(host.relay_for):
                yield from _expect_host(
                    scenario, [*base, "relay_for", index], client, ("mail_server", "relay", "client")
                )
        if isinstance(host, (MailServerHost, RelayHost)):
            if host.resolver is not None:
                yield from _expect_host(scenario, [*base, "resolver"], host.resolver, ("dns",))
            elif not has_dns and not (isinstance(host, MailServerHost) and host.smarthost):
                yield key_path([*base, "resolver"]), "this server looks up MX records: add a dns host"


def _zones(scenario: Scenario) -> Iterator[Problem]:
    for domain, zone in scenario.dns.items():
        for index, mx in enumerate(zone.mx):
            yield from _expect_host(
                scenario, ["dns", domain, "mx", index, "host"], mx.host, ("mail_server", "relay")
            )


def _users(scenario: Scenario) -> Iterator[Problem]:
    served = {
        domain
        for host in scenario.hosts.values()
        if isinstance(host, MailServerHost)
        for domain in host.domains
    }
    owners: dict[str, str] = {}
    for name, host in scenario.hosts.items():
        if isinstance(host, MailServerHost):
            for index, domain in enumerate(host.domains):
                if domain in owners:
                    yield key_path(["hosts", name, "domains", index]), (
                        f"{domain!r} is already served by {owners[domain]!r}"
                    )
                owners[domain] = name
    for address in scenario.users:
        domain = address.rsplit("@", 1)[1]
        if domain not in served:
            yield key_path(["users", address]), (
                f"no mail_server lists {domain!r} under its domains"
            )


def _addresses(scenario: Scenario) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for name, host in scenario.hosts.items():
        if host.ip is None:
            continue
        if str(host.ip) in seen:
            yield key_path(["hosts", name, "ip"]), f"{host.ip} is already used by {seen[str(host.ip)]!r}"
        seen[str(host.ip)] = name


def _steps(scenario: Scenario) -> Iterator[Problem]:
    for index, step in enumerate(scenario.steps):
        check = STEP_CHECKS.get(step.kind)
        if check is not None:
            yield from check(scenario, index, step)


def _check_send(scenario: Scenario, index: int, step: object) -> Iterator[Problem]:
    assert isinstance(step, SendStep)
    path: list[str | int] = ["steps", index, "send"]
    sender = step.send.sender
    devices = [n for n, h in scenario.hosts.items() if isinstance(h, ClientHost) and h.user == sender]
    if sender not in scenario.users:
        yield key_path([*path, "from"]), f"no user {sender!r} under users"
    elif step.send.device is not None:
        if step.send.device not in devices:
            yield key_path([*path, "device"]), (
                f"expected a client host of {sender} (one of: {', '.join(devices) or 'none'})"
            )
    elif not devices:
        yield key_path([*path, "from"]), (
            f"{sender} has no client host (a host with role client, user {sender})"
        )
    device = step.send.device or (devices[0] if devices else None)
    host = scenario.hosts.get(device) if device else None
    if isinstance(host, ClientHost):
        server = scenario.hosts.get(host.mail_server)
        if isinstance(server, MailServerHost) and server.submission is None:
            yield key_path([*path, "from"]), (
                f"{device}'s mail server {host.mail_server!r} does not offer submission "
                "(set its 'submission: true')"
            )


def _check_device(scenario: Scenario, index: int, step: object) -> Iterator[Problem]:
    assert isinstance(step, StepBase)
    action = getattr(step, step.kind)
    path: list[str | int] = ["steps", index, step.kind, "device"]
    clients = [n for n, h in scenario.hosts.items() if isinstance(h, ClientHost)]
    if action.device not in scenario.hosts:
        yield key_path(path), f"no host named {action.device!r} (devices: {', '.join(clients)})"
    elif action.device not in clients:
        yield key_path(path), f"{action.device!r} is not a device (devices: {', '.join(clients)})"
    host = scenario.hosts.get(action.device)
    if isinstance(step, CheckMailStep) and isinstance(host, ClientHost):
        server = scenario.hosts.get(host.mail_server)
        protocol = host.incoming.protocol
        if isinstance(server, MailServerHost) and getattr(server, protocol) is None:
            yield key_path(path), (
                f"{action.device} reads mail with {protocol.upper()}, but {host.mail_server!r} "
                f"does not offer it (set its '{protocol}: true')"
            )
        if step.check_mail.every is not None and step.check_mail.every <= 0:
            yield key_path(["steps", index, "check_mail", "every"]), "expected a positive interval"
        if (step.check_mail.every is not None and step.check_mail.until is None
                and scenario.until is None):
            yield key_path(["steps", index, "check_mail", "until"]), (
                "a check repeated 'every' needs an end: set 'until' here or the scenario's 'until'"
            )


def _faults(scenario: Scenario) -> Iterator[Problem]:
    links = {frozenset(link.between) for link in scenario.links}
    for index, fault in enumerate(scenario.faults):
        window = fault.window
        path: list[str | int] = ["faults", index, fault.kind]
        if window.until is not None and window.until <= window.start:
            yield key_path([*path, "until"]), "expected a time after 'from'"
        host = getattr(window, "host", None)
        if host is not None and host not in scenario.hosts:
            yield key_path([*path, "host"]), f"no host named {host!r} (hosts: {', '.join(scenario.hosts)})"
        between = getattr(window, "between", None)
        if between is not None and frozenset(between) not in links:
            yield key_path([*path, "between"]), f"no link between {between[0]!r} and {between[1]!r}"
        command = getattr(window, "command", None)
        if command == "connect" and not window.reply.startswith("421"):  # type: ignore[attr-defined]
            yield key_path([*path, "reply"]), "a refusal at connect time must be 421 (RFC 5321 §3.8)"


STEP_CHECKS["send"] = _check_send
for _kind in ("check_mail", "read", "delete", "go_offline", "go_online"):
    STEP_CHECKS[_kind] = _check_device
