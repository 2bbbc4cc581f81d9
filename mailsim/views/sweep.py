"""The outcome table and figure of ``mailsim sweep``, from plain numbers.

A row is a variant's settings, (key, value) per ``--vary``, and, per metric
(``delay``, ``retries``, ``wire_bytes``, ``bounces``, ``delivered``), its (mean,
smallest, largest) over the seeds, or None when no run had a value (no mail
delivered: no delay). Labels come from the catalogues (``ui.sweep.*``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from mailsim.views.captions import ui
from mailsim.views.chart_style import FONT, WIDTH, chart_rc, save_chart
from mailsim.views.times import format_time

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Cell = tuple[float, float, float] | None
Row = tuple[Sequence[tuple[str, str]], Mapping[str, Cell]]  # (key, value) per --vary; cells
METRICS = ("delay", "retries", "wire_bytes", "bounces", "delivered")


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == round(value) else f"{value:,.1f}"


def format_cell(metric: str, cell: Cell) -> str:
    """``12.5`` over ``(10–15)``; one number when every seed gave the same; ``—`` for none."""
    if cell is None:
        return "—"
    show = format_time if metric == "delay" else _number
    mean, low, high = cell
    if low == high:
        return show(mean)
    return f"{show(mean)}\n({show(low)}–{show(high)})"


def variant_label(settings: Sequence[tuple[str, str]], lang: str) -> str:
    """``links[0].latency=20ms`` one setting a line; "as written" without any."""
    return "\n".join(f"{key}={value}" for key, value in settings) or ui("ui.sweep.as_written", lang)


def key_lines(key: str, width: int = 24) -> str:
    """A long ``--vary`` key cut into lines before a ``.`` of its path (never inside a
    quoted host name), each at most ``width`` where the path allows."""
    parts: list[str] = []
    quoted = False
    for ch in key:
        if ch == '"':
            quoted = not quoted
        if ch == "." and not quoted and parts and parts[-1]:
            parts.append("")
        if not parts:
            parts.append("")
        parts[-1] += ch
    lines = [""]
    for part in parts:
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def sweep_table(scenario: str, rows: Sequence[Row], seeds: int, lang: str = "en") -> Table:
    """One row per variant: a column per varied key (its value), then one per metric."""
    table = Table(title=ui("ui.sweep.title", lang, scenario=scenario, variants=len(rows), seeds=seeds),
                  caption=ui("ui.sweep.caption", lang), header_style="bold")
    keys = [key for key, _ in rows[0][0]] if rows else []
    values = [[value for _, value in settings] or [ui("ui.sweep.as_written", lang)]
              for settings, _ in rows]
    for column, key in enumerate(keys or [ui("ui.sweep.variant", lang)]):
        widest = max((len(row[column]) for row in values), default=0)
        # a long key breaks between the parts of its path; its short values stay whole
        table.add_column(key_lines(key), overflow="fold", min_width=min(widest, 24))
    for metric in METRICS:
        table.add_column(ui(f"ui.sweep.{metric}", lang), justify="right")
    for shown, (_, cells) in zip(values, rows, strict=True):
        table.add_row(*shown, *(format_cell(metric, cells.get(metric)) for metric in METRICS))
    return table


def sweep_figure(scenario: str, rows: Sequence[Row], lang: str = "en") -> Figure:
    """One panel per metric: a bar per variant at its mean, a line from smallest to largest."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    labels = [variant_label(settings, lang) for settings, _ in rows]
    places = list(range(len(rows)))
    with plt.rc_context(chart_rc(lang)):
        lines = max((len(settings) for settings, _ in rows), default=1) or 1
        # a bar is as tall as its label's lines of 18 pt text, and some room around
        fig, axes = plt.subplots(1, len(METRICS), figsize=(WIDTH, 2.6 + 0.42 * lines * len(rows)),
                                 sharey=True, squeeze=False)
        for ax, metric in zip(axes[0], METRICS, strict=True):
            column = [row_cells.get(metric) for _, row_cells in rows]
            scale = 1.0
            if metric == "delay":  # minutes once they matter, as the storage figure does
                minutes = max((cell[0] for cell in column if cell), default=0) > 600
                scale, unit = (60.0, "ui.time_minutes") if minutes else (1.0, "ui.time_seconds")
                ax.set_xlabel(ui(unit, lang))
            means = [cell[0] / scale if cell else 0.0 for cell in column]
            # max(): the mean of equal numbers can round a hair past them
            below = [max(0.0, cell[0] - cell[1]) / scale if cell else 0.0 for cell in column]
            above = [max(0.0, cell[2] - cell[0]) / scale if cell else 0.0 for cell in column]
            ax.barh(places, means, xerr=[below, above], capsize=3, color="#4c78a8")
            ax.set_title(ui(f"ui.sweep.{metric}", lang), fontsize=FONT)
            ax.set_xlim(left=0)
            ax.xaxis.set_major_locator(MaxNLocator(nbins=3))  # 18 pt numbers need the room
            ax.grid(axis="x", alpha=0.3)
        axes[0][0].set_yticks(places, labels, fontsize=FONT)
        axes[0][0].invert_yaxis()  # the first variant on top, as in the table
        fig.suptitle(ui("ui.sweep.figure_title", lang, scenario=scenario), fontsize=FONT + 4)
        fig.tight_layout()
    return fig


def plot_sweep(scenario: str, rows: Sequence[Row], path: str | Path, lang: str = "en") -> None:
    """Write :func:`sweep_figure` to a PNG, SVG or PDF file, 1920 px wide."""
    import matplotlib

    matplotlib.use("Agg")
    save_chart(sweep_figure(scenario, rows, lang), path)
