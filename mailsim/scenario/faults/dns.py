"""The ``dns_failure`` fault: the DNS server answers SERVFAIL for a domain, or nothing."""

from __future__ import annotations

from typing import Literal

from mailsim.nodes.dns import DNSOutage
from mailsim.scenario.fault_plan import FaultPlan, span
from mailsim.scenario.registry import Window, register_fault


class DNSFailureWindow(Window):
    domain: str
    answer: Literal["servfail", "timeout"] = "servfail"


def plan_dns_failure(plan: FaultPlan, window: DNSFailureWindow) -> None:
    plan.dns_failures.append(DNSOutage(window.domain, window.answer, *span(window)))


DNSFailure = register_fault(
    "dns_failure", DNSFailureWindow, plan_dns_failure,
    doc="The DNS server answers SERVFAIL for a domain, or does not answer at all.")
