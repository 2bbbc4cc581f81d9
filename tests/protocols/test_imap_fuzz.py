"""Property tests: remote garbage never raises, and every tagged line gets its answer."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.protocols.imap import IMAPClient, ServerState
from tests.protocols.imap_pair import CONFIG, Session, mailbox, selected, started

# Wrong LOGINs without the cap on failures (tested in test_server_limits), so that
# every line is answered.
PATIENT = replace(CONFIG, max_failed_logins=1_000)

COMMANDS = ["NOOP", "CAPABILITY", "LOGIN bob pass", 'LOGIN bob "x"', "SELECT INBOX",
            "EXAMINE INBOX", "SELECT Junk", 'LIST "" *', "STATUS INBOX (MESSAGES)",
            "SEARCH ALL", "SEARCH OR SEEN NOT DELETED", "SEARCH UID 2:*", "FETCH 1:* (FLAGS UID)",
            "FETCH 1 BODY[]", "FETCH 2 (BODY.PEEK[HEADER] RFC822.SIZE)", "FETCH * ENVELOPE",
            "UID FETCH 1:* FLAGS", "STORE 1 +FLAGS (\\Deleted)", "STORE 2 -FLAGS \\Seen",
            "UID STORE 3 FLAGS.SILENT ()", "EXPUNGE", "CLOSE", "CHECK", "FROB", "FETCH",
            "STORE 1 FLAGS (\\Bogus)", "UID", "UID FOO", "LSUB \"\" %", "CREATE x",
            # folders and the extensions (no IDLE here: its "+" is a write of its own)
            "CREATE a/b", "DELETE a/b", "DELETE a", "RENAME Sent Old", "RENAME INBOX Archive",
            "SELECT Trash", "COPY 1:* Trash", "UID COPY 1:* Nowhere", "MOVE 2 Junk",
            "UID MOVE 1:* Junk", "UID EXPUNGE 1:*", "APPEND Sent (\\Seen) {3+}\r\nabc",
            "APPEND Sent {0+}\r\n", 'APPEND Nowhere "01-Apr-2026 09:00:00 +0900" {1+}\r\nx',
            "NAMESPACE", "ENABLE UTF8=ACCEPT", "ID NIL", 'LIST (SPECIAL-USE) "" *',
            "STATUS Sent (MESSAGES UIDNEXT)", "CREATE &kAFP4W4IMH8-", "SELECT &kAFP4W4IMH8-",
            "CREATE &Jjo", "SUBSCRIBE Trash", "UNSUBSCRIBE Junk"]
tag = st.from_regex(r"[A-Za-z0-9]{1,6}", fullmatch=True)
line = st.one_of(
    st.sampled_from(COMMANDS),
    st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40)
    .filter(lambda s: not s.upper().lstrip().startswith(("LOGOUT", "STARTTLS"))
            and "{" not in s),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=80), max_size=12), st.booleans())
def test_server_never_raises_on_random_bytes(chunks: list[bytes], logged_in: bool) -> None:
    session = selected(mailbox()) if logged_in else started(mailbox())
    for chunk in chunks:
        session.feed(chunk)
        if session.server.state is ServerState.TLS_HANDSHAKE:
            session.server.tls_established()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(tag, line), min_size=1, max_size=15),
       st.integers(min_value=1, max_value=9), st.booleans())
def test_every_tagged_line_gets_one_tagged_response(commands: list[tuple[str, str]], split: int,
                                                    logged_in: bool) -> None:
    session: Session = selected(mailbox()) if logged_in else started(mailbox(), PATIENT)
    data = "".join(f"{t} {text}\r\n" for t, text in commands).encode()
    writes: list[bytes] = []
    for start in range(0, len(data), split):
        writes += session.feed(data[start : start + split])
    assert len(writes) == len(commands)  # one write per command, nothing pending
    for (t, _), write in zip(commands, writes, strict=True):
        last = write.rstrip(b"\r\n").split(b"\r\n")[-1]
        assert last.split(b" ")[0] in (t.encode(), b"*"), write
        assert last.split(b" ")[1] in (b"OK", b"NO", b"BAD")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from([b"* OK hi", b"A001 OK x", b"+ go", b"* 1 FETCH (X {3}",
                                           b"abc", b"* SEARCH 1", b"A002 NO", b""]),
                          st.binary(max_size=30)), max_size=20))
def test_client_never_raises_on_random_responses(lines: list[bytes]) -> None:
    client = IMAPClient()
    client.send("NOOP")
    client.send("LOGIN {3}\r\nbob x")
    for raw in lines:
        client.receive_data(raw + b"\r\n")
        client.data_to_send()


@settings(max_examples=100, deadline=None)
@given(st.lists(line, max_size=4), line, st.integers(min_value=1, max_value=9))
def test_idle_ends_with_one_tagged_response_whatever_comes(before: list[str], after: str,
                                                           split: int) -> None:
    session = selected(mailbox())
    for number, text in enumerate(before):
        session.feed(f"p{number} {text}\r\n".encode())
    if session.server.state is not ServerState.SELECTED:
        return
    assert session.feed(b"i IDLE\r\n")[0] == b"+ idling\r\n"
    data = f"{after}\r\n".encode()
    writes: list[bytes] = []
    for start in range(0, len(data), split):
        writes += session.feed(data[start : start + split])
    last = b"".join(writes).rstrip(b"\r\n").split(b"\r\n")[-1]
    assert last.split(b" ")[:2] in ([b"i", b"OK"], [b"i", b"BAD"]), writes
    assert session.server.state is ServerState.SELECTED
