"""Which part of a trace a view shows: filters shared by every diagram and table.

Also the one way a host is named on the command line or in the player
(:func:`resolve_host`): full name, short name, unique prefix, or role.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.views.protocols import is_transport


@dataclass(frozen=True, slots=True)
class Selection:
    """A filter over trace events; empty fields select everything.

    ``protocols`` keeps message events of those protocols (``TCP`` included if
    named); ``nodes`` keeps events touching any of those hosts; ``start``/``end``
    bound the time; ``first``/``last`` bound sequence numbers (inclusive);
    ``connections`` keeps message events of those connection ids.
    State events pass a protocol or connection filter only when
    ``state_events`` is true and their node passes the node filter.
    """

    protocols: frozenset[str] = frozenset()
    nodes: frozenset[str] = frozenset()
    start: float | None = None
    end: float | None = None
    first: int | None = None
    last: int | None = None
    connections: frozenset[str] = frozenset()
    state_events: bool = True
    tcp: bool = True

    @classmethod
    def of(
        cls,
        *,
        protocols: Collection[str] = (),
        nodes: Collection[str] = (),
        start: float | None = None,
        end: float | None = None,
        first: int | None = None,
        last: int | None = None,
        connections: Collection[str] = (),
        state_events: bool = True,
        tcp: bool = True,
    ) -> Selection:
        return cls(
            frozenset(p.upper() for p in protocols), frozenset(nodes), start, end, first, last,
            frozenset(connections), state_events, tcp,
        )

    def keeps(self, event: TraceEvent) -> bool:
        if self.first is not None and event.seq < self.first:
            return False
        if self.last is not None and event.seq > self.last:
            return False
        if self.start is not None and event.time < self.start:
            return False
        if self.end is not None and event.time > self.end:
            return False
        if self.nodes and not self.nodes.intersection(event.nodes):
            return False
        if isinstance(event, StateEvent):
            return self.state_events
        assert isinstance(event, MessageEvent)
        if not self.tcp and is_transport(event.protocol):
            return False
        if self.protocols and event.protocol not in self.protocols:
            return False
        return not (self.connections and event.conn not in self.connections)

    def apply(self, trace: Trace) -> Trace:
        return trace.filter(self.keeps)


EVERYTHING = Selection()


# --- naming a host --------------------------------------------------------------------


class UnknownHost(ValueError):
    """A word that names no host of the trace, or several: the message says which."""

    def __init__(self, message: str, word: str, suggestions: list[str],
                 ambiguous: bool = False) -> None:
        super().__init__(message)
        self.word = word
        self.suggestions = suggestions  # the hosts meant, or the nearest names
        self.ambiguous = ambiguous


def trace_hosts(trace: Trace) -> list[str]:
    """The hosts of a trace, in the header's order (or as they appear)."""
    hosts = [name for name, _ in trace.header.hosts]
    if hosts:
        return hosts
    seen: dict[str, None] = {}
    for event in trace:
        for node in event.nodes:
            seen.setdefault(node, None)
    return list(seen)


def _plain(word: str) -> str:
    """A word compared without case, apostrophes, ``_``/``-`` or extra spaces."""
    word = word.lower().replace("\u2019", "").replace("'", "").replace("_", " ").replace("-", " ")
    return " ".join(word.split())


def host_words(trace: Trace) -> dict[str, list[str]]:
    """Every word that names a host, to the hosts it names (more than one: ambiguous).

    A host is named by its full name, its short name (``relay`` for
    ``relay.example.net``), its role in the header (``relay``, ``dns``,
    ``mail_server``...) and its role titles in every language ("recipient's mail
    server", "DNSサーバー"); words are compared by :func:`_plain`.
    """
    from mailsim.locales import LANGUAGES
    from mailsim.views.captions import host_title, role_key, text
    from mailsim.views.text import short_names

    hosts = trace_hosts(trace)
    roles = dict(trace.header.hosts)
    words: dict[str, list[str]] = {}

    def add(word: str | None, host: str) -> None:
        if word and host not in words.setdefault(_plain(word), []):
            words[_plain(word)].append(host)

    for host in hosts:
        add(host, host)
    for host, short in short_names(hosts).items():
        add(short, host)
    for host in hosts:
        if not roles.get(host):
            continue
        key = role_key(trace, host)
        add(roles[host], host)
        add(key, host)
        for lang in LANGUAGES:
            add(host_title(trace, host, lang), host)
            add(text(f"role.{roles[host]}", lang), host)
    return words


def resolve_host(word: str, trace: Trace, lang: str = "en") -> str:
    """The trace's name of the host ``word`` names; :class:`UnknownHost` if none or several.

    In order: a full name (any case), a short name, a role or role title (see
    :func:`host_words`), then a prefix of the first label that only one host has
    (``rel`` for ``relay.example.net``). A miss lists the hosts and the nearest
    names (difflib); a word naming several hosts lists those.
    """
    from mailsim.views.captions import ui

    hosts = trace_hosts(trace)
    wanted = word.strip()
    exact = [h for h in hosts if h.lower() == wanted.lower()]
    if exact:
        return exact[0]
    words = host_words(trace)
    named = words.get(_plain(wanted), [])
    if not named:
        prefix = wanted.lower()
        named = [h for h in hosts if prefix and h.split(".")[0].lower().startswith(prefix)]
    if len(named) == 1:
        return named[0]
    if named:
        raise UnknownHost(ui("select.ambiguous_host", lang, word=wanted, hosts=", ".join(named)),
                          wanted, named, ambiguous=True)
    suggestions = suggest(wanted, hosts, words)
    hint = ui("select.did_you_mean", lang, names=", ".join(suggestions)) if suggestions else ""
    raise UnknownHost(ui("select.unknown_host", lang, word=wanted, hint=hint,
                         hosts=", ".join(hosts)), wanted, suggestions)


def suggest(word: str, hosts: Iterable[str], words: dict[str, list[str]]) -> list[str]:
    """The hosts whose names (or short names, or roles) are nearest to ``word``."""
    close = difflib.get_close_matches(_plain(word), list(words), n=3, cutoff=0.6)
    if close:  # only the nearest few: "example.net" alone makes every .net host close
        best = difflib.SequenceMatcher(None, _plain(word), close[0]).ratio()
        close = [m for m in close
                 if difflib.SequenceMatcher(None, _plain(word), m).ratio() >= best - 0.05]
    found: dict[str, None] = {}
    for match in close:
        for host in words[match]:
            found.setdefault(host, None)
    order = list(hosts)
    return sorted(found, key=lambda h: order.index(h) if h in order else len(order))[:3]


def resolve_hosts(words: Iterable[str], trace: Trace, lang: str = "en") -> list[str]:
    """:func:`resolve_host` for each word, in order, without repeats."""
    found: dict[str, None] = {}
    for word in words:
        found.setdefault(resolve_host(word, trace, lang), None)
    return list(found)
