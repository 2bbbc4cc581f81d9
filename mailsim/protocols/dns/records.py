"""DNS records, questions and answers as RFC 1035 defines them, with their sizes.

The zone the DNS server node answers from is in :mod:`.zone`; SOA and NS at a
zone's apex, and the negative TTL they give, in :mod:`.apex`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

NOERROR = "NOERROR"
NXDOMAIN = "NXDOMAIN"
SERVFAIL = "SERVFAIL"
BADVERS = "BADVERS"  # extended RCODE 16: an EDNS version the server does not do (RFC 6891 §6.1.3)

_NAME_RDATA = frozenset({"CNAME", "NS"})

# RFC 1035 §4.1.1 header; §4.1.2 question = QNAME + QTYPE(2) + QCLASS(2);
# §4.1.3 RR = NAME + TYPE(2) + CLASS(2) + TTL(4) + RDLENGTH(2) + RDATA.
HEADER_SIZE = 12
QUESTION_FIXED = 4
RR_FIXED = 10
POINTER_SIZE = 2
# RFC 1035 §4.2.1: a UDP message is at most 512 octets, unless EDNS says the
# client takes more (RFC 6891 §6.2.3); the OPT RR itself is 11 octets (§6.1.2).
UDP_LIMIT = 512
OPT_SIZE = 11
# RFC 1035 §4.2.2 (RFC 7766 §8): over TCP each message has a two-octet length first.
TCP_LENGTH_PREFIX = 2


def normalize_name(name: str) -> str:
    """Return ``name`` lower-cased and absolute (with the trailing root dot)."""
    name = name.strip().lower()
    return name if name.endswith(".") else name + "."


def _labels(name: str) -> list[str]:
    return [label for label in normalize_name(name).split(".") if label]


def _name_size(name: str, written: set[str]) -> int:
    """Octets for ``name``: a length octet plus bytes per label, then the root's zero
    octet, or a 2-octet pointer to a suffix already in ``written`` (RFC 1035 §4.1.4)."""
    labels = _labels(name)
    size = 0
    for i, label in enumerate(labels):
        suffix = ".".join(labels[i:]) + "."
        if suffix in written:
            return size + POINTER_SIZE
        written.add(suffix)
        size += 1 + len(label.encode())
    return size + 1


def _rdata_size(record: Record, written: set[str]) -> int:
    if record.rtype == "A":
        return 4
    if record.rtype == "AAAA":
        return 16
    if record.rtype == "MX":  # RFC 1035 §3.3.9: PREFERENCE(2) + EXCHANGE
        return 2 + _name_size(record.value, written)
    if record.rtype in _NAME_RDATA:
        return _name_size(record.value, written)
    if record.rtype == "SOA":  # RFC 1035 §3.3.13: MNAME, RNAME, five 32-bit numbers
        mname, rname, *_ = record.value.split()
        return _name_size(mname, written) + _name_size(rname, written) + 20
    data = record.value.encode()  # TXT: <character-string>s of at most 255 octets
    chunks = max(1, -(-len(data) // 255))
    return chunks + len(data)


@dataclass(frozen=True, slots=True)
class Record:
    """One resource record; ``preference`` is set for MX only."""

    name: str
    rtype: str
    ttl: int
    value: str
    preference: int | None = None

    def _rdata_text(self) -> str:
        if self.rtype == "MX":
            return f"{self.preference} {self.value}"
        if self.rtype == "TXT":
            return f'"{self.value}"'
        return self.value

    def to_text(self) -> str:
        """Zone-file / dig form: ``example.jp. 3600 IN MX 10 mx.example.jp.``."""
        return f"{self.name} {self.ttl} IN {self.rtype} {self._rdata_text()}"

    def summary_text(self) -> str:
        """Short form without TTL and class: ``example.jp. MX 10 mx.example.jp.``."""
        return f"{self.name} {self.rtype} {self._rdata_text()}"


@dataclass(frozen=True, slots=True)
class Query:
    """A question: one name and one type (class IN).

    ``edns`` is the EDNS version of the query's OPT record (None: no OPT, RFC 6891);
    ``udp_size`` the largest UDP answer the client takes (512 without EDNS).
    """

    id: int
    name: str
    qtype: str
    edns: int | None = None
    udp_size: int = UDP_LIMIT

    def to_text(self) -> str:
        """``QUERY example.jp. MX``; with EDNS ``QUERY example.jp. MX (EDNS 0, 1232 octets)``."""
        text = f"QUERY {normalize_name(self.name)} {self.qtype}"
        return text if self.edns is None else f"{text} (EDNS {self.edns}, {self.udp_size} octets)"

    def wire_size(self) -> int:
        """Size of the UDP payload in octets (RFC 1035 §4.1)."""
        opt = 0 if self.edns is None else OPT_SIZE
        return HEADER_SIZE + _name_size(self.name, set()) + QUESTION_FIXED + opt

    def udp_limit(self) -> int:
        """The largest UDP answer for this query: 512, or the EDNS size (never below 512)."""
        return UDP_LIMIT if self.edns is None else max(UDP_LIMIT, self.udp_size)


@dataclass(frozen=True, slots=True)
class Response:
    """An answer to a :class:`Query`; ``rcode`` is NOERROR, NXDOMAIN, SERVFAIL or BADVERS.

    ``authority`` holds the zone's SOA in a negative answer (RFC 2308 §3);
    ``truncated`` is the TC bit: the answer did not fit in UDP, ask over TCP (RFC 7766).
    """

    id: int
    name: str
    qtype: str
    rcode: str
    answers: tuple[Record, ...]
    additional: tuple[Record, ...] = ()
    authoritative: bool = True
    authority: tuple[Record, ...] = ()
    truncated: bool = False

    @property
    def is_nodata(self) -> bool:
        """NOERROR without an answer: the name exists, the type does not."""
        return self.rcode == NOERROR and not self.answers

    def to_text(self) -> str:
        """One line per record, like dig's summary; an empty answer gets one line."""
        name = normalize_name(self.name)
        if self.truncated:
            return f"TRUNCATED {name} {self.qtype} (TC=1: ask again over TCP)"
        if self.rcode != NOERROR:
            lines = [f"{self.rcode} {name} {self.qtype}"]
        elif not self.answers:
            lines = [f"NODATA {name} {self.qtype}"]
        else:
            lines = [f"ANSWER {record.summary_text()}" for record in self.answers]
        lines += [f"AUTHORITY {record.summary_text()}" for record in self.authority]
        lines += [f"ADDITIONAL {record.summary_text()}" for record in self.additional]
        return "\n".join(lines)

    def wire_size(self) -> int:
        """Size of the UDP payload in octets, with name compression (RFC 1035 §4.1.4)."""
        written: set[str] = set()
        size = HEADER_SIZE + _name_size(self.name, written) + QUESTION_FIXED
        for record in (*self.answers, *self.authority, *self.additional):
            owner = _name_size(record.name, written)
            size += owner + RR_FIXED + _rdata_size(record, written)
        return size


def truncated(response: Response) -> Response:
    """``response`` as a UDP answer that did not fit: TC=1 and no records (RFC 2181 §9)."""
    return replace(response, answers=(), additional=(), authority=(), truncated=True)


def _normalize_target(value: str) -> str:
    return "." if value.strip() == "." else normalize_name(value)

