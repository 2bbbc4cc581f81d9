"""The DNS questions a sans-IO policy engine asks (SPF, DMARC) and the answers it is given.

An engine yields a :class:`Lookup` and is sent an :class:`Answer`; whoever drives it
(a mail server node in the simulation, a test with a table) does the query its own way.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Lookup:
    """A DNS question: ``qtype`` is TXT, A, AAAA, MX or PTR."""

    name: str
    qtype: str


@dataclass(frozen=True, slots=True)
class Answer:
    """What DNS said: ``rcode`` NOERROR, NXDOMAIN, or anything else for an error (SERVFAIL,
    TIMEOUT when no answer came). ``records`` are the RDATA texts of the answer's records of
    the asked type: a TXT record's strings joined, an address, an MX exchange, a PTR name."""

    rcode: str
    records: tuple[str, ...] = ()

    @property
    def failed(self) -> bool:
        """A DNS error (not a name or a type that does not exist)."""
        return self.rcode not in ("NOERROR", "NXDOMAIN")


class LookupEngine:
    """An evaluation written as a generator (``_run``) that yields each :class:`Lookup` it
    needs and is sent the :class:`Answer`: ``start()``, then ``answer()`` until None."""

    def __init__(self) -> None:
        self._steps = self._run()  # subclasses set their fields first, then call this

    def _run(self) -> Generator[Lookup, Answer, None]:
        raise NotImplementedError

    def start(self) -> Lookup | None:
        return self._advance(None)

    def answer(self, answer: Answer) -> Lookup | None:
        return self._advance(answer)

    def _advance(self, answer: Answer | None) -> Lookup | None:
        try:
            return next(self._steps) if answer is None else self._steps.send(answer)
        except StopIteration:
            return None
