"""English texts of the player and of the shared filters (views/select.py, views/player/)."""

CATALOG: dict[str, str] = {
    # --- host names given on the command line or typed in the player -----------------------
    "select.unknown_host": "unknown host '{word}'{hint}; the hosts are {hosts}",
    "select.unknown_word": "unknown protocol or host '{word}'{hint}; choose from {choices}",
    "select.did_you_mean": " (did you mean {names}?)",
    "select.ambiguous_host": "'{word}' could be {hosts}: give more of the name",
}
