"""When hosts and links are down or lossy: the network's fault calendar.

Times are whole microseconds. A window without an end lasts to the end of the
run. An outage takes effect for what starts during it — a new connection, a
datagram — while sessions already open finish (TCP would carry their data once
the path is back; modelling every retransmission of a long outage would only
hide the lesson). Packet loss hits every unit, and TCP retransmits.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from mailsim.sim.links import LinkTable, transit

Window = tuple[int, int | None]


def _inside(windows: Iterable[Window], t: int) -> bool:
    return any(start <= t and (end is None or t < end) for start, end in windows)


def link_key(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


@dataclass(slots=True)
class Outages:
    hosts: dict[str, list[Window]] = field(default_factory=dict)
    links: dict[frozenset[str], list[Window]] = field(default_factory=dict)
    loss: dict[frozenset[str], list[tuple[int, int | None, float]]] = field(default_factory=dict)

    def host_down(self, host: str, start: int, end: int | None) -> None:
        self.hosts.setdefault(host, []).append((start, end))

    def link_down(self, a: str, b: str, start: int, end: int | None) -> None:
        self.links.setdefault(link_key(a, b), []).append((start, end))

    def packet_loss(self, a: str, b: str, rate: float, start: int, end: int | None) -> None:
        self.loss.setdefault(link_key(a, b), []).append((start, end, rate))

    def host_up(self, host: str, t: int) -> bool:
        windows = self.hosts.get(host)
        return not windows or not _inside(windows, t)

    def link_up(self, a: str, b: str, t: int) -> bool:
        return not _inside(self.links.get(link_key(a, b), ()), t)

    def down_links(self, t: int) -> frozenset[frozenset[str]]:
        return frozenset(key for key, windows in self.links.items() if _inside(windows, t))

    def loss_rate(self, a: str, b: str, t: int) -> float:
        rates = [rate for start, end, rate in self.loss.get(link_key(a, b), ())
                 if start <= t and (end is None or t < end)]
        return max(rates, default=0.0)

    def host_back_at(self, host: str, t: int) -> int | None:
        """When a host that is down at ``t`` comes back (None: never)."""
        ends = [end for start, end in self.hosts.get(host, ()) if start <= t and (end is None or t < end)]
        if any(end is None for end in ends):
            return None
        return max((end for end in ends if end is not None), default=t)

    @property
    def lossy(self) -> bool:
        return bool(self.loss)


def arrival_through_faults(faults: Outages, links: LinkTable, rng: random.Random, src: str,
                           dst: str, size: int, now: int, outages: bool) -> int | None:
    """When a unit sent now arrives, with a fault possibly in the way; None if it is lost.

    With ``outages`` (a new exchange: a SYN, a datagram), a host or the links that are
    down now make it lost, as :meth:`Network.reachable` would say; on any unit, a lossy
    link on the way may drop it, and the run's RNG decides, one draw per lossy link.
    """
    down = faults.down_links(now) if outages and faults.links else frozenset()
    hops = links.path(src, dst, down)
    if hops is None or (outages and not (faults.host_up(src, now) and faults.host_up(dst, now))):
        return None
    if faults.lossy:
        for a, b in itertools.pairwise(hops):
            rate = faults.loss_rate(a, b, now)
            if rate and rng.random() < rate:
                return None
    return transit(links.route(src, dst, down) or (), size, now)
