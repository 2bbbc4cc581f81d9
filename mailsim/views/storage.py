"""Where the mail is: server and device storage, from traces only (``mailsim compare``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from mailsim.replay import WorldState, replay, walk
from mailsim.trace import Trace

if TYPE_CHECKING:
    from mailsim.compare import Strategy

RETRIEVAL = frozenset({"POP3", "IMAP"})


@dataclass(slots=True)
class StorageSeries:
    """Storage in octets after each state change: one list per place."""

    times: list[float] = field(default_factory=list)
    server: list[int] = field(default_factory=list)
    devices: dict[str, list[int]] = field(default_factory=dict)


def devices_of(trace: Trace) -> list[str]:
    """The devices that read mail in this run (clients that spoke POP3 or IMAP)."""
    readers = {e.src for e in trace.messages() if e.protocol in RETRIEVAL}
    return [name for name, role in trace.header.hosts if role == "client" and name in readers]


def storage_series(trace: Trace) -> StorageSeries:
    """Server and per-device storage over simulated time, by folding the trace."""
    series = StorageSeries()
    names = devices_of(trace)
    series.devices = {name: [] for name in names}
    last: tuple[int, ...] | None = None
    for _, state in walk(trace):
        point = (state.server_bytes(), *(state.device(n).local_bytes for n in names))
        if point != last:
            series.times.append(state.time)
            series.server.append(point[0])
            for name, value in zip(names, point[1:], strict=True):
                series.devices[name].append(value)
            last = point
    return series


def readable(state: WorldState, device: str, *, offline: bool) -> int:
    """Messages a device can open: its own copies; online, also its IMAP list."""
    dev = state.device(device)
    ids = set(dev.local)
    if not offline:
        ids |= {entry.message_id for entry in dev.view.values()}
    return len(ids)


def comparison_table(traces: Mapping[Strategy, Trace]) -> Table:
    table = Table(title="POP3 or IMAP: where does the mail end up?", header_style="bold")
    table.add_column("strategy", style="bold")
    table.add_column("on the server", justify="right")
    table.add_column("on each device", justify="left")
    table.add_column("readable (online / offline)", justify="left")
    table.add_column("POP3/IMAP lines", justify="right")
    table.add_column("bytes read", justify="right")
    for strategy, trace in traces.items():
        state = replay(trace)
        names = devices_of(trace)
        on_device = "\n".join(f"{n}: {state.device(n).local_bytes:,} B" for n in names)
        readable_text = "\n".join(
            f"{n}: {readable(state, n, offline=False)} / {readable(state, n, offline=True)}"
            for n in names
        )
        lines = [e for e in trace.messages() if e.protocol in RETRIEVAL]
        table.add_row(
            strategy.label, f"{state.server_bytes():,} B", on_device, readable_text,
            str(len(lines)), f"{sum(e.size for e in lines):,}",
        )
    return table


def plot_storage(traces: Mapping[Strategy, Trace], path: str | Path) -> None:
    """One panel per strategy: server and per-device storage over time (PNG, SVG, PDF)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    longest = max((trace.duration for trace in traces.values()), default=0.0)
    scale, unit = (60.0, "min") if longest > 600 else (1.0, "s")
    count = len(traces)
    columns = 2 if count > 1 else 1
    rows = -(-count // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(12, 4 * rows), sharex=True, sharey=True,
                             squeeze=False)
    for ax, (strategy, trace) in zip(axes.flat, traces.items(), strict=False):
        series = storage_series(trace)
        end = max(trace.duration, series.times[-1] if series.times else 0.0)
        times = [t / scale for t in (*series.times, end)]
        ax.step(times, [*series.server, series.server[-1] if series.server else 0],
                where="post", linewidth=2.5, label="server mailboxes")
        for name, values in series.devices.items():
            ax.step(times, [*values, values[-1] if values else 0], where="post",
                    linestyle="--", label=name)
        ax.set_title(strategy.label, fontsize=13)
        ax.set_ylabel("bytes stored")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=9, loc="upper left")
    for ax in axes.flat[count:]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(f"simulated time ({unit})")
    fig.suptitle("Storage over time: server versus devices", fontsize=15)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
