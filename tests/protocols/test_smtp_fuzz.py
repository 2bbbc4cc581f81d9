"""Property tests: remote garbage never raises, and commands get one reply each."""

from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.protocols.smtp import ClientConfig, ServerConfig, SMTPClient, Transaction
from tests.protocols.smtp_pair import FakeNode, feed, started

CONFIG = ServerConfig("mx", starttls=True, auth_mechanisms=("PLAIN", "LOGIN"),
                      max_errors=10_000, max_failed_logins=1_000, max_message_size=5_000)
SAFE_VERBS = ["EHLO x", "HELO x", "MAIL FROM:<a@b.example>", "mail FROM:<> size=12",
              "RCPT TO:<bob@example.org>", "rcpt TO:<x@y.example>", "RSET", "NOOP", "VRFY u",
              "HELP", "EXPN l", "FOO", "MAIL FROM:", "RCPT", "EHLO", "AUTH CRAM-MD5",
              "AUTH PLAIN AGFsaWNlAHMzY3JldA==", "AUTH PLAIN !!", "MAIL FROM:<a@b> SIZE=x"]
line_text = st.one_of(
    st.sampled_from(SAFE_VERBS),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
    .filter(lambda s: not s.strip().upper().startswith(("DATA", "QUIT", "STARTTLS", "AUTH"))),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=80), max_size=12))
def test_server_never_raises_on_random_bytes(chunks: list[bytes]) -> None:
    server = started(CONFIG)
    for chunk in chunks:
        feed(server, chunk)
        if server.state.name == "TLS_HANDSHAKE":
            server.tls_established()


@settings(max_examples=150, deadline=None)
@given(st.lists(line_text, min_size=1, max_size=15), st.integers(min_value=1, max_value=7))
def test_every_command_line_gets_exactly_one_reply(lines: list[str], split: int) -> None:
    server = started(CONFIG)
    data = "".join(line + "\r\n" for line in lines).encode()
    replies: list[bytes] = []
    node = FakeNode()
    for start in range(0, len(data), split):
        replies += feed(server, data[start : start + split], node)
    # AUTH with an initial response ends in one reply too (235/535/501).
    assert len(replies) == len(lines)
    assert all(reply.endswith(b"\r\n") and reply[:3].isdigit() for reply in replies)


REPLY_LINES = [b"220 hi", b"250 ok", b"250-mx", b"250-PIPELINING", b"250-STARTTLS",
               b"250 AUTH PLAIN LOGIN", b"334 ", b"334 VXNlcm5hbWU6", b"354 go", b"235 ok",
               b"421 bye", b"550 no", b"221 bye", b"garbage", b"", b"2", b"999 x"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(REPLY_LINES), st.binary(max_size=20)), max_size=25),
       st.booleans(), st.booleans())
def test_client_never_raises_on_random_replies(lines: list[bytes], pipelining: bool,
                                               tls: bool) -> None:
    config = ClientConfig("c", pipelining=pipelining, credentials=("u", "p"),
                          starttls="opportunistic" if tls else "never")
    txn = Transaction("t", "a@b.example", ("c@d.example", "e@f.example"), b"x\r\n.y\r\n")
    client = SMTPClient(config, [txn, txn])
    for line in lines:
        client.receive_data(line + b"\r\n")
        client.data_to_send()
        if client.state.name == "TLS_HANDSHAKE":
            client.tls_established()
    client.connection_lost()
    assert client.done
