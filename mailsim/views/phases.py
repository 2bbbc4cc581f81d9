"""The phases of a mail's journey, and pages of a sequence diagram cut along them.

A class follows a figure best one step of the journey at a time: the mail
handed to the sender's server (*submission*), passed on by a relay (*relay*),
the receiving server looked up (*dns*), handed to the recipient's server
(*delivery*), and fetched by a device (*retrieval*). Each connection (or DNS
query and answer) belongs to one phase, read from its protocol, its port and
the role of the host that listens. Everything else — an LDAP check, a state
change inside a host — joins the phase its host last took part in, so the
credentials checked during a submission stay on the submission's page.

An *episode* is one stretch of a phase: the connections of that phase that
follow each other with no other phase starting in between. Pages hold whole
episodes (several small ones share a page); only an episode longer than a page
is cut, at its quietest moment. Pages are therefore not always slices of the
trace: the client's QUIT that comes after the relay's first SYN stays on the
submission page, and each page keeps its events' step numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from mailsim.trace import MessageEvent, Trace, TraceEvent
from mailsim.views.protocols import reads_mail, submission_ports

PHASES = ("submission", "relay", "dns", "delivery", "retrieval")
_READ_PORTS = frozenset({110, 143, 993, 995})


@dataclass(frozen=True, slots=True)
class Page:
    """One page: its events (a sub-trace, in step order) and the phases they belong to."""

    trace: Trace
    phases: tuple[str, ...]


def connection_key(event: MessageEvent, latest: dict[tuple[frozenset[str], int], int]) -> object:
    """The connection an event belongs to; a DNS query and its answer count as one."""
    if event.conn is not None:
        return event.conn
    pair = (frozenset((event.src, event.dst)), event.port)
    if event.text.startswith("QUERY") or pair not in latest:
        latest[pair] = event.seq
    return (pair, latest[pair])


def _listener(event: MessageEvent) -> str:
    """The host listening on the event's port: the side a SYN, a query or a command goes to."""
    text = event.text
    if text.startswith(("SYN, ACK", "220", "+OK", "* OK", "ANSWER")):
        return event.src
    return event.dst


def message_phase(event: MessageEvent, roles: dict[str, str]) -> str | None:
    """The phase of the connection ``event`` opens or belongs to (None: not one of them)."""
    if event.protocol == "DNS" or event.port == 53:
        return "dns"
    if reads_mail(event.protocol) or event.port in _READ_PORTS:
        return "retrieval"
    if event.port in submission_ports():
        return "submission"
    if event.port == 25:
        listener = _listener(event)
        client = event.dst if listener == event.src else event.src
        if roles.get(client) == "client":
            return "submission"
        return "relay" if roles.get(listener) == "relay" else "delivery"
    return None


def phase_of_events(trace: Trace) -> tuple[list[int], list[str]]:
    """For each event (in order) the index of its episode, and each episode's phase."""
    roles = dict(trace.header.hosts)
    episode_of: list[int] = []
    phases: list[str] = []
    group_episode: dict[object, int] = {}
    host_episode: dict[str, int] = {}
    waiting: list[int] = []  # events before their hosts took part in any phase
    latest: dict[tuple[frozenset[str], int], int] = {}
    for index, event in enumerate(trace):
        episode = None
        if isinstance(event, MessageEvent):
            key = connection_key(event, latest)
            episode = group_episode.get(key)
            if episode is None:
                phase = message_phase(event, roles)
                if phase is not None:
                    if not phases or phases[-1] != phase:
                        phases.append(phase)
                    episode = len(phases) - 1
                    group_episode[key] = episode
        if episode is None:  # an LDAP line, a state change: where its host last was
            known = [host_episode[h] for h in event.nodes if h in host_episode]
            episode = max(known) if known else None
        if episode is None:
            episode_of.append(-1)
            waiting.append(index)
            continue
        episode_of.append(episode)
        for host in event.nodes:
            host_episode[host] = episode
        for early in waiting:  # what came first joins the first episode
            episode_of[early] = episode
        waiting.clear()
    if not phases:
        return [0] * len(episode_of), [""]
    return episode_of, phases


def pages_by_phase(trace: Trace, per_page: int = 60) -> list[Page]:
    """``trace`` in pages of at most ``per_page`` events that break between phases.

    Consecutive episodes share a page while they fit; an episode longer than a
    page is cut where :func:`quietest_cut` says. A trace without any phase
    (no mail protocol at all) is cut by count alone.
    """
    per_page = max(per_page, 2)
    episode_of, phases = phase_of_events(trace)
    members: list[list[int]] = [[] for _ in phases]
    for index, episode in enumerate(episode_of):
        members[episode].append(index)
    events = list(trace)
    pages: list[Page] = []
    current: list[int] = []
    current_phases: list[str] = []

    def flush() -> None:
        if current:
            pages.append(_page(trace, events, sorted(current), current_phases))
        current.clear()
        current_phases.clear()

    for episode, indices in enumerate(members):
        if not indices:
            continue
        phase = phases[episode]
        if len(current) + len(indices) <= per_page:
            current.extend(indices)
            if phase not in current_phases:
                current_phases.append(phase)
            continue
        flush()
        chunks = cut_by_count([events[i] for i in indices], per_page)
        for start, end in chunks[:-1]:
            pages.append(_page(trace, events, indices[start:end], [phase]))
        start, end = chunks[-1]
        current.extend(indices[start:end])
        current_phases.append(phase)
    flush()
    if not pages:
        pages.append(Page(trace, ()))
    return pages


def _page(trace: Trace, events: Sequence[TraceEvent], indices: Sequence[int],
          phases: Sequence[str]) -> Page:
    if indices and indices[-1] - indices[0] + 1 == len(indices):  # contiguous: a slice
        part = trace[indices[0]:indices[-1] + 1]
    else:
        part = Trace(trace.header, [events[i] for i in indices])
    return Page(part, tuple(p for p in phases if p))


def cut_by_count(events: Sequence[TraceEvent], per_page: int) -> list[tuple[int, int]]:
    """``events`` in runs of at most ``per_page``, each cut at its quietest moment."""
    runs: list[tuple[int, int]] = []
    start = 0
    while len(events) - start > per_page:
        cut = quietest_cut(events, start, per_page)
        runs.append((start, cut))
        start = cut
    runs.append((start, len(events)))
    return runs


def quietest_cut(events: Sequence[TraceEvent], start: int, per_page: int) -> int:
    """The index in the second half of the page from ``start`` after the longest pause.

    The pause before event ``i`` is its time minus the latest send or arrival of
    the page's events before it; that latest instant is a running maximum, so a
    page costs ``per_page`` steps (re-taking the maximum for each candidate made
    pagination quadratic in the page size). Ties go to the later index.
    """
    busy = max(busy_end(e) for e in events[start:start + per_page // 2])
    best, best_pause = -1, float("-inf")
    for index in range(start + per_page // 2, start + per_page):
        pause = events[index].time - busy
        if pause >= best_pause:
            best, best_pause = index, pause
        busy = max(busy, busy_end(events[index]))
    return best


def busy_end(event: TraceEvent) -> float:
    """When an event is over: a message's arrival, else its time."""
    if isinstance(event, MessageEvent) and event.t_arrived is not None:
        return event.t_arrived
    return event.time
