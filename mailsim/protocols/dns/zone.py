"""The authoritative data the DNS server node answers from, and how it answers.

One :class:`Zone` object holds every domain of a scenario (each apex with its
SOA and NS, :mod:`.apex`); a name under none of them is treated as the root
servers would: it does not exist, and its NXDOMAIN carries the root's SOA.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from mailsim.protocols.dns.apex import root_soa
from mailsim.protocols.dns.records import (
    BADVERS,
    NOERROR,
    NXDOMAIN,
    Query,
    Record,
    Response,
    _normalize_target,
    normalize_name,
)

_TARGET_RDATA = frozenset({"MX", "CNAME", "NS"})
_MAX_CNAME_CHAIN = 8


class Zone:
    """Authoritative data served by the DNS node; names compare case-insensitively.

    A name with an SOA record is a zone apex; ``serial`` is the root SOA's serial.
    """

    def __init__(self, records: Iterable[Record], *, serial: int = 1) -> None:
        self._by_name: dict[str, list[Record]] = {}
        self._soa: dict[str, Record] = {}
        for record in records:
            record = replace(record, name=normalize_name(record.name))
            if record.rtype in _TARGET_RDATA:
                record = replace(record, value=_normalize_target(record.value))
            self._by_name.setdefault(record.name, []).append(record)
            if record.rtype == "SOA":
                self._soa.setdefault(record.name, record)
        self._root_soa = root_soa(serial)

    def records(self) -> list[Record]:
        """Every record in the zone, in insertion order per name."""
        return [record for records in self._by_name.values() for record in records]

    def soa_for(self, name: str) -> Record:
        """The SOA of the closest enclosing apex of ``name``; the root's if none encloses it."""
        labels = normalize_name(name).rstrip(".").split(".")
        for i in range(len(labels)):
            found = self._soa.get(".".join(labels[i:]) + ".")
            if found is not None:
                return found
        return self._root_soa

    def answer(self, query: Query) -> Response:
        """Answer ``query`` as an authoritative server would.

        CNAMEs are followed inside the zone (RFC 1034 §4.3.2 step 3a); the A and
        AAAA records of MX exchanges go into the additional section (RFC 1035 §3.3.9).
        A negative answer carries the zone's SOA in its authority section (RFC 2308 §3).
        """
        name = normalize_name(query.name)
        if query.edns is not None and query.edns > 0:
            # RFC 6891 §6.1.3: a version we do not implement gets BADVERS, no answer.
            return Response(query.id, name, query.qtype, BADVERS, ())
        if name not in self._by_name:
            return Response(query.id, name, query.qtype, NXDOMAIN, (),
                            authority=(self.soa_for(name),))
        answers = self._any(name) if query.qtype == "ANY" else self._follow(name, query.qtype)
        if not answers:  # NODATA: the name is there, the type is not
            return Response(query.id, name, query.qtype, NOERROR, (),
                            authority=(self.soa_for(name),))
        additional = tuple(self._glue(answers))
        return Response(query.id, name, query.qtype, NOERROR, tuple(answers), additional)

    def _follow(self, name: str, qtype: str) -> list[Record]:
        answers: list[Record] = []
        current = name
        for _ in range(_MAX_CNAME_CHAIN):
            here = self._by_name.get(current, [])
            matching = [r for r in here if r.rtype == qtype]
            cnames = [r for r in here if r.rtype == "CNAME"]
            if matching or not cnames or qtype == "CNAME":
                answers += matching
                break
            answers.append(cnames[0])
            current = cnames[0].value
        return answers

    def _any(self, name: str) -> list[Record]:
        """RFC 8482 §4.1: answer ANY with one RRset of the name, not all of them."""
        here = self._by_name[name]
        return [r for r in here if r.rtype == here[0].rtype]

    def _glue(self, answers: Iterable[Record]) -> Iterator[Record]:
        for record in (r for r in answers if r.rtype in ("MX", "NS")):
            yield from (t for t in self._by_name.get(record.value, []) if t.rtype in ("A", "AAAA"))
