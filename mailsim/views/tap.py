"""A wiretap on one link: what someone who can read the packets between two hosts sees.

Every unit whose path crosses the link (the lowest-latency path over the trace's links,
as the network routes it) is listed with what the tap reads: the line itself when it
travels in clear — with AUTH PLAIN and AUTH LOGIN's base64 decoded, because base64 is
an encoding, not encryption — and only its size and time when TLS protects it.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from mailsim.trace import MessageEvent, Trace

_AUTH_PLAIN = re.compile(r"^AUTH PLAIN (\S+)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Tapped:
    """One unit as the tap sees it: ``readable`` text, or None when it is encrypted."""

    event: MessageEvent
    readable: str | None
    secret: str | None = None  # a password the tap learnt from this unit


def _paths(trace: Trace) -> dict[tuple[str, str], list[str]]:
    import networkx as nx

    graph = nx.Graph()
    for a, b, latency, _ in trace.header.links:
        graph.add_edge(a, b, latency=latency)

    @cache
    def path(src: str, dst: str) -> tuple[str, ...]:
        try:
            return tuple(nx.shortest_path(graph, src, dst, weight="latency"))
        except (nx.NetworkXNoPath, nx.NodeNotFound):
            return (src, dst)

    pairs = {(e.src, e.dst) for e in trace.messages()}
    return {pair: list(path(*pair)) for pair in pairs}


def crosses(path: list[str], a: str, b: str) -> bool:
    return any({path[i], path[i + 1]} == {a, b} for i in range(len(path) - 1))


def _decoded(text: str) -> str | None:
    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def tap(trace: Trace, a: str, b: str) -> Iterator[Tapped]:
    """What a tap on the link between ``a`` and ``b`` reads, unit by unit."""
    paths = _paths(trace)
    login_step: dict[str, int] = {}  # connection -> AUTH LOGIN lines seen (user, then password)
    for event in trace.messages():
        if not crosses(paths[(event.src, event.dst)], a, b):
            continue
        if event.encrypted:
            yield Tapped(event, None)
            continue
        text, secret = event.text, None
        first = text.split("\n", 1)[0]
        plain = _AUTH_PLAIN.match(first)
        if plain is not None:  # RFC 4616: authzid NUL authcid NUL passwd, base64 on the wire
            decoded = _decoded(plain.group(1))
            if decoded is not None and decoded.count("\0") == 2:
                _, user, secret = decoded.split("\0")
                text = f"{first}   = {user} / {secret}"
        elif first.upper() == "AUTH LOGIN" and event.conn:
            login_step[event.conn] = 0
        elif event.conn in login_step and event.protocol == "SMTP" and not first[:3].isdigit():
            decoded = _decoded(first)
            if decoded is not None:  # the username, then the password, each in base64
                if login_step[event.conn] == 1:
                    secret = decoded
                login_step[event.conn] += 1
                text = f"{first}   = {decoded}"
        elif first.upper().startswith("PASS ") and event.protocol == "POP3":
            secret = first[5:]  # RFC 1939 §7: the password in clear
        elif event.protocol == "IMAP" and " LOGIN " in f" {first.upper()} ":
            words = first.split()
            secret = words[3].strip('"') if len(words) >= 4 else None  # tag LOGIN user pass
        yield Tapped(event, text, secret)
