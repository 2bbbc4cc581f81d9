"""A workload as an explicit line-level scenario: hosts, users, links and steps.

Per domain a mail server (submission, POP3 and IMAP) and its authentication
server; one relay all mail servers send through; one DNS server with an MX
record per domain; per user its devices as client hosts, the first of them
sending its mail. The steps are the plan's sends and one repeated
``check_mail`` per device (``every`` and ``until``), at the times of
:mod:`mailsim.scenario.workload`. Hosts, users, links, zones and steps the
scenario writes beside its workload are kept, before the generated ones (they
may not name generated hosts: the checks see the file before the expansion).

With ``users``, only what those users need: the mails they receive, the
devices their senders submit those from (without checks), and their own
devices' checks — the sample traces of a session-fidelity study. With
``days``, only the first days.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Address
from typing import Any

from mailsim.scenario.mailplan import MailPlan, plan_mails
from mailsim.scenario.model import Scenario
from mailsim.scenario.workload import (
    DAY_US,
    DNS_HOST,
    RELAY_HOST,
    Workload,
    auth_host,
    check_count,
    check_times,
    device_host,
    domain_name,
    mail_server_host,
    plan_seed,
    user_address,
    user_domain,
    user_local,
    user_password,
)

# Generated hosts take addresses from 10.0.0.0/8 (RFC 1918): the servers at its top,
# device j of user i at 10.0.0.1 + 4i + j, so a million users with four devices fit.
_SERVER_NET = int(IPv4Address("10.255.0.0"))
_DEVICE_NET = int(IPv4Address("10.0.0.1"))
DEVICE_LINK = {"latency": 0.01, "bandwidth": 100e6}  # a home or mobile connection
AUTH_LINK = {"latency": 0.0005, "bandwidth": 1e9}  # the server room
RELAY_LINK = {"latency": 0.008, "bandwidth": 1e9}
DNS_LINK = {"latency": 0.002, "bandwidth": 1e9}


def _ip(number: int) -> str:
    return str(IPv4Address(number))


def _seconds(micros: int) -> float:
    return micros / 1_000_000


def _servers(domains: Sequence[int]) -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """The hosts, links and zones of the domains, the relay and DNS."""
    hosts: dict[str, Any] = {}
    links: list[dict[str, Any]] = []
    for k in domains:
        mail, auth = mail_server_host(k), auth_host(k)
        hosts[mail] = {"role": "mail_server", "ip": _ip(_SERVER_NET + k + 1), "domains": [domain_name(k)],
                       "submission": True, "auth_server": auth, "smarthost": RELAY_HOST,
                       "pop3": True, "imap": True}
        hosts[auth] = {"role": "auth", "ip": _ip(_SERVER_NET + 256 + k + 1)}
        links += [{"between": [mail, auth], **AUTH_LINK}, {"between": [mail, RELAY_HOST], **RELAY_LINK}]
    hosts[RELAY_HOST] = {"role": "relay", "ip": _ip(_SERVER_NET + 512 + 1),
                         "relay_for": [mail_server_host(k) for k in domains]}
    hosts[DNS_HOST] = {"role": "dns", "ip": _ip(_SERVER_NET + 512 + 2)}
    links.append({"between": [RELAY_HOST, DNS_HOST], **DNS_LINK})
    zones = {domain_name(k): {"mx": [{"preference": 10, "host": mail_server_host(k)}]} for k in domains}
    return hosts, links, zones


def _device(workload: Workload, user: int, j: int) -> dict[str, Any]:
    spec = workload.devices[j]
    incoming: dict[str, Any] = {"protocol": spec.protocol}
    if spec.protocol == "pop3":
        incoming["leave_on_server"] = spec.leave_on_server
        if spec.delete_after is not None:
            incoming["delete_after"] = spec.delete_after
    else:
        incoming["cache"] = spec.cache
    return {"role": "client", "ip": _ip(_DEVICE_NET + 4 * user + j), "user": user_address(workload, user),
            "mail_server": mail_server_host(user_domain(workload, user)), "incoming": incoming}


def _sends(workload: Workload, plan: MailPlan) -> list[dict[str, Any]]:
    senders = plan.sender.tolist()
    recipients = plan.recipient.tolist()
    times = plan.send_us.tolist()
    return [{"at": _seconds(times[row]),
             "send": {"from": user_address(workload, senders[row]),
                      "to": [user_address(workload, recipients[row])],
                      "subject": plan.subject(row), "body": plan.body(row),
                      "device": device_host(workload, senders[row], 0)}}
            for row in range(len(plan))]


def _checks(workload: Workload, users: Sequence[int], days: int) -> list[dict[str, Any]]:
    steps = []
    for j in range(len(workload.devices)):
        offset, every = check_times(workload, j)
        last = offset + (check_count(workload, j, days) - 1) * every
        for user in users:
            steps.append({"at": _seconds(offset),
                          "check_mail": {"device": device_host(workload, user, j),
                                         "every": _seconds(every), "until": _seconds(last)}})
    return steps


def expand(scenario: Scenario, users: Sequence[int] | None = None, days: int | None = None) -> Scenario:
    """``scenario``'s workload as explicit hosts and steps, at line fidelity (see the module)."""
    import numpy as np

    workload = scenario.workload
    if workload is None:
        return scenario
    days = workload.days if days is None else min(days, workload.days)
    plan = plan_mails(workload, plan_seed(workload, scenario.seed))
    keep = plan.send_us < days * DAY_US
    if users is None:
        sample = list(range(workload.users))
    else:
        sample = sorted(set(users))
        keep &= np.isin(plan.recipient, np.array(sample, dtype=np.int32))
    plan = plan.select(keep)
    in_sample = set(sample)
    senders = sorted(set(plan.sender.tolist()) - in_sample)
    everyone = sorted(in_sample.union(senders))
    hosts, links, zones = _servers(sorted({user_domain(workload, i) for i in everyone}))
    for i in everyone:
        for j in range(len(workload.devices) if i in in_sample else 1):
            name = device_host(workload, i, j)
            hosts[name] = _device(workload, i, j)
            links.append({"between": [name, hosts[name]["mail_server"]], **DEVICE_LINK})
    accounts = {user_address(workload, i): {"password": user_password(workload, i),
                                            "name": user_local(workload, i)} for i in everyone}
    own = scenario.model_dump(by_alias=True, exclude={"workload", "fidelity", "hosts", "users",
                                                       "links", "dns", "steps", "faults"})
    data = {**own, "fidelity": "line",
            "hosts": {**scenario.hosts, **hosts}, "users": {**scenario.users, **accounts},
            "links": [*scenario.links, *links], "dns": {**scenario.dns, **zones},
            "steps": [*scenario.steps, *_sends(workload, plan), *_checks(workload, sample, days)],
            "faults": scenario.faults}
    return Scenario.model_validate(data)
