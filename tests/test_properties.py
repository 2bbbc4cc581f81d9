"""Random scenarios — topologies, users, mails, retrievals, faults, outages — keep the
promises: no mail lost or duplicated, and the same seed gives the same trace.

The normal run tries a couple of hundred scenarios (derandomized, so CI is stable);
``MAILSIM_PROPERTY_EXAMPLES=2000 pytest tests/test_properties.py`` tries more, with
fresh randomness.
"""

from __future__ import annotations

import os
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mailsim.scenario import parse_scenario
from mailsim.scenario.build import run_scenario
from mailsim.scenario.model import MailServerHost, RelayHost
from mailsim.trace.invariants import conservation
from mailsim.trace.promises import check
from mailsim.trace.replay import replay

EXAMPLES = int(os.environ.get("MAILSIM_PROPERTY_EXAMPLES", "200"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize="MAILSIM_PROPERTY_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

latencies = st.sampled_from(["1ms", "5ms", "20ms", "80ms"])
times = st.integers(min_value=0, max_value=7200).map(lambda s: f"{s}s")


def spelled(address: str, how: str) -> str:
    """The address as a user might type it: the domain (one mailbox, RFC 5321 §2.4) or
    the local part (another mailbox, which the receiving server folds) in capitals."""
    local, _, domain = address.rpartition("@")
    return {"same": address, "DOMAIN": f"{local}@{domain.upper()}",
            "Local": f"{local.capitalize()}@{domain}"}[how]


def typed(addresses: list[str]) -> st.SearchStrategy[str]:
    return st.builds(spelled, st.sampled_from(addresses),
                     st.sampled_from(["same", "same", "DOMAIN", "Local"]))


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A valid scenario: example.com sends, one to three other domains receive."""
    domains = [f"d{i}.example" for i in range(draw(st.integers(1, 3)))]
    hosts: dict[str, Any] = {
        "auth.example.com": {"role": "auth"},
        "mail.example.com": {
            "role": "mail_server", "domains": ["example.com"], "submission": True,
            "auth_server": "auth.example.com", "imap": True,
            "queue": {"lifetime": draw(st.sampled_from(["30m", "2h", "5d"]))},
        },
        "dns.example.net": {"role": "dns"},
    }
    links = [["mail.example.com", "auth.example.com"], ["mail.example.com", "dns.example.net"]]
    use_relay = draw(st.booleans())
    if use_relay:
        hosts["relay.example.net"] = {"role": "relay", "relay_for": ["mail.example.com"],
                                      "queue": {"first_retry": "2m"}}
        hosts["mail.example.com"]["smarthost"] = "relay.example.net"
        links.append(["mail.example.com", "relay.example.net"])
    hub = "relay.example.net" if use_relay else "mail.example.com"
    dns: dict[str, Any] = {"example.com": {"mx": [{"preference": 10, "host": "mail.example.com"}]}}
    users: dict[str, Any] = {"alice@example.com": {"password": "a"},
                             "carol@example.com": {"password": "c"}}
    devices: list[str] = []
    for index, domain in enumerate(domains):
        mx, auth = f"mx.{domain}", f"auth.{domain}"
        hosts[mx] = {"role": "mail_server", "domains": [domain], "auth_server": auth,
                     "pop3": True, "imap": True,
                     "over_quota": draw(st.sampled_from(["temporary", "permanent"]))}
        hosts[auth] = {"role": "auth"}
        links += [[hub, mx], [mx, auth]]
        mxs = [{"preference": 10, "host": mx}]
        if draw(st.booleans()):  # a backup MX
            backup = f"mx2.{domain}"
            hosts[backup] = {"role": "relay", "relay_domains": [domain]}
            links += [[hub, backup], [backup, mx]]
            mxs.append({"preference": 20, "host": backup})
        dns[domain] = {"mx": mxs, "ttl": draw(st.sampled_from(["1m", "1h"]))}
        quota = draw(st.sampled_from([None, "1KB", "3KB"]))
        users[f"bob{index}@{domain}"] = {"password": "b", **({"quota": quota} if quota else {})}
        for name in draw(st.sampled_from([["laptop"], ["laptop", "phone"]])):
            device = f"{name}{index}"
            hosts[device] = {
                "role": "client", "user": f"bob{index}@{domain}", "mail_server": mx,
                "incoming": {"protocol": draw(st.sampled_from(["pop3", "imap"])),
                             "leave_on_server": draw(st.booleans()),
                             "cache": draw(st.booleans())},
            }
            links.append([mx, device])
            devices.append(device)
    hosts["alice-pc"] = {"role": "client", "user": "alice@example.com",
                         "mail_server": "mail.example.com", "incoming": {"protocol": "imap"}}
    links.append(["alice-pc", "mail.example.com"])
    devices.append("alice-pc")
    addresses = [*users, "nobody@example.com", f"ghost@{domains[0]}", "x@nowhere.invalid"]
    steps: list[dict[str, Any]] = [
        {"at": draw(times), "send": {
            "from": "alice@example.com", "subject": f"mail {i}", "body": "x" * draw(st.integers(1, 900)),
            # Repeats and case variants on purpose: one mailbox must get one copy.
            "to": draw(st.lists(typed(addresses), min_size=1, max_size=4)),
            "cc": draw(st.lists(typed(addresses), max_size=2)),
        }}
        for i in range(draw(st.integers(1, 5)))
    ]
    for _ in range(draw(st.integers(0, 6))):
        device = draw(st.sampled_from(devices))
        action = draw(st.sampled_from(["check_mail", "read", "delete", "go_offline", "go_online"]))
        steps.append({"at": draw(times), action: device})
    hosts_to_break = [h for h in hosts if hosts[h]["role"] != "client"]
    faults: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, 3600))
        window = {"from": f"{start}s", "until": f"{start + draw(st.integers(60, 7200))}s"}
        kind = draw(st.sampled_from(["host_down", "link_down", "packet_loss", "dns_failure",
                                     "smtp_reply"]))
        if kind == "host_down":
            faults.append({kind: {"host": draw(st.sampled_from(hosts_to_break)), **window}})
        elif kind == "link_down":
            faults.append({kind: {"between": list(draw(st.sampled_from(links))), **window}})
        elif kind == "packet_loss":
            a, b = draw(st.sampled_from(links))
            faults.append({kind: {"between": [a, b], "rate": draw(st.sampled_from([0.1, 0.3])),
                                  **window}})
        elif kind == "dns_failure":
            faults.append({kind: {"domain": draw(st.sampled_from(domains)),
                                  "answer": draw(st.sampled_from(["servfail", "timeout"])),
                                  **window}})
        else:
            command = draw(st.sampled_from(["connect", "mail", "rcpt", "data"]))
            reply = ("421 4.3.2 Busy" if command == "connect"
                     else draw(st.sampled_from(["451 4.3.0 Later", "450 4.2.0 Greylisted",
                                                "554 5.7.1 Rejected"])))
            faults.append({kind: {"host": draw(st.sampled_from([h for h in hosts if "mx" in h])),
                                  "command": command, "reply": reply,
                                  "times": draw(st.sampled_from([1, 3, None])), **window}})
    return {
        "name": "random", "title": "random", "seed": draw(st.integers(0, 2**16)),
        "hosts": hosts, "dns": dns, "users": users,
        "links": [{"between": pair, "latency": draw(latencies)} for pair in links],
        "steps": steps, "faults": faults,
    }


@SETTINGS
@given(scenarios())
def test_random_scenarios_lose_nothing_and_repeat_exactly(data: dict[str, Any]) -> None:
    scenario = parse_scenario(yaml.safe_dump(data), "random.yaml")
    first = run_scenario(scenario)
    assert conservation(first) == []
    # The independent check, from what each client was told: nothing lost, doubled or
    # changed, and nothing still queued (every queue has had its lifetime).
    lifetimes = [h.queue.lifetime for h in scenario.hosts.values()
                 if isinstance(h, MailServerHost | RelayHost)]
    verdict = check(first, lifetime=max(lifetimes))
    assert verdict.problems == [] and verdict.still_queued == []
    # Run to the end (no 'until'): every queue drains, by delivery or by bounce, since
    # every outage ends and every queue has a lifetime. A mail stuck with no retry
    # scheduled would stay queued for ever and fail here.
    assert {node: list(q) for node, q in replay(first).queues.items() if q} == {}
    assert run_scenario(scenario).to_jsonl() == first.to_jsonl()
