"""One descriptor per protocol the trace names: the single list every view,
command and the live bridge reads.

A trace event's ``protocol`` field is one of these names: the application
protocols (SMTP, LDAP, DNS, POP3, IMAP) and the two pseudo protocols for what
carries them (TCP segments, the TLS handshake). Adding a protocol means one new
:class:`ProtocolInfo` in :data:`REGISTRY` (plus its engine and node); the views
pick up its colour, legend place and filter name from here.

This module imports nothing else of mailsim, so any layer may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Layer = Literal["application", "security", "transport"]
Transport = Literal["tcp", "udp"]
LiveHost = Literal["submission", "mx", "dns"]


@dataclass(frozen=True, slots=True)
class Port:
    """A well-known port of a protocol, and how ``mailsim serve`` offers it."""

    number: int
    submission: bool = False  # mail submission by a user's program (RFC 6409, RFC 8314)
    implicit_tls: bool = False  # TLS from the first byte (RFC 8314 §3.3)
    live: int | None = None  # the unprivileged loopback port that stands for it live
    live_host: LiveHost | None = None  # which simulated host serves it live


@dataclass(frozen=True, slots=True)
class LiveSettings:
    """How a live server treats a real client; ``{host}`` is the server's name."""

    idle_timeout: float  # seconds of silence the RFC allows at least
    idle_goodbye: str  # what the server says before closing a silent connection ("": nothing)
    busy: str  # what it says when too many connections are open
    deadline: str = ""  # ... when a line begun did not end within the command deadline
    too_long: str = ""  # ... when a line (or an IMAP literal) is past the cap
    per_address: str = ""  # ... when one client address holds too many connections


@dataclass(frozen=True, slots=True)
class ProtocolInfo:
    """Everything outside the engine that depends on which protocol a line is."""

    name: str  # as in the trace's ``protocol`` field
    layer: Layer
    transport: Transport
    order: int  # place in legends, filter choices and help texts
    colour: str  # figures and HTML
    style: str  # terminal tables (rich)
    caption: str  # caption key prefix: ``step.<caption>.*``
    ports: tuple[Port, ...] = ()
    legend_key: str | None = None  # UI text key for its legend entry; None: the name
    reads_mail: bool = False  # a device fetches its mail with it (POP3, IMAP)
    live: LiveSettings | None = None

    @property
    def application(self) -> bool:
        """A protocol line in its own right, not a TCP segment or a TLS handshake message."""
        return self.layer == "application"


REGISTRY: dict[str, ProtocolInfo] = {info.name: info for info in (
    ProtocolInfo(
        "SMTP", "application", "tcp", 0, "#1f5fa8", "bold cyan", "smtp",
        ports=(Port(587, submission=True, live=2587, live_host="submission"),
               Port(465, submission=True, implicit_tls=True, live=2465, live_host="submission"),
               Port(25, live=2525, live_host="mx")),
        live=LiveSettings(
            300.0,  # RFC 5321 §4.5.3.2.7
            "421 4.4.2 {host} Error: timeout exceeded\r\n",  # RFC 5321 §4.5.3.2, §3.8
            "421 4.7.0 {host} Error: too many connections\r\n",
            deadline="421 4.4.2 {host} Error: timeout exceeded\r\n",  # RFC 5321 §4.5.3.2
            too_long="421 4.7.0 {host} Error: line too long\r\n",
            per_address="421 4.7.0 {host} Error: too many connections from your address\r\n")),
    ProtocolInfo("LDAP", "application", "tcp", 1, "#b06a00", "bold yellow", "ldap",
                 ports=(Port(389),)),
    ProtocolInfo("DNS", "application", "udp", 2, "#8e3fa8", "bold magenta", "dns",
                 ports=(Port(53, live=5353, live_host="dns"),)),
    ProtocolInfo(
        "POP3", "application", "tcp", 3, "#2e8b2e", "bold green", "pop3", reads_mail=True,
        ports=(Port(110, live=2110, live_host="mx"),
               Port(995, implicit_tls=True, live=2995, live_host="mx")),
        live=LiveSettings(
            600.0,  # RFC 1939 §3
            "",  # RFC 1939 §3: close without a response
            "-ERR [SYS/TEMP] Too many connections\r\n",
            deadline="-ERR [SYS/TEMP] Command timeout\r\n",
            too_long="-ERR Line too long\r\n",
            per_address="-ERR [SYS/TEMP] Too many connections from your address\r\n")),
    ProtocolInfo(
        "IMAP", "application", "tcp", 4, "#0f7f86", "bold blue", "imap", reads_mail=True,
        ports=(Port(143, live=2143, live_host="mx"),
               Port(993, implicit_tls=True, live=2993, live_host="mx")),
        live=LiveSettings(
            1800.0,  # RFC 3501 §5.4
            "* BYE Autologout; idle for too long\r\n",  # RFC 3501 §5.4
            "* BYE Too many connections\r\n",
            deadline="* BYE Command timeout\r\n",
            too_long="* BYE Line or literal too long\r\n",
            per_address="* BYE Too many connections from your address\r\n")),
    ProtocolInfo("TLS", "security", "tcp", 5, "#c62828", "bold red", "tls",
                 legend_key="ui.tls_handshake"),
    ProtocolInfo("TCP", "transport", "tcp", 6, "#9a9a9a", "dim", "tcp", legend_key="ui.tcp"),
)}


def lookup(name: str) -> ProtocolInfo | None:
    """The descriptor of ``name`` (exactly as the trace spells it); None if unknown."""
    return REGISTRY.get(name)


def in_order() -> list[ProtocolInfo]:
    """Every protocol, in legend order."""
    return sorted(REGISTRY.values(), key=lambda info: (info.order, info.name))
