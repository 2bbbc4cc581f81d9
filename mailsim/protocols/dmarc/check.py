"""DMARC (RFC 7489) as a sans-IO engine: the policy of the From: domain, found in DNS, and
whether an SPF or DKIM pass is *aligned* with that domain.

:class:`DMARCCheck` yields the TXT :class:`~mailsim.protocols.lookups.Lookup` of
``_dmarc.<domain>`` (and of the organizational domain when there is none, §6.6.3),
is sent each :class:`~mailsim.protocols.lookups.Answer`, and ends with a
:class:`DMARCResult`: pass, fail, none, temperror or permerror (RFC 8601 §2.7.1's
words), and what the policy asks the receiver to do with the mail.
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass
from functools import cache

from mailsim.protocols.dmarc.record import DMARCRecord, DMARCSyntaxError, is_dmarc_record, parse_dmarc
from mailsim.protocols.lookups import Answer, Lookup, LookupEngine


@dataclass(frozen=True, slots=True)
class Identifier:
    """An SPF or DKIM outcome DMARC looks at: its result and the domain it vouches for
    (SPF: the MAIL FROM's domain, or the HELO's for a bounce; DKIM: the signature's d=)."""

    result: str
    domain: str


@dataclass(frozen=True, slots=True)
class DMARCResult:
    result: str  # pass, fail, none, temperror, permerror
    disposition: str  # none, quarantine, reject: what the receiver does
    domain: str  # the From: domain
    policy_domain: str | None = None  # where the record was found
    record: DMARCRecord | None = None
    aligned: str | None = None  # "spf" or "dkim": the aligned pass that made it pass
    reason: str = ""


@cache
def _suffixes() -> object:
    from publicsuffixlist import PublicSuffixList  # the Public Suffix List, bundled offline

    return PublicSuffixList()


def organizational_domain(name: str) -> str:
    """§3.2: the public suffix plus one label (``mail.example.co.jp`` → ``example.co.jp``)."""
    name = name.lower().rstrip(".")
    found = _suffixes().privatesuffix(name)  # type: ignore[attr-defined]
    return str(found) if found else name


def aligned(identifier: str, author: str, mode: str) -> bool:
    """§3.1: strict needs the same name; relaxed the same organizational domain."""
    a, b = identifier.lower().rstrip("."), author.lower().rstrip(".")
    return a == b if mode == "s" else organizational_domain(a) == organizational_domain(b)


class DMARCCheck(LookupEngine):
    """The DMARC check of a mail whose From: is at ``domain``.

    ``sample`` (0 ≤ sample < 100, drawn by the caller from the run's random generator)
    decides whether a ``pct`` below 100 applies the policy to this failing mail (§6.6.4).
    """

    def __init__(self, domain: str, spf: Identifier | None, dkim: Sequence[Identifier] = (),
                 *, sample: float = 0.0) -> None:
        self.domain = domain.lower().rstrip(".")
        self.spf = spf
        self.dkim = tuple(dkim)
        self.sample = sample
        self.result: DMARCResult | None = None
        super().__init__()

    def _run(self) -> Generator[Lookup, Answer, None]:
        found = yield from self._discover()
        if isinstance(found, DMARCResult):
            self.result = found
            return
        where, record = found
        self.result = self._evaluate(where, record)

    def _discover(self) -> Generator[Lookup, Answer, tuple[str, DMARCRecord] | DMARCResult]:
        """§6.6.3: the From: domain's record, else its organizational domain's."""
        organizational = organizational_domain(self.domain)
        for where in dict.fromkeys((self.domain, organizational)):
            answer = yield Lookup(f"_dmarc.{where}", "TXT")
            if answer.failed:
                return DMARCResult("temperror", "none", self.domain, where,
                                   reason=f"DNS error for _dmarc.{where} ({answer.rcode})")
            records = [r for r in answer.records if is_dmarc_record(r)]
            if not records:
                continue
            if len(records) > 1:  # step 5: several records, no DMARC for this mail
                return DMARCResult("none", "none", self.domain, where,
                                   reason=f"{len(records)} DMARC records at _dmarc.{where}")
            try:
                return where, parse_dmarc(records[0])
            except DMARCSyntaxError as exc:
                return DMARCResult("permerror", "none", self.domain, where, reason=str(exc))
        return DMARCResult("none", "none", self.domain, reason=f"no DMARC record for {self.domain}")

    def _evaluate(self, where: str, record: DMARCRecord) -> DMARCResult:
        """§4.2: a pass needs SPF or DKIM to pass *and* be aligned with the From: domain."""
        if self.spf is not None and self.spf.result == "pass" and aligned(
                self.spf.domain, self.domain, record.aspf):
            return DMARCResult("pass", "none", self.domain, where, record, "spf",
                               f"SPF passed for {self.spf.domain}, aligned with {self.domain}")
        for signature in self.dkim:
            if signature.result == "pass" and aligned(signature.domain, self.domain, record.adkim):
                return DMARCResult("pass", "none", self.domain, where, record, "dkim",
                                   f"DKIM passed for d={signature.domain}, aligned with {self.domain}")
        # §6.6.2: a record found at the organizational domain for a subdomain uses sp=
        policy = record.policy if where == self.domain else record.subdomain_policy
        if policy != "none" and self.sample >= record.pct:  # §6.6.4: this mail is not sampled
            policy = "quarantine" if policy == "reject" else "none"
        return DMARCResult("fail", policy, self.domain, where, record,
                           reason=f"neither SPF nor DKIM passed aligned with {self.domain}")
