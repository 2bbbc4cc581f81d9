"""A zone's apex: its SOA and NS records, and the negative TTL an SOA gives.

RFC 1035 §3.3.13 (SOA), §3.3.11 (NS); RFC 1034 §4.2.1: every zone has one SOA
and its NS records at the apex. RFC 2308 §3: a negative answer carries the SOA
in its authority section; §5: the resolver caches it for the smaller of the
SOA's own TTL and its MINIMUM field.
"""

from __future__ import annotations

from datetime import datetime

from mailsim.protocols.dns.records import Record, Response, normalize_name

# Refresh, retry and expire as RIPE-203 recommends (seconds); they steer secondary
# servers, which are not modelled, so they only show up in answers. MINIMUM is the
# negative TTL: 300 s, as many hosted zones use (and the cache's value before SOAs).
REFRESH = 86_400
RETRY = 7_200
EXPIRE = 3_600_000
MINIMUM = 300

# The root zone's SOA as the root servers serve it (names under no zone of the
# scenario do not exist: their NXDOMAIN carries this SOA, as a resolver's would).
ROOT_MNAME = "a.root-servers.net."
ROOT_RNAME = "nstld.verisign-grs.com."
ROOT_TTL = 86_400


def scenario_serial(start: datetime) -> int:
    """The usual date serial YYYYMMDDnn (RFC 1912 §2.2) for the scenario's start day."""
    return int(f"{start:%Y%m%d}01")


def soa_value(mname: str, rname: str, serial: int, refresh: int, retry: int, expire: int,
              minimum: int) -> str:
    """SOA RDATA in zone-file form: ``ns1.example.jp. hostmaster.example.jp. 2026040101 ...``."""
    return (f"{normalize_name(mname)} {normalize_name(rname)} "
            f"{serial} {refresh} {retry} {expire} {minimum}")


def apex_records(apex: str, ttl: int, serial: int, ns: list[str] | tuple[str, ...] = (), *,
                 address: str | None = None, mname: str | None = None,
                 rname: str | None = None, refresh: float = REFRESH, retry: float = RETRY,
                 expire: float = EXPIRE, minimum: float = MINIMUM) -> list[Record]:
    """SOA and NS records at ``apex`` (defaults ``ns1.<apex>``, ``hostmaster.<apex>``).

    With ``address`` (the DNS server's), the default name server ``ns1.<apex>`` gets
    an A record, so that the NS answer names a host that resolves.
    """
    apex = normalize_name(apex)
    servers = [normalize_name(name) for name in ns] or [f"ns1.{apex}"]
    value = soa_value(mname or servers[0], rname or f"hostmaster.{apex}", serial,
                      int(refresh), int(retry), int(expire), int(minimum))
    records = [Record(apex, "SOA", ttl, value)]
    records += [Record(apex, "NS", ttl, server) for server in servers]
    if address is not None and not ns:
        records.append(Record(servers[0], "A", ttl, address))
    return records


def root_soa(serial: int) -> Record:
    """The root zone's SOA (its MINIMUM, 86400, is the negative TTL of a missing TLD)."""
    return Record(".", "SOA", ROOT_TTL,
                  soa_value(ROOT_MNAME, ROOT_RNAME, serial, 1_800, 900, 604_800, ROOT_TTL))


def soa_minimum(record: Record) -> int:
    """The MINIMUM field of an SOA record (its last number)."""
    return int(record.value.split()[-1])


def negative_ttl(response: Response) -> int | None:
    """How long a negative answer may be cached (RFC 2308 §5); None without an SOA.

    The smaller of the SOA record's TTL and its MINIMUM field. An answer with no SOA
    in the authority section SHOULD NOT be cached (RFC 2308 §5): None.
    """
    soas = [r for r in response.authority if r.rtype == "SOA"]
    if not soas:
        return None
    return min(soas[0].ttl, soa_minimum(soas[0]))
