"""Implicit-TLS listeners for live clients when the scenario does not model them.

A scenario may leave out ports 465, 995 and 993: its simulated clients never
use them. Real mail programs often do, so ``serve`` adds them to the simulated
host with the same session classes the scenario's plaintext ports use, set up
for implicit TLS (RFC 8314 §3.3: TLS first, then the protocol's greeting).
"""

from __future__ import annotations

from collections.abc import Callable

from mailsim.nodes.base import Node
from mailsim.nodes.mail_server import MailServer
from mailsim.nodes.mailbox_access import IMAPServerSession, POP3ServerSession
from mailsim.nodes.smtp_sessions import SMTPServerSession
from mailsim.protocols import imap, pop3
from mailsim.protocols.smtp import ServerConfig
from mailsim.sim.connection import Endpoint
from mailsim.sim.network import Network, StreamHandler

from .ports import Service


class ImplicitTLSSubmission(SMTPServerSession):
    """Submission on port 465: the 220 greeting waits until TLS is up (RFC 8314 §3.3)."""

    def on_open(self, endpoint: Endpoint) -> None:
        self.endpoint = endpoint

    def on_tls(self) -> None:
        assert self.endpoint is not None
        super().on_open(self.endpoint)


def _submission_465(server: MailServer) -> Callable[[], StreamHandler]:
    settings = server.submission
    assert settings is not None
    # TLS is already on, so AUTH is allowed at once and STARTTLS is not offered.
    config = ServerConfig(hostname=server.config.hostname, submission=True,
                          auth_mechanisms=settings.mechanisms, starttls=False,
                          auth_requires_tls=True, implicit_tls=True,
                          max_message_size=server.config.max_message_size)
    return lambda: ImplicitTLSSubmission(server, config)


def _pop3s(server: MailServer) -> Callable[[], StreamHandler]:
    def make() -> POP3ServerSession:
        # RFC 1939 §7: a timestamp unique to this greeting.
        stamp = f"<{server.rng.getrandbits(20)}.{server.network.now}@{server.config.hostname}>"
        config = pop3.POP3ServerConfig(server.config.hostname, stamp)
        return POP3ServerSession(server, config, implicit_tls=True)
    return make


def _imaps(server: MailServer) -> Callable[[], StreamHandler]:
    config = imap.IMAPServerConfig(server.config.hostname)
    return lambda: IMAPServerSession(server, config, implicit_tls=True)


def ensure_listener(network: Network, nodes: dict[str, Node], service: Service) -> bool:
    """Make sure the simulated host listens where ``service`` leads; False if it cannot."""
    if service.transport == "udp" or (service.sim_port, service.protocol) in network.ports(service.host):
        return True
    server = nodes.get(service.host)
    if not isinstance(server, MailServer) or not service.implicit_tls:
        return False
    if service.protocol == "SMTP" and server.submission is not None:
        factory = _submission_465(server)
    elif service.protocol == "POP3":
        factory = _pop3s(server)
    elif service.protocol == "IMAP":
        factory = _imaps(server)
    else:
        return False
    network.listen(service.host, service.sim_port, service.protocol, factory)
    return True
