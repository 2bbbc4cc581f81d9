"""DNS records, questions and answers as RFC 1035 defines them, with their sizes;
and the authoritative zone the DNS server node answers from."""

from __future__ import annotations

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

