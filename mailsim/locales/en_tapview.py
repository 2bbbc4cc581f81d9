"""English texts of the wiretap in the player, the notebooks and the classroom page."""

CATALOG: dict[str, str] = {
    "tapview.label": "Tap on {a} ↔ {b}",
    "tapview.state": "A change inside {node}: nothing crosses the wire at this step.",
    "tapview.elsewhere": "This step does not cross the link {a} ↔ {b}: the tap sees nothing of it.",
    "tapview.clear": "Sent in clear: the tap reads all {size} octets, word for word.",
    "tapview.secret": "Sent in clear: the tap learns a password: {secret}",
    "tapview.segment": "A bare TCP segment ({text}): the tap sees who talks to whom, on which port, and when.",
    "tapview.kind.clear": "readable",
    "tapview.kind.secret": "password!",
    "tapview.kind.protected": "protected (TLS)",
    "tapview.column.kind": "the tap",
    "tapview.off": "Tap removed.",
    "tapview.on": "Tap on {a} ↔ {b} (t: the next link)",
    "tapview.no_links": "This run has no links to put a tap on.",
    "tapview.nothing": "Nothing of this run crosses the link {a} ↔ {b}.",
    "ui.player.key.tap": "tap a link",
    "html.tab.tap": "tap",
    "html.tap.choose": "Put a tap on the link",
    "html.tap.none": "(no tap)",
    "html.tap.hint": "Choose a link here, or click one in the network: this tab then shows "
                     "what someone reading the packets on it sees at each step.",
    "html.tap.key": "tap the next link",
}
