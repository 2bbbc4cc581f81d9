"""The live side of the protocol registry: which real ports ``serve`` stands in for.

Read from :data:`mailsim.protocols.registry.REGISTRY` (each descriptor's ports
with a ``live`` port, and its live settings), so a new protocol with a live
port needs no change here. Light on purpose: the ``serve`` command's help texts
read it without loading the scenario layer.
"""

from __future__ import annotations

from mailsim.protocols.registry import LiveHost, LiveSettings, Transport, in_order, lookup


def _live_ports() -> list[tuple[str, int, int, LiveHost, bool]]:
    """(protocol, real port, live port, backing host, implicit TLS) for every live port.

    Stream services first, then those over UDP (DNS): the order ``serve`` lists them in.
    """
    found = [(info.name, port.number, port.live, port.live_host, port.implicit_tls, info.transport)
             for info in in_order() for port in info.ports
             if port.live is not None and port.live_host is not None]
    found.sort(key=lambda item: item[5] == "udp")
    return [(name, real, live, host, implicit) for name, real, live, host, implicit, _ in found]


# Real port -> live port on loopback.
DEFAULT_PORTS: dict[int, int] = {real: live for _, real, live, _, _ in _live_ports()}

# Real port -> (which simulated host backs it, protocol, implicit TLS).
SERVICES: dict[int, tuple[LiveHost, str, bool]] = {
    real: (host, name, implicit) for name, real, _, host, implicit in _live_ports()
}


def live_settings(protocol: str) -> LiveSettings:
    """Idle timeout and goodbye texts of a protocol served live (KeyError if it is not)."""
    info = lookup(protocol)
    if info is None or info.live is None:
        raise KeyError(protocol)
    return info.live


def transport(protocol: str) -> Transport:
    """``tcp`` or ``udp``, as the registry says (``tcp`` for a name it does not know)."""
    info = lookup(protocol)
    return info.transport if info is not None else "tcp"


def idle_minimums() -> dict[str, float]:
    """Protocol -> the shortest idle timeout its RFC allows, for every protocol served live."""
    return {info.name: info.live.idle_timeout for info in in_order() if info.live is not None}
