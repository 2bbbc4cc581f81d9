"""One import for the notebook lessons: ``import mailsim.notebook as ms``.

Importing it lets every trace show itself as a table in Jupyter. Then::

    trace = ms.run("article-route")              # a Trace (shown as a table)
    ms.sequence(trace, lang="ja", protocols=["SMTP"])   # a matplotlib Figure
    ms.topology("article-route", lang="ja")      # the network
    ms.state_at(trace, 82, lang="ja")            # every mailbox, queue, cache after step 82
    ms.player(trace, lang="ja")                  # Play button + slider: diagram beside state
    ms.compare("pop3-vs-imap", lang="ja")        # POP3 versus IMAP: table, .figure()

Everything is read from the trace of a run; nothing here changes the simulation.
"""

from __future__ import annotations

import email.policy
from collections.abc import Collection
from dataclasses import dataclass, field
from email import message_from_string
from email.message import EmailMessage
from html import escape
from typing import TYPE_CHECKING, Any

from mailsim.scenario import Scenario, load_scenario, localized
from mailsim.scenario.build import run_scenario
from mailsim.scenario.compare import STRATEGIES, Strategy, run_strategies
from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.trace.invariants import Violation
from mailsim.trace.invariants import conservation as _conservation
from mailsim.trace.replay import replay
from mailsim.views import notebook as _display
from mailsim.views.captions import event_caption, host_title, ui
from mailsim.views.select import Selection
from mailsim.views.state_texts import state_text
from mailsim.views.times import format_time

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from mailsim.views.timeline import AxisKind
    from mailsim.views.widgets import StepPlayer

__all__ = [
    "HTML", "Comparison", "Markdown", "Violation", "about", "caption", "changes", "compare",
    "connections", "conservation", "message", "player", "questions", "raw_message", "run",
    "scenario", "select", "sequence", "state_at", "step_of", "topology", "zone",
]

_display.register()

_TABLE_STYLE = ("<style>.mailsim-nb td,.mailsim-nb th{text-align:left;padding:1px 8px;"
                "font-size:12px;vertical-align:top}</style>")


@dataclass(frozen=True, slots=True)
class HTML:
    """HTML that a notebook renders (``.html`` holds the text)."""

    html: str

    def _repr_html_(self) -> str:
        return self.html


@dataclass(frozen=True, slots=True)
class Markdown:
    """Markdown that a notebook renders (``.markdown`` holds the text)."""

    markdown: str

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __str__(self) -> str:
        return self.markdown


def _html(text: str) -> HTML:
    return HTML(text)


def _markdown(text: str) -> Markdown:
    return Markdown(text)


def _table(headers: list[str], rows: list[list[str]]) -> HTML:
    """An HTML table; cells are escaped here."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return _html(f'{_TABLE_STYLE}<table class="mailsim-nb"><thead><tr>{head}</tr></thead>'
                 f"<tbody>{body}</tbody></table>")


def _figure(ax: Any) -> Figure:
    """The Axes' figure, closed in pyplot so that a notebook shows it once (as the cell's value)."""
    import matplotlib.pyplot as plt

    figure = ax.get_figure(root=True)
    plt.close(figure)
    return figure  # type: ignore[no-any-return]


# --- scenarios and runs -------------------------------------------------------------------


def scenario(name: str | Scenario) -> Scenario:
    """A bundled scenario by name (``article-route``), or a scenario file's path."""
    return name if isinstance(name, Scenario) else load_scenario(name)


def run(name: str | Scenario, seed: int | None = None) -> Trace:
    """Run a scenario and return its trace (the same name and seed give the same trace)."""
    return run_scenario(scenario(name), seed=seed)


def about(name: str | Scenario, lang: str = "en") -> Markdown:
    """The scenario's title, description and goals, as Markdown."""
    s = scenario(name)
    goals = "".join(f"\n- {localized(goal, lang)}" for goal in s.goals)
    heading = f"\n\n**{ui('ui.show.goals', lang)}**\n{goals}" if goals else ""
    return _markdown(f"### {localized(s.title, lang)}\n\n{localized(s.description, lang)}{heading}")


def questions(name: str | Scenario, lang: str = "en") -> Markdown:
    """The scenario's questions for students, as a numbered Markdown list."""
    s = scenario(name)
    items = "".join(f"\n{n}. {localized(q, lang)}" for n, q in enumerate(s.questions, start=1))
    return _markdown(f"**{ui('ui.show.questions', lang)} — {localized(s.title, lang)}**\n{items}")


def zone(name: str | Scenario, lang: str = "en") -> HTML:
    """The DNS records a scenario's DNS server answers with: MX (with preference) and A."""
    s = scenario(name)
    rows = []
    for domain, config in s.dns.items():
        rows += [[domain, "MX", str(mx.preference), mx.host, f"{config.ttl:g} s"] for mx in config.mx]
        rows += [[domain, "A", "", str(ip), f"{config.ttl:g} s"] for ip in config.a]
    return _table([ui(f"ui.notebook.{c}", lang) for c in ("domain", "type", "preference", "value", "ttl")],
                  rows)


# --- looking into a trace --------------------------------------------------------------


def select(trace: Trace, *, protocols: Collection[str] = (), nodes: Collection[str] = (),
           first: int | None = None, last: int | None = None, start: float | None = None,
           end: float | None = None, tcp: bool = True, state_events: bool = True,
           containing: str | None = None) -> Trace:
    """The events of ``trace`` that pass the filters (see :class:`~mailsim.views.select.Selection`).

    ``containing`` keeps only protocol lines whose text contains it (any case).
    """
    chosen = Selection.of(protocols=protocols, nodes=nodes, first=first, last=last, start=start,
                          end=end, tcp=tcp, state_events=state_events).apply(trace)
    if containing is None:
        return chosen
    needle = containing.lower()
    return chosen.filter(lambda e: isinstance(e, MessageEvent) and needle in e.text.lower())


def step_of(trace: Trace, action: str, n: int = 0, *, node: str | None = None) -> int:
    """The step number of the ``n``-th state change ``action`` (``"stored"``...), at ``node`` if given."""
    found = [e.seq for e in trace.states(action) if node is None or e.node == node]
    if not found:
        raise LookupError(f"no {action!r} event in the trace of {trace.header.scenario!r}")
    return found[n]


def changes(trace: Trace, *actions: str, lang: str = "en") -> HTML:
    """A table of the state changes (all, or only ``actions``): step, time, host, what, in plain words."""
    rows = [[str(e.seq), format_time(e.t), e.node, state_text(e), event_caption(e, lang) or ""]
            for e in trace.states() if not actions or e.action in actions]
    return _table([ui("ui.step_column", lang), ui("ui.time", lang), ui("ui.notebook.host", lang),
                   ui("ui.state", lang), ui("ui.plain_words", lang)], rows)


def connections(trace: Trace, lang: str = "en") -> HTML:
    """One row per connection: who called whom, on which protocol and port, lines, bytes, 🔒."""
    seen: dict[str, list[MessageEvent]] = {}
    for event in trace.messages():
        if event.conn is not None:
            seen.setdefault(event.conn, []).append(event)
    rows = []
    for conn, events in seen.items():
        opener = events[0]
        lines = [e for e in events if e.protocol not in ("TCP", "TLS")]
        protocol = lines[0].protocol if lines else opener.protocol
        rows.append([conn, f"{opener.src} → {opener.dst}", host_title(trace, opener.dst, lang),
                     f"{protocol}:{opener.port}", str(len(lines)), str(sum(e.size for e in events)),
                     "🔒" if any(e.encrypted for e in lines) else ""])
    columns = ("conn", "client_server", "server", "protocol_port", "lines", "bytes")
    return _table([*(ui(f"ui.notebook.{c}", lang) for c in columns), ui("ui.encrypted", lang)], rows)


def _message_text(event: MessageEvent) -> str | None:
    """The message inside an SMTP DATA transfer or a POP3 RETR answer, dot-stuffing undone."""
    text = event.text
    if "\n" not in text or not text.endswith("\n."):
        return None
    if event.protocol == "POP3" and text.startswith("+OK") and "octets" in text.split("\n", 1)[0]:
        text = text.split("\n", 1)[1]
    elif event.protocol != "SMTP" or text.startswith(("2", "3", "4", "5")):
        return None
    lines = text[:-2].split("\n")
    return "\n".join(line[1:] if line.startswith("..") else line for line in lines) + "\n"


def raw_message(trace: Trace, subject: str, n: int = -1) -> str:
    """The raw text of a mail whose Subject contains ``subject``, as it crossed the wire.

    A mail crosses the wire once per hop and each copy has one more Received
    header: ``n=-1`` (the default) is the last copy, ``n=0`` the first.
    """
    copies = []
    for event in trace.messages():
        text = _message_text(event)
        if text is not None and subject.lower() in str(_parse(text)["Subject"] or "").lower():
            copies.append(text)
    if not copies:
        raise LookupError(f"no mail with {subject!r} in its subject crossed the wire")
    return copies[n]


def _parse(text: str) -> EmailMessage:
    parsed = message_from_string(text, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)  # guaranteed by policy.default
    return parsed


def message(trace: Trace, subject: str, n: int = -1) -> EmailMessage:
    """:func:`raw_message` parsed with Python's ``email`` package."""
    return _parse(raw_message(trace, subject, n))


def conservation(trace: Trace) -> list[Violation]:
    """Broken promises: each accepted mail must end delivered, bounced or queued, exactly once."""
    return _conservation(trace)


# --- figures and widgets -----------------------------------------------------------------


def sequence(trace: Trace, lang: str = "en", *, analogy: bool = False,
             protocols: Collection[str] = (), nodes: Collection[str] = (),
             first: int | None = None, last: int | None = None, start: float | None = None,
             end: float | None = None, tcp: bool = True, axis: AxisKind = "proportional",
             show_encrypted: bool = False, title: str | None = None) -> Figure:
    """The sequence diagram of ``trace``, narrowed by the filters, as a matplotlib Figure.

    ``analogy=True`` adds the postal analogy under each host and a column of plain words.
    ``show_encrypted=True`` prints the lines sent after STARTTLS instead of "encrypted SMTP".
    """
    from mailsim.views.sequence import plot_sequence

    selection = Selection.of(protocols=protocols, nodes=nodes, first=first, last=last,
                             start=start, end=end, tcp=tcp)
    return _figure(plot_sequence(trace, selection=selection, axis=axis, lang=lang, analogy=analogy,
                                 show_encrypted=show_encrypted, title=title))


def topology(name: str | Scenario, lang: str = "en") -> Figure:
    """The network of a scenario: hosts with their roles and ports, links with latency."""
    from mailsim.views.topology import plot_topology

    return _figure(plot_topology(run(name), lang=lang))


def state_at(trace: Trace, k: int, lang: str = "en") -> HTML:
    """Every mailbox, queue, device store and DNS cache just after step ``k``."""
    from mailsim.views.state_html import state_html

    if not 0 <= k < len(trace):
        raise IndexError(f"step {k} is not in the trace (steps 0 to {len(trace) - 1})")
    event = trace[k]
    who = f"{event.src} → {event.dst}" if isinstance(event, MessageEvent) else event.node
    title = f"{ui('ui.player.state_title', lang, step=k)} ({who})"
    return _html(state_html(trace, replay(trace, upto=k + 1), lang, title=title))


def caption(trace: Trace, k: int, lang: str = "en") -> str:
    """What step ``k`` means, in plain words."""
    event = trace[k]
    words = event_caption(event, lang) or ""
    line = state_text(event) if isinstance(event, StateEvent) else event.text.split("\n", 1)[0]
    return f"#{k} {line} — {words}" if words else f"#{k} {line}"


def player(trace: Trace, lang: str = "en", *, analogy: bool = False, start: int = 0) -> StepPlayer:
    """The step player: Play and a slider; the diagram up to step k beside the state at step k."""
    from mailsim.views.widgets import step_player

    return step_player(trace, lang=lang, analogy=analogy, start=start)


@dataclass
class Comparison:
    """One workload read four ways (POP3 delete/keep, IMAP, IMAP with cache); shows as a table."""

    scenario: str
    lang: str
    traces: dict[Strategy, Trace] = field(default_factory=dict)

    def _repr_html_(self) -> str:
        from mailsim.views.comparison import comparison_html

        return comparison_html(self.traces, self.lang)

    def figure(self) -> Figure:
        """Storage over simulated time: the server's mailboxes and each device, per strategy."""
        import matplotlib.pyplot as plt

        from mailsim.views.storage import storage_figure

        fig = storage_figure(self.traces, self.lang)
        plt.close(fig)
        return fig

    def trace(self, key: str) -> Trace:
        """The trace of one strategy: ``pop3-delete``, ``pop3-keep``, ``imap``, ``imap-cache``."""
        for strategy, trace in self.traces.items():
            if strategy.key == key:
                return trace
        raise KeyError(f"{key!r}: choose from {', '.join(s.key for s in STRATEGIES)}")


def compare(name: str | Scenario = "pop3-vs-imap", lang: str = "en", seed: int | None = None) -> Comparison:
    """Run one workload with each way of reading mail; display it, or call ``.figure()``."""
    s = scenario(name)
    return Comparison(s.name, lang, run_strategies(s, seed=seed))
