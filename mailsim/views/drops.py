"""Which lost SYNs a router dropped on purpose (OP25B), read from the trace alone.

The network traces a dropped SYN as a unit with no arrival, and the router records
``port_blocked`` (src, dst, port) when the SYN reaches it: the record follows the SYN
it is about. Views use this to end such a SYN at the router, not at the host it was for.
"""

from __future__ import annotations

from mailsim.trace import MessageEvent, Trace


def dropped_syns(trace: Trace) -> dict[int, str]:
    """The ``seq`` of each SYN a router dropped -> that router."""
    waiting: dict[tuple[str, str, int], int] = {}
    found: dict[int, str] = {}
    for event in trace:
        if isinstance(event, MessageEvent):
            if event.t_arrived is None and event.text == "SYN":
                waiting[event.src, event.dst, event.port] = event.seq
        elif event.action == "port_blocked":
            d = event.data
            port = d.get("port")
            syn = waiting.pop((str(d.get("src")), str(d.get("dst")), port if isinstance(port, int) else 0),
                              None)
            if syn is not None:
                found[syn] = event.node
    return found
