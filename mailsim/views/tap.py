"""A wiretap on one link: what someone who can read the packets between two hosts sees.

Every unit whose path crosses the link (the lowest-latency path over the trace's links,
as the network routes it) is listed with what the tap reads: the line itself when it
travels in clear — with AUTH PLAIN and AUTH LOGIN's base64 decoded, because base64 is
an encoding, not encryption — and only its size and time when TLS protects it.

This module is the one place that decides what is readable: ``mailsim tap``, the
player's tap line (``views/player/tapping.py``), ``ms.tap`` in the notebooks and the
classroom page's tap tab (``views/html/sections/tap.py``) all read :func:`readings`
and :class:`Tapped`; :func:`step_words` says what the tap sees at one step.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from mailsim.trace import MessageEvent, Trace, TraceEvent
from mailsim.views.captions import ui
from mailsim.views.protocols import is_transport
from mailsim.views.routes import unit_paths

_AUTH_PLAIN = re.compile(r"^AUTH PLAIN (\S+)$", re.IGNORECASE)
_AUTH_LOGIN = re.compile(r"^AUTH LOGIN(?: (\S+))?$", re.IGNORECASE)

Kind = Literal["clear", "secret", "protected"]


class BadLink(ValueError):
    """A link named wrongly: not two hosts, an unknown host, or two hosts with no link."""


@dataclass(frozen=True, slots=True)
class Tapped:
    """One unit as the tap sees it: ``readable`` text, or None when it is encrypted."""

    event: MessageEvent
    readable: str | None
    secret: str | None = None  # a password the tap learnt from this unit

    @property
    def kind(self) -> Kind:
        """``secret`` (a password read), ``clear`` (readable) or ``protected`` (TLS)."""
        if self.readable is None:
            return "protected"
        return "secret" if self.secret else "clear"

    def parts(self) -> tuple[str, str, str]:
        """The readable text as ``(before, secret, after)``, for a view to highlight the secret.

        The secret is its last occurrence: a decoded AUTH line ends with it
        (``AUTH PLAIN AGFsaWNl...   = alice@example.com / alice-secret``).
        """
        text = self.readable or ""
        at = text.rfind(self.secret) if self.secret else -1
        if at < 0 or not self.secret:
            return text, "", ""
        return text[:at], self.secret, text[at + len(self.secret):]


def crosses(path: list[str], a: str, b: str) -> bool:
    return any({path[i], path[i + 1]} == {a, b} for i in range(len(path) - 1))


def crossing_pairs(trace: Trace, a: str, b: str) -> set[tuple[str, str]]:
    """The ``(src, dst)`` pairs of the trace whose units cross the link ``a``–``b``."""
    return {pair for pair, path in unit_paths(trace).items() if crosses(path, a, b)}


def _decoded(text: str) -> str | None:
    try:
        return base64.b64decode(text, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def readings(trace: Trace) -> Iterator[Tapped]:
    """Every unit of the trace as a tap on its way would read it, whatever the link."""
    login_step: dict[str, int] = {}  # connection -> AUTH LOGIN lines seen (user, then password)
    for event in trace.messages():
        if event.encrypted:
            yield Tapped(event, None)
            continue
        text, secret = event.text, None
        first = text.split("\n", 1)[0]
        plain = _AUTH_PLAIN.match(first)
        if plain is not None:  # RFC 4616: authzid NUL authcid NUL passwd, base64 on the wire
            decoded = _decoded(plain.group(1))
            if decoded is not None and decoded.count("\0") == 2:
                _, user, secret = decoded.split("\0")
                text = f"{first}   = {user} / {secret}"
        elif (login := _AUTH_LOGIN.match(first)) is not None and event.conn:
            login_step[event.conn] = 0
            if login.group(1):  # RFC 4954 §4: an initial response, here the username
                decoded = _decoded(login.group(1))
                if decoded is not None:
                    login_step[event.conn] = 1
                    text = f"{first}   = {decoded}"
        elif event.conn in login_step and event.protocol == "SMTP" and not first[:3].isdigit():
            decoded = _decoded(first)
            if decoded is not None:  # RFC 4954 §4: the username, then the password, in base64
                if login_step[event.conn] == 1:
                    secret = decoded
                login_step[event.conn] += 1
                text = f"{first}   = {decoded}"
            if event.conn and login_step.get(event.conn, 0) >= 2:
                del login_step[event.conn]  # a later DATA or QUIT is valid base64 too
        elif first.upper().startswith("PASS ") and event.protocol == "POP3":
            secret = first[5:]  # RFC 1939 §7: the password in clear
        elif event.protocol == "IMAP" and first.upper().split()[1:2] == ["LOGIN"]:
            words = first.split()  # RFC 3501 §6.2.3: tag LOGIN userid password, in clear
            secret = words[3].strip('"') if len(words) >= 4 else None
        yield Tapped(event, text, secret)


def tap(trace: Trace, a: str, b: str) -> Iterator[Tapped]:
    """What a tap on the link between ``a`` and ``b`` reads, unit by unit."""
    paths = unit_paths(trace)
    for seen in readings(trace):
        if crosses(paths[(seen.event.src, seen.event.dst)], a, b):
            yield seen


def links(trace: Trace) -> list[tuple[str, str]]:
    """The trace's links as ``(a, b)``, in the scenario's order: what a tap can be put on.

    A ``serve`` trace's real programs come after them: ``serve`` links its live client
    to each server it talks to, a link the header does not list (it is no part of the
    scenario), so each pair of a live unit's ends is one, in the order first seen.
    """
    found = [(a, b) for a, b, _, _ in trace.header.links]
    known = {frozenset(pair) for pair in found}
    for event in trace.messages():
        if event.live and frozenset((event.src, event.dst)) not in known:
            known.add(frozenset((event.src, event.dst)))
            found.append((event.src, event.dst))
    return found


def resolve_link(trace: Trace, link: str | Sequence[str], lang: str = "en") -> tuple[str, str]:
    """``"mx,bob"`` or ``("mx", "bob")`` as the two hosts of a link of the trace.

    Hosts are named as everywhere (full, short, prefix, role); the pair comes back in the
    order the scenario lists the link. Raises :class:`BadLink`
    with a message in ``lang`` when it is not two hosts, a host is unknown, or no link
    joins them.
    """
    from mailsim.views.select import UnknownHost, resolve_host

    words = link.split(",") if isinstance(link, str) else list(link)
    words = [w.strip() for w in words if w.strip()]
    if len(words) != 2:
        raise BadLink(ui("tap.bad_link", lang))
    try:
        a, b = (resolve_host(word, trace, lang) for word in words)
    except UnknownHost as exc:
        raise BadLink(str(exc)) from None
    for pair in links(trace):  # as the scenario writes it, whichever end was named first
        if set(pair) == {a, b}:
            return pair
    raise BadLink(ui("tap.no_link", lang, a=a, b=b))


class Wiretap:
    """A tap on one link of a trace, looked up by step: what it reads of each unit."""

    def __init__(self, trace: Trace, a: str, b: str) -> None:
        self.trace, self.a, self.b = trace, a, b
        self.seen: dict[int, Tapped] = {t.event.seq: t for t in tap(trace, a, b)}

    def at(self, seq: int) -> Tapped | None:
        """What the tap reads of step ``seq``, or None when that step does not cross it."""
        return self.seen.get(seq)

    def words(self, event: TraceEvent, lang: str = "en") -> str:
        """One sentence: what the tap sees at ``event`` (see :func:`step_words`)."""
        return step_words(event, self.at(event.seq), self.a, self.b, lang)

    def secrets(self) -> list[Tapped]:
        """The units a password was read from, in order."""
        return [t for t in self.seen.values() if t.secret]


Saying = Literal["state", "elsewhere", "protected", "secret", "segment", "clear"]


def saying(event: TraceEvent, seen: Tapped | None) -> Saying:
    """Which sentence :func:`step_words` says: a change inside a host, a unit off the link,
    one under TLS, a password read, a bare TCP segment, or a line read in clear."""
    if not isinstance(event, MessageEvent):
        return "state"
    if seen is None:
        return "elsewhere"
    if seen.kind != "clear":
        return seen.kind
    return "segment" if is_transport(event.protocol) else "clear"


# The catalogue key of each sentence (``tap.encrypted`` is mailsim tap's own TLS sentence).
SAYINGS: dict[Saying, str] = {"state": "tapview.state", "elsewhere": "tapview.elsewhere",
                              "protected": "tap.encrypted", "secret": "tapview.secret",
                              "segment": "tapview.segment", "clear": "tapview.clear"}


def step_words(event: TraceEvent, seen: Tapped | None, a: str, b: str, lang: str = "en") -> str:
    """What a tap on ``a``–``b`` sees at one step, in one sentence of ``lang``."""
    key = SAYINGS[saying(event, seen)]
    if isinstance(event, MessageEvent):
        return ui(key, lang, a=a, b=b, size=event.size, text=event.text,
                  secret=seen.secret if seen is not None else "")
    return ui(key, lang, node=event.node)
