"""SPF (RFC 7208): may this address send mail for that domain?

A sans-IO engine like the others: :class:`SPFCheck` asks for DNS records
(:class:`Lookup`) and is given answers (:class:`Answer`) until it has a
:class:`SPFResult` — so in the simulation every query of an evaluation is a
DNS line on port 53, and a test can answer from a table.
"""

from mailsim.protocols.lookups import Answer, Lookup
from mailsim.protocols.spf.check import (
    MAX_LOOKUP_TERMS,
    MAX_VOID_LOOKUPS,
    RESULTS,
    SPFCheck,
    SPFResult,
    valid_domain,
)
from mailsim.protocols.spf.terms import SPFSyntaxError, is_spf_record, parse_record

__all__ = [
    "MAX_LOOKUP_TERMS", "MAX_VOID_LOOKUPS", "RESULTS", "Answer", "Lookup", "SPFCheck",
    "SPFResult", "SPFSyntaxError", "is_spf_record", "parse_record", "valid_domain",
]
