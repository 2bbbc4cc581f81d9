"""DMARC (RFC 7489): does the From: a reader sees belong to who really sent the mail?"""

from mailsim.protocols.dmarc.check import (
    DMARCCheck,
    DMARCResult,
    Identifier,
    aligned,
    organizational_domain,
)
from mailsim.protocols.dmarc.record import (
    POLICIES,
    DMARCRecord,
    DMARCSyntaxError,
    is_dmarc_record,
    parse_dmarc,
)

__all__ = [
    "POLICIES", "DMARCCheck", "DMARCRecord", "DMARCResult", "DMARCSyntaxError", "Identifier",
    "aligned", "is_dmarc_record", "organizational_domain", "parse_dmarc",
]
