"""The data the classroom page is built on, read from a trace alone.

The records are kept exactly as the JSONL file writes them (``event_to_dict``),
so the page and every other reader of a trace agree on each field. Everything a
script cannot work out by itself from the records — role titles, the postal
analogy, captions, the protocols' colours — is computed here with the same
functions the other views use, in both languages, so the page can switch
language without asking anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mailsim.locales import LANGUAGES, catalog
from mailsim.trace import Trace
from mailsim.trace.codec import event_to_dict
from mailsim.views.captions import host_title, node_caption, role_key
from mailsim.views.html.sections import section_builders
from mailsim.views.protocols import colour, is_application, is_transport, legend_rank, protocol_names
from mailsim.views.text import short_names
from mailsim.views.timeline import lifeline_order

PAYLOAD_VERSION = 1
UI_PREFIXES = ("html.", "role.", "analogy.")  # the catalogue keys the page's scripts read


def build_payload(trace: Trace, *, lang: str = "en", analogy: bool = False,
                  addresses: Mapping[str, str] | None = None,
                  lesson: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Everything the page shows, as plain JSON-ready data.

    ``addresses`` are the hosts' IP addresses and ``lesson`` the scenario's title,
    description, goals and questions by language: a trace records neither, so the
    command passes them from the scenario when it has one.
    """
    header = trace.header
    addresses = addresses or {}
    roles = dict(header.hosts)
    order = lifeline_order(trace)
    order += [name for name, _ in header.hosts if name not in order]  # hosts that never spoke
    shorts = short_names(order)
    hosts = [{
        "name": name,
        "role": roles.get(name, ""),
        "role_key": role_key(trace, name),
        "short": shorts.get(name, name),
        "ip": addresses.get(name),
        "title": {lg: host_title(trace, name, lg) for lg in LANGUAGES},
        "analogy": {lg: node_caption(trace, name, lg) for lg in LANGUAGES},
    } for name in order]
    used = {event.protocol for event in trace.messages()}
    protocols = {name: {"colour": colour(name), "transport": is_transport(name),
                        "application": is_application(name), "rank": legend_rank(name)[0]}
                 for name in [*protocol_names(), *sorted(used - set(protocol_names()))]}
    payload: dict[str, Any] = {
        "version": PAYLOAD_VERSION,
        "scenario": header.scenario,
        "seed": header.seed,
        "start": header.start,
        "lang": lang if lang in LANGUAGES else "en",
        "languages": list(LANGUAGES),
        "analogy": analogy,
        "hosts": hosts,
        "links": [{"a": a, "b": b, "latency": latency, "bandwidth": bandwidth}
                  for a, b, latency, bandwidth in header.links],
        "ports": [{"host": host, "port": port, "protocol": protocol}
                  for host, port, protocol in header.ports],
        "protocols": protocols,
        "lesson": dict(lesson) if lesson else None,
        "events": [event_to_dict(event) for event in trace],
        "ui": {lg: {k: v for k, v in catalog(lg).items() if k.startswith(UI_PREFIXES)}
               for lg in LANGUAGES},
    }
    for name, build in section_builders():
        payload[name] = build(trace)
    return payload
