"""The order of the lifelines in every sequence diagram: along the route of a mail.

The sending client, its mail server's authentication server, the mail server, the
relay, DNS, the recipient's side, and the devices that only read mail last — so arrows
mostly run left to right. A router stands next to the device whose SYN it dropped.
"""

from __future__ import annotations

from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.views.protocols import submission_ports

SMTP_PORT = 25


def lifeline_order(trace: Trace) -> list[str]:
    """Hosts that take part in ``trace``, ordered along the mail's route."""
    roles = dict(trace.header.hosts)
    seen: dict[str, None] = {}
    first_caller: dict[str, str] = {}
    senders: set[str] = set()
    first_blocked: dict[str, str] = {}  # a router: the first device whose SYN it dropped
    submission = submission_ports()  # any line on those ports: a TCP SYN to 587 counts too
    # A SYN a router dropped never reached its host: it does not give that host its place.
    dropped = {(str(e.data.get("src")), str(e.data.get("dst")), e.data.get("port"))
               for e in trace.states("port_blocked")}
    unreached: dict[str, None] = {}
    for event in trace:  # in order, so a host first seen in a state change keeps its place
        if (isinstance(event, MessageEvent) and event.t_arrived is None
                and (event.src, event.dst, event.port) in dropped):
            seen.setdefault(event.src, None)
            unreached.setdefault(event.dst, None)
            senders.add(event.src)  # it tried to send straight to an MX on port 25
            continue
        for host in event.nodes:
            seen.setdefault(host, None)
        if isinstance(event, MessageEvent):
            first_caller.setdefault(event.dst, event.src)
            if event.port in submission or (event.port == SMTP_PORT
                                            and roles.get(event.src) == "client"):
                senders.add(event.src)  # port 25 from a device: it sends straight to an MX
        elif isinstance(event, StateEvent) and event.action == "port_blocked":
            first_blocked.setdefault(event.node, str(event.data.get("src", "")))
    order = list(seen) + [h for h in unreached if h not in seen]
    # Authentication servers stand just left of the mail server that asks them.
    for host in [h for h in order if roles.get(h) == "auth"]:
        caller = first_caller.get(host)
        if caller in order and caller != host:
            order.remove(host)
            order.insert(order.index(caller), host)
    # A router stands just right of the device whose connection it blocked (OP25B).
    for router, device in first_blocked.items():
        if device in order and router in order:
            order.remove(router)
            order.insert(order.index(device) + 1, router)
    # Devices that only read mail come last, after the recipient's server.
    readers = [h for h in order if roles.get(h) == "client" and h not in senders]
    return [h for h in order if h not in readers] + readers
