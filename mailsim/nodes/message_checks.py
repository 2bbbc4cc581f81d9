"""DKIM and DMARC at a mail server: the sender's server signs, the recipient's checks.

Signing (RFC 6376) happens when a user submits a mail whose From: domain the server
signs for. A receiving server with ``checks`` looks up the signer's key in DNS
(a line on port 53), has dkimpy verify it, then finds the From: domain's DMARC
policy (RFC 7489, the sans-IO engine driven by :func:`~.sender_checks.drive`) and
applies it: ``reject`` refuses the mail with 550 5.7.1 (so the sender gets a
bounce), ``quarantine`` files it in Junk. Every result goes in the mail's
``Authentication-Results:`` header (RFC 8601).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.utils import parseaddr

from mailsim.mail.auth_results import MethodResult, authentication_results
from mailsim.mail.changes import add_footer, tag_subject
from mailsim.mail.dkim import key_name, sign, signer_of, verify
from mailsim.mail.message import prepend_header
from mailsim.nodes.sender_checks import CheckingServer, SPFSettings, drive
from mailsim.nodes.smtp_sessions import SMTPServerSession
from mailsim.protocols.dmarc import DMARCCheck, Identifier
from mailsim.protocols.dns import Response
from mailsim.protocols.smtp import Reply
from mailsim.trace.states import DKIMChecked, DKIMSigned, DMARCChecked, MessageModified

# RFC 7489 §10.3 suggests 5.7.1 for a DMARC rejection (X.7.1: delivery not authorized)
DMARC_REJECTED = Reply(550, ("5.7.1 Rejected: the From: domain's DMARC policy says this mail "
                             "is not from it",))
JUNK = "Junk"  # RFC 6154 \\Junk: where a quarantined mail goes


@dataclass(frozen=True, slots=True)
class InboundChecks:
    """What a server checks of mail arriving on port 25: SPF at MAIL FROM, then DKIM and
    DMARC on the message. ``dmarc`` is "report" (a header only) or "enforce" (its policy)."""

    spf: SPFSettings | None = None
    dkim: bool = False
    dmarc: str | None = None


@dataclass(frozen=True, slots=True)
class DKIMSigning:
    """Sign submitted mail from ``domains`` with ``selector``'s key (its PEM)."""

    selector: str
    private_pem: bytes
    domains: tuple[str, ...]


def from_domain(content: bytes) -> str:
    """The domain of the From: address a reader sees (RFC 7489 §3.1: the Author Domain)."""
    header = BytesHeaderParser().parsebytes(content).get("From", "")
    return parseaddr(str(header))[1].rpartition("@")[2].lower()


def sign_submission(mta: CheckingServer, signing: DKIMSigning, content: bytes, message_id: str) -> bytes:
    """``content`` with a DKIM-Signature on top, if its From: domain is one the server signs."""
    domain = from_domain(content)
    if domain not in signing.domains:
        return content
    field = sign(content, domain=domain, selector=signing.selector,
                 private_pem=signing.private_pem)
    mta.record(DKIMSigned(message_id=message_id, domain=domain, selector=signing.selector))
    return field.encode("ascii") + b"\r\n" + content


def modify_message(mta: CheckingServer, content: bytes, queue_id: str, footer: str | None,
                   tag: str | None) -> bytes:
    """What a mailing list does on the way: its footer under the body, its tag in the subject."""
    changes: list[str] = []
    if footer:
        content, changes = add_footer(content, footer), [*changes, "footer"]
    if tag:
        content, changes = tag_subject(content, tag), [*changes, "subject_tag"]
    message_id = BytesHeaderParser().parsebytes(content).get("Message-ID", "")
    mta.record(MessageModified(queue_id=queue_id, message_id=str(message_id), changes=tuple(changes)))
    return content


Finish = Callable[[bytes, str | None, Reply | None], None]
"""``finish(content, folder, refusal)``: the mail with its header, where it goes, or why not."""


def check_message(mta: CheckingServer, session: SMTPServerSession, checks: InboundChecks, content: bytes,
                  finish: Finish) -> None:
    """Verify the DKIM signature and apply DMARC, asking DNS through the server's resolver."""
    resolver = mta.resolver
    assert resolver is not None
    results: list[MethodResult] = []
    spf = session.spf
    if spf is not None:
        results.append(MethodResult("spf", spf.result, spf.domain, f"{session.spf_ip} {spf.result}"))
    signatures: list[Identifier] = []

    def with_header() -> bytes:
        value = authentication_results(mta.hostname, results)
        return prepend_header(content, "Authentication-Results", value)

    def dmarc() -> None:
        if checks.dmarc is None:
            finish(with_header(), None, None)
            return
        author = from_domain(content)
        identifier = Identifier(spf.result, spf.domain) if spf is not None else None
        check = DMARCCheck(author, identifier, signatures, sample=mta.rng.random() * 100)

        def decided() -> None:
            result = check.result
            assert result is not None
            mta.record(DMARCChecked(domain=result.domain, result=result.result,
                                    disposition=result.disposition,
                                    policy_domain=result.policy_domain or "",
                                    aligned=result.aligned or "", reason=result.reason))
            results.append(MethodResult("dmarc", result.result, author,
                                        policy=result.record.policy if result.record else None))
            enforce = checks.dmarc == "enforce"
            if enforce and result.disposition == "reject":
                finish(content, None, DMARC_REJECTED)
            else:
                folder = JUNK if enforce and result.disposition == "quarantine" else None
                finish(with_header(), folder, None)

        drive(resolver, check, decided)

    signer = signer_of(content) if checks.dkim else None
    if signer is None:
        if checks.dkim:
            results.append(MethodResult("dkim", "none", "", "no signature"))
        dmarc()
        return
    domain, selector = signer

    def got_key(response: Response) -> None:
        records = [r.value for r in response.answers if r.rtype == "TXT"]
        verdict = verify(content, lambda name: records if name == key_name(domain, selector) else [])
        mta.record(DKIMChecked(domain=domain, selector=selector, result=verdict.result,
                               reason=verdict.reason))
        results.append(MethodResult("dkim", verdict.result, domain, selector=selector))
        signatures.append(Identifier(verdict.result, domain))
        dmarc()

    resolver.lookup(key_name(domain, selector), "TXT", got_key)
