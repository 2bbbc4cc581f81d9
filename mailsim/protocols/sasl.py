"""SASL PLAIN (RFC 4616) and LOGIN helpers for both sides of an exchange.

Protocol-neutral: SMTP (RFC 4954), POP3 (RFC 5034) and IMAP (RFC 3501 §6.2.2)
all carry the same base64 strings; only the framing differs (``334 `` versus
``+ ``). Decoding failures never raise: they come back as :class:`SaslFailure`.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Literal

PLAIN = "PLAIN"
LOGIN = "LOGIN"
MECHANISMS = (PLAIN, LOGIN)
CANCEL = "*"  # RFC 4954 §4: the client cancels an exchange with a lone "*"
EMPTY_RESPONSE = "="  # RFC 4954 §4: "=" stands for a zero-length initial response
USERNAME_CHALLENGE = "VXNlcm5hbWU6"  # base64("Username:"), LOGIN's first prompt
PASSWORD_CHALLENGE = "UGFzc3dvcmQ6"  # base64("Password:"), LOGIN's second prompt


@dataclass(frozen=True, slots=True)
class Credentials:
    """What the client proved: authentication identity, password, authorization id."""

    username: str
    password: str
    authzid: str = ""


@dataclass(frozen=True, slots=True)
class Challenge:
    """The server needs another response; ``text`` is base64 (may be empty)."""

    text: str


@dataclass(frozen=True, slots=True)
class SaslFailure:
    """The exchange ended without credentials.

    ``empty``: a well-formed zero-length response (RFC 4954 §4: ``=``), which
    carries no identity; servers refuse it as a failed authentication (535),
    not as a response they cannot decode.
    """

    reason: Literal["cancelled", "malformed", "empty"]


SaslStep = Challenge | Credentials | SaslFailure


def b64encode_text(text: str) -> str:
    """Base64 of the UTF-8 text, without line breaks."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def b64decode_text(data: str) -> str | None:
    """Strictly decode base64 to UTF-8 text; None if it is not valid."""
    try:
        return base64.b64decode(data.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def encode_plain(username: str, password: str, authzid: str = "") -> str:
    """RFC 4616 §2 message: base64(authzid NUL authcid NUL passwd)."""
    return b64encode_text(f"{authzid}\0{username}\0{password}")


def decode_plain(data: str) -> Credentials | None:
    """Decode a PLAIN response; None if malformed.

    An authzid must be empty or equal to the authcid (mutt sends it that way):
    acting as someone else is not supported, so it counts as a decode failure.
    """
    text = b64decode_text(data)
    if text is None:
        return None
    parts = text.split("\0")
    if len(parts) != 3:
        return None
    authzid, username, password = parts
    if not username or not password or authzid not in ("", username):
        return None
    return Credentials(username, password, authzid)


class SaslServer:
    """One server-side PLAIN or LOGIN exchange, fed base64 response lines."""

    def __init__(self, mechanism: str) -> None:
        mechanism = mechanism.upper()
        if mechanism not in MECHANISMS:
            raise ValueError(f"unsupported SASL mechanism {mechanism!r}")
        self.mechanism = mechanism
        self._username: str | None = None

    def start(self, initial_response: str | None) -> SaslStep:
        """Begin; ``initial_response`` is the optional base64 after the mechanism."""
        if initial_response is None:
            # PLAIN: an empty challenge (RFC 4616 §2); LOGIN: ask for the user name.
            return Challenge("" if self.mechanism == PLAIN else USERNAME_CHALLENGE)
        return self.step(initial_response)

    def step(self, response: str) -> SaslStep:
        """Process one client response line."""
        response = response.strip()
        if response == CANCEL:
            return SaslFailure("cancelled")
        if response == EMPTY_RESPONSE:  # RFC 4954 §4: "=" is a zero-length response
            response = ""
        if not response and (self.mechanism == PLAIN or self._username is None):
            return SaslFailure("empty")  # valid base64 of nothing: no identity to check
        if self.mechanism == PLAIN:
            credentials = decode_plain(response)
            return SaslFailure("malformed") if credentials is None else credentials
        text = b64decode_text(response)
        if text is None or (self._username is None and not text):
            return SaslFailure("malformed")
        if self._username is None:
            self._username = text
            return Challenge(PASSWORD_CHALLENGE)
        return Credentials(self._username, text)


def step_line(exchange: SaslServer | None, text: str | None) -> SaslStep:
    """The next step for one response line; no exchange or an unreadable line fails it."""
    if exchange is None or text is None:
        return SaslFailure("malformed")
    return exchange.step(text)


class SaslClient:
    """One client-side PLAIN or LOGIN exchange."""

    MAX_CHALLENGES = 5  # a server that keeps asking is broken; give up then

    def __init__(self, mechanism: str, username: str, password: str) -> None:
        mechanism = mechanism.upper()
        if mechanism not in MECHANISMS:
            raise ValueError(f"unsupported SASL mechanism {mechanism!r}")
        self.mechanism = mechanism
        self.username = username
        self.password = password
        self._challenges = 0
        self._sent_username = False

    def initial_response(self) -> str:
        """Base64 initial response (RFC 4954 §4): PLAIN message or LOGIN user name."""
        if self.mechanism == PLAIN:
            return encode_plain(self.username, self.password)
        self._sent_username = True
        return b64encode_text(self.username)

    def respond(self, challenge: str) -> str | None:
        """Answer a base64 challenge; None means cancel (the caller sends ``*``)."""
        self._challenges += 1
        if self._challenges > self.MAX_CHALLENGES:
            return None
        if self.mechanism == PLAIN:
            return encode_plain(self.username, self.password)
        prompt = (b64decode_text(challenge) or "").lower()
        wants_user = "user" in prompt or ("pass" not in prompt and not self._sent_username)
        if wants_user:
            self._sent_username = True
            return b64encode_text(self.username)
        return b64encode_text(self.password)
