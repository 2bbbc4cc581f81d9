"""The authentication exchange: an LDAP simple bind (RFC 4511 §4.2), as text.

The sender's mail server checks a user's password by binding to the
authentication server on port 389. Messages are shown the way Wireshark's Info
column shows them; ``wire_size`` is the size of the real BER encoding.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field

LDAP_PORT = 389

# RFC 4511 §4.1.9 result codes used here.
SUCCESS = 0
INVALID_CREDENTIALS = 49
UNWILLING_TO_PERFORM = 53
RESULT_NAMES = {
    SUCCESS: "success",
    INVALID_CREDENTIALS: "invalidCredentials",
    UNWILLING_TO_PERFORM: "unwillingToPerform",
}

LDAP_VERSION = 3  # RFC 4511 §4.2: version 3


def _ber_length(content: int) -> int:
    """Octets of a BER TLV with ``content`` octets of value (X.690 §8.1.3)."""
    length_octets = 1 if content < 0x80 else 1 + (content.bit_length() + 7) // 8
    return 1 + length_octets + content


def _ber_integer(value: int) -> int:
    """Octets of a BER INTEGER/ENUMERATED TLV (minimal two's complement)."""
    return _ber_length(max(1, (value.bit_length() + 8) // 8))


def _ldap_message(message_id: int, protocol_op: int) -> int:
    """LDAPMessage ::= SEQUENCE { messageID, protocolOp } (RFC 4511 §4.1.1)."""
    return _ber_length(_ber_integer(message_id) + protocol_op)


@dataclass(frozen=True, slots=True)
class BindRequest:
    """A simple bind: a DN and a password (RFC 4511 §4.2)."""

    message_id: int
    dn: str
    password: str = field(repr=False)  # kept out of logs and test output

    def to_text(self) -> str:
        """Wireshark-style; the password is never shown."""
        return f'bindRequest({self.message_id}) "{self.dn}" simple'

    def wire_size(self) -> int:
        """BER size: version, name, and the [0] simple password in [APPLICATION 0]."""
        body = (
            _ber_integer(LDAP_VERSION)
            + _ber_length(len(self.dn.encode()))
            + _ber_length(len(self.password.encode()))
        )
        return _ldap_message(self.message_id, _ber_length(body))


@dataclass(frozen=True, slots=True)
class BindResponse:
    """The result of a bind: ``code`` 0 is success (RFC 4511 §4.2.2)."""

    message_id: int
    result: str
    code: int
    diagnostic_message: str = ""

    @classmethod
    def with_code(cls, message_id: int, code: int) -> BindResponse:
        """A response whose ``result`` name is looked up from ``code``."""
        return cls(message_id, RESULT_NAMES.get(code, "other"), code)

    @property
    def ok(self) -> bool:
        """True for success."""
        return self.code == SUCCESS

    def to_text(self) -> str:
        """``bindResponse(1) success`` or ``bindResponse(1) invalidCredentials (49)``."""
        text = f"bindResponse({self.message_id}) {self.result}"
        return text if self.ok else f"{text} ({self.code})"

    def wire_size(self) -> int:
        """BER size: resultCode, matchedDN and diagnosticMessage in [APPLICATION 1]."""
        body = (
            _ber_integer(self.code)
            + _ber_length(0)  # matchedDN: empty
            + _ber_length(len(self.diagnostic_message.encode()))
        )
        return _ldap_message(self.message_id, _ber_length(body))


@dataclass(frozen=True, slots=True)
class UnbindRequest:
    """Close the session; there is no response (RFC 4511 §4.3)."""

    message_id: int

    def to_text(self) -> str:
        """``unbindRequest(2)``."""
        return f"unbindRequest({self.message_id})"

    def wire_size(self) -> int:
        """BER size: [APPLICATION 2] NULL."""
        return _ldap_message(self.message_id, _ber_length(0))


def _escape_dn_value(value: str) -> str:
    """Escape an attribute value for a DN string (RFC 4514 §2.4)."""
    out = "".join("\\" + ch if ch in '"+,;<=>\\' else ch for ch in value)
    if out.startswith(("#", " ")):
        out = "\\" + out
    if out.endswith(" ") and not out.endswith("\\ "):
        out = out[:-1] + "\\ "
    return out


def user_dn(address: str) -> str:
    """``alice@example.com`` -> ``uid=alice,ou=people,dc=example,dc=com``.

    The domain becomes dc= components (RFC 2247). An address without ``@`` gives
    a DN without them, which simply will not match any user.
    """
    local, _, domain = address.strip().rpartition("@")
    if not local:
        local, domain = domain, ""
    parts = [f"uid={_escape_dn_value(local)}", "ou=people"]
    parts += [f"dc={_escape_dn_value(label)}" for label in domain.lower().split(".") if label]
    return ",".join(parts)


def _dn_key(dn: str) -> str:
    # uid, ou and dc all match case-insensitively (RFC 4519 §2.39, §2.4, §2.19).
    return dn.strip().lower()


class Directory:
    """The authentication server's engine: checks simple binds against its users."""

    def __init__(self, users: Mapping[str, str]) -> None:
        """``users`` maps an e-mail address to its password."""
        self._passwords = {_dn_key(user_dn(a)): p for a, p in users.items()}

    def __contains__(self, address: object) -> bool:
        return isinstance(address, str) and _dn_key(user_dn(address)) in self._passwords

    def handle(self, request: BindRequest) -> BindResponse:
        """Answer a bind; a failure never says whether the user or the password was wrong."""
        if not request.password:
            # RFC 4513 §5.1.2: a DN with an empty password is an "unauthenticated
            # bind"; it must not be taken as proof of identity.
            return BindResponse.with_code(request.message_id, UNWILLING_TO_PERFORM)
        expected = self._passwords.get(_dn_key(request.dn))
        # Compare even for unknown users, in constant time, so timing reveals nothing.
        candidate = expected if expected is not None else "\0" + request.password
        matches = hmac.compare_digest(candidate.encode(), request.password.encode())
        code = SUCCESS if matches and expected is not None else INVALID_CREDENTIALS
        return BindResponse.with_code(request.message_id, code)
