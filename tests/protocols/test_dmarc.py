"""The DMARC engine (RFC 7489) alone: records, discovery, alignment and the disposition."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailsim.protocols.dmarc import (
    DMARCCheck,
    DMARCResult,
    DMARCSyntaxError,
    Identifier,
    aligned,
    organizational_domain,
    parse_dmarc,
)
from mailsim.protocols.lookups import Answer, Lookup


def run(domain: str, zone: Mapping[str, Answer | tuple[str, ...]], spf: Identifier | None = None,
        dkim: tuple[Identifier, ...] = (), sample: float = 0.0) -> tuple[DMARCResult, list[str]]:
    check = DMARCCheck(domain, spf, dkim, sample=sample)
    asked: list[str] = []
    lookup: Lookup | None = check.start()
    while lookup is not None:
        assert lookup.qtype == "TXT"
        asked.append(lookup.name)
        found = zone.get(lookup.name)
        answer = found if isinstance(found, Answer) else (
            Answer("NOERROR", found) if found is not None else Answer("NXDOMAIN"))
        lookup = check.answer(answer)
    assert check.result is not None
    return check.result, asked


REJECT = {"_dmarc.example.com": ("v=DMARC1; p=reject; rua=mailto:dmarc@example.com",)}


def test_parse_reads_the_tags_and_their_defaults() -> None:
    record = parse_dmarc("v=DMARC1; p=quarantine; adkim=s; pct=50; rua=mailto:a@example.com,"
                         "mailto:b@example.com; unknown=1")
    assert (record.policy, record.subdomain_policy, record.adkim, record.aspf, record.pct) == (
        "quarantine", "quarantine", "s", "r", 50)
    assert record.rua == ("mailto:a@example.com", "mailto:b@example.com")
    assert parse_dmarc("v=DMARC1;p=none;sp=reject").subdomain_policy == "reject"


@pytest.mark.parametrize("text", ["v=DMARC1", "p=reject; v=DMARC1", "v=DMARC2; p=none",
                                  "v=DMARC1; p=drop", "v=DMARC1; p=none; pct=150",
                                  "v=DMARC1; p=none; adkim=x", "v=DMARC1; garbage"])
def test_records_a_receiver_cannot_use(text: str) -> None:
    with pytest.raises(DMARCSyntaxError):
        parse_dmarc(text)


def test_a_bad_policy_with_a_report_address_counts_as_p_none() -> None:
    record = parse_dmarc("v=DMARC1; p=drop; rua=mailto:r@example.com")  # §6.6.3 step 6
    assert record.policy == "none"


def test_organizational_domains_and_alignment() -> None:
    assert organizational_domain("mail.example.com") == "example.com"
    assert organizational_domain("a.b.example.co.jp") == "example.co.jp"  # co.jp is a suffix
    assert organizational_domain("mail.d1.example") == "d1.example"
    assert aligned("mail.example.com", "example.com", "r")
    assert not aligned("mail.example.com", "example.com", "s")
    assert not aligned("example.net", "example.com", "r")
    assert not aligned("x.example.co.jp", "y.other.co.jp", "r")


def test_an_aligned_spf_pass_passes() -> None:
    result, asked = run("example.com", REJECT, spf=Identifier("pass", "example.com"))
    assert (result.result, result.disposition, result.aligned) == ("pass", "none", "spf")
    assert asked == ["_dmarc.example.com"]


def test_an_spf_pass_for_another_domain_fails_and_the_policy_applies() -> None:
    # a forger's own server passes SPF for its own MAIL FROM, but From: says example.com
    result, _ = run("example.com", REJECT, spf=Identifier("pass", "forger.example.net"))
    assert (result.result, result.disposition) == ("fail", "reject")


def test_an_aligned_dkim_pass_passes_even_when_spf_fails() -> None:
    # a mailing list or forwarder: SPF fails at the last hop, the signature survives
    result, _ = run("example.com", REJECT, spf=Identifier("fail", "list.example.org"),
                    dkim=(Identifier("fail", "example.com"), Identifier("pass", "mail.example.com")))
    assert (result.result, result.aligned) == ("pass", "dkim")


def test_strict_alignment_needs_the_same_name() -> None:
    zone = {"_dmarc.example.com": ("v=DMARC1; p=quarantine; aspf=s",)}
    result, _ = run("example.com", zone, spf=Identifier("pass", "bounce.example.com"))
    assert (result.result, result.disposition) == ("fail", "quarantine")


def test_a_subdomain_uses_the_organizational_domains_sp() -> None:
    zone = {"_dmarc.example.com": ("v=DMARC1; p=none; sp=reject",)}
    result, asked = run("news.example.com", zone)
    assert asked == ["_dmarc.news.example.com", "_dmarc.example.com"]  # §6.6.3 steps 1 and 3
    assert (result.result, result.disposition, result.policy_domain) == (
        "fail", "reject", "example.com")


def test_pct_samples_the_failing_mail() -> None:
    zone = {"_dmarc.example.com": ("v=DMARC1; p=reject; pct=25",)}
    assert run("example.com", zone, sample=10.0)[0].disposition == "reject"
    # not sampled: a reject is treated as quarantine (§6.6.4)
    assert run("example.com", zone, sample=60.0)[0].disposition == "quarantine"


def test_no_record_none_two_records_none_dns_error_temperror() -> None:
    assert run("example.com", {})[0].result == "none"
    two = {"_dmarc.example.com": ("v=DMARC1; p=none", "v=DMARC1; p=reject")}
    assert run("example.com", two)[0].result == "none"
    error = {"_dmarc.example.com": Answer("SERVFAIL")}
    assert run("example.com", error)[0].result == "temperror"
    broken = {"_dmarc.example.com": ("v=DMARC1; p=sometimes",)}
    assert run("example.com", broken)[0].result == "permerror"
    other = {"_dmarc.example.com": ("some verification text",)}
    assert run("example.com", other)[0].result == "none"


@given(st.text(max_size=80), st.sampled_from(["pass", "fail", "none"]), st.floats(0, 99.99))
def test_any_record_text_ends_in_a_known_result(text: str, spf: str, sample: float) -> None:
    result, asked = run("example.com", {"_dmarc.example.com": (text,)},
                        spf=Identifier(spf, "example.com"), sample=sample)
    assert result.result in ("pass", "fail", "none", "temperror", "permerror")
    assert result.disposition in ("none", "quarantine", "reject")
    assert len(asked) <= 2
