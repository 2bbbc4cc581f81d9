"""Which part of a trace a view shows: filters shared by every diagram and table.

Also the one way a host is named on the command line or in the player
(:func:`resolve_host`): full name, short name, unique prefix, or role.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import cache

from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.views.protocols import is_transport

# The resolver's own actions: kept under a DNS filter even when no DNS line caused
# them (a cache hit is the very thing a class looks for when no query goes out).
_RESOLVER_MODULE = "mailsim.trace.states.dns"


@cache
def _protocol_of_action() -> dict[str, str]:
    from mailsim.trace.states import STATES

    return {name: "DNS" for name, cls in STATES.items() if cls.__module__ == _RESOLVER_MODULE}


@dataclass(frozen=True, slots=True)
class Selection:
    """A filter over trace events; empty fields select everything.

    ``protocols`` keeps message events of those protocols (``TCP`` included if
    named); ``nodes`` keeps events touching any of those hosts (a line to or
    from one, a state change inside one); ``start``/``end`` bound the time;
    ``first``/``last`` bound sequence numbers (inclusive); ``connections`` keeps
    message events of those connection ids; ``tcp=False`` leaves out TCP segments.

    State changes under a protocol or connection filter: only those the kept
    lines cause, unless ``with_state`` keeps them all. A state change at host H
    at time t is *caused* by a line that arrived at H at exactly t (the host
    acted on receiving it: the trace stamps both with the same simulated
    instant), and by the same line as the state change just before it in the
    trace when that one is also at H with nothing in between (the chain
    queued → stored → removed of a local delivery, a millisecond later). The
    cause need only pass the protocol/connection filter, not the time or step
    bounds. A state change also passes a protocol filter that its own data
    names: the resolver's actions (``dns_cache_hit``, ``mx_selected``...) for
    DNS, a ``protocol`` field (``deleted``... ``POP3``), a ``service`` field
    (``login`` ... ``SMTP AUTH``). Timer-driven changes (a retry, a read on the
    device) have no causing line and show only under ``with_state``.
    ``state_events=False`` drops every state change.
    Which state changes pass depends on the lines before them: use
    :meth:`apply` or :meth:`kept` on a whole trace, or :meth:`keeper` over
    events in trace order.
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
    with_state: bool = False

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
        with_state: bool = False,
    ) -> Selection:
        return cls(
            frozenset(p.upper() for p in protocols), frozenset(nodes), start, end, first, last,
            frozenset(connections), state_events, tcp, with_state,
        )

    @property
    def by_lines(self) -> bool:
        """Whether state changes are chosen by the lines that cause them."""
        return bool(self.protocols or self.connections) and not self.with_state

    def in_bounds(self, event: TraceEvent) -> bool:
        """The event-local part: steps, time and hosts."""
        if self.first is not None and event.seq < self.first:
            return False
        if self.last is not None and event.seq > self.last:
            return False
        if self.start is not None and event.time < self.start:
            return False
        if self.end is not None and event.time > self.end:
            return False
        return not (self.nodes and not self.nodes.intersection(event.nodes))

    def line_passes(self, event: MessageEvent) -> bool:
        """The protocol, connection and TCP part, for a line."""
        if not self.tcp and is_transport(event.protocol):
            return False
        if self.protocols and event.protocol not in self.protocols:
            return False
        return not (self.connections and event.conn not in self.connections)

    def names_protocol(self, event: StateEvent) -> bool:
        """Whether the state change's own data names a protocol of the filter."""
        if not self.protocols:
            return False
        if _protocol_of_action().get(event.action) in self.protocols:
            return True
        for field in ("protocol", "service"):
            value = event.data.get(field)
            if isinstance(value, str) and value.split(" ")[0].upper() in self.protocols:
                return True
        return False

    def keeper(self) -> Callable[[TraceEvent], bool]:
        """A predicate to call on each event in trace order (it remembers the lines seen)."""
        arrived: set[tuple[str, float]] = set()  # (host, instant) a kept line arrived
        last: list[tuple[str, bool] | None] = [None]  # the previous event, if a state change

        def keeps(event: TraceEvent) -> bool:
            if isinstance(event, MessageEvent):
                last[0] = None
                passes = self.line_passes(event)
                if passes and self.by_lines and event.t_arrived is not None:
                    if len(arrived) > 4096:  # instants already past can match no later event
                        arrived.difference_update({k for k in arrived if k[1] < event.time})
                    arrived.add((event.dst, event.t_arrived))
                return passes and self.in_bounds(event)
            assert isinstance(event, StateEvent)
            caused = (event.node, event.t) in arrived or (
                last[0] is not None and last[0] == (event.node, True))
            last[0] = (event.node, caused)
            if not self.state_events or not self.in_bounds(event):
                return False
            return not self.by_lines or caused or self.names_protocol(event)

        return keeps

    def kept(self, trace: Iterable[TraceEvent]) -> list[int]:
        """The places (0-based) of the events this selection keeps."""
        keeps = self.keeper()
        return [i for i, event in enumerate(trace) if keeps(event)]

    def apply(self, trace: Trace) -> Trace:
        return trace.filter(self.keeper())


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
