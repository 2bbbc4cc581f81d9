"""Texts of the sequence figures: page titles by phase, hosts not on a page, output errors."""

CATALOG: dict[str, str] = {
    "figure.phase.submission": "Submission",
    "figure.phase.relay": "Relay",
    "figure.phase.dns": "DNS lookup",
    "figure.phase.delivery": "Delivery",
    "figure.phase.retrieval": "Retrieval",
    "figure.phase_join": " · ",
    "figure.not_on_page": "Not on this page: {hosts}",
}
