"""Authoring warnings: a valid scenario that will not do what its author probably meant.

``validate`` and ``run`` print them before the run, never fatal unless ``--strict``:
a bare number where a unit is expected, a recipient the scenario cannot deliver to
(no MX or A record, no such user), a key that does nothing for its device or role,
a step or fault at a time the run never reaches. A scenario whose lesson *is* the
mistake names it under ``intended_warnings``: that warning is then not shown.

Which keys apply where is the table :data:`KEY_RULES`; a new key that only some
devices or servers read gets a row there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, get_args

from pydantic import BeforeValidator

from mailsim.locales import catalog
from mailsim.scenario.errors import closest, key_path
from mailsim.scenario.keys import walk
from mailsim.scenario.model import ClientHost, MailServerHost, Scenario, ZoneConfig
from mailsim.scenario.registry import KeyPath
from mailsim.scenario.steps.send import SendAction
from mailsim.scenario.validators import WarningCode
from mailsim.units import parse_bandwidth, parse_duration, parse_size


@dataclass(frozen=True, slots=True)
class AuthoringWarning:
    """One warning: where in the file, and its catalogue text with the values to fill in."""

    code: WarningCode
    path: str
    key: str
    values: dict[str, object] = field(default_factory=dict)
    suggestion: str | None = None  # a close name: "did you mean …", in the warning's language

    def text(self, lang: str = "en") -> str:
        texts = catalog(lang)
        hint = texts["warn.hint"].format(name=self.suggestion) if self.suggestion else ""
        return texts[self.key].format(hint=hint, **self.values)

    def line(self, source: str, lang: str = "en") -> str:
        """``file: key.path: warning: what`` — the shape of the loader's errors."""
        label = catalog(lang)["warn.label"]
        where = f"{source}: {self.path}: " if self.path else f"{source}: "
        return f"{where}{label}: {self.text(lang)}"


# --- which keys apply to which device or server -------------------------------------------

Applies = Callable[[Scenario, Any], bool]


@dataclass(frozen=True, slots=True)
class KeyRule:
    """``path`` (keys under a host of ``role``) does something only when ``applies``;
    otherwise the warning ``key`` (a catalogue key) is given with ``values``."""

    role: str
    path: tuple[str, ...]
    applies: Applies
    key: str
    values: dict[str, str] = field(default_factory=dict)


def reads_with(protocol: str) -> Applies:
    """The device reads mail with ``protocol`` (its ``incoming.protocol``)."""
    return lambda _scenario, host: bool(host.incoming.protocol == protocol)


def _leaves_on_server(_scenario: Scenario, host: Any) -> bool:
    return bool(host.incoming.leave_on_server)


def _offers_logins(_scenario: Scenario, host: Any) -> bool:
    return any(getattr(host, what) is not None for what in ("submission", "pop3", "imap"))


def _has_quota(scenario: Scenario, host: Any) -> bool:
    return any(user.quota is not None and address.rsplit("@", 1)[1] in host.domains
               for address, user in scenario.users.items())


def _protocol_rule(path: tuple[str, ...], protocol: str) -> KeyRule:
    return KeyRule("client", path, reads_with(protocol), "warn.unused.protocol",
                   {"protocols": protocol.upper()})


KEY_RULES: tuple[KeyRule, ...] = (
    # RFC 1939 POP3 downloads and deletes; keeping and expiring server copies is POP3's.
    _protocol_rule(("incoming", "leave_on_server"), "pop3"),
    _protocol_rule(("incoming", "delete_after"), "pop3"),
    KeyRule("client", ("incoming", "delete_after"), _leaves_on_server, "warn.unused.needs",
            {"needs": "leave_on_server: true"}),
    # RFC 3501 IMAP leaves mail on the server; a local copy is an IMAP client's option.
    _protocol_rule(("incoming", "cache"), "imap"),
    # Folders on the server are IMAP's (RFC 3501 §6.3); POP3 sees INBOX only (helper A2).
    _protocol_rule(("trash_folder",), "imap"),
    KeyRule("mail_server", ("folders",), lambda _s, host: host.imap is not None,
            "warn.unused.needs", {"needs": "imap: true"}),
    KeyRule("mail_server", ("auth_server",), _offers_logins, "warn.unused.auth_server"),
    KeyRule("mail_server", ("over_quota",), _has_quota, "warn.unused.over_quota"),
)


def _written(host: Any, path: tuple[str, ...]) -> bool:
    """Whether the file wrote ``path`` under the host (a default is never warned about)."""
    node = host
    for name in path:
        if node is None or name not in node.model_fields_set:
            return False
        node = getattr(node, name)
    return True


def _unused_keys(scenario: Scenario) -> Iterator[AuthoringWarning]:
    for name, host in scenario.hosts.items():
        for rule in KEY_RULES:
            if host.role == rule.role and _written(host, rule.path) and not rule.applies(scenario, host):
                protocol = host.incoming.protocol.upper() if isinstance(host, ClientHost) else ""
                yield AuthoringWarning("unused-key", key_path(["hosts", name, *rule.path]), rule.key,
                                       {"key": rule.path[-1], "protocol": protocol, **rule.values})


# --- bare numbers ----------------------------------------------------------------------------

_UNITS = {parse_duration: "warn.bare.duration", parse_size: "warn.bare.size",
          parse_bandwidth: "warn.bare.bandwidth"}
# A DNS TTL is a number of seconds by definition (RFC 1035 §3.2.1): no unit is expected.
_SECONDS_BY_DEFINITION = {(ZoneConfig, "ttl")}


def _unit_of(annotation: Any, metadata: list[Any]) -> str | None:
    for meta in metadata:
        if isinstance(meta, BeforeValidator) and meta.func in _UNITS:
            return _UNITS[meta.func]
    for arg in get_args(annotation):
        found = _unit_of(arg, list(getattr(arg, "__metadata__", ())))
        if found:
            return found
    return None


def _bare_numbers(scenario: Scenario, data: Any) -> Iterator[AuthoringWarning]:
    for path, model, name, info, value in walk(scenario, data, []):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value == 0:
            continue
        if (type(model), name) in _SECONDS_BY_DEFINITION:
            continue
        unit = _unit_of(info.annotation, list(info.metadata))
        if unit is not None:
            yield AuthoringWarning("bare-number", key_path(path), unit, {"value": value})


# --- recipients the scenario cannot deliver to ----------------------------------------------

def _resolvable(scenario: Scenario, domain: str) -> bool:
    """An MX or A record exists: the zone's own, or a named host's (added automatically);
    with no MX the domain's A record is its implicit MX (RFC 5321 §5.1)."""
    zone = scenario.dns.get(domain)
    return bool(zone and (zone.mx or zone.a)) or domain in scenario.hosts


def _servers(scenario: Scenario) -> dict[str, str]:
    """Each domain a mail server serves -> that server."""
    return {domain: name for name, host in scenario.hosts.items()
            if isinstance(host, MailServerHost) for domain in host.domains}


def _sending_server(scenario: Scenario, action: SendAction) -> str | None:
    devices = [name for name, host in scenario.hosts.items()
               if isinstance(host, ClientHost) and host.user == action.sender]
    device = scenario.hosts.get(action.device or (devices[0] if devices else ""))
    return device.mail_server if isinstance(device, ClientHost) else None


def _recipients(scenario: Scenario) -> Iterator[AuthoringWarning]:
    servers = _servers(scenario)
    users = {address.lower() for address in scenario.users}
    for index, step in enumerate(scenario.steps):
        action = step.action
        if not isinstance(action, SendAction):
            continue
        own = _sending_server(scenario, action)
        for field_name in ("to", "cc"):
            for position, address in enumerate(getattr(action, field_name)):
                path = key_path(["steps", index, step.kind, field_name, position])
                domain = address.rsplit("@", 1)[1]
                server = servers.get(domain)
                if server is None and not _resolvable(scenario, domain):
                    yield AuthoringWarning("no-route", path, "warn.no_route",
                                           {"domain": domain, "address": address, "server": own})
                elif server is not None and address.lower() not in users:
                    yield AuthoringWarning("unknown-recipient", path, "warn.unknown_recipient",
                                           {"address": address, "domain": domain, "server": server},
                                           closest(address, scenario.users))


# --- times the run never reaches -------------------------------------------------------------

def duration_text(seconds: float) -> str:
    """A time as a scenario file writes it: ``90s``, ``5m``, ``1h20m``, ``250ms``."""
    if seconds < 1:
        return f"{seconds * 1000:g}ms"
    whole, out = round(seconds), ""
    if abs(seconds - whole) > 1e-9:
        return f"{seconds:g}s"
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if whole >= size:
            out += f"{whole // size}{unit}"
            whole %= size
    return out


def _after_end(scenario: Scenario) -> Iterator[AuthoringWarning]:
    # simpy's run(until=t) stops before the events scheduled at t itself.
    until = scenario.until
    if until is None:
        return
    ends = {"until": duration_text(until)}
    for index, step in enumerate(scenario.steps):
        if step.at >= until:
            yield AuthoringWarning("after-end", key_path(["steps", index, "at"]),
                                   "warn.after_end.step", {"at": duration_text(step.at), **ends})
    for index, fault in enumerate(scenario.faults):
        if fault.window.start >= until:
            path: KeyPath = ["faults", index, fault.kind, "from"]
            yield AuthoringWarning("after-end", key_path(path), "warn.after_end.fault",
                                   {"at": duration_text(fault.window.start), **ends})


def dotted(path: str) -> str:
    """A warning's path as a file names it: ``hosts["bob-laptop"].incoming`` is
    ``hosts.bob-laptop.incoming``."""
    return re.sub(r'\["([^"]*)"\]|\[(\d+)\]', lambda m: "." + (m.group(1) or m.group(2)), path)


def authoring_warnings(scenario: Scenario, data: Any) -> list[AuthoringWarning]:
    """Every warning for a valid ``scenario`` (as written, before a workload is expanded)
    read from the file's ``data``, in the order of the checks, minus the intended ones."""
    found = [*_bare_numbers(scenario, data), *_recipients(scenario), *_unused_keys(scenario),
             *_after_end(scenario)]
    intended = {entry if isinstance(entry, str) else (entry.warning, entry.key)
                for entry in getattr(scenario, "intended_warnings", ())}
    seen: set[str] = set()
    kept = []
    for warning in found:  # one warning per key: the first rule that fires says why
        wanted = warning.code in intended or (warning.code, dotted(warning.path)) in intended
        if not wanted and warning.path not in seen:
            kept.append(warning)
            seen.add(warning.path)
    return kept
