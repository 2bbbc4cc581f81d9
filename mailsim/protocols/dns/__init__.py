"""DNS for mail routing: records, an authoritative zone, a caching resolver, MX choice.

Semantics follow RFC 1035 (messages, sizes), RFC 2308 (negative caching) and
RFC 5321 §5.1 (how an MTA turns MX answers into an ordered list of hosts).
Sans-IO: time is passed in as seconds, randomness as a ``random.Random``.
"""


from mailsim.protocols.dns.cache import CacheHit, CacheMiss, ResolverCache
from mailsim.protocols.dns.mx import MailHost, MXFailure, mail_exchangers
from mailsim.protocols.dns.records import (
    HEADER_SIZE,
    NOERROR,
    NXDOMAIN,
    POINTER_SIZE,
    QUESTION_FIXED,
    RR_FIXED,
    SERVFAIL,
    Query,
    Record,
    Response,
    Zone,
    normalize_name,
)

__all__ = [
    "HEADER_SIZE", "NOERROR", "NXDOMAIN", "POINTER_SIZE", "QUESTION_FIXED", "RR_FIXED",
    "SERVFAIL", "CacheHit", "CacheMiss", "MXFailure", "MailHost", "Query", "Record",
    "ResolverCache", "Response", "Zone", "mail_exchangers", "normalize_name",
]
