"""English texts of the classroom page's sequence diagram (assets/sequence.js)."""

CATALOG: dict[str, str] = {
    "html.sequence.title": "Sequence diagram: one lifeline per host, one arrow per line on the wire",
    "html.sequence.axis.proportional": "to scale",
    "html.sequence.axis.compact": "compact",
    "html.sequence.key.axis": "sequence diagram: time to scale / compact",
    "html.sequence.encrypted": "encrypted {protocol}",
    "html.sequence.content": "message content, {lines} lines, {size} bytes",
    "html.sequence.more": "(+{n} lines)",
    "html.sequence.lost": "lost",
    "html.sequence.gap": "… {duration} …",
    "html.sequence.legend.encrypted": "encrypted (TLS)",
    "html.sequence.legend.state": "change inside a host",
    "html.sequence.legend.connection": "connection on a port",
}
