"""The trace as a rich table, and a run summary: what ``mailsim run`` prints."""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mailsim.locales import catalog
from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.trace.states import Bounced, Discarded, Queued, Stored, known_change
from mailsim.views.protocols import is_application, is_transport
from mailsim.views.protocols import style as protocol_style
from mailsim.views.state_texts import state_text
from mailsim.views.text import message_text, short_names
from mailsim.views.times import format_gap, format_time

# A quiet stretch at least this long gets its own row, so hours of waiting read
# as one line instead of hiding between two time stamps.
IDLE_GAP = 60.0
# The units format_gap writes, as Japanese writes them ("2 h 5 min" -> "2時間5分").
_JA_UNITS = {"s": "秒", "min": "分", "h": "時間", "d": "日"}
# Messages a summary names one by one; past this, "and N more".
LISTED = 3


def gap_text(seconds: float, lang: str = "en") -> str:
    """An idle gap as :func:`format_gap` writes it, in ``lang``."""
    text = format_gap(seconds)
    if lang != "ja":
        return text
    words = text.split(" ")
    return "".join(f"{number}{_JA_UNITS[unit]}" for number, unit in zip(words[::2], words[1::2],
                                                                        strict=True))


def trace_table(trace: Trace, *, show_state: bool = True, show_tcp: bool = True,
                full_names: bool = True, lang: str = "en") -> Table:
    """One row per event; ``full_names=False`` shortens host names to their
    first distinct labels so the protocol lines get the width."""
    texts = catalog(lang)
    hosts = [name for name, _ in trace.header.hosts]
    names = {h: h for h in hosts} if full_names else short_names(hosts)
    # The title as Text, not markup: a trace file may name its scenario "[/b]".
    title = texts["run.table.title"].format(scenario=trace.header.scenario)
    table = Table(title=Text(title, style="table.title"),
                  header_style="bold", show_lines=False, expand=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column(texts["run.table.time"], justify="right", no_wrap=True)
    table.add_column(texts["run.table.route"], no_wrap=True)
    table.add_column(texts["run.table.port"], no_wrap=True)
    table.add_column(texts["run.table.line"])
    lost, state = f"  {texts['run.table.lost']}", texts["run.table.state"]
    previous: float | None = None
    for event in trace:
        if previous is not None and event.time - previous >= IDLE_GAP:
            later = texts["run.table.later"].format(gap=gap_text(event.time - previous, lang))
            table.add_row("", "", "", "", Text(later, style="bold yellow"))
        previous = event.time
        if isinstance(event, MessageEvent):
            if is_transport(event.protocol) and not show_tcp:
                continue
            style = protocol_style(event.protocol)
            text = message_text(event, lang=lang)
            line = Text("🔒 " + text if event.encrypted else text,
                        style="dim" if is_transport(event.protocol) else "")
            if event.t_arrived is None:
                line.append(lost, style="bold red")
            table.add_row(
                str(event.seq), format_time(event.t_sent),
                f"{names.get(event.src, event.src)} → {names.get(event.dst, event.dst)}",
                Text(f"{event.protocol}:{event.port}", style=style), line,
            )
        elif show_state:
            assert isinstance(event, StateEvent)
            table.add_row(
                str(event.seq), format_time(event.t),
                Text(f"● {names.get(event.node, event.node)}", style="italic"),
                Text(state, style="italic dim"), Text(state_text(event, lang), style="italic green"),
            )
    return table


class _Mail:
    """What a summary keeps of one message: its subject, where it ended, who still waits."""

    __slots__ = ("notice", "pending", "subject")

    def __init__(self, subject: str, notice: bool) -> None:
        self.subject = subject
        self.notice = notice  # a delivery status notification (sent from <>, RFC 3464)
        self.pending: dict[str, str] = {}  # recipient, lower-cased -> as written


class RunSummary:
    """The run's summary, counted one record at a time (:meth:`add`): per message only
    its subject and the recipients it still waits for, and the first few of each outcome."""

    def __init__(self) -> None:
        self.delivered = 0
        self.notices = 0
        self.bounced = 0
        self.protocol_lines = 0
        self.units = 0
        self.bytes = 0
        self.end: float | None = None  # Trace.duration, as a running maximum
        self.per_protocol: Counter[str] = Counter()
        self._mails: dict[str, _Mail] = {}
        self.delivered_items: list[tuple[str, str]] = []  # (subject, mailbox), the first few
        self.bounced_items: list[tuple[str, str]] = []

    def add(self, event: TraceEvent) -> None:
        if isinstance(event, MessageEvent):
            self.units += 1
            self.bytes += event.size
            self.per_protocol[event.protocol] += 1
            if is_application(event.protocol):
                self.protocol_lines += 1
            end = event.t_arrived if event.t_arrived is not None else event.t_sent
        else:
            if event.action in _MAIL_ACTIONS:
                self._mail_event(event)
            end = event.t
        if self.end is None or end > self.end:
            self.end = end

    def _mail_event(self, event: StateEvent) -> None:
        change = known_change(event)
        if isinstance(change, Queued):
            mail = self._mails.setdefault(change.message_id, _Mail(
                change.subject, not change.sender or change.notice_of is not None))
            for recipient in change.recipients:
                mail.pending.setdefault(recipient.lower(), recipient)
            return
        if isinstance(change, Discarded):  # a bounce of a bounce: dropped (RFC 5321 §4.5.5)
            dropped = self._mails.get(change.message_id)
            if dropped is not None:
                for recipient in change.recipients:
                    dropped.pending.pop(recipient.lower(), None)
            return
        if not isinstance(change, (Stored, Bounced)):
            return
        mail = self._mails.get(change.message_id) or _Mail("", isinstance(change, Stored)
                                                           and not change.sender)
        if isinstance(change, Stored):
            mail.pending.pop(change.mailbox.lower(), None)
            if mail.notice or not change.sender:
                self.notices += 1
                return
            self.delivered += 1
            where = f"{change.mailbox} ({change.folder})" if change.folder else change.mailbox
            _note(self.delivered_items, (change.subject or mail.subject, where))  # Junk: quarantined
        else:
            for recipient in change.recipients:
                mail.pending.pop(recipient.lower(), None)
                self.bounced += 1
                _note(self.bounced_items, (mail.subject, recipient))

    @property
    def queued_items(self) -> list[tuple[str, str]]:
        """(subject, recipient) of every recipient still waiting at the end, in queueing order."""
        return [(mail.subject, recipient) for mail in self._mails.values()
                for recipient in mail.pending.values()]

    def as_dict(self) -> dict[str, object]:
        return {
            "delivered": self.delivered,
            "notices": self.notices,
            "bounced": self.bounced,
            "still_queued": len(self.queued_items),
            "protocol_lines": self.protocol_lines,
            "units": self.units,
            "bytes": self.bytes,
            "duration": 0.0 if self.end is None else self.end,
            "per_protocol": dict(sorted(self.per_protocol.items())),
        }


_MAIL_ACTIONS = frozenset({Queued.action, Stored.action, Bounced.action, Discarded.action})


def _note(items: list[tuple[str, str]], item: tuple[str, str]) -> None:
    if len(items) <= LISTED:  # one more than is shown: "and N more" needs no list
        items.append(item)


def summary(trace: Trace) -> dict[str, object]:
    return counted(trace).as_dict()


def counted(trace: Trace) -> RunSummary:
    """The summary of a whole trace."""
    run = RunSummary()
    for event in trace:
        run.add(event)
    return run


def _listed(texts: dict[str, str], items: list[tuple[str, str]], count: int) -> str:
    """`` — “Agenda” → bob@example.jp, “Slides” → bob@example.jp and 4 more``."""
    if not items:
        return ""
    shown = [texts["run.summary.item"].format(subject=subject or "—", recipient=recipient)
             for subject, recipient in items[:LISTED]]
    if count > LISTED:
        shown.append(texts["run.summary.more"].format(count=count - LISTED))
    return texts["run.summary.list"].format(items=texts["run.summary.join"].join(shown))


def summary_text(trace: Trace | RunSummary, *, lang: str = "en") -> Text:
    """The summary of a trace, or of a run counted as it went: what was delivered, bounced
    and is still queued (naming the first few messages of each), then the traffic."""
    run = trace if isinstance(trace, RunSummary) else counted(trace)
    s, texts = run.as_dict(), catalog(lang)
    per = ", ".join(f"{p} {n}" for p, n in s["per_protocol"].items())  # type: ignore[attr-defined]
    text = Text()
    text.append(texts["run.summary.delivered"], style="bold")
    text.append(texts["run.summary.delivered_count"].format(count=run.delivered))
    text.append(_listed(texts, run.delivered_items, run.delivered))
    if run.notices:
        text.append(texts["run.summary.notices"].format(count=run.notices))
    text.append("\n")
    text.append(texts["run.summary.bounced"], style="bold")
    text.append(texts["run.summary.bounced_count"].format(count=run.bounced))
    text.append(_listed(texts, run.bounced_items, run.bounced) + "\n")
    queued = run.queued_items
    text.append(texts["run.summary.queued"], style="bold")
    text.append(texts["run.summary.queued_count"].format(count=len(queued)))
    text.append(_listed(texts, queued, len(queued)) + "\n")
    text.append(texts["run.summary.lines"], style="bold")
    text.append(f"{s['protocol_lines']}   ")
    text.append(texts["run.summary.wire"], style="bold")
    text.append(texts["run.summary.wire_count"].format(units=s["units"], per=per,
                                                       bytes=f"{s['bytes']:,}") + "   ")
    text.append(texts["run.summary.time"], style="bold")
    text.append(format_time(float(s["duration"])))  # type: ignore[arg-type]
    return text


def run_report(trace: Trace, *, quiet: bool = False, width: int = 200,
               lang: str = "en") -> RenderableType:
    """The table and summary; below 150 columns host names are shortened."""
    if quiet:
        return summary_text(trace, lang=lang)
    return Group(trace_table(trace, full_names=width >= 150, lang=lang),
                 summary_text(trace, lang=lang))
