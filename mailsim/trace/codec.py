"""The trace's file format: JSON Lines, one header line then one record per line.

Keys are sorted and nothing is escaped that need not be, so the same run always
gives the same bytes and a Japanese subject stays readable in the file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from mailsim.trace.records import FORMAT_VERSION, MessageEvent, StateEvent, TraceEvent, TraceHeader


class TraceFormatError(ValueError):
    """A JSONL file is not a mailsim trace."""


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


def event_from_dict(obj: Mapping[str, Any], line: int = 0) -> TraceEvent:
    try:
        if obj["type"] == "message":
            return MessageEvent(
                seq=int(obj["seq"]),
                t_sent=float(obj["t_sent"]),
                t_arrived=None if obj["t_arrived"] is None else float(obj["t_arrived"]),
                src=str(obj["src"]),
                dst=str(obj["dst"]),
                protocol=str(obj["protocol"]),
                port=int(obj["port"]),
                conn=obj["conn"],
                text=str(obj["text"]),
                size=int(obj["size"]),
                encrypted=bool(obj["encrypted"]),
                live=bool(obj.get("live", False)),
            )
        if obj["type"] == "state":
            return StateEvent(
                seq=int(obj["seq"]),
                t=float(obj["t"]),
                node=str(obj["node"]),
                action=str(obj["action"]),
                data=dict(obj["data"]),
            )
    except (KeyError, TypeError, ValueError) as exc:
        raise TraceFormatError(f"line {line}: bad record ({exc})") from None
    raise TraceFormatError(f"line {line}: unknown record type {obj.get('type')!r}")


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


def header_from_dict(obj: Mapping[str, Any]) -> TraceHeader:
    return TraceHeader(
        scenario=str(obj.get("scenario", "")),
        seed=int(obj.get("seed", 0)),
        start=str(obj.get("start", "")),
        hosts=tuple((str(a), str(b)) for a, b in obj.get("hosts", [])),
        links=tuple((str(a), str(b), float(lat), float(bw)) for a, b, lat, bw in obj.get("links", [])),
        ports=tuple((str(h), int(p), str(proto)) for h, p, proto in obj.get("ports", [])),
        version=int(obj.get("version", FORMAT_VERSION)),
    )


def dumps(obj: Mapping[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


