"""Where the mail is: server and device storage, from traces only (``mailsim compare``).

The traces come keyed by the strategy's key (``pop3-delete``, ``imap``...);
its label is the catalogue's ``ui.compare.<key>``, else the label passed in,
else the key itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from mailsim.trace import Trace
from mailsim.trace.replay import WorldState, replay
from mailsim.views.captions import ui
from mailsim.views.protocols import reads_mail
from mailsim.views.storage_data import MAX_DEVICE_LINES as MAX_DEVICE_LINES
from mailsim.views.storage_data import StorageSeries as StorageSeries
from mailsim.views.storage_data import _device_lines as _device_lines
from mailsim.views.storage_data import devices_of as devices_of
from mailsim.views.storage_data import storage_series as storage_series
from mailsim.views.storage_data import strategy_label as strategy_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure


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


def comparison_table(traces: Mapping[str, Trace], lang: str = "en",
                     labels: Mapping[str, str] | None = None) -> Table:
    """The comparison as a rich table (``mailsim compare``)."""
    table = Table(title=ui("ui.compare.title", lang), header_style="bold")
    for column, justify in (("strategy", "left"), ("server", "right"), ("devices", "left"),
                            ("readable", "left"), ("lines", "right"), ("bytes_read", "right")):
        table.add_column(ui(f"ui.compare.{column}", lang), justify=justify)  # type: ignore[arg-type]
    from mailsim.views.folder_compare import folder_cells, folder_rows  # helper A2: folders, IDLE

    folders = folder_rows(traces)
    table.add_column(ui("ui.compare.sent_visible", lang))
    table.add_column(ui("ui.compare.new_mail_delay", lang))
    for row in comparison_rows(traces):
        table.add_row(
            strategy_label(row.key, lang, labels), f"{row.server_bytes:,} B",
            "\n".join(f"{n}: {b:,} B" for n, b in row.device_bytes.items()),
            "\n".join(f"{n}: {on} / {off}" for n, (on, off) in row.readable.items()),
            str(row.lines), f"{row.bytes_read:,}", *folder_cells(folders[row.key], lang),
        )
    return table


def storage_figure(traces: Mapping[str, Trace], lang: str = "en",
                   labels: Mapping[str, str] | None = None) -> Figure:
    """One panel per strategy: server and per-device storage over simulated time
    (drawn by :mod:`mailsim.views.storage_chart`)."""
    from mailsim.views.storage_chart import storage_chart

    return storage_chart(traces, lang, labels)


def plot_storage(traces: Mapping[str, Trace], path: str | Path, lang: str = "en",
                 labels: Mapping[str, str] | None = None) -> None:
    """Write :func:`storage_figure` to a PNG, SVG or PDF file, 1920 px wide."""
    import matplotlib

    matplotlib.use("Agg")
    from mailsim.views.chart_style import save_chart

    save_chart(storage_figure(traces, lang, labels), path)
