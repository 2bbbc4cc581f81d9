"""Tests for the DNS records, zone, resolver cache and MX selection."""

from __future__ import annotations

import random

import pytest

from mailsim.protocols.dns import (
    BADVERS,
    NOERROR,
    NXDOMAIN,
    SERVFAIL,
    CacheHit,
    CacheMiss,
    MailHost,
    MXFailure,
    Query,
    Record,
    ResolverCache,
    Response,
    Zone,
    apex_records,
    mail_exchangers,
    negative_ttl,
    normalize_name,
    truncated,
)

MX = Record("example.jp.", "MX", 3600, "mx.example.jp.", preference=10)
MX_A = Record("mx.example.jp.", "A", 300, "203.0.113.25")


@pytest.fixture
def zone() -> Zone:
    return Zone(
        [
            MX,
            MX_A,
            Record("Example.JP", "TXT", 3600, "v=spf1 mx -all"),
            Record("www.example.jp.", "CNAME", 3600, "host.example.jp."),
            Record("host.example.jp.", "A", 600, "203.0.113.80"),
            Record("nomail.example.", "MX", 3600, ".", preference=0),
            *apex_records("example.jp.", 3600, 2026040101, minimum=600),
        ],
        serial=2026040101,
    )


def mx_response(*records: Record, additional: tuple[Record, ...] = ()) -> Response:
    return Response(7, "example.jp.", "MX", NOERROR, records, additional)


# --- names and text forms -------------------------------------------------------


def test_normalize_name() -> None:
    assert normalize_name("Example.JP") == "example.jp."
    assert normalize_name("example.jp.") == "example.jp."


def test_record_to_text_dig_form() -> None:
    assert MX.to_text() == "example.jp. 3600 IN MX 10 mx.example.jp."
    assert MX_A.to_text() == "mx.example.jp. 300 IN A 203.0.113.25"
    assert MX.summary_text() == "example.jp. MX 10 mx.example.jp."


def test_query_to_text() -> None:
    assert Query(1, "Example.jp", "MX").to_text() == "QUERY example.jp. MX"


def test_response_to_text_forms(zone: Zone) -> None:
    answer = zone.answer(Query(1, "example.jp.", "MX"))
    assert answer.to_text().splitlines() == [
        "ANSWER example.jp. MX 10 mx.example.jp.",
        "ADDITIONAL mx.example.jp. A 203.0.113.25",
    ]
    nx = zone.answer(Query(2, "nowhere.jp.", "MX"))
    assert nx.to_text().splitlines() == [
        "NXDOMAIN nowhere.jp. MX",
        "AUTHORITY . SOA a.root-servers.net. nstld.verisign-grs.com. 2026040101 1800 900 604800 86400",
    ]
    nodata = zone.answer(Query(3, "mx.example.jp.", "MX"))
    assert nodata.to_text().splitlines() == [
        "NODATA mx.example.jp. MX",
        "AUTHORITY example.jp. SOA ns1.example.jp. hostmaster.example.jp. 2026040101 86400 7200 3600000 600",
    ]


# --- wire sizes -----------------------------------------------------------------


def test_query_wire_size_by_hand() -> None:
    # header 12 + QNAME (1+7 "example", 1+2 "jp", 1 root = 12) + QTYPE/QCLASS 4 = 28
    assert Query(1, "example.jp.", "MX").wire_size() == 28


def test_response_wire_size_by_hand(zone: Zone) -> None:
    # header 12 + question 16                                        = 28
    # MX RR: owner pointer 2 + fixed 10 + rdata (pref 2 + "mx" 3 + pointer 2) = 19
    # A RR:  owner pointer 2 (name seen in MX rdata) + fixed 10 + address 4   = 16
    # 28 + 19 + 16 = 63, what dig reports as "MSG SIZE rcvd" without EDNS.
    assert zone.answer(Query(1, "example.jp.", "MX")).wire_size() == 63


def test_wire_sizes_plausible(zone: Zone) -> None:
    nx = zone.answer(Query(1, "nowhere.jp.", "A"))
    # + the root's SOA: owner "." 1 + fixed 10 + MNAME 20 + RNAME 24 + five numbers 20
    assert nx.wire_size() == Query(1, "nowhere.jp.", "A").wire_size() + 75
    txt = zone.answer(Query(1, "example.jp.", "TXT"))
    assert txt.wire_size() == 28 + 2 + 10 + 1 + len("v=spf1 mx -all")
    aaaa = Response(1, "h.example.", "AAAA", NOERROR, (Record("h.example.", "AAAA", 60, "::1"),))
    assert aaaa.wire_size() == Query(1, "h.example.", "AAAA").wire_size() + 2 + 10 + 16
    assert all(r.wire_size() < 512 for r in (nx, txt, aaaa))  # fits plain UDP


# --- zone -----------------------------------------------------------------------


def test_zone_mx_with_additional_a(zone: Zone) -> None:
    response = zone.answer(Query(5, "example.jp.", "MX"))
    assert response.id == 5
    assert response.rcode == NOERROR
    assert response.authoritative
    assert response.answers == (MX,)
    assert response.additional == (MX_A,)


def test_zone_a_record(zone: Zone) -> None:
    response = zone.answer(Query(1, "mx.example.jp.", "A"))
    assert response.answers == (MX_A,)
    assert response.additional == ()


def test_zone_nodata(zone: Zone) -> None:
    response = zone.answer(Query(1, "mx.example.jp.", "AAAA"))
    assert response.rcode == NOERROR
    assert response.answers == ()
    assert response.is_nodata


def test_zone_nxdomain(zone: Zone) -> None:
    response = zone.answer(Query(1, "nowhere.example.jp.", "A"))
    assert response.rcode == NXDOMAIN
    assert response.answers == ()
    assert not response.is_nodata


def test_zone_case_insensitive(zone: Zone) -> None:
    response = zone.answer(Query(1, "EXAMPLE.Jp", "TXT"))
    assert response.rcode == NOERROR
    assert response.name == "example.jp."
    assert [r.value for r in response.answers] == ["v=spf1 mx -all"]


def test_zone_follows_cname(zone: Zone) -> None:
    response = zone.answer(Query(1, "www.example.jp.", "A"))
    assert [r.rtype for r in response.answers] == ["CNAME", "A"]
    assert response.answers[-1].value == "203.0.113.80"
    only_cname = zone.answer(Query(1, "www.example.jp.", "CNAME"))
    assert [r.rtype for r in only_cname.answers] == ["CNAME"]


# --- resolver cache -------------------------------------------------------------


def test_cache_hit_within_ttl(zone: Zone) -> None:
    cache = ResolverCache()
    stored = cache.put(zone.answer(Query(1, "example.jp.", "MX")), now=100.0)
    assert set(stored) == {MX, MX_A}
    hit = cache.get("Example.jp", "MX", now=160.0)
    assert isinstance(hit, CacheHit)
    assert not hit.negative
    assert hit.remaining_ttl == pytest.approx(3540.0)
    assert hit.records[0].ttl == 3540  # TTL counts down like a real resolver's
    assert hit.records[0].value == "mx.example.jp."


def test_cache_additional_records_have_their_own_ttl(zone: Zone) -> None:
    cache = ResolverCache()
    cache.put(zone.answer(Query(1, "example.jp.", "MX")), now=0.0)
    assert isinstance(cache.get("mx.example.jp.", "A", now=299.0), CacheHit)
    miss = cache.get("mx.example.jp.", "A", now=300.0)  # A had TTL 300
    assert miss == CacheMiss("mx.example.jp.", "A", "expired")
    assert isinstance(cache.get("example.jp.", "MX", now=300.0), CacheHit)


def test_cache_expiry_drops_entry(zone: Zone) -> None:
    cache = ResolverCache()
    cache.put(zone.answer(Query(1, "example.jp.", "MX")), now=0.0)
    assert cache.get("example.jp.", "MX", now=3600.0) == CacheMiss("example.jp.", "MX", "expired")
    assert cache.get("example.jp.", "MX", now=3601.0) == CacheMiss("example.jp.", "MX", "absent")


def test_cache_absent() -> None:
    assert ResolverCache().get("example.jp.", "MX", now=0.0) == CacheMiss(
        "example.jp.", "MX", "absent"
    )


def test_negative_caching_nxdomain(zone: Zone) -> None:
    cache = ResolverCache(max_negative_ttl=60.0)  # the root SOA's 86400 s, capped
    assert cache.put(zone.answer(Query(1, "nowhere.jp.", "MX")), now=0.0) == []
    hit = cache.get("nowhere.jp.", "A", now=30.0)  # NXDOMAIN covers every type
    assert isinstance(hit, CacheHit)
    assert hit.negative
    assert hit.rcode == NXDOMAIN
    assert hit.remaining_ttl == pytest.approx(30.0)
    assert cache.get("nowhere.jp.", "MX", now=60.0) == CacheMiss("nowhere.jp.", "MX", "expired")


def test_negative_caching_nodata(zone: Zone) -> None:
    cache = ResolverCache()
    cache.put(zone.answer(Query(1, "mx.example.jp.", "AAAA")), now=0.0)
    # RFC 2308 §5: min(SOA TTL 3600, MINIMUM 600) = 600 s
    assert isinstance(cache.get("mx.example.jp.", "AAAA", now=599.0), CacheHit)
    assert cache.get("mx.example.jp.", "AAAA", now=600.0) == CacheMiss(
        "mx.example.jp.", "AAAA", "expired")
    cache.put(zone.answer(Query(1, "mx.example.jp.", "AAAA")), now=0.0)
    hit = cache.get("mx.example.jp.", "AAAA", now=1.0)
    assert isinstance(hit, CacheHit)
    assert hit.negative
    assert hit.rcode == NOERROR
    assert isinstance(cache.get("mx.example.jp.", "A", now=1.0), CacheMiss)


def test_servfail_not_cached() -> None:
    cache = ResolverCache()
    assert cache.put(Response(1, "example.jp.", "MX", SERVFAIL, ()), now=0.0) == []
    assert cache.entries(now=0.0) == []


def test_cache_entries(zone: Zone) -> None:
    cache = ResolverCache()
    cache.put(zone.answer(Query(1, "example.jp.", "MX")), now=0.0)
    entries = cache.entries(now=10.0)
    assert [(e.name, e.rtype) for e in entries] == [
        ("example.jp.", "MX"),
        ("mx.example.jp.", "A"),
    ]
    assert entries[1].remaining_ttl == pytest.approx(290.0)
    assert [e.rtype for e in cache.entries(now=1000.0)] == ["MX"]


# --- MX selection (RFC 5321 §5.1) -------------------------------------------------


def test_mx_sorted_by_preference_with_addresses() -> None:
    response = mx_response(
        Record("example.jp.", "MX", 60, "backup.example.jp.", preference=20),
        Record("example.jp.", "MX", 60, "mx.example.jp.", preference=10),
        additional=(MX_A,),
    )
    hosts = mail_exchangers("example.jp", response, random.Random(1))
    assert hosts == [
        MailHost("mx.example.jp.", 10, "203.0.113.25"),
        MailHost("backup.example.jp.", 20, None),
    ]


def _tied_order(seed: int) -> list[str]:
    records = [
        Record("example.jp.", "MX", 60, f"mx{i}.example.jp.", preference=10) for i in range(4)
    ]
    backup = Record("example.jp.", "MX", 60, "backup.example.jp.", preference=5)
    hosts = mail_exchangers("example.jp.", mx_response(*records, backup), random.Random(seed))
    assert isinstance(hosts, list)
    assert hosts[0].hostname == "backup.example.jp."
    return [h.hostname for h in hosts[1:]]


def test_mx_ties_shuffled_deterministically_per_seed() -> None:
    assert _tied_order(42) == _tied_order(42)
    assert sorted(_tied_order(42)) == [f"mx{i}.example.jp." for i in range(4)]


def test_mx_ties_vary_across_seeds() -> None:
    orders = {tuple(_tied_order(seed)) for seed in range(20)}
    assert len(orders) > 1


def test_nxdomain_is_permanent_failure() -> None:
    response = Response(1, "nowhere.jp.", "MX", NXDOMAIN, ())
    failure = mail_exchangers("nowhere.jp.", response, random.Random(0))
    assert isinstance(failure, MXFailure)
    assert failure.permanent


def test_servfail_is_temporary_failure() -> None:
    response = Response(1, "example.jp.", "MX", SERVFAIL, ())
    failure = mail_exchangers("example.jp.", response, random.Random(0))
    assert isinstance(failure, MXFailure)
    assert not failure.permanent


def test_implicit_mx(zone: Zone) -> None:
    response = zone.answer(Query(1, "host.example.jp.", "MX"))
    assert response.is_nodata
    hosts = mail_exchangers("host.example.jp.", response, random.Random(0))
    assert hosts == [MailHost("host.example.jp.", 0, None)]


def test_null_mx(zone: Zone) -> None:
    response = zone.answer(Query(1, "nomail.example.", "MX"))
    failure = mail_exchangers("nomail.example.", response, random.Random(0))
    assert isinstance(failure, MXFailure)
    assert failure.permanent
    assert "does not accept mail" in failure.reason


def test_null_mx_mixed_with_real_mx_is_skipped() -> None:
    response = mx_response(Record("example.jp.", "MX", 60, ".", preference=0), MX)
    hosts = mail_exchangers("example.jp.", response, random.Random(0))
    assert hosts == [MailHost("mx.example.jp.", 10, None)]


def test_mail_exchangers_does_not_touch_global_random() -> None:
    random.seed(123)
    before = random.getstate()
    _tied_order(7)
    assert random.getstate() == before


# --- round two: SOA and NS at the apex, negative TTLs, EDNS, ANY, truncation ----------


def test_apex_has_soa_and_ns_with_the_name_servers_address() -> None:
    zone = Zone(apex_records("example.jp", 3600, 2026040101, address="198.51.100.53"))
    (soa,) = zone.answer(Query(1, "example.jp.", "SOA")).answers
    assert soa.to_text() == ("example.jp. 3600 IN SOA ns1.example.jp. hostmaster.example.jp. "
                             "2026040101 86400 7200 3600000 300")
    ns = zone.answer(Query(2, "Example.JP", "NS"))
    assert [r.value for r in ns.answers] == ["ns1.example.jp."]
    assert [r.to_text() for r in ns.additional] == ["ns1.example.jp. 3600 IN A 198.51.100.53"]


def test_apex_records_a_teacher_sets() -> None:
    records = apex_records("example.jp", 600, 1, ["dns.example.net", "ns2.example.org"],
                           address="198.51.100.53", rname="admin.example.jp", minimum=60)
    assert [r.summary_text() for r in records] == [
        "example.jp. SOA dns.example.net. admin.example.jp. 1 86400 7200 3600000 60",
        "example.jp. NS dns.example.net.",
        "example.jp. NS ns2.example.org.",
    ]  # named servers get no invented address


def test_every_negative_answer_carries_the_closest_soa(zone: Zone) -> None:
    """RFC 2308 §3: NXDOMAIN and NODATA have the zone's SOA in the authority section."""
    inside = zone.answer(Query(1, "nothing.example.jp.", "MX"))
    assert inside.rcode == NXDOMAIN
    assert [r.name for r in inside.authority] == ["example.jp."]
    nodata = zone.answer(Query(1, "mx.example.jp.", "AAAA"))
    assert nodata.is_nodata and [r.rtype for r in nodata.authority] == ["SOA"]
    assert [r.name for r in zone.answer(Query(1, "example.jq.", "MX")).authority] == ["."]
    assert zone.answer(Query(1, "example.jp.", "MX")).authority == ()  # positive: none


def test_negative_ttl_is_the_smaller_of_soa_ttl_and_minimum(zone: Zone) -> None:
    """RFC 2308 §5."""
    assert negative_ttl(zone.answer(Query(1, "mx.example.jp.", "AAAA"))) == 600
    short = Zone(apex_records("example.jp.", 120, 1))  # TTL 120 < MINIMUM 300
    assert negative_ttl(short.answer(Query(1, "example.jp.", "MX"))) == 120
    assert negative_ttl(Response(1, "x.", "A", NXDOMAIN, ())) is None


def test_a_negative_answer_without_soa_is_not_cached() -> None:
    cache = ResolverCache()
    assert cache.put(Response(1, "x.example.", "A", NXDOMAIN, ()), now=0.0) == []
    assert cache.entries(now=0.0) == []  # RFC 2308 §5: SHOULD NOT be cached


def test_edns_version_above_zero_gets_badvers(zone: Zone) -> None:
    """RFC 6891 §6.1.3."""
    assert zone.answer(Query(1, "example.jp.", "MX", edns=1, udp_size=1232)).rcode == BADVERS
    assert zone.answer(Query(1, "example.jp.", "MX", edns=0, udp_size=1232)).rcode == NOERROR


def test_query_with_edns_text_size_and_limit() -> None:
    plain, edns = Query(1, "example.jp.", "MX"), Query(1, "example.jp.", "MX", 0, 1232)
    assert edns.to_text() == "QUERY example.jp. MX (EDNS 0, 1232 octets)"
    assert edns.wire_size() == plain.wire_size() + 11  # the OPT RR
    assert (plain.udp_limit(), edns.udp_limit()) == (512, 1232)
    assert Query(1, "x.", "A", 0, 100).udp_limit() == 512  # below 512 counts as 512


def test_any_gets_one_rrset(zone: Zone) -> None:
    """RFC 8482 §4.1: one RRset of the name, not every record it has."""
    response = zone.answer(Query(1, "example.jp.", "ANY"))
    assert response.rcode == NOERROR and {r.rtype for r in response.answers} == {"MX"}
    assert zone.answer(Query(1, "nowhere.jp.", "ANY")).rcode == NXDOMAIN


def test_truncated_answer_has_tc_and_no_records_and_is_not_cached(zone: Zone) -> None:
    full = zone.answer(Query(1, "example.jp.", "MX"))
    cut = truncated(full)
    assert cut.truncated and cut.answers == cut.additional == cut.authority == ()
    assert cut.to_text() == "TRUNCATED example.jp. MX (TC=1: ask again over TCP)"
    assert cut.wire_size() == Query(1, "example.jp.", "MX").wire_size()  # header and question
    cache = ResolverCache()
    assert cache.put(cut, now=0.0) == [] and cache.entries(now=0.0) == []
