"""Raw-bytes server tests with the exact lines Python's imaplib and fetchmail send."""

import pytest

from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.imap import (
    CloseConnection,
    Expunged,
    Fetched,
    FlagsChanged,
    IMAPServer,
    IMAPServerConfig,
    LoginRefused,
    LoginRequested,
    ServerState,
    StartTLS,
)
from tests.protocols.imap_pair import CONFIG, mailbox, message, selected, started

SIZE = len(message(1))
EXT = "CHILDREN ENABLE ID IDLE MOVE NAMESPACE SPECIAL-USE UIDPLUS"
CAPS = f"IMAP4rev1 LITERAL+ {EXT}"


def test_greeting_lists_imap4rev1() -> None:
    server = IMAPServer(CONFIG)
    server.start()
    assert server.data_to_send() == [
        f"* OK [CAPABILITY {CAPS}] mailsim IMAP4rev1 ready\r\n".encode()]
    assert server.state is ServerState.NOT_AUTHENTICATED


def test_imaplib_login_dialogue() -> None:
    session = started(mailbox())
    assert session.feed(b"ABCD1 CAPABILITY\r\n") == [
        f"* CAPABILITY {CAPS}\r\nABCD1 OK CAPABILITY completed\r\n".encode()]
    assert session.feed(b'ABCD2 LOGIN bob "pass"\r\n') == [
        f"ABCD2 OK [CAPABILITY {CAPS}] LOGIN completed\r\n".encode()]
    assert session.take_events() == [LoginRequested("bob", "pass")]
    assert session.server.state is ServerState.AUTHENTICATED
    assert session.server.user == "bob"


def test_wrong_password_is_refused_and_session_goes_on() -> None:
    session = started(mailbox())
    assert session.text(b'a1 LOGIN bob "nope"\r\n') == (
        "a1 NO [AUTHENTICATIONFAILED] Invalid credentials\r\n")
    assert session.server.state is ServerState.NOT_AUTHENTICATED
    assert session.text(b'a2 LOGIN bob "pass"\r\n').startswith("a2 OK")


def test_quoted_password_with_escapes() -> None:
    session = started(mailbox())
    session.feed(b'a1 LOGIN "bob" "p\\"a\\\\ss"\r\n')
    # The password is wrong for the fixture's user: the failed login is an event too.
    assert session.take_events() == [LoginRequested("bob", 'p"a\\ss'), LoginRefused(1)]


def test_login_with_synchronizing_literals() -> None:
    session = started(mailbox())
    assert session.feed(b"a1 LOGIN {3}\r\n") == [b"+ Ready for literal data\r\n"]
    assert session.feed(b"bob {4}\r\n") == [b"+ Ready for literal data\r\n"]
    assert session.text(b"pass\r\n").startswith("a1 OK [CAPABILITY")
    assert session.take_events() == [LoginRequested("bob", "pass")]


def test_login_with_nonsynchronizing_literal() -> None:
    session = started(mailbox())
    assert session.text(b"a1 LOGIN {3+}\r\nbob {4+}\r\npass\r\n").startswith("a1 OK")


def test_input_waits_while_login_is_pending() -> None:
    server = IMAPServer(CONFIG)
    server.start()
    server.data_to_send()
    events = server.receive_data(b"a1 LOGIN bob pass\r\na2 NOOP\r\n")
    assert events == [LoginRequested("bob", "pass")]
    assert server.data_to_send() == []
    assert server.auth_result(True, mailbox()) == []
    assert server.data_to_send() == [
        f"a1 OK [CAPABILITY {CAPS}] LOGIN completed\r\n".encode(), b"a2 OK NOOP completed\r\n"]


def test_auth_result_without_login_is_a_caller_bug() -> None:
    server = IMAPServer(CONFIG)
    server.start()
    with pytest.raises(LocalProtocolError, match="NOT_AUTHENTICATED"):
        server.auth_result(True, mailbox())
    server.receive_data(b"a LOGIN bob pass\r\n")
    with pytest.raises(LocalProtocolError):
        server.auth_result(True, None)


def test_commands_before_login_are_refused() -> None:
    session = started(mailbox())
    assert session.text(b"a1 SELECT INBOX\r\n") == "a1 BAD Command not valid in this state\r\n"
    assert session.text(b"a2 FETCH 1 (FLAGS)\r\n") == "a2 BAD Command not valid in this state\r\n"
    assert session.text(b"a3 FROB\r\n") == "a3 BAD Unknown command\r\n"
    assert session.text(b"a4 NOOP\r\n") == "a4 OK NOOP completed\r\n"


def test_list_and_lsub() -> None:
    session = selected(mailbox())
    assert session.text(b'ABCD3 LIST "" *\r\n') == (
        '* LIST (\\HasNoChildren) "/" INBOX\r\n'
        '* LIST (\\HasNoChildren \\Sent) "/" Sent\r\n'
        '* LIST (\\HasNoChildren \\Drafts) "/" Drafts\r\n'
        '* LIST (\\HasNoChildren \\Trash) "/" Trash\r\n'
        '* LIST (\\HasNoChildren \\Junk) "/" Junk\r\nABCD3 OK LIST completed\r\n')
    assert session.text(b'a LIST "" ""\r\n') == (
        '* LIST (\\Noselect) "/" ""\r\na OK LIST completed\r\n')
    assert session.text(b'a LIST "" Archive\r\n') == "a OK LIST completed\r\n"
    assert session.text(b'a LIST "" sent\r\n') == "a OK LIST completed\r\n"  # only INBOX is any case
    assert session.text(b'a LIST "" inbox\r\n').startswith("* LIST")
    assert session.text(b'a LSUB "" "*"\r\n') == (
        '* LSUB (\\HasNoChildren) "/" INBOX\r\n* LSUB (\\HasNoChildren) "/" Sent\r\n'
        '* LSUB (\\HasNoChildren) "/" Drafts\r\n* LSUB (\\HasNoChildren) "/" Trash\r\n'
        '* LSUB (\\HasNoChildren) "/" Junk\r\na OK LSUB completed\r\n')


def test_select_inbox_exact_responses() -> None:
    session = started(mailbox())
    session.feed(b'ABCD2 LOGIN bob "pass"\r\n')
    assert session.text(b"ABCD3 SELECT INBOX\r\n") == (
        "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"
        "* 3 EXISTS\r\n* 3 RECENT\r\n"
        "* OK [UNSEEN 1] Message 1 is first unseen\r\n"
        "* OK [UIDVALIDITY 1] UIDs valid\r\n"
        "* OK [UIDNEXT 4] Predicted next UID\r\n"
        "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\Answered \\Flagged \\Draft \\*)] Limited\r\n"
        "ABCD3 OK [READ-WRITE] SELECT completed\r\n")
    assert session.server.state is ServerState.SELECTED


def test_examine_is_read_only_and_keeps_recent() -> None:
    box = mailbox()
    session = selected(box, b"e EXAMINE inbox\r\n")
    assert all(m.recent for m in box.messages)
    assert session.text(b"f FETCH 1 BODY[]\r\n").count("FLAGS") == 0
    assert box.messages[0].flags == set()
    assert session.text(b"s STORE 1 +FLAGS \\Seen\r\n") == "s NO [READ-ONLY] Mailbox is read-only\r\n"
    assert session.text(b"x EXPUNGE\r\n") == "x NO [READ-ONLY] Mailbox is read-only\r\n"


def test_select_other_mailbox_is_nonexistent_and_deselects() -> None:
    session = selected(mailbox())
    assert session.text(b"a SELECT Archive\r\n") == (
        "a NO [NONEXISTENT] Mailbox doesn't exist\r\n")
    assert session.server.state is ServerState.AUTHENTICATED
    assert session.text(b"b FETCH 1 FLAGS\r\n") == "b BAD Command not valid in this state\r\n"


def test_status() -> None:
    box = mailbox()
    box.messages[0].flags.add("\\Seen")
    session = started(box)
    session.feed(b"a LOGIN bob pass\r\n")
    assert session.text(b"a STATUS INBOX (MESSAGES UNSEEN UIDNEXT UIDVALIDITY RECENT)\r\n") == (
        "* STATUS INBOX (MESSAGES 3 UNSEEN 2 UIDNEXT 4 UIDVALIDITY 1 RECENT 3)\r\n"
        "a OK STATUS completed\r\n")
    assert session.text(b"b STATUS INBOX (BOGUS)\r\n").startswith("b BAD")
    assert session.text(b"c STATUS Junk (MESSAGES)\r\n") == (
        "* STATUS Junk (MESSAGES 0)\r\nc OK STATUS completed\r\n")
    assert session.text(b"d STATUS Archive (MESSAGES)\r\n").startswith("d NO [NONEXISTENT]")


def test_search_all_and_flags() -> None:
    box = mailbox()
    session = selected(box)
    box.messages[1].flags.add("\\Seen")
    assert session.text(b"ABCD5 SEARCH ALL\r\n").startswith("* SEARCH 1 2 3\r\n")
    session.feed(b"n NOOP\r\n")
    assert session.text(b"a SEARCH SEEN\r\n") == "* SEARCH 2\r\na OK SEARCH completed\r\n"
    assert session.text(b"a SEARCH UNSEEN\r\n") == "* SEARCH 1 3\r\na OK SEARCH completed\r\n"
    assert session.text(b"a SEARCH DELETED\r\n") == "* SEARCH\r\na OK SEARCH completed\r\n"
    assert session.text(b"a SEARCH NEW\r\n") == "* SEARCH 1 3\r\na OK SEARCH completed\r\n"
    assert session.text(b"a SEARCH 2:*\r\n") == "* SEARCH 2 3\r\na OK SEARCH completed\r\n"
    assert session.text(b"a SEARCH UID 1,3\r\n") == "* SEARCH 1 3\r\na OK SEARCH completed\r\n"
    assert session.text(b"a SEARCH OR SEEN UID 3\r\n") == "* SEARCH 2 3\r\na OK SEARCH completed\r\n"
    assert session.text(b"a SEARCH NOT SEEN SUBJECT \"hello 3\"\r\n").startswith("* SEARCH 3\r\n")
    assert session.text(b"a SEARCH SINCE 1-Apr-2026 BEFORE 2-Apr-2026\r\n").startswith(
        "* SEARCH 1 2 3\r\n")
    assert session.text(b"a SEARCH CHARSET UTF-8 ALL\r\n").startswith("* SEARCH 1 2 3\r\n")
    assert session.text(b"a SEARCH FROBNICATE\r\n") == "a BAD Unknown search key FROBNICATE\r\n"
    assert session.text(b"a SEARCH\r\n") == "a BAD Missing search key\r\n"


def test_fetch_rfc822_is_a_literal_and_sets_seen() -> None:
    box = mailbox()
    session = selected(box)
    assert session.feed(b"ABCD6 FETCH 1 (RFC822)\r\n") == [
        b"* 1 FETCH (RFC822 {%d}\r\n" % SIZE + message(1)
        + b" FLAGS (\\Seen \\Recent))\r\nABCD6 OK FETCH completed\r\n"]
    assert box.messages[0].flags == {"\\Seen"}
    assert session.take_events() == [FlagsChanged(1, ("\\Seen",), "INBOX", "<m1@example.com>"),
                                      Fetched(1, ("RFC822",), peek=False)]
    # Already seen: no FLAGS added, no FlagsChanged, still "read".
    assert session.feed(b"a FETCH 1 BODY[]\r\n") == [
        b"* 1 FETCH (BODY[] {%d}\r\n" % SIZE + message(1) + b")\r\na OK FETCH completed\r\n"]
    assert session.take_events() == [Fetched(1, ("BODY[]",), peek=False)]


def test_body_peek_does_not_set_seen() -> None:
    box = mailbox()
    session = selected(box)
    header = message(2).split(b"\r\n\r\n")[0] + b"\r\n\r\n"
    assert session.feed(b"a FETCH 2 (BODY.PEEK[HEADER])\r\n") == [
        b"* 2 FETCH (BODY[HEADER] {%d}\r\n" % len(header) + header
        + b")\r\na OK FETCH completed\r\n"]
    session.feed(b"b FETCH 2 (BODY.PEEK[] RFC822.HEADER)\r\n")
    assert box.messages[1].flags == set()
    assert session.take_events() == [Fetched(2, ("BODY[HEADER]",), peek=True),
                                     Fetched(2, ("BODY[]", "RFC822.HEADER"), peek=True)]


def test_fetch_sections_partial_and_header_fields() -> None:
    session = selected(mailbox())
    out = session.text(b"a FETCH 1 (BODY.PEEK[TEXT] BODY.PEEK[HEADER.FIELDS (SUBJECT)] "
                       b"BODY.PEEK[]<0.4>)\r\n")
    assert out == ("* 1 FETCH (BODY[TEXT] {19}\r\nHi Bob, number 1.\r\n "
                   "BODY[HEADER.FIELDS (SUBJECT)] {20}\r\nSubject: hello 1\r\n\r\n "
                   "BODY[]<0> {4}\r\nFrom)\r\na OK FETCH completed\r\n")


def test_fetchmail_style_items_without_parentheses() -> None:
    session = selected(mailbox())
    assert session.text(b"a FETCH 1 RFC822.SIZE\r\n") == (
        f"* 1 FETCH (RFC822.SIZE {SIZE})\r\na OK FETCH completed\r\n")
    assert session.text(b"b FETCH 1:2 FLAGS UID\r\n") == (
        "* 1 FETCH (FLAGS (\\Recent) UID 1)\r\n* 2 FETCH (FLAGS (\\Recent) UID 2)\r\n"
        "b OK FETCH completed\r\n")


def test_fetch_macros_and_internaldate() -> None:
    session = selected(mailbox())
    assert session.text(b"a FETCH 3 FAST\r\n") == (
        f'* 3 FETCH (FLAGS (\\Recent) INTERNALDATE "01-Apr-2026 09:00:00 +0900" '
        f"RFC822.SIZE {SIZE})\r\na OK FETCH completed\r\n")
    envelope = session.text(b"b FETCH 1 ALL\r\n")
    assert ('ENVELOPE (NIL "hello 1" (("Alice" NIL "alice" "example.com")) '
            '(("Alice" NIL "alice" "example.com")) (("Alice" NIL "alice" "example.com")) '
            '((NIL NIL "bob" "example.org")) NIL NIL NIL "<m1@example.com>")') in envelope
    assert 'BODY ("TEXT" "PLAIN" ("CHARSET" "us-ascii") NIL NIL "7BIT" 19 1)' in session.text(
        b"c FETCH 1 FULL\r\n")


@pytest.mark.parametrize(("sequence", "numbers"), [
    (b"1", [1]), (b"1:3", [1, 2, 3]), (b"2:*", [2, 3]), (b"*", [3]), (b"1,3:4", None),
    (b"1,3", [1, 3]), (b"3:1", [1, 2, 3]), (b"*:2", [2, 3]),
])
def test_sequence_sets(sequence: bytes, numbers: list[int] | None) -> None:
    session = selected(mailbox())
    out = session.text(b"a FETCH " + sequence + b" (UID)\r\n")
    if numbers is None:
        assert out == "a BAD Invalid message sequence number\r\n"
    else:
        assert out == "".join(f"* {n} FETCH (UID {n})\r\n" for n in numbers) + (
            "a OK FETCH completed\r\n")


def test_bad_sequence_and_items() -> None:
    session = selected(mailbox())
    assert session.text(b"a FETCH 0 FLAGS\r\n") == "a BAD Invalid sequence number\r\n"
    assert session.text(b"a FETCH x FLAGS\r\n") == "a BAD Invalid sequence number\r\n"
    assert session.text(b"a FETCH 1 (FLAGS BOGUS)\r\n") == "a BAD Unknown FETCH item BOGUS\r\n"
    assert session.text(b"a FETCH 1\r\n").startswith("a BAD")
    assert session.text(b"a FETCH 1 (FLAGS\r\n") == "a BAD Missing ')'\r\n"


def test_uid_fetch_always_includes_uid() -> None:
    box = mailbox()
    session = selected(box)
    assert session.text(b"ABCD7 UID FETCH 1:* (FLAGS)\r\n") == (
        "* 1 FETCH (UID 1 FLAGS (\\Recent))\r\n* 2 FETCH (UID 2 FLAGS (\\Recent))\r\n"
        "* 3 FETCH (UID 3 FLAGS (\\Recent))\r\nABCD7 OK UID FETCH completed\r\n")
    assert session.text(b"a UID FETCH 99 FLAGS\r\n") == "a OK UID FETCH completed\r\n"
    # RFC 3501 §6.4.8: "n:*" always includes the highest UID.
    assert session.text(b"a UID FETCH 99:* FLAGS\r\n").startswith("* 3 FETCH (UID 3 ")


def test_store_variants() -> None:
    box = mailbox()
    session = selected(box)
    assert session.text(b"ABCD8 STORE 1 +FLAGS (\\Deleted)\r\n") == (
        "* 1 FETCH (FLAGS (\\Deleted \\Recent))\r\nABCD8 OK STORE completed\r\n")
    assert session.take_events() == [FlagsChanged(1, ("\\Deleted",), "INBOX", "<m1@example.com>")]
    assert session.text(b"a STORE 1 FLAGS \\seen\r\n") == (
        "* 1 FETCH (FLAGS (\\Seen \\Recent))\r\na OK STORE completed\r\n")
    assert session.text(b"a STORE 1:2 +FLAGS.SILENT (\\Flagged $Work)\r\n") == (
        "a OK STORE completed\r\n")
    assert box.messages[1].flags == {"\\Flagged", "$Work"}
    assert session.text(b"a STORE 2 -FLAGS (\\Flagged)\r\n") == (
        "* 2 FETCH (FLAGS ($Work \\Recent))\r\na OK STORE completed\r\n")
    assert session.text(b"a UID STORE 3 +FLAGS (\\Answered)\r\n") == (
        "* 3 FETCH (UID 3 FLAGS (\\Answered \\Recent))\r\na OK UID STORE completed\r\n")
    assert session.text(b"a STORE 1 +FLAGS (\\Recent)\r\n") == "a BAD Invalid flag \\Recent\r\n"
    assert session.text(b"a STORE 1 PLUSFLAGS (\\Seen)\r\n") == "a BAD Invalid STORE data item\r\n"


def test_expunge_renumbers_per_rfc3501() -> None:
    box = mailbox()
    session = selected(box)
    session.feed(b"ABCD8 STORE 1:2 +FLAGS (\\Deleted)\r\n")
    session.take_events()
    # §7.4.1: each number reflects the removals already reported.
    assert session.text(b"ABCD9 EXPUNGE\r\n") == (
        "* 1 EXPUNGE\r\n* 1 EXPUNGE\r\nABCD9 OK EXPUNGE completed\r\n")
    assert session.take_events() == [Expunged((1, 2), "INBOX", ("<m1@example.com>", "<m2@example.com>"))]
    assert [m.uid for m in box.messages] == [3]
    assert session.text(b"a FETCH 1 (UID)\r\n") == "* 1 FETCH (UID 3)\r\na OK FETCH completed\r\n"
    assert session.text(b"a FETCH 2 (UID)\r\n") == "a BAD Invalid message sequence number\r\n"


def test_close_expunges_silently() -> None:
    box = mailbox()
    session = selected(box)
    session.feed(b"a STORE 2 +FLAGS.SILENT (\\Deleted)\r\n")
    session.take_events()
    assert session.text(b"ABCD10 CLOSE\r\n") == "ABCD10 OK CLOSE completed\r\n"
    assert session.take_events() == [Expunged((2,), "INBOX", ("<m2@example.com>",))]
    assert session.server.state is ServerState.AUTHENTICATED
    assert session.text(b"b CHECK\r\n") == "b BAD Command not valid in this state\r\n"


def test_logout() -> None:
    session = selected(mailbox())
    assert session.text(b"ABCD11 LOGOUT\r\n") == (
        "* BYE imap.example.org IMAP4rev1 server logging out\r\nABCD11 OK LOGOUT completed\r\n")
    assert session.take_events() == [CloseConnection()]
    assert session.server.closed
    assert session.feed(b"a NOOP\r\n") == []


def test_starttls_holds_input_until_handshake() -> None:
    config = IMAPServerConfig("imap.example.org", starttls=True, login_requires_tls=True)
    session = started(mailbox(), config)
    assert session.text(b"a CAPABILITY\r\n") == (
        f"* CAPABILITY IMAP4rev1 LITERAL+ STARTTLS LOGINDISABLED {EXT}\r\n"
        "a OK CAPABILITY completed\r\n")
    assert session.text(b"b LOGIN bob pass\r\n") == (
        "b NO [PRIVACYREQUIRED] LOGIN is disabled until STARTTLS\r\n")
    # The plaintext pipelined after STARTTLS is discarded (command injection).
    assert session.text(b"c STARTTLS\r\nd LOGIN bob pass\r\n") == (
        "c OK Begin TLS negotiation now\r\n")
    assert session.take_events() == [StartTLS()]
    assert session.feed(b"e CAPABILITY\r\n") == []  # held during the handshake
    assert session.server.tls_established() == []
    assert session.server.data_to_send() == [
        f"* CAPABILITY {CAPS}\r\ne OK CAPABILITY completed\r\n".encode()]
    assert session.text(b"f STARTTLS\r\n") == "f BAD TLS is already active\r\n"
    assert session.text(b"g LOGIN bob pass\r\n").startswith("g OK")
    with pytest.raises(LocalProtocolError):
        session.server.tls_established()


def test_starttls_not_offered_or_repeated() -> None:
    session = started(mailbox())
    assert session.text(b"a STARTTLS\r\n") == "a BAD STARTTLS not available\r\n"
    tls = started(mailbox(), IMAPServerConfig("h", starttls=True))
    tls.feed(b"a STARTTLS\r\n")
    tls.server.tls_established()
    assert tls.text(b"b STARTTLS\r\n") == "b BAD TLS is already active\r\n"


def test_garbage_and_limits() -> None:
    session = started(mailbox())
    assert session.text(b"\r\n") == "* BAD Empty command line\r\n"
    assert session.text(b"(bad) NOOP\r\n") == "* BAD Invalid tag\r\n"
    assert session.text(b"a1\r\n") == "a1 BAD Missing command\r\n"
    assert session.text(b"a2 LOGIN \"unterminated\r\n") == "a2 BAD Unterminated quoted string\r\n"
    assert session.text(b"a3 NOOP " + b"x" * 9000 + b"\r\n") == "a3 BAD Command line too long\r\n"
    assert session.text(b"a4 LOGIN {999999}\r\n") == "a4 BAD Literal too large\r\n"
    assert session.text(b"a5 LOGIN {999999+}\r\n" + b"z" * 999999 + b" x\r\na6 NOOP\r\n") == (
        "a5 BAD Literal too large\r\na6 OK NOOP completed\r\n")
    assert session.text(b"a7 LOGIN \xff\xfe x\r\n") == "a7 BAD Invalid character in atom\r\n"
    assert session.text(b"a8 NOOP\r\n") == "a8 OK NOOP completed\r\n"


def test_unsupported_but_known_commands() -> None:
    session = selected(mailbox())
    assert session.text(b"a UID COPY 1 Archive\r\n") == "a NO [TRYCREATE] Mailbox doesn't exist\r\n"
    assert session.text(b"a UID THREAD 1\r\n") == "a BAD Unknown UID command THREAD\r\n"
    assert session.text(b"a SUBSCRIBE INBOX\r\n") == "a OK SUBSCRIBE completed\r\n"
    assert session.text(b"a AUTHENTICATE PLAIN\r\n") == "a BAD Command not valid in this state\r\n"


def test_a_number_of_thousands_of_digits_is_bad_not_a_crash() -> None:
    # int() refuses a string of more than 4,300 digits; the parser says BAD first.
    huge = b"9" * 5000
    session = selected(mailbox())
    for tag, command in ((b"a", b"FETCH %s FLAGS" % huge), (b"b", b"FETCH 1:%s FLAGS" % huge),
                         (b"c", b"UID FETCH %s FLAGS" % huge), (b"d", b"SEARCH LARGER %s" % huge)):
        assert session.text(tag + b" " + command + b"\r\n").startswith(tag.decode() + " BAD")
    assert session.text(b"e FETCH 00000000001 FLAGS\r\n").endswith("e OK FETCH completed\r\n")
