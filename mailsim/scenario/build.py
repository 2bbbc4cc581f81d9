"""Turn a validated scenario into a World: a network with nodes, and its steps."""

from __future__ import annotations

import random
from collections.abc import Callable

import simpy

from mailsim.nodes.auth import AuthServer
from mailsim.nodes.base import Node
from mailsim.nodes.client import Account, Incoming, MailClient
from mailsim.nodes.dns import DNSServer
from mailsim.nodes.mail_server import AccessSettings, MailServer, SubmissionSettings
from mailsim.nodes.mta import MTA, MTAConfig
from mailsim.nodes.queue import RetryPolicy
from mailsim.nodes.relay import Relay
from mailsim.nodes.resolver import Resolver
from mailsim.nodes.router import Router
from mailsim.protocols.dns import Record, Zone, apex_records, normalize_name, scenario_serial
from mailsim.protocols.mailstore import SPECIAL_USES, Mailbox
from mailsim.scenario.fault_plan import FaultPlan, micros_or_none, plan_faults
from mailsim.scenario.legacy import nat_addresses, outgoing, pop_before_smtp
from mailsim.scenario.mail_auth import dkim_key_records, dkim_signing, inbound_checks
from mailsim.scenario.model import (
    AuthHost,
    ClientHost,
    DNSHost,
    MailServerHost,
    RelayHost,
    Scenario,
)
from mailsim.scenario.model_router import RouterHost
from mailsim.scenario.world import World
from mailsim.sim.network import Network
from mailsim.trace import Trace, TraceEvent
from mailsim.trace.recorder import TraceRecorder
from mailsim.units import to_micros

# Processing time per protocol unit when a host does not say (microseconds).
DEFAULT_PROCESSING = {"client": 1_000, "auth": 2_000, "mail_server": 1_000, "relay": 1_000, "dns": 500,
                      "router": 100}
# Addresses handed out to hosts without one: the RFC 5737 documentation ranges.
_AUTO_NETS = ("192.0.2.", "198.51.100.", "203.0.113.")

__all__ = ["DEFAULT_PROCESSING", "World", "build_world", "run_scenario"]  # World: its home is world.py


def build_world(scenario: Scenario, *, seed: int | None = None,
                sink: Callable[[TraceEvent], None] | None = None,
                keep: int | None = None) -> World:
    """The world of ``scenario``; ``sink`` gets each record as it is made, and with
    ``keep`` only the last ``keep`` records stay in memory (the recorder's window)."""
    rng = random.Random(scenario.seed if seed is None else seed)
    env = simpy.Environment()
    recorder = TraceRecorder(sink, keep=keep)
    plan = plan_faults(scenario)
    network = Network(env, recorder, rng, plan.outages)
    world = World(scenario, env, network, recorder)
    for name, ip in host_addresses(scenario).items():
        host = scenario.hosts[name]
        processing = (to_micros(host.processing) if host.processing is not None
                      else DEFAULT_PROCESSING[host.role])
        network.add_host(name, host.role, ip, processing)
    for link in scenario.links:
        a, b = link.between
        network.add_link(a, b, to_micros(link.latency), link.bandwidth)
    world.mailboxes = {address: Mailbox(address, quota=user.quota)
                       for address, user in scenario.users.items()}
    for name in scenario.hosts:
        world.nodes[name] = _make_node(world, plan, name, rng)
    return world


def host_addresses(scenario: Scenario) -> dict[str, str]:
    """Each host's IPv4 address: its own ``ip``, else the next free one of the pool."""
    used = {str(h.ip) for h in scenario.hosts.values() if h.ip is not None}
    pool = (f"{net}{n}" for net in _AUTO_NETS for n in range(10, 255))
    out: dict[str, str] = {}
    for name, host in scenario.hosts.items():
        if host.ip is not None:
            out[name] = str(host.ip)
            continue
        address = next(a for a in pool if a not in used)
        used.add(address)
        out[name] = address
    return nat_addresses(scenario, out)


def _zone(scenario: Scenario, addresses: dict[str, str], server_ip: str | None) -> Zone:
    records: list[Record] = []
    serial = scenario_serial(scenario.start)
    for domain, zone in scenario.dns.items():
        name = normalize_name(domain)
        ttl = int(zone.ttl)
        records += [Record(name, "MX", ttl, normalize_name(mx.host), mx.preference) for mx in zone.mx]
        records += [Record(name, "A", ttl, str(ip)) for ip in zone.a]
        records += [Record(name if label == "@" else normalize_name(f"{label}.{name}"), "TXT", ttl,
                           text) for label, text in zone.txt_records()]
        soa = zone.soa.model_dump()  # SOA and NS at the apex (helper C: DNS round two)
        records += apex_records(name, ttl, soa.pop("serial") or serial, zone.ns,
                                address=server_ip, **soa)
    records += dkim_key_records(scenario)
    for host, ip in addresses.items():
        if "." in host:
            records.append(Record(normalize_name(host), "A", 3600, ip))
    return Zone(records, serial=serial)


def _incoming(host: ClientHost, server: MailServerHost) -> Incoming:
    """Where and how the device reads mail; ports follow the server's settings."""
    settings = host.incoming
    service = server.pop3 if settings.protocol == "pop3" else server.imap
    default = 110 if settings.protocol == "pop3" else 143
    port = service.port if service is not None else default
    if settings.tls == "implicit":
        port = (service.tls_port if service is not None and service.tls_port
                else (995 if settings.protocol == "pop3" else 993))
    return Incoming(protocol=settings.protocol, port=port, tls=settings.tls,
                    leave_on_server=settings.leave_on_server, delete_after=settings.delete_after,
                    cache=settings.cache, idle=settings.idle, sent_folder=host.sent_folder,
                    trash_folder=host.trash_folder)


def _resolver_host(scenario: Scenario, configured: str | None) -> str | None:
    if configured is not None:
        return configured
    dns_hosts = scenario.hosts_with_role("dns")
    return dns_hosts[0] if dns_hosts else None


def _make_node(world: World, plan: FaultPlan, name: str, rng: random.Random) -> Node:
    scenario, network = world.scenario, world.network
    host = scenario.hosts[name]
    if isinstance(host, ClientHost):
        user = scenario.users[host.user]
        server = scenario.hosts[host.mail_server]
        assert isinstance(server, MailServerHost)
        account = Account(
            address=host.user, password=host.password if host.password is not None else user.password,
            display_name=user.name, server=host.mail_server,
            starttls=host.tls == "starttls", auth_mechanism=host.auth_mechanism,
            **outgoing(scenario, host),
        )
        client = MailClient(name, network, rng, account=account, start=scenario.start,
                            incoming=_incoming(host, server), online=host.online)
        resolver_host = _resolver_host(scenario, host.resolver) if host.send_direct else None
        if resolver_host is not None:
            client.resolver = Resolver(client, resolver_host)
        return client
    if isinstance(host, AuthHost):
        users = {address: user.password for address, user in scenario.users.items()}
        return AuthServer(name, network, rng, port=host.port, users=users)
    if isinstance(host, RouterHost):
        rules = host.op25b
        return Router(name, network, rng,
                      op25b=(rules.customers, rules.allow) if rules is not None else None)
    if isinstance(host, DNSHost):
        addresses = {n: h.ip for n, h in network.hosts.items()}
        zone = _zone(scenario, addresses, addresses.get(name))  # its own address: ns1.<zone>
        return DNSServer(name, network, rng, port=host.port, zone=zone,
                         lookup_time=to_micros(host.lookup_time), failures=list(plan.dns_failures))
    assert isinstance(host, (MailServerHost, RelayHost))
    resolver_host = _resolver_host(scenario, host.resolver)
    config = _mta_config(world, name, host)
    mailboxes = {a: m for a, m in world.mailboxes.items() if a.rsplit("@", 1)[1] in config.local_domains}
    if isinstance(host, RelayHost):
        node: MTA = Relay(name, network, rng, config, resolver=None, mailboxes=mailboxes,
                          faults=plan.reply_faults(name))
    else:
        submission = None
        if host.submission is not None:
            s = host.submission
            submission = SubmissionSettings(s.port, s.starttls, s.auth_requires_tls, tuple(s.mechanisms))
        pop3 = AccessSettings(host.pop3.port, host.pop3.stls, host.pop3.tls_port) if host.pop3 else None
        imap = (AccessSettings(host.imap.port, host.imap.starttls, host.imap.tls_port)
                if host.imap else None)
        secrets = {a: scenario.users[a].password for a in mailboxes}
        node = MailServer(name, network, rng, config, resolver=None, mailboxes=mailboxes,
                          submission=submission, pop3_access=pop3, imap_access=imap,
                          secrets=secrets, faults=plan.reply_faults(name),
                          pop_before_smtp=pop_before_smtp(host), **_folders(host))
    if resolver_host is not None:
        node.resolver = Resolver(node, resolver_host)
    return node


def _folders(host: MailServerHost) -> dict[str, tuple[tuple[str, str | None], ...]]:
    """The server's ``folders=`` setting when the scenario names its folders (RFC 6154 uses)."""
    if host.folders is None:
        return {}
    return {"folders": tuple((entry.name, SPECIAL_USES[entry.use] if entry.use else None)
                             for entry in host.folders)}


def _mta_config(world: World, name: str, host: MailServerHost | RelayHost) -> MTAConfig:
    scenario = world.scenario
    auth_server = None
    if isinstance(host, MailServerHost) and host.auth_server is not None:
        auth = scenario.hosts[host.auth_server]
        assert isinstance(auth, AuthHost)
        auth_server = (host.auth_server, auth.port)
    return MTAConfig(
        hostname=name,
        start=scenario.start,
        local_domains=tuple(host.domains) if isinstance(host, MailServerHost) else (),
        smarthost=host.smarthost if isinstance(host, MailServerHost) else None,
        trusted_clients=tuple(host.relay_for) if isinstance(host, RelayHost) else (),
        relay_domains=tuple(host.relay_domains) if isinstance(host, RelayHost) else (),
        outbound_tls=host.outbound_tls,
        inbound_starttls=host.starttls,
        max_message_size=host.max_message_size,
        auth_server=auth_server,
        over_quota=host.over_quota if isinstance(host, MailServerHost) else "temporary",
        checks=inbound_checks(host),
        modify=(host.modify.footer, host.modify.subject_tag)
        if isinstance(host, RelayHost) and host.modify is not None else None,
        dkim=dkim_signing(scenario, name, host) if isinstance(host, MailServerHost) else None,
        retry=RetryPolicy(
            first_retry=to_micros(host.queue.first_retry),
            max_interval=to_micros(host.queue.max_retry_interval),
            lifetime=to_micros(host.queue.lifetime),
            delay_warning=micros_or_none(host.queue.delay_warning),
            connect_timeout=to_micros(host.queue.connect_timeout),
        ),
    )


def run_scenario(scenario: Scenario, *, seed: int | None = None) -> Trace:
    return build_world(scenario, seed=seed).run()
