"""What the views need to know about each protocol, read from the one registry.

Every view asks here (never a list of its own), so a descriptor added to
:data:`mailsim.protocols.registry.REGISTRY` shows up in legends, colours,
table styles and filter choices without touching the views. Commands, which
may not import the protocols layer, ask here too.
"""

from __future__ import annotations

from mailsim.protocols.registry import REGISTRY, in_order, lookup

OTHER_COLOUR = "#444444"  # a protocol the registry does not know


def protocol_names() -> list[str]:
    """Every protocol name, in legend order: what ``--protocol`` and the player filter accept."""
    return [info.name for info in in_order()]


def known_protocol(name: str) -> str | None:
    """``name`` as the trace spells it (any case given), or None if no protocol has that name."""
    return name.upper() if lookup(name.upper()) is not None else None


def colour(protocol: str) -> str:
    """The protocol's colour in figures and HTML."""
    info = lookup(protocol)
    return info.colour if info is not None else OTHER_COLOUR


def style(protocol: str, default: str = "") -> str:
    """The protocol's rich style in terminal tables."""
    info = lookup(protocol)
    return info.style if info is not None else default


def caption_class(protocol: str) -> str | None:
    """The caption class the protocol's lines are explained by (None: not known)."""
    info = lookup(protocol)
    return info.caption if info is not None else None


def legend_key(protocol: str) -> str | None:
    """The UI text key of the protocol's legend entry (None: its name is the label)."""
    info = lookup(protocol)
    return info.legend_key if info is not None else None


def legend_rank(protocol: str) -> tuple[int, str]:
    """Sort key for legends: registry order, unknown names last (alphabetically)."""
    info = lookup(protocol)
    return (info.order if info is not None else len(REGISTRY), protocol)


def is_application(protocol: str) -> bool:
    """A protocol line proper, not a TCP segment or a TLS handshake message.

    A name the registry does not know counts as a protocol line.
    """
    info = lookup(protocol)
    return info is None or info.application


def is_transport(protocol: str) -> bool:
    """A bare TCP segment: drawn thin, dashed, dim."""
    info = lookup(protocol)
    return info is not None and info.layer == "transport"


def reads_mail(protocol: str) -> bool:
    """A protocol a device fetches its mail with (POP3, IMAP)."""
    info = lookup(protocol)
    return info is not None and info.reads_mail


def submission_ports() -> frozenset[int]:
    """The ports a user's mail program submits mail on (587, 465)."""
    return frozenset(port.number for info in REGISTRY.values() for port in info.ports
                     if port.submission)


def is_submission(protocol: str, port: int) -> bool:
    """A line of mail submission: the protocol and one of its submission ports."""
    info = lookup(protocol)
    return info is not None and any(p.number == port and p.submission for p in info.ports)
