"""A session-level study's results: the comparison table and the four-panel figure.

The results come keyed by strategy (``pop3-delete``, ``imap``...), each a
:class:`mailsim.study.run.StudyResult`: totals over every user, and hourly
series. The figure is made for a projector: large text, one line style and
marker per strategy, so no line hides another.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.table import Table

from mailsim.study.run import StudyResult
from mailsim.views.captions import ui
from mailsim.views.chart_style import FONT, WIDTH, chart_rc, save_chart
from mailsim.views.storage_data import strategy_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DAY_US = 86_400_000_000
# (colour, line style, marker) per strategy, in order: distinct even in black and white
STYLES = (("#1f77b4", "-", "o"), ("#d62728", "--", "s"), ("#2ca02c", "-.", "^"),
          ("#9467bd", ":", "D"), ("#ff7f0e", (0, (5, 2, 1, 2)), "v"))


def human_bytes(octets: float) -> str:
    """1234567 -> '1.23 MB' (SI units, as disks and mail quotas are sold)."""
    value = float(octets)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if abs(value) < 1000 or unit == "TB":
            return f"{value:,.0f} {unit}" if unit == "B" else f"{value:.3g} {unit}"
        value /= 1000
    return f"{value:.3g} TB"  # pragma: no cover - the loop returns at TB


def _count(value: float) -> str:
    """12,000,000 -> '12.0 M' for a chart axis; small counts as they are."""
    return f"{value / 1e6:.1f} M" if abs(value) >= 1e6 else f"{value:,.0f}"


def study_table(results: Mapping[str, StudyResult], lang: str = "en",
                labels: Mapping[str, str] | None = None) -> Table:
    """One row per strategy: what the server and the devices hold at the end, what the
    devices can open offline, and the traffic it took."""
    first = next(iter(results.values()))
    days = len(first.samples) and int(first.samples[-1] // DAY_US)
    table = Table(title=ui("ui.study.title", lang, users=f"{first.users:,}", days=days),
                  header_style="bold", caption=ui("ui.study.session_note", lang))
    rows = [_study_row(key, result, lang, labels) for key, result in results.items()]
    for index, (column, justify) in enumerate((
            ("ui.compare.strategy", "left"), ("ui.study.server", "right"),
            ("ui.study.devices", "left"), ("ui.study.offline", "left"),
            ("ui.study.traffic", "right"), ("ui.study.counts", "right"))):
        # "1 POP3: 8.37 GB" stays on one line: a number is never cut from its device or unit
        whole = max(cell_len(line) for row in rows for line in row[index].split("\n")) \
            if index in (2, 3) else None
        table.add_column(ui(column, lang), justify=justify, min_width=whole)  # type: ignore[arg-type]
    for row in rows:
        table.add_row(*row)
    return table


def _study_row(key: str, result: StudyResult, lang: str,
               labels: Mapping[str, str] | None) -> tuple[str, ...]:
    """One strategy's cells, in the table's column order."""
    users = max(result.users, 1)
    names = [f"{j + 1} {d.protocol.upper()}" for j, d in enumerate(result.devices)]
    octets = sum(d.octets for d in result.devices)
    lines = sum(d.lines for d in result.devices)
    return (
        strategy_label(key, lang, labels),
        f"{human_bytes(result.server_octets)}\n"
        + ui("ui.study.per_user", lang, value=human_bytes(result.server_octets / users)),
        "\n".join(f"{name}: {human_bytes(d.local_octets)}"
                  for name, d in zip(names, result.devices, strict=True)),
        "\n".join(f"{name}: {d.offline:,}" for name, d in zip(names, result.devices, strict=True)),
        f"{human_bytes(octets)}\n{lines:,} {ui('ui.study.lines', lang)}",
        f"{result.delivered:,}\n{sum(d.retrieved for d in result.devices):,}",
    )


def study_figure(results: Mapping[str, StudyResult], lang: str = "en",
                 labels: Mapping[str, str] | None = None) -> Figure:
    """Four panels over the study's days, one line per strategy: server bytes, device
    bytes, mails readable offline, POP3/IMAP traffic so far."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import FuncFormatter

    panels = ("ui.study.panel_server", "ui.study.panel_devices", "ui.study.panel_offline",
              "ui.study.panel_traffic")
    with plt.rc_context({**chart_rc(lang), "lines.scale_dashes": True}):
        fig, axes = plt.subplots(2, 2, figsize=(WIDTH, 10), sharex=True)
        for index, (key, result) in enumerate(results.items()):
            colour, style, marker = STYLES[index % len(STYLES)]
            days = result.samples / DAY_US
            zero = np.zeros(len(days), dtype=np.int64)
            series = (zero if result.server_series is None else result.server_series,
                      *(_device_total(result, name, zero)
                        for name in ("local_series", "offline_series", "octets_series")))
            every = max(1, len(days) // 10)
            for ax, values in zip(axes.flat, series, strict=True):
                ax.plot(days, values, color=colour, linestyle=style, linewidth=3,
                        marker=marker, markersize=9, markevery=(index * every // len(results), every),
                        label=strategy_label(key, lang, labels))
        for ax, panel in zip(axes.flat, panels, strict=True):
            ax.set_title(ui(panel, lang), fontsize=FONT + 2)
            ax.grid(alpha=0.3)
            ax.tick_params(labelsize=FONT)
            shown = _count if panel == "ui.study.panel_offline" else human_bytes
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _, shown=shown: shown(v)))
        for ax in axes[-1]:
            ax.set_xlabel(ui("ui.study.day", lang), fontsize=FONT)
        # one legend for the four panels, below them: inside a panel it covers lines
        handles, names = axes[0][0].get_legend_handles_labels()
        fig.legend(handles, names, loc="lower center", ncol=min(len(names), 2), frameon=False,
                   fontsize=FONT)
        first = next(iter(results.values()))
        fig.suptitle(ui("ui.study.title", lang, users=f"{first.users:,}",
                        days=int(first.samples[-1] // DAY_US)), fontsize=FONT + 4)
        rows = -(-len(names) // 2)
        fig.tight_layout(rect=(0.0, rows * FONT * 1.8 / 72 / fig.get_figheight(), 1.0, 1.0))
    return fig


def _device_total(result: StudyResult, name: str, zero: Any) -> Any:
    """One series summed over the device indexes."""
    total = zero
    for device in result.devices:
        if getattr(device, name) is not None:
            total = total + getattr(device, name)
    return total


def plot_study(results: Mapping[str, StudyResult], path: str | Path, lang: str = "en",
               labels: Mapping[str, str] | None = None) -> None:
    """Write :func:`study_figure` to a PNG, SVG or PDF file, 1920 px wide."""
    import matplotlib

    matplotlib.use("Agg")
    save_chart(study_figure(results, lang, labels), path)
