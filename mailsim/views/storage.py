"""Where the mail is: server and device storage, from traces only (``mailsim compare``).

The traces come keyed by the strategy's key (``pop3-delete``, ``imap``...);
its label is the catalogue's ``ui.compare.<key>``, else the label passed in,
else the key itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from mailsim.trace import Trace
from mailsim.trace.replay import WorldState, replay, walk
from mailsim.views.captions import ui
from mailsim.views.protocols import reads_mail

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(slots=True)
class StorageSeries:
    """Storage in octets after each state change: one list per place."""

    times: list[float] = field(default_factory=list)
    server: list[int] = field(default_factory=list)
    devices: dict[str, list[int]] = field(default_factory=dict)


def devices_of(trace: Trace) -> list[str]:
    """The devices that read mail in this run (clients that spoke POP3 or IMAP)."""
    readers = {e.src for e in trace.messages() if reads_mail(e.protocol)}
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


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """What one strategy left behind, read from its trace."""

    key: str  # the strategy's key
    server_bytes: int
    device_bytes: dict[str, int]
    readable: dict[str, tuple[int, int]]  # device -> (online, offline)
    lines: int
    bytes_read: int


def comparison_rows(traces: Mapping[str, Trace]) -> list[ComparisonRow]:
    rows = []
    for key, trace in traces.items():
        state = replay(trace)
        names = devices_of(trace)
        lines = [e for e in trace.messages() if reads_mail(e.protocol)]
        rows.append(ComparisonRow(
            key, state.server_bytes(), {n: state.device(n).local_bytes for n in names},
            {n: (readable(state, n, offline=False), readable(state, n, offline=True))
             for n in names},
            len(lines), sum(e.size for e in lines),
        ))
    return rows


def strategy_label(key: str, lang: str = "en", labels: Mapping[str, str] | None = None) -> str:
    """The strategy's name in ``lang`` ("IMAP with local cache", "IMAP(端末にキャッシュ)"):
    from the catalogue, else from ``labels``, else the key."""
    label = ui(f"ui.compare.{key}", lang)
    if not label.startswith("ui."):
        return label
    return (labels or {}).get(key, key)


def comparison_table(traces: Mapping[str, Trace], lang: str = "en",
                     labels: Mapping[str, str] | None = None) -> Table:
    """The comparison as a rich table (``mailsim compare``)."""
    table = Table(title=ui("ui.compare.title", lang), header_style="bold")
    for column, justify in (("strategy", "left"), ("server", "right"), ("devices", "left"),
                            ("readable", "left"), ("lines", "right"), ("bytes_read", "right")):
        table.add_column(ui(f"ui.compare.{column}", lang), justify=justify)  # type: ignore[arg-type]
    for row in comparison_rows(traces):
        table.add_row(
            strategy_label(row.key, lang, labels), f"{row.server_bytes:,} B",
            "\n".join(f"{n}: {b:,} B" for n, b in row.device_bytes.items()),
            "\n".join(f"{n}: {on} / {off}" for n, (on, off) in row.readable.items()),
            str(row.lines), f"{row.bytes_read:,}",
        )
    return table


# More device lines than this make a legend that covers the plot (a workload has
# one device line per user and device): they are drawn as one line, their sum.
MAX_DEVICE_LINES = 6


def _device_lines(series: StorageSeries, lang: str) -> list[tuple[str, list[int]]]:
    """Each device's line, or, past :data:`MAX_DEVICE_LINES`, one line of their sum."""
    if len(series.devices) <= MAX_DEVICE_LINES:
        return list(series.devices.items())
    total = [sum(column) for column in zip(*series.devices.values(), strict=True)]
    return [(ui("ui.all_devices", lang, count=len(series.devices)), total)]


def storage_figure(traces: Mapping[str, Trace], lang: str = "en",
                   labels: Mapping[str, str] | None = None) -> Figure:
    """One panel per strategy: server and per-device storage over simulated time."""
    import matplotlib.pyplot as plt

    from mailsim.views.fonts import use_fonts

    longest = max((trace.duration for trace in traces.values()), default=0.0)
    scale, unit_key = (60.0, "ui.time_minutes") if longest > 600 else (1.0, "ui.time_seconds")
    columns = 2 if len(traces) > 1 else 1
    rows = -(-len(traces) // columns)
    with plt.rc_context(use_fonts(lang)):
        fig, axes = plt.subplots(rows, columns, figsize=(11, 3.4 * rows), sharex=True,
                                 sharey=True, squeeze=False)
        for ax, (key, trace) in zip(axes.flat, traces.items(), strict=False):
            series = storage_series(trace)
            end = max(trace.duration, series.times[-1] if series.times else 0.0)
            times = [t / scale for t in (*series.times, end)]
            server = series.server or [0]
            ax.step(times, [*server, server[-1]][: len(times)], where="post", linewidth=2.5,
                    label=ui("ui.server_mailboxes", lang))
            for name, values in _device_lines(series, lang):
                values = values or [0]
                ax.step(times, [*values, values[-1]][: len(times)], where="post",
                        linestyle="--", label=name)
            ax.set_title(strategy_label(key, lang, labels), fontsize=12)
            ax.set_ylabel(ui("ui.bytes_stored", lang))
            ax.grid(alpha=0.3)
            ax.legend(fontsize=8, loc="upper left")
        for ax in axes.flat[len(traces):]:
            ax.set_visible(False)
        for ax in axes[-1]:
            ax.set_xlabel(ui(unit_key, lang))
        fig.suptitle(ui("ui.storage_title", lang), fontsize=14)
        fig.tight_layout()
    return fig


def plot_storage(traces: Mapping[str, Trace], path: str | Path, lang: str = "en",
                 labels: Mapping[str, str] | None = None) -> None:
    """Write :func:`storage_figure` to a PNG, SVG or PDF file."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = storage_figure(traces, lang, labels)
    fig.savefig(path)
    plt.close(fig)
