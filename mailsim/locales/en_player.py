"""English texts of the player and of the shared filters (views/select.py, views/player/)."""

CATALOG: dict[str, str] = {
    # --- host names given on the command line or typed in the player -----------------------
    "select.unknown_host": "unknown host '{word}'{hint}; the hosts are {hosts}",
    "select.unknown_word": "unknown protocol or host '{word}'{hint}; choose from {choices}",
    "select.did_you_mean": " (did you mean {names}?)",
    "select.ambiguous_host": "'{word}' could be {hosts}: give more of the name",
    # --- the full-screen player: list headers, state rows, keys -------------------------------
    "ui.player.column.step": "#",
    "ui.player.column.time": "time",
    "ui.player.column.route": "from → to",
    "ui.player.column.port": "proto:port",
    "ui.player.column.line": "line",
    "ui.player.state_cell": "state",
    "ui.player.key.keys": "all keys",
    "ui.player.key.with_state": "all state rows",
    "ui.player.key.focus": "next panel",
    "ui.player.key.scroll": "scroll the panel",
    "ui.player.keys_title": "Keys",
    "ui.player.keys_close": "Esc, q or ? closes this list",
    "ui.player.with_state_on": "every state change is shown",
    "ui.player.with_state_off": "only the state changes the filter's lines cause",
}
