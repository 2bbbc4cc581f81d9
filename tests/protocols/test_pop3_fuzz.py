"""Property tests: remote garbage never raises, and command lines get one response each."""

from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.protocols.pop3 import POP3Client, POP3ServerConfig, ServerState
from tests.protocols.pop3_pair import TIMESTAMP, FakeNode, feed, started

CONFIG = POP3ServerConfig("mx.example.jp", TIMESTAMP, stls=True, sasl_mechanisms=("PLAIN", "LOGIN"),
                          # the login cap closes after 3 failures (tests/protocols/test_server_limits.py);
                          # here every line must be answered, however many guesses
                          max_failed_logins=1_000)
SAFE_LINES = ["USER bob", "PASS secret", "PASS wrong", "user x", "APOP bob " + "0" * 32, "CAPA",
              "STAT", "LIST", "LIST 1", "LIST 0", "UIDL", "UIDL 2", "TOP 1 0", "TOP 2 x", "RETR 1",
              "RETR 99", "DELE 1", "DELE x", "RSET", "NOOP", "LAST", "AUTH PLAIN", "AUTH LOGIN",
              "AUTH PLAIN AGJvYgBzZWNyZXQ=", "AUTH X", "*", "", "PASS", "TOP", "x" * 300]


def _not_closing(line: str) -> bool:
    return line.split(" ", 1)[0].upper() not in ("QUIT", "STLS")


line_text = st.one_of(
    st.sampled_from(SAFE_LINES),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=300),
).filter(_not_closing)


@settings(max_examples=150, deadline=None)
@given(st.lists(line_text, min_size=1, max_size=15), st.integers(min_value=1, max_value=9))
def test_every_command_line_gets_exactly_one_response(lines: list[str], split: int) -> None:
    server = started(CONFIG)
    data = "".join(line + "\r\n" for line in lines).encode()
    node = FakeNode()
    responses: list[bytes] = []
    for start in range(0, len(data), split):
        responses += feed(server, data[start : start + split], node)
    # A SASL "+ " challenge is the response to its line, like +OK and -ERR.
    assert len(responses) == len(lines)
    assert all(r.startswith((b"+OK", b"-ERR", b"+ ")) and r.endswith(b"\r\n") for r in responses)
    assert len(node.mailbox.messages) == 2  # no QUIT, so nothing was ever removed


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=80), max_size=12))
def test_server_never_raises_on_random_bytes(chunks: list[bytes]) -> None:
    server = started(CONFIG)
    node = FakeNode()
    for chunk in chunks:
        feed(server, chunk, node)
        if server.state is ServerState.TLS_HANDSHAKE:
            server.tls_established()
    server.connection_lost()


RESPONSE_LINES = [b"+OK", b"+OK 2 320", b"-ERR no", b"+ ", b".", b"..x", b"1 7.1", b"garbage",
                  b"", b"+OK <1.2@x>"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(RESPONSE_LINES), st.binary(max_size=20)), max_size=25),
       st.lists(st.tuples(st.sampled_from(["STAT", "LIST", "RETR 1", "CAPA", "NOOP"]),
                          st.booleans()), max_size=8))
def test_client_never_raises_on_random_responses(lines: list[bytes],
                                                 commands: list[tuple[str, bool]]) -> None:
    client = POP3Client()
    for command, multiline in commands:
        client.send(command, multiline=multiline)
    for line in lines:
        client.receive_data(line + b"\r\n")
    assert client.outstanding <= len(commands)
