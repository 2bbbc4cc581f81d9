"""The trace's file format: JSON Lines, one header line then one record per line.

Keys are sorted and nothing is escaped that need not be, so the same run always
gives the same bytes and a Japanese subject stays readable in the file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mailsim.trace import fields
from mailsim.trace.fields import FieldError
from mailsim.trace.records import FORMAT_VERSION, MessageEvent, StateEvent, TraceEvent, TraceHeader
from mailsim.trace.visible import visible, visible_values


class TraceFormatError(ValueError):
    """A JSONL file is not a mailsim trace: ``line`` (1-based, or None) and ``reason`` say why."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason = reason
        self.line = line
        super().__init__(reason if line is None else f"line {line}: {reason}")


def event_to_dict(event: TraceEvent) -> dict[str, Any]:
    if isinstance(event, MessageEvent):
        return {
            "type": "message",
            "seq": event.seq,
            "t_sent": event.t_sent,
            "t_arrived": event.t_arrived,
            "src": event.src,
            "dst": event.dst,
            "protocol": event.protocol,
            "port": event.port,
            "conn": event.conn,
            "text": event.text,
            "size": event.size,
            "encrypted": event.encrypted,
            "live": event.live,
        }
    return {
        "type": "state",
        "seq": event.seq,
        "t": event.t,
        "node": event.node,
        "action": event.action,
        "data": dict(event.data),
    }




_MESSAGE_KEYS = frozenset(("type", "seq", "t_sent", "t_arrived", "src", "dst", "protocol", "port",
                           "conn", "text", "size", "encrypted"))
_MESSAGE_OPTIONAL = frozenset(("live",))  # traces from before live clients have no "live"
_STATE_KEYS = frozenset(("type", "seq", "t", "node", "action", "data"))
_HEADER_KEYS = frozenset(("type", "version", "scenario", "seed", "start", "hosts", "links", "ports"))
_NONE: frozenset[str] = frozenset()


def event_from_dict(obj: Mapping[str, Any], line: int = 0) -> TraceEvent:
    """A record as its event, every value checked (:class:`TraceFormatError` naming the line)."""
    try:
        kind = obj.get("type")
        if kind == "message":
            return _message(obj)
        if kind == "state":
            return _state(obj)
    except FieldError as exc:
        raise TraceFormatError(str(exc), line) from None
    raise TraceFormatError(f"unknown record type {fields.describe(kind)} "
                           "(expected \"header\", \"message\" or \"state\")", line)


def _message(obj: Mapping[str, Any]) -> MessageEvent:
    fields.keys(obj, _MESSAGE_KEYS, _MESSAGE_OPTIONAL, "a message record")
    t_sent = fields.number(obj["t_sent"], "t_sent")
    arrived = obj["t_arrived"]
    if arrived is not None:
        arrived = fields.number(arrived, "t_arrived", 0.0, fields.MAX_TIME)
        if arrived < t_sent:
            raise FieldError(f"t_arrived: the unit arrives at {arrived!r}, before it was sent "
                             f"at {t_sent!r}")
    conn = obj["conn"]
    return MessageEvent(
        seq=fields.integer(obj["seq"], "seq"),
        t_sent=t_sent,
        t_arrived=arrived,
        src=fields.name(obj["src"], "src", fields.HOST_NAME, "a host name"),
        dst=fields.name(obj["dst"], "dst", fields.HOST_NAME, "a host name"),
        protocol=fields.name(obj["protocol"], "protocol", fields.WORD, "a protocol name"),
        port=fields.integer(obj["port"], "port", 0, fields.MAX_PORT),
        conn=None if conn is None else fields.name(conn, "conn", fields.WORD,
                                                   "a connection id or null"),
        text=_any_text(obj["text"], "text"),
        size=fields.integer(obj["size"], "size"),
        encrypted=fields.boolean(obj["encrypted"], "encrypted"),
        live=fields.boolean(obj.get("live", False), "live"),
    )


def _state(obj: Mapping[str, Any]) -> StateEvent:
    fields.keys(obj, _STATE_KEYS, _NONE, "a state record")
    data = obj["data"]
    if not isinstance(data, dict):
        raise FieldError(f"data: expected an object, got {fields.describe(data)}")
    return StateEvent(
        seq=fields.integer(obj["seq"], "seq"),
        t=fields.number(obj["t"], "t"),
        node=fields.name(obj["node"], "node", fields.HOST_NAME, "a host name"),
        action=fields.name(obj["action"], "action", fields.ACTION,
                           "an action name (lower-case letters, digits and _)"),
        data=visible_values(data),
    )


def _any_text(value: Any, key: str) -> str:
    """A protocol line's text: anything a client sent may be in it, but it must be text."""
    if not isinstance(value, str):
        raise FieldError(f"{key}: expected a text, got {fields.describe(value)}")
    return visible(value)  # an ESC in a trace file never reaches a terminal as a command


def header_dict(header: TraceHeader) -> dict[str, Any]:
    return {
        "version": header.version,
        "scenario": header.scenario,
        "seed": header.seed,
        "start": header.start,
        "hosts": [list(pair) for pair in header.hosts],
        "links": [list(link) for link in header.links],
        "ports": [list(port) for port in header.ports],
    }


def header_from_dict(obj: Mapping[str, Any], line: int = 0) -> TraceHeader:
    """The header record, every value checked: links and ports name listed hosts only."""
    try:
        return _header(obj)
    except FieldError as exc:
        raise TraceFormatError(str(exc), line) from None


def _header(obj: Mapping[str, Any]) -> TraceHeader:
    fields.keys(obj, _HEADER_KEYS, _NONE, "the header")
    version = fields.integer(obj["version"], "version", 0)
    if version != FORMAT_VERSION:
        raise FieldError(f"version: this mailsim reads trace version {FORMAT_VERSION}, "
                         f"not {version}")
    hosts: dict[str, str] = {}
    listed = fields.rows(obj["hosts"], "hosts")
    if not listed:  # every run has hosts, and every view draws them
        raise FieldError("hosts: expected at least one [host, role], got an empty list")
    for index, item in enumerate(listed):
        key = f"hosts[{index}]"
        host, role = fields.row(item, key, 2, "[host, role]")
        host = fields.name(host, key, fields.HOST_NAME, "a host name")
        if host in hosts:
            raise FieldError(f"{key}: the host {host!r} is listed twice")
        hosts[host] = fields.name(role, key, fields.WORD, "a role name")
    links = []
    for index, item in enumerate(fields.rows(obj["links"], "links")):
        key = f"links[{index}]"
        a, b, latency, bandwidth = fields.row(item, key, 4, "[host, host, latency, bandwidth]")
        links.append((_listed(a, key, hosts), _listed(b, key, hosts),
                      fields.number(latency, f"{key} latency"),
                      fields.number(bandwidth, f"{key} bandwidth", 1e-9, 1e18)))
    ports = []
    for index, item in enumerate(fields.rows(obj["ports"], "ports")):
        key = f"ports[{index}]"
        host, port, protocol = fields.row(item, key, 3, "[host, port, protocol]")
        ports.append((_listed(host, key, hosts), fields.integer(port, f"{key} port", 0, fields.MAX_PORT),
                      fields.name(protocol, key, fields.WORD, "a protocol name")))
    return TraceHeader(
        scenario=fields.text(obj["scenario"], "scenario"),
        seed=fields.integer(obj["seed"], "seed", -fields.MAX_INT - 1),  # any 64-bit seed
        start=fields.text(obj["start"], "start"),
        hosts=tuple(hosts.items()),
        links=tuple(links),
        ports=tuple(ports),
        version=version,
    )


def _listed(value: Any, key: str, hosts: Mapping[str, str]) -> str:
    host = fields.name(value, key, fields.HOST_NAME, "a host name")
    if host not in hosts:
        raise FieldError(f"{key}: the host {host!r} is not in the header's hosts")
    return host


def dumps(obj: Mapping[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
