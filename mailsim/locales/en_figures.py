"""Texts of the sequence figures: page titles by phase, hosts not on a page, output errors."""

CATALOG: dict[str, str] = {
    "figure.phase.submission": "Submission",
    "figure.phase.relay": "Relay",
    "figure.phase.dns": "DNS lookup",
    "figure.phase.delivery": "Delivery",
    "figure.phase.retrieval": "Retrieval",
    "figure.list_join": ", ",
    "figure.phase_join": " · ",
    "figure.not_on_page": "Not on this page: {hosts}",
    "figure.needs_pages": "the figure needs {pages} pages (the phases {phases}) and -o names one file: "
                          "add --per-page to write {first} … {last}, draw one page with "
                          "--page N, narrow the selection (--steps, --node, --protocol), "
                          "or write every page into one file with -o {pdf}",
    "figure.empty_selection": "nothing to draw: no event is selected; this trace has steps "
                              "{first} to {last} ({start} to {end})",
    "figure.empty_trace": "nothing to draw: the trace holds no events",
}
