"""DNS for mail routing: records, an authoritative zone, a caching resolver, MX choice.

Semantics follow RFC 1035 (messages, sizes), RFC 2308 (negative caching) and
RFC 5321 §5.1 (how an MTA turns MX answers into an ordered list of hosts).
Sans-IO: time is passed in as seconds, randomness as a ``random.Random``.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

NOERROR = "NOERROR"
NXDOMAIN = "NXDOMAIN"
SERVFAIL = "SERVFAIL"

_NAME_RDATA = frozenset({"CNAME", "NS"})
_MAX_CNAME_CHAIN = 8

# RFC 1035 §4.1.1 header; §4.1.2 question = QNAME + QTYPE(2) + QCLASS(2);
# §4.1.3 RR = NAME + TYPE(2) + CLASS(2) + TTL(4) + RDLENGTH(2) + RDATA.
HEADER_SIZE = 12
QUESTION_FIXED = 4
RR_FIXED = 10
POINTER_SIZE = 2


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
    """A question: one name and one type (class IN)."""

    id: int
    name: str
    qtype: str

    def to_text(self) -> str:
        """``QUERY example.jp. MX``."""
        return f"QUERY {normalize_name(self.name)} {self.qtype}"

    def wire_size(self) -> int:
        """Size of the UDP payload in octets (RFC 1035 §4.1)."""
        return HEADER_SIZE + _name_size(self.name, set()) + QUESTION_FIXED


@dataclass(frozen=True, slots=True)
class Response:
    """An answer to a :class:`Query`; ``rcode`` is NOERROR, NXDOMAIN or SERVFAIL."""

    id: int
    name: str
    qtype: str
    rcode: str
    answers: tuple[Record, ...]
    additional: tuple[Record, ...] = ()
    authoritative: bool = True

    @property
    def is_nodata(self) -> bool:
        """NOERROR without an answer: the name exists, the type does not."""
        return self.rcode == NOERROR and not self.answers

    def to_text(self) -> str:
        """One line per record, like dig's summary; an empty answer gets one line."""
        name = normalize_name(self.name)
        if self.rcode != NOERROR:
            lines = [f"{self.rcode} {name} {self.qtype}"]
        elif not self.answers:
            lines = [f"NODATA {name} {self.qtype}"]
        else:
            lines = [f"ANSWER {record.summary_text()}" for record in self.answers]
        lines += [f"ADDITIONAL {record.summary_text()}" for record in self.additional]
        return "\n".join(lines)

    def wire_size(self) -> int:
        """Size of the UDP payload in octets, with name compression (RFC 1035 §4.1.4)."""
        written: set[str] = set()
        size = HEADER_SIZE + _name_size(self.name, written) + QUESTION_FIXED
        for record in (*self.answers, *self.additional):
            owner = _name_size(record.name, written)
            size += owner + RR_FIXED + _rdata_size(record, written)
        return size


class Zone:
    """Authoritative data served by the DNS node; names compare case-insensitively."""

    def __init__(self, records: Iterable[Record]) -> None:
        self._by_name: dict[str, list[Record]] = {}
        for record in records:
            record = replace(record, name=normalize_name(record.name))
            if record.rtype in ("MX", *_NAME_RDATA):
                record = replace(record, value=_normalize_target(record.value))
            self._by_name.setdefault(record.name, []).append(record)

    def records(self) -> list[Record]:
        """Every record in the zone, in insertion order per name."""
        return [record for records in self._by_name.values() for record in records]

    def answer(self, query: Query) -> Response:
        """Answer ``query`` as an authoritative server would.

        CNAMEs are followed inside the zone (RFC 1034 §4.3.2 step 3a); the A and
        AAAA records of MX exchanges go into the additional section (RFC 1035 §3.3.9).
        """
        name = normalize_name(query.name)
        if name not in self._by_name:
            return Response(query.id, name, query.qtype, NXDOMAIN, ())
        answers: list[Record] = []
        current = name
        for _ in range(_MAX_CNAME_CHAIN):
            here = self._by_name.get(current, [])
            matching = [r for r in here if r.rtype == query.qtype]
            cnames = [r for r in here if r.rtype == "CNAME"]
            if matching or not cnames or query.qtype == "CNAME":
                answers += matching
                break
            answers.append(cnames[0])
            current = cnames[0].value
        additional = tuple(self._glue(answers))
        return Response(query.id, name, query.qtype, NOERROR, tuple(answers), additional)

    def _glue(self, answers: Iterable[Record]) -> Iterator[Record]:
        for record in (r for r in answers if r.rtype in ("MX", "NS")):
            yield from (t for t in self._by_name.get(record.value, []) if t.rtype in ("A", "AAAA"))


def _normalize_target(value: str) -> str:
    return "." if value.strip() == "." else normalize_name(value)


@dataclass(frozen=True, slots=True)
class CacheHit:
    """An RRset held by the cache, its TTLs counted down to ``remaining_ttl``.

    A negative hit (RFC 2308) has no records and ``rcode`` NXDOMAIN, or NOERROR
    for a cached NODATA.
    """

    name: str
    rtype: str
    records: tuple[Record, ...]
    remaining_ttl: float
    rcode: str = NOERROR

    @property
    def negative(self) -> bool:
        """True when the cache remembers that there is nothing to find."""
        return not self.records


@dataclass(frozen=True, slots=True)
class CacheMiss:
    """Nothing usable in the cache: ``reason`` is ``"absent"`` or ``"expired"``."""

    name: str
    rtype: str
    reason: str


@dataclass(frozen=True, slots=True)
class _Stored:
    records: tuple[Record, ...]
    expires_at: float
    rcode: str


_ANY = "*"  # key type for a cached NXDOMAIN: it covers every type (RFC 2308 §5)


class ResolverCache:
    """The caching stub resolver of an MTA; ``now`` is simulated seconds.

    Each RRset expires on its own TTL. NXDOMAIN and NODATA answers are cached for
    ``negative_ttl`` seconds (RFC 2308 §5; a real resolver takes it from the SOA).
    SERVFAIL is not cached.
    """

    def __init__(self, negative_ttl: float = 300.0) -> None:
        self.negative_ttl = negative_ttl
        self._store: dict[tuple[str, str], _Stored] = {}

    def get(self, name: str, qtype: str, now: float) -> CacheHit | CacheMiss:
        """Look ``name``/``qtype`` up; expired entries are dropped and reported."""
        name = normalize_name(name)
        expired = False
        for key in ((name, _ANY), (name, qtype)):
            stored = self._store.get(key)
            if stored is None:
                continue
            if stored.expires_at <= now:
                del self._store[key]
                expired = True
                continue
            remaining = stored.expires_at - now
            records = tuple(replace(r, ttl=int(remaining)) for r in stored.records)
            return CacheHit(name, qtype, records, remaining, stored.rcode)
        return CacheMiss(name, qtype, "expired" if expired else "absent")

    def put(self, response: Response, now: float) -> list[Record]:
        """Store a response's answers and additional records; return what was stored."""
        name = normalize_name(response.name)
        if response.rcode == NXDOMAIN:
            self._store[(name, _ANY)] = _Stored((), now + self.negative_ttl, NXDOMAIN)
            return []
        if response.rcode != NOERROR:
            return []
        if not response.answers:
            self._store[(name, response.qtype)] = _Stored((), now + self.negative_ttl, NOERROR)
            return []
        rrsets: dict[tuple[str, str], list[Record]] = {}
        for record in (*response.answers, *response.additional):
            key = (normalize_name(record.name), record.rtype)
            rrsets.setdefault(key, []).append(record)
        stored: list[Record] = []
        for key, records in rrsets.items():
            # RFC 2181 §5.2: one TTL per RRset; be conservative if they differ.
            ttl = min(r.ttl for r in records)
            self._store[key] = _Stored(tuple(records), now + ttl, NOERROR)
            self._store.pop((key[0], _ANY), None)
            stored += records
        return stored

    def entries(self, now: float) -> list[CacheHit]:
        """Unexpired entries by name and type (``*``: NXDOMAIN); the cache is not changed."""
        return [
            CacheHit(name, rtype, s.records, s.expires_at - now, s.rcode)
            for (name, rtype), s in sorted(self._store.items())
            if s.expires_at > now
        ]


@dataclass(frozen=True, slots=True)
class MailHost:
    """A host to try for delivery; ``address`` comes from the additional section."""

    hostname: str
    preference: int
    address: str | None = None


@dataclass(frozen=True, slots=True)
class MXFailure:
    """No host to deliver to; ``permanent`` means bounce (5xx), else retry later."""

    domain: str
    reason: str
    permanent: bool


def mail_exchangers(
    domain: str, mx_answer: Response, rng: random.Random
) -> list[MailHost] | MXFailure:
    """Turn an MX response into the ordered list of hosts to try (RFC 5321 §5.1)."""
    domain = normalize_name(domain)
    if mx_answer.rcode == NXDOMAIN:
        return MXFailure(domain, "domain does not exist (NXDOMAIN)", permanent=True)
    if mx_answer.rcode != NOERROR:
        return MXFailure(domain, f"DNS lookup failed ({mx_answer.rcode})", permanent=False)
    mx = [r for r in mx_answer.answers if r.rtype == "MX"]
    addresses = _addresses(mx_answer.additional)
    if not mx:
        # RFC 5321 §5.1: no MX -> the domain itself is the implicit MX, preference 0.
        return [MailHost(domain, 0, addresses.get(domain))]
    groups: dict[int, list[MailHost]] = {}
    for record in mx:
        host = _normalize_target(record.value)
        if host == ".":
            # RFC 7505 §3: an MX of "." is a null MX; alone it means "no mail here"
            # (handled below), mixed with real MXs it is invalid and skipped.
            continue
        preference = record.preference or 0
        groups.setdefault(preference, []).append(MailHost(host, preference, addresses.get(host)))
    ordered: list[MailHost] = []
    for preference in sorted(groups):
        group = groups[preference]
        if len(group) > 1:
            # RFC 5321 §5.1: equal preferences are tried in random order.
            rng.shuffle(group)
        ordered += group
    if not ordered:
        return MXFailure(domain, "domain does not accept mail (null MX)", permanent=True)
    return ordered


def _addresses(additional: tuple[Record, ...]) -> dict[str, str]:
    """Map each host to its first address, preferring A over AAAA."""
    found: dict[str, str] = {}
    for rtype in ("A", "AAAA"):
        for record in additional:
            if record.rtype == rtype:
                found.setdefault(normalize_name(record.name), record.value)
    return found
