"""The SPF engine (RFC 7208) alone: a table of DNS records answers its lookups."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.protocols.spf import RESULTS, Answer, Lookup, SPFCheck, SPFResult, parse_record
from mailsim.protocols.spf.macros import MacroContext, expand

Zone = Mapping[tuple[str, str], Answer | tuple[str, ...]]


def check(zone: Zone, ip: str = "192.0.2.25", mail_from: str = "alice@example.com",
          helo: str = "mail.example.com") -> tuple[SPFResult, list[Lookup]]:
    """Run a check, answering from ``zone``: a missing name is NXDOMAIN."""
    spf = SPFCheck(ip, mail_from, helo)
    asked: list[Lookup] = []
    lookup = spf.start()
    while lookup is not None:
        asked.append(lookup)
        assert len(asked) < 200
        found = zone.get((lookup.name, lookup.qtype))
        if isinstance(found, Answer):
            answer = found
        elif found is not None:
            answer = Answer("NOERROR", found)
        elif any(name == lookup.name for name, _ in zone):
            answer = Answer("NOERROR")  # the name exists, not this type
        else:
            answer = Answer("NXDOMAIN")
        lookup = spf.answer(answer)
    assert spf.result is not None
    return spf.result, asked


def txt(record: str) -> tuple[str, ...]:
    return (record,)


@pytest.mark.parametrize(("record", "ip", "result"), [
    ("v=spf1 ip4:192.0.2.25 -all", "192.0.2.25", "pass"),
    ("v=spf1 ip4:192.0.2.25 -all", "198.51.100.7", "fail"),
    ("v=spf1 ip4:192.0.2.0/24 ~all", "192.0.2.200", "pass"),
    ("v=spf1 ip4:192.0.2.0/24 ~all", "192.0.3.1", "softfail"),
    ("v=spf1 ?all", "192.0.2.25", "neutral"),
    ("v=spf1 ip4:10.0.0.1", "192.0.2.25", "neutral"),  # nothing matched, no all: neutral (§4.7)
    ("v=spf1 -ip4:192.0.2.25 +all", "192.0.2.25", "fail"),  # the first match decides
    ("v=spf1 ip6:2001:db8::/32 -all", "2001:db8::25", "pass"),
    ("v=spf1 ip6:2001:db8::/32 -all", "192.0.2.25", "fail"),  # ip6 never matches an IPv4 client
    ("V=SPF1 IP4:192.0.2.25 -ALL", "192.0.2.25", "pass"),  # names are case-insensitive
])
def test_address_mechanisms_and_qualifiers(record: str, ip: str, result: str) -> None:
    got, asked = check({("example.com", "TXT"): txt(record)}, ip=ip)
    assert got.result == result
    assert asked == [Lookup("example.com", "TXT")]  # ip4, ip6 and all need no DNS


def test_a_and_mx_look_up_the_domains_addresses() -> None:
    zone: Zone = {
        ("example.com", "TXT"): txt("v=spf1 mx a:out.example.com -all"),
        ("example.com", "MX"): ("mx1.example.com", "mx2.example.com"),
        ("mx1.example.com", "A"): ("192.0.2.10",),
        ("mx2.example.com", "A"): ("192.0.2.11",),
        ("out.example.com", "A"): ("198.51.100.0",),
    }
    assert check(zone, ip="192.0.2.11")[0].result == "pass"
    result, asked = check(zone, ip="198.51.100.1")
    assert result.result == "fail"
    assert [(q.name, q.qtype) for q in asked] == [
        ("example.com", "TXT"), ("example.com", "MX"), ("mx1.example.com", "A"),
        ("mx2.example.com", "A"), ("out.example.com", "A")]
    zone = {**zone, ("example.com", "TXT"): txt("v=spf1 a:out.example.com/24 -all")}
    assert check(zone, ip="198.51.100.1")[0].result == "pass"  # the CIDR prefix widens it


@pytest.mark.parametrize(("inner", "result"), [
    ("v=spf1 ip4:192.0.2.25 -all", "pass"),      # pass: the include matches
    ("v=spf1 -all", "softfail"),                 # fail: no match, evaluation goes on
    ("v=spf1 ?all", "softfail"),                 # neutral: no match either
    (None, "permerror"),                         # no SPF record there: permerror (§5.2)
])
def test_include_maps_its_result(inner: str | None, result: str) -> None:
    zone: dict[tuple[str, str], Answer | tuple[str, ...]] = {
        ("example.com", "TXT"): txt("v=spf1 include:_spf.provider.example ~all")}
    if inner is not None:
        zone[("_spf.provider.example", "TXT")] = txt(inner)
    assert check(zone)[0].result == result


def test_redirect_applies_only_when_nothing_matched() -> None:
    zone: Zone = {
        ("example.com", "TXT"): txt("v=spf1 ip4:203.0.113.1 redirect=_spf.example.net"),
        ("_spf.example.net", "TXT"): txt("v=spf1 ip4:192.0.2.25 -all"),
    }
    assert check(zone)[0].result == "pass"
    assert check(zone, ip="198.51.100.9")[0].result == "fail"
    missing = {("example.com", "TXT"): txt("v=spf1 redirect=nowhere.example")}
    assert check(missing)[0].result == "permerror"  # §6.1: a redirect to no record


def test_no_record_or_no_domain_is_none_and_two_records_are_a_permerror() -> None:
    assert check({})[0].result == "none"
    assert check({("example.com", "TXT"): txt("google-site-verification=abc")})[0].result == "none"
    two = {("example.com", "TXT"): ("v=spf1 -all", "v=spf1 +all")}
    assert check(two)[0].result == "permerror"
    assert check({}, mail_from="alice@localhost")[0].result == "none"  # not a multi-label name


def test_a_dns_failure_is_a_temperror() -> None:
    assert check({("example.com", "TXT"): Answer("SERVFAIL")})[0].result == "temperror"
    zone: Zone = {("example.com", "TXT"): txt("v=spf1 a:out.example.com -all"),
                  ("out.example.com", "A"): Answer("TIMEOUT")}
    assert check(zone)[0].result == "temperror"


def _chain(terms: int) -> dict[tuple[str, str], Answer | tuple[str, ...]]:
    """example.com with ``terms`` include: terms, each to a record that does not match."""
    names = [f"i{n}.example.net" for n in range(terms)]
    zone: dict[tuple[str, str], Answer | tuple[str, ...]] = {
        ("example.com", "TXT"): txt("v=spf1 " + " ".join(f"include:{n}" for n in names) + " -all")}
    for name in names:
        zone[(name, "TXT")] = txt("v=spf1 ip4:203.0.113.9 -all")
    return zone


def test_ten_dns_querying_terms_are_allowed_and_the_eleventh_is_a_permerror() -> None:
    ten, _ = check(_chain(10))
    assert (ten.result, ten.lookups) == ("fail", 10)
    eleven, asked = check(_chain(11))
    assert eleven.result == "permerror" and "more than 10" in eleven.reason
    assert len(asked) == 11  # the record and ten includes: the eleventh is never asked


def test_more_than_two_void_lookups_is_a_permerror() -> None:
    two = {("example.com", "TXT"): txt("v=spf1 a:n1.example.net a:n2.example.net -all")}
    assert check(two)[0].result == "fail"
    three = {("example.com", "TXT"): txt("v=spf1 a:n1.example.net a:n2.example.net "
                                         "a:n3.example.net -all")}
    assert check(three)[0].result == "permerror"


def test_more_than_ten_mx_names_is_a_permerror() -> None:
    names = tuple(f"mx{n}.example.com" for n in range(11))
    zone: Zone = {("example.com", "TXT"): txt("v=spf1 mx -all"), ("example.com", "MX"): names}
    assert check(zone)[0].result == "permerror"


@pytest.mark.parametrize("record", [
    "v=spf1 ip4:192.0.2.300", "v=spf1 ip4:192.0.2.1/33", "v=spf1 a/40", "v=spf1 foo:bar",
    "v=spf1 include", "v=spf1 a:192.0.2.1", "v=spf1 redirect=a.example redirect=b.example",
    "v=spf1 exists:%{q}.example.com", "v=spf1 all:x", "v=spf1 ip4:192.0.2.5\n",
])
def test_a_syntax_error_anywhere_is_a_permerror(record: str) -> None:
    # even after a term that would match: the whole record is read first (§4.6)
    zone = {("example.com", "TXT"): txt(record.replace("v=spf1 ", "v=spf1 +all ", 1))}
    assert check(zone)[0].result == "permerror"


def test_a_fail_carries_the_explanation_of_exp() -> None:
    zone: Zone = {
        ("example.com", "TXT"): txt("v=spf1 -all exp=why.example.com"),
        ("why.example.com", "TXT"): txt("%{i} may not send for %{d}"),
    }
    result, asked = check(zone, ip="198.51.100.7")
    assert result.explanation == "198.51.100.7 may not send for example.com"
    assert asked[-1] == Lookup("why.example.com", "TXT")


def test_macros_expand_as_rfc_7208_section_7_4_shows() -> None:
    context = MacroContext("strong-bad@email.example.com", "email.example.com", "192.0.2.3",
                           "mx.example.org")
    assert expand("%{s}", context) == "strong-bad@email.example.com"
    assert expand("%{o}", context) == "email.example.com"
    assert expand("%{d4}", context) == "email.example.com"
    assert expand("%{d2}", context) == "example.com"
    assert expand("%{dr}", context) == "com.example.email"
    assert expand("%{d2r}", context) == "example.email"
    assert expand("%{l}", context) == "strong-bad"
    assert expand("%{l-}", context) == "strong.bad"
    assert expand("%{lr-}", context) == "bad.strong"
    assert expand("%{ir}.%{v}._spf.%{d2}", context) == "3.2.0.192.in-addr._spf.example.com"
    six = MacroContext("strong-bad@email.example.com", "email.example.com", "2001:db8::cb01",
                       "mx.example.org")
    assert expand("%{ir}.%{v}._spf.%{d2}", six) == (
        "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6._spf.example.com")
    assert expand("%{L}%%%_%-", context) == "strong-bad% %20"


def test_exists_queries_a_macro_built_name() -> None:
    zone: Zone = {("example.com", "TXT"): txt("v=spf1 exists:%{ir}.allow.example.com -all"),
                  ("25.2.0.192.allow.example.com", "A"): ("127.0.0.2",)}
    assert check(zone)[0].result == "pass"
    assert check(zone, ip="192.0.2.26")[0].result == "fail"


def test_an_empty_mail_from_is_checked_as_postmaster_at_the_helo_name() -> None:
    zone: Zone = {("mail.example.com", "TXT"): txt("v=spf1 ip4:192.0.2.25 -all")}
    result, asked = check(zone, mail_from="")
    assert (result.result, result.domain) == ("pass", "mail.example.com")
    assert asked[0] == Lookup("mail.example.com", "TXT")


def test_parse_record_reads_qualifiers_and_modifiers() -> None:
    record = parse_record("v=spf1 -a:mail.example.com/24//64 ~mx ?ip4:192.0.2.0/24 "
                          "redirect=_spf.example.com exp=why.%{d} unknown=whatever")
    assert [(d.qualifier, d.mechanism, d.target, d.cidr4, d.cidr6) for d in record.directives] == [
        ("fail", "a", "mail.example.com", 24, 64), ("softfail", "mx", None, 32, 128),
        ("neutral", "ip4", "192.0.2.0", 24, 128)]
    assert (record.redirect, record.explanation) == ("_spf.example.com", "why.%{d}")


_TERMS = st.sampled_from([
    "all", "-all", "~all", "?all", "a", "mx", "ptr", "a:x.example.com", "mx:y.example.com/24",
    "include:x.example.com", "include:example.com", "exists:%{d}", "ip4:192.0.2.0/24",
    "ip6:2001:db8::/32", "redirect=x.example.com", "redirect=example.com", "exp=e.example.com",
    "a//0", "foo=bar", "%{", "ip4:", "mx/", "include:%{d2}",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_TERMS, max_size=8), st.lists(_TERMS, max_size=8),
       st.sampled_from(["192.0.2.25", "2001:db8::1", "::ffff:192.0.2.25"]))
def test_any_record_gives_one_of_the_results_in_bounded_lookups(outer: list[str], inner: list[str],
                                                               ip: str) -> None:
    # records that include and redirect to themselves and each other must still end
    zone: Zone = {("example.com", "TXT"): txt("v=spf1 " + " ".join(outer)),
                  ("x.example.com", "TXT"): txt("v=spf1 " + " ".join(inner)),
                  ("x.example.com", "A"): ("192.0.2.25",),
                  ("example.com", "MX"): ("x.example.com",)}
    result, asked = check(zone, ip=ip)
    assert result.result in RESULTS
    assert result.lookups <= 10
    assert len(asked) <= 1 + 10 * 11 + 1  # the record, ten terms with their own lookups, exp
