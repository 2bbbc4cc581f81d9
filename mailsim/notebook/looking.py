"""Looking into a trace from a notebook: filters, state changes, connections, the mails."""

from __future__ import annotations

import email.policy
from collections.abc import Collection
from email import message_from_string
from email.message import EmailMessage
from typing import Any

from mailsim.notebook.display import HTML, table
from mailsim.trace import MessageEvent, Trace
from mailsim.trace.promises import check
from mailsim.views.captions import event_caption, host_title, ui
from mailsim.views.notebook import said
from mailsim.views.protocols import is_application
from mailsim.views.select import Selection
from mailsim.views.state_texts import state_text
from mailsim.views.times import format_time


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
        raise LookupError(said("ui.nb.no_event", action=repr(action), scenario=repr(trace.header.scenario)))
    return found[n]


def changes(trace: Trace, *actions: str, lang: str = "en") -> HTML:
    """A table of the state changes (all, or only ``actions``): step, time, host, what, in plain words."""
    rows = [[str(e.seq), format_time(e.t), e.node, state_text(e, lang), event_caption(e, lang) or ""]
            for e in trace.states() if not actions or e.action in actions]
    return table([ui("ui.step_column", lang), ui("ui.time", lang), ui("ui.notebook.host", lang),
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
        lines = [e for e in events if is_application(e.protocol)]
        protocol = lines[0].protocol if lines else opener.protocol
        rows.append([conn, f"{opener.src} → {opener.dst}", host_title(trace, opener.dst, lang),
                     f"{protocol}:{opener.port}", str(len(lines)), str(sum(e.size for e in events)),
                     "🔒" if any(e.encrypted for e in lines) else ""])
    columns = ("conn", "client_server", "server", "protocol_port", "lines", "bytes")
    return table([*(ui(f"ui.notebook.{c}", lang) for c in columns), ui("ui.encrypted", lang)], rows)


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
        raise LookupError(said("ui.nb.no_mail", subject=repr(subject)))
    return copies[n]


def _parse(text: str) -> EmailMessage:
    parsed = message_from_string(text, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)  # guaranteed by policy.default
    return parsed


def message(trace: Trace, subject: str, n: int = -1) -> EmailMessage:
    """:func:`raw_message` parsed with Python's ``email`` package."""
    return _parse(raw_message(trace, subject, n))


class Promises(list[str]):
    """The broken promises of a run (a list: empty when all were kept), shown as a sentence."""

    def __init__(self, problems: list[str], sentence: str) -> None:
        super().__init__(problems)
        self.sentence = sentence

    def __str__(self) -> str:
        return self.sentence

    __repr__ = __str__

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:  # IPython's display
        printer.text(self.sentence)


def conservation(trace: Trace, lang: str = "en") -> Promises:
    """Broken promises, as ``mailsim run`` checks them: every ``250`` a sender read after
    DATA must end stored, relayed, bounced or still queued, exactly once. Empty: all kept;
    printed, it says so in a sentence with the counts."""
    verdict = check(trace)
    if verdict.ok:
        sentence = ui("text.promises_kept", lang, told=verdict.told, delivered=verdict.delivered,
                      relayed=verdict.relayed, bounced=verdict.bounced,
                      queued=len(verdict.still_queued))
    else:
        sentence = ui("text.promises_broken", lang, count=len(verdict.problems),
                      problems="; ".join(verdict.problems))
    return Promises(verdict.problems, sentence)
