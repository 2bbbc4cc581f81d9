"""A receiving mail server's checks of who sent a mail: SPF (RFC 7208) at MAIL FROM.

The engines (``protocols/spf``) are sans-IO: they yield the DNS questions they need.
:func:`drive` answers each one with the node's own resolver, so every query of an
evaluation is a DNS line in the trace (and a cache hit when the answer is known).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from mailsim.nodes.resolver import Resolver
from mailsim.nodes.smtp_sessions import SMTPServerSession
from mailsim.protocols.dns import Response
from mailsim.protocols.lookups import Answer, Lookup
from mailsim.protocols.smtp import Reply
from mailsim.protocols.smtp.codes import OK_MAIL
from mailsim.protocols.spf import SPFCheck, SPFResult
from mailsim.trace.states import SPFChecked, StateChange

# RFC 7372 §3.2: X.7.23 "SPF validation failed"; 451 4.7.24 "SPF validation error" (a temperror)
SPF_FAILED = Reply(550, ("5.7.23 SPF validation failed: this address may not send for the domain",))
SPF_ERROR = Reply(451, ("4.7.24 SPF validation error: try again later",))


@dataclass(frozen=True, slots=True)
class SPFSettings:
    """A server's SPF policy: check every mail that arrives on port 25; refuse a ``fail``
    (and defer a ``temperror``) when ``reject_fail``, else only report the result."""

    reject_fail: bool = False


class CheckingServer(Protocol):
    """What the checks use of the mail server (an MTA) they run for."""

    resolver: Resolver | None
    rng: random.Random

    @property
    def hostname(self) -> str: ...
    def record(self, change: StateChange) -> None: ...
    def address_of(self, host: str) -> str: ...


class Check(Protocol):
    """An engine that asks DNS questions: SPFCheck, DMARCCheck."""

    def start(self) -> Lookup | None: ...
    def answer(self, answer: Answer) -> Lookup | None: ...


def as_answer(response: Response, qtype: str) -> Answer:
    """The resolver's response in the engines' form: the RDATA of the records of ``qtype``."""
    records = tuple(r.value for r in response.answers if r.rtype == qtype)
    rcode = response.rcode if response.rcode in ("NOERROR", "NXDOMAIN") else "SERVFAIL"
    return Answer(rcode, records)


def drive(resolver: Resolver, check: Check, done: Callable[[], None]) -> None:
    """Answer each of ``check``'s lookups through ``resolver``; call ``done`` at the end."""

    def step(lookup: Lookup | None) -> None:
        if lookup is None:
            done()
            return
        resolver.lookup(lookup.name, lookup.qtype,
                        lambda response: step(check.answer(as_answer(response, lookup.qtype))))

    step(check.start())


def spf_reply(result: SPFResult, settings: SPFSettings) -> Reply | None:
    """The refusal the policy gives for ``result``, or None to accept the sender."""
    if not settings.reject_fail:
        return None
    if result.result == "fail":
        return SPF_FAILED
    if result.result == "temperror":
        return SPF_ERROR
    return None


def check_spf(server: CheckingServer, session: SMTPServerSession, sender: str,
              settings: SPFSettings) -> None:
    """RFC 7208 §2.4: check the MAIL FROM identity for the client's address, then answer."""
    assert server.resolver is not None
    peer = session.peer_host
    ip = server.address_of(peer)
    check = SPFCheck(ip, sender, session.engine.helo or peer, receiver=server.hostname)

    def checked() -> None:
        result = check.result
        assert result is not None
        server.record(SPFChecked(sender=sender, domain=result.domain, ip=ip, result=result.result,
                                 reason=result.reason, lookups=result.lookups))
        session.spf, session.spf_ip = result, ip
        session.answer(spf_reply(result, settings) or OK_MAIL)

    drive(server.resolver, check, checked)
