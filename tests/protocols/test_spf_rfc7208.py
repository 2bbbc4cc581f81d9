"""The SPF engine against the cases of the openspf RFC 7208 test suite, table-driven.

The cases are data in ``spf_rfc7208_cases.py``; this module answers the engine's
lookups from each group's records the way the suite prescribes: names compare in
any case, a TIMEOUT entry times out a lookup that found nothing before it, an RFC
4408 ``SPF`` record stands in for TXT (after the name's other records) where the name
has no TXT, a CNAME is followed one level,
a name under ``error.`` fails, and a label over 63 octets cannot be asked.
"""

from __future__ import annotations

from typing import Any

import pytest

from mailsim.protocols.lookups import Answer
from mailsim.protocols.spf import SPFCheck
from tests.protocols.spf_rfc7208_cases import GROUPS

# Cases the engine answers differently, on purpose.
DIFFERENT = {
    # %{p} is always "unknown" here (RFC 7208 §7.3 allows it; no scenario has PTR records)
    "p-macro-ip4-valid": "%{p} is not looked up",
    "p-macro-ip6-valid": "%{p} is not looked up",
    "p-macro-multiple": "%{p} is not looked up",
    # the suite keeps the address's hex digits in the case the test wrote them
    "v-macro-ip6": "IPv6 nibbles are written in lower case",
}

Zone = dict[str, tuple[tuple[str, Any], ...]]


def lookup(zone: Zone, name: str, qtype: str, level: int = 0) -> Answer:
    labels = [label for label in name.split(".") if label]
    if any(len(label) > 63 for label in labels):
        return Answer("TIMEOUT")
    key = ".".join(labels).lower()
    entries = next((v for k, v in zone.items() if k.lower() == key), None)
    if entries is None:
        return Answer("SERVFAIL" if key.startswith("error.") else "NXDOMAIN")
    if not any(kind == "TXT" for kind, _ in entries):  # SPF records read as TXT, after the rest
        entries = (*entries, *(("TXT", value) for kind, value in entries if kind == "SPF"))
    found: list[str] = []
    for kind, value in entries:
        if kind == "TIMEOUT":  # times out the lookups that found nothing before it
            if not found:
                return Answer("TIMEOUT")
            continue
        if value == "TIMEOUT":
            if kind == qtype:
                return Answer("TIMEOUT")
            continue
        if value in ("NONE", ("NONE",)):
            continue
        if kind == qtype:
            if kind == "TXT":
                found.append("".join(value) if isinstance(value, tuple) else value)
            elif kind == "MX":
                found.append(str(value[1]))
            else:
                found.append(str(value))
        elif kind == "CNAME" and level == 0:
            followed = lookup(zone, value, qtype, 1)
            if followed.rcode == "NOERROR":
                found += followed.records
    return Answer("NOERROR", tuple(found))


CASES = [pytest.param(zone, case, id=f"{case[0]}",
                      marks=[pytest.mark.xfail(reason=DIFFERENT[case[0]], strict=True)]
                      if case[0] in DIFFERENT else [])
         for _, zone, cases in GROUPS for case in cases]


@pytest.mark.parametrize(("zone", "case"), CASES)
def test_rfc7208_case(zone: Zone, case: tuple[Any, ...]) -> None:
    name, spec, helo, host, mail_from, results, explanation = case
    check = SPFCheck(host, mail_from, helo)
    pending = check.start()
    for _ in range(500):
        if pending is None:
            break
        pending = check.answer(lookup(zone, pending.name, pending.qtype))
    result = check.result
    assert result is not None, f"{name} ({spec}) did not end"
    assert result.result in results, f"{name} ({spec}): {result}"
    if explanation not in (None, "DEFAULT") and result.result == "fail":
        assert result.explanation == explanation, f"{name} ({spec})"


def test_every_group_of_the_suite_is_here() -> None:
    assert len(GROUPS) >= 15 and sum(len(cases) for _, _, cases in GROUPS) == 203
