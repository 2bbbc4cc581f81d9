"""Checks that relate one part of a scenario to another.

Each returns ``(key path, what was expected)`` pairs, in file order, so a
teacher editing a file sees every broken reference at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import networkx as nx

from mailsim.scenario.errors import did_you_mean, key_path
from mailsim.scenario.legacy import check_legacy
from mailsim.scenario.model import ClientHost, MailServerHost, RelayHost, Scenario
from mailsim.scenario.model_router import RouterHost
from mailsim.scenario.registry import FAULT_KINDS, STEP_KINDS, KeyPath, Problem
from mailsim.scenario.workload import (
    DNS_HOST,
    RELAY_HOST,
    Workload,
    auth_host,
    device_host,
    domain_name,
    mail_server_host,
    user_address,
)
from mailsim.units import to_micros

MIN_RETRY = 1.0  # seconds: a queue retrying faster would only fill the trace


def check_references(scenario: Scenario) -> list[Problem]:
    problems: list[Problem] = []
    for check in (_until, _links, _hosts, _zones, _users, _addresses, _steps, _faults, _workload,
                  check_legacy):
        problems.extend(check(scenario))
    return problems


def _role_of(scenario: Scenario, name: str) -> str | None:
    host = scenario.hosts.get(name)
    return host.role if host else None


def unknown_host(scenario: Scenario, path: KeyPath, name: str) -> Iterator[Problem]:
    """A problem if the scenario has no host ``name``."""
    if name not in scenario.hosts:
        yield key_path(path), (f"no host named {name!r} (hosts: {', '.join(scenario.hosts)})"
                               f"{did_you_mean(name, scenario.hosts)}")


def _expect_host(
    scenario: Scenario, path: KeyPath, name: str, roles: tuple[str, ...]
) -> Iterator[Problem]:
    role = _role_of(scenario, name)
    if role is None:
        yield from unknown_host(scenario, path, name)
    elif role not in roles:
        yield key_path(path), f"{name!r} is a {role} host; expected a {' or '.join(roles)} host"


def _until(scenario: Scenario) -> Iterator[Problem]:
    """The run stops after it starts: the simulation cannot run to time 0."""
    if scenario.until is not None and to_micros(scenario.until) <= 0:
        yield "until", "expected a time after the start, such as 2h"


def _links(scenario: Scenario) -> Iterator[Problem]:
    seen: set[frozenset[str]] = set()
    for index, link in enumerate(scenario.links):
        for end, name in enumerate(link.between):
            yield from unknown_host(scenario, ["links", index, "between", end], name)
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
                yield key_path([*base, "user"]), (f"no user {host.user!r} under users"
                                                   f"{did_you_mean(host.user, scenario.users)}")
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
        if isinstance(host, RouterHost) and host.op25b is not None:
            for index, customer in enumerate(host.op25b.customers):
                yield from _expect_host(scenario, [*base, "op25b", "customers", index], customer,
                                        ("client",))
            for index, server in enumerate(host.op25b.allow):
                yield from _expect_host(scenario, [*base, "op25b", "allow", index], server,
                                        ("mail_server", "relay"))
        if isinstance(host, ClientHost) and host.send_direct:
            if host.resolver is not None:
                yield from _expect_host(scenario, [*base, "resolver"], host.resolver, ("dns",))
            elif not has_dns:
                yield key_path([*base, "send_direct"]), (
                    "a client that sends straight to the MX looks up MX records: add a dns host")
            yield from _ignored_by_send_direct(base, host)
        elif isinstance(host, ClientHost) and host.resolver is not None:
            yield key_path([*base, "resolver"]), "only a client with send_direct: true asks DNS"
        if isinstance(host, RelayHost):
            for index, client in enumerate(host.relay_for):
                yield from _expect_host(
                    scenario, [*base, "relay_for", index], client, ("mail_server", "relay", "client")
                )
        if isinstance(host, (MailServerHost, RelayHost)):
            for setting in ("first_retry", "max_retry_interval"):
                if getattr(host.queue, setting) < MIN_RETRY:
                    yield key_path([*base, "queue", setting]), "expected at least 1s between retries"
            if host.resolver is not None:
                yield from _expect_host(scenario, [*base, "resolver"], host.resolver, ("dns",))
            elif not has_dns and not (isinstance(host, MailServerHost) and host.smarthost):
                yield key_path([*base, "resolver"]), "this server looks up MX records: add a dns host"
            if isinstance(host, MailServerHost) and host.dkim is not None:
                published = {d.lower() for d in scenario.dns}
                for index, domain in enumerate(host.domains):
                    if domain.lower() not in published:
                        yield key_path([*base, "domains", index]), (
                            f"dkim signs mail from {domain}: add dns.{domain} so the key "
                            "can be published")
            checks = host.checks
            if (checks.spf or checks.dkim or checks.dmarc) and host.resolver is None and not has_dns:
                yield key_path([*base, "checks"]), (
                    "the checks ask DNS for the sender's policy and keys: add a dns host")


# The keys of sending through one's own server, which a client with send_direct: true never
# reads (nodes/direct_send.py: MX lookup, port 25, no STARTTLS, no AUTH), and why.
_SUBMISSION_KEYS = (
    ("outgoing", "sends straight to the recipient's MX on port 25, through no server"),
    ("tls", "speaks SMTP to the MX without STARTTLS"),
    ("auth_mechanism", "sends without logging in (no SMTP AUTH)"),
)


def _ignored_by_send_direct(base: KeyPath, host: ClientHost) -> Iterator[Problem]:
    """A sending key written on a send_direct client would do nothing: refused, not ignored.
    (``password`` stays: the client still logs in to read its mail.)"""
    for key, why in _SUBMISSION_KEYS:
        if key in host.model_fields_set:
            yield key_path([*base, key]), f"a client with send_direct: true {why}: leave out {key}"


def _zones(scenario: Scenario) -> Iterator[Problem]:
    from mailsim.protocols.spf import is_spf_record

    for domain, zone in scenario.dns.items():
        for index, mx in enumerate(zone.mx):
            yield from _expect_host(
                scenario, ["dns", domain, "mx", index, "host"], mx.host, ("mail_server", "relay")
            )
        policies = [text for name, text in zone.txt_records() if name == "@" and is_spf_record(text)]
        if len(policies) > 1:  # RFC 7208 §4.5: two SPF records make every check a permerror
            key = "spf" if zone.spf is not None else "txt"
            yield key_path(["dns", domain, key]), (
                f"expected one SPF record for {domain}, found {len(policies)} (spf: and a "
                "'v=spf1' TXT record): a receiver would treat that as a permerror")


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
        check = STEP_KINDS[step.kind].check
        if check is not None:
            yield from check(scenario, ["steps", index, step.kind], step.action)


def _faults(scenario: Scenario) -> Iterator[Problem]:
    """Every fault's window first, then what its kind checks."""
    for index, fault in enumerate(scenario.faults):
        window = fault.window
        path: KeyPath = ["faults", index, fault.kind]
        if window.until is not None and window.until <= window.start:
            yield key_path([*path, "until"]), "expected a time after 'from'"
        check = FAULT_KINDS[fault.kind].check
        if check is not None:
            yield from check(scenario, path, window)


_NUMBERED = re.compile(r"^u(\d+)(?:-dev(\d+)|@.*)$|^(?:mail\.|auth\.)?d(\d+)\.example$")


def _generated(workload: Workload, name: str) -> bool:
    """Whether the workload makes a host, user or domain of this name (see its naming rules)."""
    match = _NUMBERED.match(name)
    if name in (RELAY_HOST, DNS_HOST):
        return True
    if match is None:
        return False
    user, device, domain = (int(g) - 1 if g is not None else None for g in match.groups())
    if domain is not None:
        return 0 <= domain < workload.domains and name in (
            domain_name(domain), mail_server_host(domain), auth_host(domain))
    if user is None or not 0 <= user < workload.users:
        return False
    if device is not None:
        return 0 <= device < len(workload.devices) and name == device_host(workload, user, device)
    return name == user_address(workload, user)


def _workload(scenario: Scenario) -> Iterator[Problem]:
    """Session fidelity runs a workload; what the file writes beside one keeps its own names."""
    workload = scenario.workload
    if workload is None:
        if scenario.fidelity == "session":
            yield "fidelity", ("session fidelity runs a workload: add one (users, domains, "
                               "mails_per_user_per_day, devices, days) or use fidelity: line")
        return
    for part, names in (("hosts", scenario.hosts), ("users", scenario.users), ("dns", scenario.dns)):
        for name in names:
            if _generated(workload, name):
                yield key_path([part, name]), "the workload makes one of this name: choose another"
