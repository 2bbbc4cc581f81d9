"""The ``Authentication-Results:`` header a receiving server adds (RFC 8601), made and read
with the authres package, so a mail reader (and a student) sees what was checked."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MethodResult:
    """One method's outcome: ``spf`` with the MAIL FROM domain it checked, and a comment."""

    method: str
    result: str
    domain: str
    comment: str | None = None
    selector: str | None = None  # dkim: header.s
    policy: str | None = None  # dmarc: policy.dmarc (the p= it found)


def authentication_results(authserv_id: str, results: list[MethodResult]) -> str:
    """The header's value: ``mx.example.jp; spf=pass (...) smtp.mailfrom=example.com``."""
    import authres

    made = []
    for r in results:
        if r.method == "spf":
            made.append(authres.SPFAuthenticationResult(
                result=r.result, result_comment=r.comment, smtp_mailfrom=r.domain))
        elif r.method == "dkim":
            made.append(authres.DKIMAuthenticationResult(
                result=r.result, result_comment=r.comment, header_d=r.domain or None,
                header_s=r.selector))
        elif r.method == "dmarc":
            import authres.dmarc

            made.append(authres.dmarc.DMARCAuthenticationResult(
                result=r.result, result_comment=r.comment, header_from=r.domain, policy=r.policy))
        else:
            raise ValueError(f"no Authentication-Results method {r.method!r}")
    header = authres.AuthenticationResultsHeader(authserv_id=authserv_id, results=made)
    return str(header.header_value())


def read_results(value: str) -> list[tuple[str, str]]:
    """``(method, result)`` of each result in a header value (authres's parser)."""
    import authres
    import authres.dmarc

    parsed = authres.FeatureContext(authres.dmarc).parse_value(value)
    return [(r.method, r.result) for r in parsed.results]
