"""Several sessions (devices) on one shared Mailbox: flags, expunges and arrivals."""

from mailsim.protocols.imap import Expunged, FlagsChanged
from tests.protocols.imap_pair import deliver, mailbox, selected


def test_seen_set_in_one_session_shows_in_the_other() -> None:
    box = mailbox()
    laptop, phone = selected(box), selected(box)
    laptop.feed(b"a FETCH 1 (BODY[])\r\n")
    assert laptop.take_events()[0] == FlagsChanged(1, ("\\Seen",), "INBOX", "<m1@example.com>")
    # The laptop claimed \Recent when it selected first; the phone never sees it.
    assert phone.text(b"b FETCH 1 (FLAGS)\r\n") == (
        "* 1 FETCH (FLAGS (\\Seen))\r\nb OK FETCH completed\r\n")


def test_seen_from_a_body_fetch_is_reported_on_noop() -> None:
    box = mailbox()
    laptop, phone = selected(box), selected(box)
    laptop.feed(b"a FETCH 2 (BODY[TEXT])\r\n")
    assert phone.text(b"n NOOP\r\n") == "* 2 FETCH (FLAGS (\\Seen))\r\nn OK NOOP completed\r\n"


def test_flag_change_is_reported_on_noop() -> None:
    box = mailbox()
    laptop, phone = selected(box), selected(box)
    assert phone.text(b"n NOOP\r\n") == "n OK NOOP completed\r\n"
    laptop.feed(b"a STORE 2 +FLAGS (\\Flagged)\r\n")
    assert phone.text(b"n NOOP\r\n") == (
        "* 2 FETCH (FLAGS (\\Flagged))\r\nn OK NOOP completed\r\n")
    assert phone.text(b"n NOOP\r\n") == "n OK NOOP completed\r\n"  # reported once


def test_other_session_gets_expunge_on_noop_and_numbers_hold_until_then() -> None:
    box = mailbox()
    laptop, phone = selected(box), selected(box)
    laptop.feed(b"a STORE 1:2 +FLAGS (\\Deleted)\r\n")
    laptop.feed(b"b EXPUNGE\r\n")
    assert laptop.take_events()[-1] == Expunged((1, 2), "INBOX", ("<m1@example.com>", "<m2@example.com>"))
    # Until told, the phone still calls the surviving message number 3 ...
    assert phone.text(b"c FETCH 3 (UID)\r\n") == "* 3 FETCH (UID 3)\r\nc OK FETCH completed\r\n"
    # ... and message 1 has no data left, so it is left out (no EXPUNGE during FETCH).
    assert phone.text(b"d FETCH 1 (UID)\r\n") == "d OK FETCH completed\r\n"
    assert phone.text(b"e NOOP\r\n") == "* 1 EXPUNGE\r\n* 1 EXPUNGE\r\ne OK NOOP completed\r\n"
    assert phone.text(b"f FETCH 1 (UID)\r\n") == "* 1 FETCH (UID 3)\r\nf OK FETCH completed\r\n"


def test_uid_commands_may_report_expunges() -> None:
    box = mailbox()
    laptop, phone = selected(box), selected(box)
    laptop.feed(b"a STORE 2 +FLAGS.SILENT (\\Deleted)\r\nb EXPUNGE\r\n")
    assert phone.text(b"c UID SEARCH ALL\r\n") == (
        "* SEARCH 1 3\r\n* 2 EXPUNGE\r\nc OK UID SEARCH completed\r\n")
    assert phone.text(b"d SEARCH ALL\r\n") == "* SEARCH 1 2\r\nd OK SEARCH completed\r\n"


def test_flags_changed_elsewhere_are_sent_with_the_deleted_flag_first() -> None:
    box = mailbox()
    laptop, phone = selected(box), selected(box)
    laptop.feed(b"a STORE 1 +FLAGS (\\Deleted)\r\n")
    assert phone.text(b"b NOOP\r\n") == "* 1 FETCH (FLAGS (\\Deleted))\r\nb OK NOOP completed\r\n"
    laptop.feed(b"c EXPUNGE\r\n")
    assert phone.text(b"d NOOP\r\n") == "* 1 EXPUNGE\r\nd OK NOOP completed\r\n"


def test_new_delivery_shows_as_exists_and_recent_on_noop() -> None:
    box = mailbox()
    laptop, phone = selected(box), selected(box)
    deliver(box, 4)
    assert laptop.text(b"a NOOP\r\n") == "* 4 EXISTS\r\n* 4 RECENT\r\na OK NOOP completed\r\n"
    # \Recent went to the laptop, which saw the message first (RFC 3501 §2.3.2).
    assert phone.text(b"b NOOP\r\n") == "* 4 EXISTS\r\nb OK NOOP completed\r\n"
    assert phone.text(b"c FETCH 4 (UID FLAGS)\r\n") == (
        "* 4 FETCH (UID 4 FLAGS ())\r\nc OK FETCH completed\r\n")


def test_new_delivery_is_reported_after_any_command() -> None:
    box = mailbox(1)
    session = selected(box)
    deliver(box, 2)
    assert session.text(b"a FETCH 1 (UID)\r\n") == (
        "* 1 FETCH (UID 1)\r\n* 2 EXISTS\r\n* 2 RECENT\r\na OK FETCH completed\r\n")


def test_expunge_with_deletions_from_both_sessions_and_arrivals() -> None:
    box = mailbox(5)
    laptop, phone = selected(box), selected(box)
    phone.feed(b"a STORE 2,4 +FLAGS.SILENT (\\Deleted)\r\n")
    deliver(box, 6)
    assert laptop.text(b"b EXPUNGE\r\n") == (
        "* 2 EXPUNGE\r\n* 3 EXPUNGE\r\n* 4 EXISTS\r\n* 4 RECENT\r\nb OK EXPUNGE completed\r\n")
    assert phone.text(b"c NOOP\r\n") == "* 2 EXPUNGE\r\n* 3 EXPUNGE\r\n* 4 EXISTS\r\nc OK NOOP completed\r\n"
    assert phone.text(b"d UID SEARCH ALL\r\n").startswith("* SEARCH 1 3 5 6\r\n")


def test_select_again_refreshes_the_view() -> None:
    box = mailbox()
    session = selected(box)
    deliver(box, 4)
    assert "* 4 EXISTS\r\n* 1 RECENT\r\n" in session.text(b"a SELECT INBOX\r\n")
