# ruff: noqa: E501 - one exact expected line per case, as the user sees it: wrapping would hide it
"""Hostile scenario files, one per kind: each is built from the article's route and
changed in one way a careless or hostile author might (issue 11, items 3 and 6).

A case is ``(id, text, expected first line after "FILE: ", environment)``.
The inputs that would be expensive if accepted are refused by a cap, so a
regression shows as a wrong message, never as a hang.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from mailsim.scenario.loader import bundled_dir

BASE: dict[str, Any] = yaml.safe_load((bundled_dir() / "article-route.yaml").read_text(encoding="utf-8"))
Change = Callable[[dict[str, Any]], None]


# libyaml writes the big cases (100,000 recipients) in a fraction of a second.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000)


def edited(*changes: Change) -> str:
    data = yaml.safe_load(_dump(BASE))
    for change in changes:
        change(data)
    return _dump(data)


def put(path: list[Any], value: Any) -> Change:
    def change(data: dict[str, Any]) -> None:
        node: Any = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value

    return change


INF, NAN = float("inf"), float("nan")
HUGE_INT = 10**400  # more than a float holds
LINK = ["links", 0]
MX = ["hosts", "mx.example.jp"]
CHECK = ["steps", 1]
FAULT = ["faults"]


def _fault(kind: str, **settings: Any) -> Change:
    return put(FAULT, [{kind: settings}])


def _checks(every: Any, until: Any) -> Change:
    return put(CHECK, {"at": "2s", "check_mail": {"device": "bob-pc", "every": every, "until": until}})


def _many_sends(count: int) -> Change:
    def change(data: dict[str, Any]) -> None:
        send = data["steps"][0]
        data["steps"] = [dict(send, at=f"{i}s") for i in range(count)]

    return change


def _recipients(count: int) -> Change:
    return put(["steps", 0, "send", "to"], [f"u{i}@example.jp" for i in range(count)])


def _alias_bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
    return "\n".join(lines) + "\n"


def with_steps(steps: str) -> str:
    """The article's route with its steps written by hand (YAML aliases need that)."""
    data = yaml.safe_load(_dump(BASE))
    del data["steps"]
    return _dump(data) + "steps:\n" + steps


def _body_reused(steps: int, octets: int) -> str:
    """One body written once (an anchor) and sent again by every other step (an alias)."""
    send = "{from: alice@example.com, to: [bob@example.jp], body: %s}"
    first = f"- at: 0s\n  send: {send % ('&body ' + 'x' * octets)}\n"
    return with_steps(first + "".join(f"- at: {i}s\n  send: {send % '*body'}\n" for i in range(1, steps)))


BIG = {"MAILSIM_MAX_SCENARIO_SIZE": "5MB"}  # room for the cases that are big on purpose
DEEP = 100_000  # once a RecursionError in the YAML composer

CASES: list[tuple[str, str, str, dict[str, str]]] = [
    # Numbers that are not finite, or too big, in each kind of numeric field.
    ("latency-inf", edited(put([*LINK, "latency"], INF)), 'links[0].latency: expected a duration of at most 3650d (ten years) (got inf)', {}),
    ("latency-nan", edited(put([*LINK, "latency"], NAN)), 'links[0].latency: expected a finite duration such as 20ms, 5s, 2h, 3d or 1h20m (got nan)', {}),
    ("bandwidth-inf", edited(put([*LINK, "bandwidth"], INF)), 'links[0].bandwidth: expected a bandwidth between 1bit/s and 1000000Gbit/s (got inf)', {}),
    ("bandwidth-nan", edited(put([*LINK, "bandwidth"], NAN)), 'links[0].bandwidth: expected a finite bandwidth such as 100Mbit/s or 1Gbit/s (got nan)', {}),
    ("bandwidth-tiny", edited(put([*LINK, "bandwidth"], 1e-300)), 'links[0].bandwidth: expected a bandwidth between 1bit/s and 1000000Gbit/s (got 1e-300)', {}),
    ("bandwidth-1e303", edited(put([*LINK, "bandwidth"], 1e303)), 'links[0].bandwidth: expected a bandwidth between 1bit/s and 1000000Gbit/s (got 1e+303)', {}),
    ("at-1e303", edited(put(["steps", 0, "at"], 1e303)), 'steps[0].at: expected a duration of at most 3650d (ten years) (got 1e+303)', {}),
    ("at-huge-integer", edited(put(["steps", 0, "at"], HUGE_INT)), 'steps[0].at: expected a duration of at most 3650d (ten years)', {}),
    ("at-400-digit-days", edited(put(["steps", 0, "at"], "9" * 400 + "d")), 'steps[0].at: expected a duration of at most 3650d (ten years)', {}),
    ("at-past-ten-years", edited(put(["steps", 0, "at"], "3651d")), "steps[0].at: expected a duration of at most 3650d (ten years) (got '3651d')", {}),
    ("until-zero", edited(put(["until"], 0)), 'until: expected a time after the start, such as 2h', {}),
    ("until-inf", edited(put(["until"], INF)), 'until: expected a duration of at most 3650d (ten years) (got inf)', {}),
    ("every-nan", edited(_checks(NAN, "1h")), 'steps[1].check_mail.every: expected a finite duration such as 20ms, 5s, 2h, 3d or 1h20m (got nan)', {}),
    ("check-until-1e303", edited(_checks("15m", 1e303)), 'steps[1].check_mail.until: expected a duration of at most 3650d (ten years) (got 1e+303)', {}),
    ("every-below-a-microsecond", edited(_checks("0.0000001s", "1h")), 'steps[1].check_mail.every: expected a positive interval', {}),
    ("fault-from-inf", edited(_fault("host_down", host="dns.example.net", **{"from": INF})), 'faults[0].host_down.from: expected a duration of at most 3650d (ten years) (got inf)', {}),
    ("fault-until-nan", edited(_fault("host_down", host="dns.example.net", until=NAN)), 'faults[0].host_down.until: expected a finite duration such as 20ms, 5s, 2h, 3d or 1h20m (got nan)', {}),
    ("queue-lifetime-1e303", edited(put([*MX, "queue"], {"lifetime": 1e303})), 'hosts["mx.example.jp"].queue.lifetime: expected a duration of at most 3650d (ten years) (got 1e+303)', {}),
    ("queue-retry-zero", edited(put([*MX, "queue"], {"first_retry": 0})), 'hosts["mx.example.jp"].queue.first_retry: expected at least 1s between retries', {}),
    ("processing-inf", edited(put([*MX, "processing"], INF)), 'hosts["mx.example.jp"].processing: expected a duration of at most 3650d (ten years) (got inf)', {}),
    ("lookup-time-nan", edited(put(["hosts", "dns.example.net", "lookup_time"], NAN)), 'hosts["dns.example.net"].lookup_time: expected a finite duration such as 20ms, 5s, 2h, 3d or 1h20m (got nan)', {}),
    ("ttl-inf", edited(put(["dns", "example.jp", "ttl"], INF)), 'dns["example.jp"].ttl: expected a duration of at most 3650d (ten years) (got inf)', {}),
    ("quota-inf", edited(put(["users", "bob@example.jp", "quota"], INF)), 'users["bob@example.jp"].quota: expected a size of at most 1TiB (got inf)', {}),
    ("quota-nan", edited(put(["users", "bob@example.jp", "quota"], NAN)), 'users["bob@example.jp"].quota: expected a finite size such as 50KB, 2MB or 1GiB (got nan)', {}),
    ("max-message-size-1e303", edited(put([*MX, "max_message_size"], 1e303)), 'hosts["mx.example.jp"].max_message_size: expected a size of at most 1TiB (got 1e+303)', {}),
    ("delete-after-inf", edited(put(["hosts", "bob-pc", "incoming"], {
        "protocol": "pop3", "leave_on_server": True, "delete_after": INF})), 'hosts["bob-pc"].incoming.delete_after: expected a duration of at most 3650d (ten years) (got inf)', {}),
    ("seed-inf", edited(put(["seed"], INF)), 'seed: input should be a finite number (got inf)', {}),
    ("seed-nan", edited(put(["seed"], NAN)), 'seed: input should be a finite number (got nan)', {}),
    ("seed-huge-integer", edited(put(["seed"], HUGE_INT)), 'seed: input should be less than 9223372036854775808', {}),
    ("port-inf", edited(put(["hosts", "auth.example.com", "port"], INF)), 'hosts["auth.example.com"].port: input should be a finite number (got inf)', {}),
    ("preference-nan", edited(put(["dns", "example.jp", "mx", 0, "preference"], NAN)), 'dns["example.jp"].mx[0].preference: input should be a finite number (got nan)', {}),
    ("loss-rate-nan", edited(_fault("packet_loss", between=["alice-pc", "mail.example.com"], rate=NAN)),
     'faults[0].packet_loss.rate: input should be less than or equal to 0.9 (got nan)', {}),
    ("reply-times-inf", edited(_fault("smtp_reply", host="mx.example.jp", times=INF)), 'faults[0].smtp_reply.times: input should be a finite number (got inf)', {}),
    ("start-at-the-end-of-time", edited(put(["start"], "9999-12-31T23:00:00+00:00")), "start: expected a start between the years 1970 and 9000 (got '9999-12-31T23:00:00+00:00')", {}),
    # The file itself: size, nesting, aliases, keys, characters, tags.
    ("file-over-1MB", "# " + "x" * 1_000_000 + "\n" + edited(), 'the file is larger than 1,000,000 octets; a scenario is usually a few kilobytes (raise the cap with MAILSIM_MAX_SCENARIO_SIZE=5MB)', {}),
    ("nested-100-deep", "name: " + "[" * 100 + "]" * 100 + "\n", 'line 1, column 70: nested deeper than 64 levels', {}),
    ("nested-100000-deep", "name: " + "[" * DEEP + "]" * DEEP + "\n", 'line 1, column 1006: YAML syntax error: exceeded maximum nesting depth', {}),
    ("nested-block-mappings", "name: x\nhosts:\n" + "".join(
        "  " * (i + 1) + f"k{i}:\n" for i in range(70)) + "  " * 71 + "v\n", 'line 66, column 129: nested deeper than 64 levels', {}),
    ("alias-bomb", _alias_bomb(), 'line 6, column 5: more than 1,000,000 values once its aliases (*name) are expanded', {}),
    ("key-is-a-list", "name: x\ntitle: t\nhosts:\n  ? [a, b]\n  : {role: dns}\n", 'line 4, column 5: expected a key that is text (got a list); quote it if it is meant as a name', {}),
    ("key-is-null", "name: x\ntitle: t\nhosts:\n  ~: {role: dns}\n", 'line 4, column 3: expected a key that is text (got null); quote it if it is meant as a name', {}),
    ("key-is-a-number", "name: x\ntitle: t\nhosts:\n  1: {role: dns}\n", 'line 4, column 3: expected a key that is text (got 1); quote it if it is meant as a name', {}),
    ("key-is-yes", "name: x\ntitle: t\nhosts:\n  yes: {role: dns}\n", 'line 4, column 3: expected a key that is text (got true); quote it if it is meant as a name', {}),
    ("key-is-a-date", "name: x\ntitle: t\nhosts: {a: {role: dns}}\nusers:\n  2026-04-01: {}\n", 'line 5, column 3: expected a key that is text (got a date); quote it if it is meant as a name', {}),
    ("nul-character", "name: x\x00\n", 'character 8: YAML syntax error: control characters are not allowed', {}),
    ("python-tag", "name: !!python/object/apply:os.system [ls]\n", "line 1, column 7: YAML syntax error: could not determine a constructor for the tag 'tag:yaml.org,2002:python/object/apply:os.system'", {}),
    ("two-documents", "name: x\n---\nname: y\n", 'line 2, column 1: YAML syntax error: but found another document', {}),
    ("empty-file", "", 'the file is empty; expected a mapping with keys such as name, hosts, links, steps', {}),
    # Pydantic's own names must not reach the key path or the message.
    ("title-a-number", edited(put(["title"], 5)), 'title: expected text or a mapping (got 5)', {}),
    ("title-a-list", edited(put(["title"], ["x"])), 'title: expected text or a mapping', {}),
    ("title-unknown-language", edited(put(["title"], {"fr": "x"})), "title.fr: input should be 'en' or 'ja' (got 'fr')", {}),
    ("goal-a-number", edited(put(["goals"], [5])), 'goals[0]: expected text or a mapping (got 5)', {}),
    ("message-unknown-word", edited(put(["steps", 2, "read"], {"device": "bob-pc", "message": "newest"})),
     "steps[2].read.message: expected 'latest', 'oldest' or 'all' or a whole number (got 'newest')", {}),
    ("submission-a-number", edited(put(["hosts", "mail.example.com", "submission"], 5)), 'hosts["mail.example.com"].submission: expected true, false or a mapping such as {port: 587} (got 5)', {}),
    ("host-a-number", edited(put(["hosts", "x.example.net"], 5)), 'hosts["x.example.net"]: input should be a valid dictionary (got 5)', {}),
    ("host-without-role", edited(put(["hosts", "alice-pc", "role"], None)), 'hosts["alice-pc"].role: expected one of \'client\', \'auth\', \'mail_server\', \'relay\', \'dns\', \'router\'', {}),
    # Wrong types.
    ("to-a-string", edited(put(["steps", 0, "send", "to"], "bob@example.jp")), "steps[0].send.to: input should be a valid list (got 'bob@example.jp')", {}),
    ("steps-a-mapping", edited(put(["steps"], {"first": 1})), 'steps: input should be a valid list', {}),
    ("body-a-list", edited(put(["steps", 0, "send", "body"], ["x"])), 'steps[0].send.body: input should be a valid string', {}),
    ("at-true", edited(put(["steps", 0, "at"], True)), 'steps[0].at: expected a duration such as 20ms, 5s, 2h, 3d or 1h20m (got true)', {}),
    # Bounded work: refused by the run's estimated size, naming the step.
    ("check-every-1ms-for-ten-years", edited(_checks("1ms", "3650d")), 'steps[1].check_mail: this step would cost about 12,614,399,920,040 trace events (315,359,998,001 mail checks); the run about 12,614,399,920,251, more than the cap of 500,000 (raise it with --max-events N or MAILSIM_MAX_EVENTS)', {}),
    ("100000-recipients", edited(_recipients(100_000)), 'steps[0].send: this step would cost about 123,052,597 trace events (100,000 recipients in 1,000 transactions, each carrying the whole message with every recipient in its To: header, 100,000 of them not under users, up to 111 delivery attempts while a fault, a full mailbox or a refusal defers it); the run about 123,052,687, more than the cap of 500,000 (raise it with --max-events N or MAILSIM_MAX_EVENTS)', BIG),
    ("10000-recipients", edited(_recipients(10_000)), 'steps[0].send: this step would cost about 3,309,355 trace events (10,000 recipients in 100 transactions, each carrying the whole message with every recipient in its To: header, 10,000 of them not under users, up to 111 delivery attempts while a fault, a full mailbox or a refusal defers it); the run about 3,309,445, more than the cap of 500,000 (raise it with --max-events N or MAILSIM_MAX_EVENTS)', {}),
    ("5000-sends", edited(_many_sends(5_000)), 'steps: 5,000 steps would cost about 805,000 trace events, more than the cap of 500,000 (raise it with --max-events N or MAILSIM_MAX_EVENTS)', {}),
    ("1MB-body-reused-by-300-steps", _body_reused(300, 1_000_000), 'steps: 300 steps would cost about 2,391,900 trace events, more than the cap of 500,000 (raise it with --max-events N or MAILSIM_MAX_EVENTS)', BIG),
    ("greylisting-for-ten-years", edited(
        _fault("smtp_reply", host="mx.example.jp", reply="450 4.2.0 Greylisted"),
        put([*MX, "queue"], {"first_retry": "1s", "max_retry_interval": "1s", "lifetime": "3650d"}),
        _many_sends(2)), 'steps[0].send: this step would cost about 12,614,400,161 trace events (1 recipient, up to 315,360,001 delivery attempts while a fault, a full mailbox or a refusal defers it); the run about 25,228,800,322, more than the cap of 500,000 (raise it with --max-events N or MAILSIM_MAX_EVENTS)', {}),
]
