"""The trace as a rich table, and a run summary: what ``mailsim run`` prints."""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.trace.states import Stored
from mailsim.views.protocols import is_application, is_transport
from mailsim.views.protocols import style as protocol_style
from mailsim.views.state_texts import state_text
from mailsim.views.text import message_text, short_names
from mailsim.views.times import format_gap, format_time

# A quiet stretch at least this long gets its own row, so hours of waiting read
# as one line instead of hiding between two time stamps.
IDLE_GAP = 60.0


def trace_table(trace: Trace, *, show_state: bool = True, show_tcp: bool = True,
                full_names: bool = True) -> Table:
    """One row per event; ``full_names=False`` shortens host names to their
    first distinct labels so the protocol lines get the width."""
    hosts = [name for name, _ in trace.header.hosts]
    names = {h: h for h in hosts} if full_names else short_names(hosts)
    # The title as Text, not markup: a trace file may name its scenario "[/b]".
    table = Table(title=Text(f"Trace of “{trace.header.scenario}”", style="table.title"),
                  header_style="bold", show_lines=False, expand=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("time", justify="right", no_wrap=True)
    table.add_column("from → to", no_wrap=True)
    table.add_column("proto:port", no_wrap=True)
    table.add_column("line")
    previous: float | None = None
    for event in trace:
        if previous is not None and event.time - previous >= IDLE_GAP:
            table.add_row("", "", "", "", Text(f"⋯ {format_gap(event.time - previous)} later ⋯",
                                               style="bold yellow"))
        previous = event.time
        if isinstance(event, MessageEvent):
            if is_transport(event.protocol) and not show_tcp:
                continue
            style = protocol_style(event.protocol)
            text = message_text(event)
            line = Text("🔒 " + text if event.encrypted else text,
                        style="dim" if is_transport(event.protocol) else "")
            if event.t_arrived is None:
                line.append("  (lost)", style="bold red")
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
                Text("state", style="italic dim"), Text(state_text(event), style="italic green"),
            )
    return table


class RunSummary:
    """The run's summary, counted one record at a time (:meth:`add`): nothing is kept."""

    def __init__(self) -> None:
        self.delivered = 0
        self.protocol_lines = 0
        self.units = 0
        self.bytes = 0
        self.end: float | None = None  # Trace.duration, as a running maximum
        self.per_protocol: Counter[str] = Counter()

    def add(self, event: TraceEvent) -> None:
        if isinstance(event, MessageEvent):
            self.units += 1
            self.bytes += event.size
            self.per_protocol[event.protocol] += 1
            if is_application(event.protocol):
                self.protocol_lines += 1
            end = event.t_arrived if event.t_arrived is not None else event.t_sent
        else:
            if event.action == Stored.action:
                self.delivered += 1
            end = event.t
        if self.end is None or end > self.end:
            self.end = end

    def as_dict(self) -> dict[str, object]:
        return {
            "delivered": self.delivered,
            "protocol_lines": self.protocol_lines,
            "units": self.units,
            "bytes": self.bytes,
            "duration": 0.0 if self.end is None else self.end,
            "per_protocol": dict(sorted(self.per_protocol.items())),
        }


def summary(trace: Trace) -> dict[str, object]:
    counted = RunSummary()
    for event in trace:
        counted.add(event)
    return counted.as_dict()


def summary_text(trace: Trace | RunSummary) -> Text:
    """The summary line of a trace, or of a run counted as it went."""
    s = trace.as_dict() if isinstance(trace, RunSummary) else summary(trace)
    per = ", ".join(f"{p} {n}" for p, n in s["per_protocol"].items())  # type: ignore[attr-defined]
    text = Text()
    text.append("Delivered: ", style="bold")
    text.append(f"{s['delivered']} message(s) to mailboxes   ")
    text.append("Protocol lines: ", style="bold")
    text.append(f"{s['protocol_lines']}   ")
    text.append("On the wire: ", style="bold")
    text.append(f"{s['units']} units ({per}), {s['bytes']:,} bytes   ")
    text.append("Simulated time: ", style="bold")
    text.append(format_time(float(s["duration"])))  # type: ignore[arg-type]
    return text


def run_report(trace: Trace, *, quiet: bool = False, width: int = 200) -> RenderableType:
    """The table and summary; below 150 columns host names are shortened."""
    if quiet:
        return summary_text(trace)
    return Group(trace_table(trace, full_names=width >= 150), summary_text(trace))
