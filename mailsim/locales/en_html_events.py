"""English texts of the classroom page's event list and its filter bar (``html.events.*``)."""

CATALOG: dict[str, str] = {
    "html.events.encrypted": "encrypted (TLS): a tap on the wire cannot read it",
    "html.events.empty_line": "(empty line)",
    "html.events.lost": "lost",
    "html.events.filter.title": "filters",
    "html.events.filter.no_tcp": "no TCP",
    "html.events.filter.host": "host…",
    "html.events.filter.conn": "connection…",
    "html.events.filter.remove": "Remove this filter",
    "html.events.filter.count": "{shown} of {all} events",
    "html.events.filter.start": "from",
    "html.events.filter.end": "to",
    "html.events.filter.time_hint": "A time: 90, 1.5s, 1m30s, 2h",
    "html.events.filter.tcp": "TCP segments",
    "html.events.filter.with_state": "all state rows",
    "html.events.filter.with_state_hint":
        "Show every state change, not only those the lines kept cause",
    "html.events.filter.clear": "clear",
}
