"""SASL PLAIN (RFC 4616) and LOGIN helpers."""

import base64

import pytest

from mailsim.protocols import sasl
from mailsim.protocols.sasl import Challenge, Credentials, SaslClient, SaslFailure, SaslServer


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def test_plain_round_trip_and_smtplib_form() -> None:
    encoded = sasl.encode_plain("alice", "s3cret")
    assert encoded == b64(b"\0alice\0s3cret")  # what smtplib's auth_plain produces
    assert sasl.decode_plain(encoded) == Credentials("alice", "s3cret")


def test_plain_authzid_equal_to_user_is_accepted_like_mutt() -> None:
    assert sasl.decode_plain(b64(b"alice\0alice\0pw")) == Credentials("alice", "pw", "alice")


@pytest.mark.parametrize(
    "data",
    [
        b64(b"bob\0alice\0pw"),  # acting as someone else
        b64(b"alice\0pw"),  # a NUL missing
        b64(b"\0\0pw"),  # empty user
        b64(b"\0alice\0"),  # empty password
        b64(b"\0a\0b\0c"),  # too many parts
        "not base64!!",
        "",
        b64(b"\0\xff\0pw"),  # not UTF-8
    ],
)
def test_plain_decode_failures(data: str) -> None:
    assert sasl.decode_plain(data) is None


def test_server_plain_without_initial_response() -> None:
    server = SaslServer("plain")
    assert server.start(None) == Challenge("")
    assert server.step(sasl.encode_plain("u", "p")) == Credentials("u", "p")


def test_server_plain_empty_response_is_empty_not_malformed() -> None:
    # RFC 4954 §4: "=" is a valid zero-length response, as the initial response or on
    # the continuation line; it names nobody, so it fails as "empty" (535, not 501).
    assert SaslServer("PLAIN").start("=") == SaslFailure("empty")
    exchange = SaslServer("PLAIN")
    assert exchange.start(None) == Challenge("")
    assert exchange.step("=") == SaslFailure("empty")
    assert SaslServer("PLAIN").step("") == SaslFailure("empty")
    assert SaslServer("LOGIN").start("=") == SaslFailure("empty")  # no user name
    assert SaslServer("PLAIN").start("AA==") == SaslFailure("malformed")  # one NUL octet


def test_server_login_both_forms() -> None:
    server = SaslServer("LOGIN")
    assert server.start(None) == Challenge(sasl.USERNAME_CHALLENGE)
    assert server.step(b64(b"alice")) == Challenge(sasl.PASSWORD_CHALLENGE)
    assert server.step(b64(b"pw")) == Credentials("alice", "pw")
    server = SaslServer("LOGIN")
    assert server.start(b64(b"alice")) == Challenge(sasl.PASSWORD_CHALLENGE)
    assert server.step(b64(b"pw")) == Credentials("alice", "pw")


def test_server_cancel_and_garbage() -> None:
    server = SaslServer("LOGIN")
    server.start(None)
    assert server.step("*") == SaslFailure("cancelled")
    assert SaslServer("LOGIN").start("%%%") == SaslFailure("malformed")


def test_challenges_decode_to_prompts() -> None:
    assert sasl.b64decode_text(sasl.USERNAME_CHALLENGE) == "Username:"
    assert sasl.b64decode_text(sasl.PASSWORD_CHALLENGE) == "Password:"


def test_client_login_answers_by_prompt() -> None:
    client = SaslClient("LOGIN", "alice", "pw")
    assert client.respond(sasl.USERNAME_CHALLENGE) == b64(b"alice")
    assert client.respond(sasl.PASSWORD_CHALLENGE) == b64(b"pw")
    client = SaslClient("LOGIN", "alice", "pw")
    assert client.initial_response() == b64(b"alice")
    assert client.respond("") == b64(b"pw")  # unknown prompt after the user name


def test_client_gives_up_on_endless_challenges() -> None:
    client = SaslClient("PLAIN", "u", "p")
    answers = [client.respond("") for _ in range(SaslClient.MAX_CHALLENGES + 1)]
    assert answers[-1] is None and answers[0] == sasl.encode_plain("u", "p")


def test_unknown_mechanism_is_a_caller_error() -> None:
    with pytest.raises(ValueError):
        SaslServer("CRAM-MD5")
    with pytest.raises(ValueError):
        SaslClient("XOAUTH2", "u", "p")



def test_empty_response_is_a_failed_login_in_smtp_and_pop3() -> None:
    """``AUTH PLAIN =`` and ``AUTH PLAIN`` then ``=``: 535 / -ERR [AUTH], not "cannot decode"."""
    from mailsim.protocols.pop3 import POP3ServerConfig
    from mailsim.protocols.smtp import ServerConfig
    from tests.protocols import pop3_pair, smtp_pair

    failed = b"535 5.7.8 Error: authentication failed\r\n"
    for data, replies in ((b"AUTH PLAIN =\r\n", [failed]),
                          (b"AUTH PLAIN\r\n=\r\n", [b"334 \r\n", failed])):
        smtp = smtp_pair.started(ServerConfig(hostname="mx.example", submission=True,
                                              auth_mechanisms=("PLAIN",)))
        smtp_pair.feed(smtp, b"EHLO c\r\n")
        assert smtp_pair.feed(smtp, data) == replies
    pop3 = pop3_pair.started(POP3ServerConfig("mx.example", "", sasl_mechanisms=("PLAIN",)))
    assert pop3_pair.feed(pop3, b"AUTH PLAIN =\r\n") == [b"-ERR [AUTH] Authentication failed\r\n"]
