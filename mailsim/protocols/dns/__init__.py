"""DNS for mail routing: records, an authoritative zone, a caching resolver, MX choice.

Semantics follow RFC 1035 (messages, sizes), RFC 2308 (negative caching, the SOA
in negative answers), RFC 6891 (EDNS: the UDP size, BADVERS), RFC 7766 (TCP and
truncation), RFC 8482 (ANY) and RFC 5321 §5.1 (how an MTA turns MX answers into
an ordered list of hosts).
Sans-IO: time is passed in as seconds, randomness as a ``random.Random``.
"""


from mailsim.protocols.dns.apex import apex_records, negative_ttl, scenario_serial
from mailsim.protocols.dns.cache import CacheHit, CacheMiss, ResolverCache
from mailsim.protocols.dns.mx import MailHost, MXFailure, mail_exchangers
from mailsim.protocols.dns.records import (
    BADVERS,
    HEADER_SIZE,
    NOERROR,
    NXDOMAIN,
    OPT_SIZE,
    POINTER_SIZE,
    QUESTION_FIXED,
    RR_FIXED,
    SERVFAIL,
    TCP_LENGTH_PREFIX,
    UDP_LIMIT,
    Query,
    Record,
    Response,
    normalize_name,
    truncated,
)
from mailsim.protocols.dns.zone import Zone

__all__ = [
    "BADVERS", "HEADER_SIZE", "NOERROR", "NXDOMAIN", "OPT_SIZE", "POINTER_SIZE",
    "QUESTION_FIXED", "RR_FIXED", "SERVFAIL", "TCP_LENGTH_PREFIX", "UDP_LIMIT", "CacheHit",
    "CacheMiss", "MXFailure", "MailHost", "Query", "Record", "ResolverCache", "Response", "Zone",
    "apex_records", "mail_exchangers", "negative_ttl", "normalize_name", "scenario_serial",
    "truncated",
]
