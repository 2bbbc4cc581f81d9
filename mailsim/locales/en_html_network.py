"""English texts of the classroom page's animated network (``html.network.*``)."""

CATALOG: dict[str, str] = {
    "html.network.title": "The network: each line travels its link from sender to receiver",
    "html.network.devices": "{n} devices",
    "html.network.lost": "lost",
}
