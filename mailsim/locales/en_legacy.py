"""English texts of POP before SMTP: relaying for an address after a POP3 login."""

CATALOG: dict[str, str] = {
    "state.relay_window_opened": "POP before SMTP: after this POP3 login the server lets mail from the "
                                 "same IP address out on port 25 for a while, with no password. It "
                                 "trusts the address, not the person.",
    "note.relay_window_opened": "{ip} may relay (POP3 login)",
    "text.relay_window_opened": "POP before SMTP: {user} logged in with POP3 from {ip}; that address "
                                "may relay until {until}",
    "state.relay_window_used": "The server relays this mail without asking for a password, only because "
                               "someone logged in with POP3 from the same IP address a little earlier. "
                               "It cannot tell who is sending.",
    "note.relay_window_used": "relayed for {ip}: no password",
    "text.relay_window_used": "POP before SMTP: relaying to {recipient} for {ip} (after the POP3 login "
                              "of {user}); no password asked",
}
