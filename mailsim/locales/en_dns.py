"""English texts of DNS round two (SOA, truncation and TCP) and of the live client's title."""

CATALOG: dict[str, str] = {
    # A real program connected to `mailsim serve`: not one of the scenario's devices.
    "role.client.live": "real mail client (connected from outside)",
    "analogy.client.live": "a real mail program outside the model: its letters enter the simulated post here",
    # RFC 1035 §4.1.1 TC, RFC 7766: the answer did not fit a UDP datagram.
    "step.dns.truncated": "The answer is too long for one UDP datagram (TC=1): ask again over TCP.",
}
