"""``compare``'s storage figure, drawn for a projector (:mod:`mailsim.views.chart_style`).

One panel per strategy; in every panel the server's mailboxes and each device,
each line with its own colour, marker and dash. Device lines that lie on each
other (IMAP keeps nothing on either device) take turns in their dashes, so each
shows. At each line's end, the mails it holds; a device's offline time is
shaded; where a POP3 device's ``delete_after`` removes mail from the server, a
marker says how many. Everything is read from the traces.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from mailsim.trace import Trace
from mailsim.views.captions import ui
from mailsim.views.chart_style import DASH, FONT, PALETTE, WIDTH, chart_rc, interleaved_dash
from mailsim.views.storage_data import (
    _device_lines,
    device_counts,
    devices_of,
    storage_series,
    strategy_label,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Annotation

MARKER_SIZE = 12
MARKS = 6  # markers along each line
EXPIRY_MARKER = "v"  # a black triangle where delete_after removes mail


def offline_spans(trace: Trace) -> dict[str, list[tuple[float, float]]]:
    """Each device's offline periods (start, end), from its offline/online state events;
    a device still offline at the end is offline until the trace's end."""
    devices = set(devices_of(trace))
    spans: dict[str, list[tuple[float, float]]] = {}
    since: dict[str, float] = {}
    for event in trace.states():
        if event.node not in devices:
            continue
        if event.action == "offline":
            since.setdefault(event.node, event.time)
        elif event.action == "online" and event.node in since:
            spans.setdefault(event.node, []).append((since.pop(event.node), event.time))
    for node, start in since.items():
        spans.setdefault(node, []).append((start, max(trace.duration, start)))
    return spans


def expiries(trace: Trace) -> list[tuple[float, int]]:
    """(time, mails) where a device's ``delete_after`` removed server copies: its
    ``server_copy_expired`` events, one group per device and moment."""
    groups: dict[tuple[str, float], int] = {}
    for event in trace.states("server_copy_expired"):
        key = (event.node, round(event.time, 3))
        groups[key] = groups.get(key, 0) + 1
    return sorted((time, count) for (_, time), count in groups.items())


def _value_at(times: list[float], values: list[int], t: float) -> int:
    """The step value in force at time ``t`` (the point at or before it)."""
    index = bisect_right(times, t) - 1
    return values[max(index, 0)] if values else 0


def _mails(count: int, lang: str) -> str:
    return ui("ui.chart.mails_one" if count == 1 else "ui.chart.mails_many", lang, count=count)


class _Styles:
    """One (colour, marker) per line name, the same in every panel."""

    def __init__(self) -> None:
        self.assigned: dict[str, tuple[str, str]] = {}

    def of(self, name: str) -> tuple[str, str]:
        if name not in self.assigned:
            devices = PALETTE[1:]
            self.assigned[name] = devices[len(self.assigned) % len(devices)]
        return self.assigned[name]


def storage_chart(traces: Mapping[str, Trace], lang: str = "en",
                  labels: Mapping[str, str] | None = None) -> Figure:
    """One panel per strategy, a legend shared by all, sized for a 1920 px projector."""
    import matplotlib.pyplot as plt

    longest = max((trace.duration for trace in traces.values()), default=0.0)
    scale, unit_key = (60.0, "ui.time_minutes") if longest > 600 else (1.0, "ui.time_seconds")
    columns = 2 if len(traces) > 1 else 1
    rows = max(1, -(-len(traces) // columns))
    styles = _Styles()
    handles: dict[str, Any] = {}
    with plt.rc_context(chart_rc(lang)):
        fig, axes = plt.subplots(rows, columns, figsize=(WIDTH, 2.4 + 3.9 * rows), sharex=True,
                                 sharey=True, squeeze=False)
        ends: list[tuple[Axes, list[Annotation]]] = []
        for ax, (key, trace) in zip(axes.flat, traces.items(), strict=False):
            ends.append((ax, _panel(ax, trace, scale, lang, styles, handles)))
            ax.set_title(strategy_label(key, lang, labels))
        for ax in axes.flat[len(traces):]:
            ax.set_visible(False)
        for ax in axes[-1]:
            ax.set_xlabel(ui(unit_key, lang))
        for ax in axes[:, 0]:
            ax.set_ylabel(ui("ui.bytes_stored", lang))
        fig.suptitle(ui("ui.storage_title", lang))
        ncol = min(len(handles), 3)
        legend_rows = -(-len(handles) // max(ncol, 1))
        fig.legend(list(handles.values()), list(handles), loc="lower center", ncol=ncol,
                   frameon=False, bbox_to_anchor=(0.5, 0.0))
        bottom = (legend_rows * FONT * 1.7 / 72 + FONT * 1.6 / 72) / fig.get_figheight()
        fig.text(0.5, bottom - FONT * 1.4 / 72 / fig.get_figheight(),
                 ui("ui.chart.counts_note", lang), ha="center", va="bottom", color="#444444")
        fig.tight_layout(rect=(0.0, bottom, 1.0, 1.0))
        for ax, texts in ends:
            _spread(fig, ax, texts)
    return fig


def _panel(ax: Axes, trace: Trace, scale: float, lang: str, styles: _Styles,
           handles: dict[str, Any]) -> list[Annotation]:
    """Draw one strategy's lines, shading and notes; return the end-of-line count labels."""
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    series = storage_series(trace)
    end = max(trace.duration, series.times[-1] if series.times else 0.0)
    times = [t / scale for t in (*series.times, end)]

    def steps(values: list[int]) -> list[int]:
        values = values or [0]
        return [*values, values[-1]][: len(times)]

    server_colour, server_marker = PALETTE[0]
    server_name = ui("ui.server_mailboxes", lang)
    lines = _device_lines(series, lang)
    line, = ax.step(times, steps(series.server), where="post", color=server_colour,
                    linewidth=4.5, zorder=3, label=server_name)
    handles.setdefault(server_name, _markers(ax, line, times, steps(series.server),
                                             server_marker, 0, len(lines) + 1))
    labels = [_end_label(ax, times[-1], steps(series.server)[-1], series.server_count,
                         server_colour, lang)]
    counts = dict(device_counts(series, lang))
    for index, (name, values) in enumerate(lines):
        colour, marker = styles.of(name)
        line, = ax.step(times, steps(values), where="post", color=colour, linewidth=3.5,
                        linestyle=interleaved_dash(index, len(lines)), zorder=4, label=name)
        handles.setdefault(name, _markers(ax, line, times, steps(values), marker, index + 1,
                                          len(lines) + 1))
        labels.append(_end_label(ax, times[-1], steps(values)[-1], counts.get(name, []),
                                 colour, lang))
    drawn = {name for name, _ in lines}
    for device, spans in offline_spans(trace).items():
        if device not in drawn:  # summed devices: no one line to shade for
            continue
        colour, _ = styles.of(device)
        for start, stop in spans:
            ax.axvspan(start / scale, stop / scale, facecolor=colour, edgecolor=colour,
                       alpha=0.14, hatch="//", linewidth=0, zorder=0)
        name = ui("ui.chart.offline", lang, device=device)
        handles.setdefault(name, Patch(facecolor=colour, edgecolor=colour, alpha=0.3,
                                       hatch="//", label=name))
    for time, count in expiries(trace):
        y = _value_at(series.times, series.server, time)
        note, = ax.plot([time / scale], [y], linestyle="none", marker=EXPIRY_MARKER,
                        color="black", markersize=MARKER_SIZE + 4, zorder=6)
        ax.annotate(ui("ui.chart.removed", lang, count=count), (time / scale, y),
                    xytext=(10, 8), textcoords="offset points", fontsize=FONT,
                    fontweight="bold", zorder=6, gid="expiry",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.8})
        handles.setdefault(ui("ui.chart.delete_after", lang), note)
    ax.grid(alpha=0.3)
    ax.set_xlim(0, times[-1] if times[-1] > 0 else 1)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))  # 120,000
    return labels


def _markers(ax: Axes, line: Any, times: list[float], values: list[int], marker: str,
             index: int, count: int) -> Any:
    """Markers along ``line``, at places of their own: line ``index`` of ``count`` is
    shifted by ``index / count`` of the spacing, so markers of lines that lie on each
    other never sit on each other. Returns a legend handle with line and marker."""
    from matplotlib.lines import Line2D

    span = times[-1] - times[0]
    xs = [times[0] + (k + (0.15 + index) / count) * span / MARKS for k in range(MARKS)]
    ys = [_value_at(times, values, x) for x in xs]
    colour = line.get_color()
    ax.plot(xs, ys, linestyle="none", marker=marker, markersize=MARKER_SIZE, color=colour,
            markerfacecolor="white", markeredgewidth=2.5, zorder=line.get_zorder() + 1)
    return Line2D([], [], color=colour, linewidth=line.get_linewidth(),
                  linestyle=line.get_linestyle() if index == 0 else (0, (DASH, DASH / 2)),
                  marker=marker, markersize=MARKER_SIZE, markerfacecolor="white",
                  markeredgewidth=2.5)


def _end_label(ax: Axes, x: float, y: float, counts: list[int], colour: str, lang: str) -> Annotation:
    """The mails a line holds at its end, just right of the panel."""
    final = counts[-1] if counts else 0
    return ax.annotate(_mails(final, lang), (1.0, y), xycoords=("axes fraction", "data"),
                       xytext=(8, 0), textcoords="offset points", ha="left", va="center",
                       color=colour, fontsize=FONT, fontweight="bold", annotation_clip=False,
                       gid="count")


def _spread(fig: Figure, ax: Axes, texts: list[Annotation]) -> None:
    """Move the count labels of one panel apart vertically so none covers another
    (lines that end at one height give labels at one height)."""
    if not texts:
        return
    height = ax.get_position().height * fig.get_figheight() * 72  # points
    gap = FONT * 1.3 / height  # one line of text, in axes fractions
    to_axes = ax.transData + ax.transAxes.inverted()
    wanted = sorted((to_axes.transform((0, text.xy[1]))[1], k) for k, text in enumerate(texts))
    placed: list[float] = []
    for y, _ in wanted:
        placed.append(max(y, placed[-1] + gap) if placed else y)
    overflow = placed[-1] - 1.0
    if overflow > 0:
        placed = [y - overflow for y in placed]
    for (_, k), y in zip(wanted, placed, strict=True):
        texts[k].xy = (1.0, y)
        texts[k].xycoords = "axes fraction"
