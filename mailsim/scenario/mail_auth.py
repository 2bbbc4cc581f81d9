"""A scenario's mail authentication settings as the nodes and the DNS zone take them:
what a server checks (SPF, DKIM, DMARC), how a server signs, and the key records to publish."""

from __future__ import annotations

from mailsim.mail.dkim import key_name
from mailsim.mail.dkim_keys import DKIMKey, run_key
from mailsim.nodes.message_checks import DKIMSigning, InboundChecks
from mailsim.nodes.sender_checks import SPFSettings
from mailsim.protocols.dns import Record, normalize_name
from mailsim.scenario.model import MailServerHost, RelayHost, Scenario


def inbound_checks(host: MailServerHost | RelayHost) -> InboundChecks | None:
    """The checks a server makes; DMARC needs SPF's and DKIM's results, so it turns both on."""
    checks = host.checks
    if checks.spf is None and not checks.dkim and checks.dmarc is None:
        return None
    spf = checks.spf or ("report" if checks.dmarc is not None else None)
    return InboundChecks(spf=None if spf is None else SPFSettings(reject_fail=spf == "reject"),
                         dkim=checks.dkim or checks.dmarc is not None, dmarc=checks.dmarc)


def signing_key(scenario: Scenario, name: str, selector: str) -> DKIMKey:
    """The run's key of server ``name`` for ``selector``: the same for the same scenario seed."""
    return run_key(f"{scenario.seed}/{name}/{selector}".encode())


def dkim_signing(scenario: Scenario, name: str, host: MailServerHost) -> DKIMSigning | None:
    if host.dkim is None:
        return None
    key = signing_key(scenario, name, host.dkim.selector)
    return DKIMSigning(host.dkim.selector, key.private_pem, tuple(d.lower() for d in host.domains))


def dkim_key_records(scenario: Scenario) -> list[Record]:
    """Each signing server's public key at ``selector._domainkey.<domain>`` (RFC 6376 §3.6.2.1)."""
    records: list[Record] = []
    zones = {domain.lower(): zone for domain, zone in scenario.dns.items()}
    for name, host in scenario.hosts.items():
        if not isinstance(host, MailServerHost) or host.dkim is None:
            continue
        key = signing_key(scenario, name, host.dkim.selector)
        for domain in host.domains:
            zone = zones.get(domain.lower())
            if zone is not None:
                records.append(Record(normalize_name(key_name(domain, host.dkim.selector)), "TXT",
                                      int(zone.ttl), key.txt_record()))
    return records
