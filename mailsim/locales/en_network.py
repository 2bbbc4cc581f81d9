"""English texts of routers and the ISP's port 25 blocking (OP25B)."""

CATALOG: dict[str, str] = {
    "role.router": "router",
    "analogy.router": "the road out of your town, with a checkpoint",
    "state.port_blocked": "From a home line, port 25 reaches only the ISP's own mail server: a spam bot "
                          "cannot post letters straight into other towns' post offices.",
    "note.port_blocked": "{rule}: SYN to port {port} dropped",
    "text.port_blocked": "{rule}: dropped {src}'s connection to {dst} port {port}",
}
