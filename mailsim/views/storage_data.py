"""Storage over time, read from a trace: the series ``compare``'s figure draws, the
strategies' names, and the devices' lines (one each, or their sum past six).

Apart from :mod:`mailsim.views.storage` so that the figure's module
(:mod:`mailsim.views.storage_chart`) reads them without an import cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mailsim.trace import Trace
from mailsim.trace.replay import walk
from mailsim.views.captions import ui
from mailsim.views.protocols import reads_mail


@dataclass(slots=True)
class StorageSeries:
    """Storage in octets after each state change: one list per place."""

    times: list[float] = field(default_factory=list)
    server: list[int] = field(default_factory=list)
    devices: dict[str, list[int]] = field(default_factory=dict)
    # messages at the same points: the mails behind the octets
    server_count: list[int] = field(default_factory=list)
    device_count: dict[str, list[int]] = field(default_factory=dict)


def devices_of(trace: Trace) -> list[str]:
    """The devices that read mail in this run (clients that spoke POP3 or IMAP)."""
    readers = {e.src for e in trace.messages() if reads_mail(e.protocol)}
    return [name for name, role in trace.header.hosts if role == "client" and name in readers]


def storage_series(trace: Trace) -> StorageSeries:
    """Server and per-device storage over simulated time, by folding the trace."""
    series = StorageSeries()
    names = devices_of(trace)
    series.devices = {name: [] for name in names}
    series.device_count = {name: [] for name in names}
    last: tuple[int, ...] | None = None
    for _, state in walk(trace):
        point = (state.server_bytes(), *(state.device(n).local_bytes for n in names))
        if point != last:
            series.times.append(state.time)
            series.server.append(point[0])
            # counted only where the octets change: a mail always has some
            series.server_count.append(sum(len(box) for boxes in state.mailboxes.values()
                                           for box in boxes.values()))
            for name, value in zip(names, point[1:], strict=True):
                series.devices[name].append(value)
                series.device_count[name].append(len(state.device(name).local))
            last = point
    return series


def strategy_label(key: str, lang: str = "en", labels: Mapping[str, str] | None = None) -> str:
    """The strategy's name in ``lang`` ("IMAP with local cache", "IMAP(端末にキャッシュ)"):
    from the catalogue, else from ``labels``, else the key."""
    label = ui(f"ui.compare.{key}", lang)
    if not label.startswith("ui."):
        return label
    return (labels or {}).get(key, key)


# More device lines than this make a legend that covers the plot (a workload has
# one device line per user and device): they are drawn as one line, their sum.
MAX_DEVICE_LINES = 6


def _device_lines(series: StorageSeries, lang: str) -> list[tuple[str, list[int]]]:
    """Each device's line, or, past :data:`MAX_DEVICE_LINES`, one line of their sum."""
    if len(series.devices) <= MAX_DEVICE_LINES:
        return list(series.devices.items())
    total = [sum(column) for column in zip(*series.devices.values(), strict=True)]
    return [(ui("ui.all_devices", lang, count=len(series.devices)), total)]


def device_counts(series: StorageSeries, lang: str) -> list[tuple[str, list[int]]]:
    """The mails behind :func:`_device_lines`, line for line."""
    if len(series.device_count) <= MAX_DEVICE_LINES:
        return list(series.device_count.items())
    total = [sum(column) for column in zip(*series.device_count.values(), strict=True)]
    return [(ui("ui.all_devices", lang, count=len(series.device_count)), total)]
