"""The server engine's folders, APPEND, COPY/MOVE and IDLE, line by line against the RFCs."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.protocols.imap import (
    Appended,
    Copied,
    Event,
    Expunged,
    FolderCreated,
    FolderDeleted,
    FolderRenamed,
    IMAPServer,
    LoginRequested,
    Moved,
    utf7,
)
from mailsim.protocols.imap.states import ServerState
from mailsim.protocols.mailstore import MAX_FOLDERS, Account, Mailbox
from tests.protocols.imap_pair import CONFIG, Session, deliver, mailbox

MESSAGE = b"From: bob@example.org\r\nMessage-ID: <a1@example.org>\r\nSubject: hi\r\n\r\nHi\r\n"


@dataclass
class AccountSession(Session):
    """A session whose login opens ``account`` (all its folders), not a bare INBOX."""

    account: Account | None = None

    def decide(self, event: Event) -> list[Event]:
        return self.server.auth_result(True, self.account) if isinstance(event, LoginRequested) else []


def logged_in(account: Account) -> Session:
    session = AccountSession(account.inbox, IMAPServer(CONFIG), account=account)
    session.server.start()
    session.server.data_to_send()
    session.feed(b"l LOGIN bob pass\r\n")
    session.take_events()
    return session


def account(count: int = 3) -> Account:
    return Account.with_folders(mailbox(count))


def test_create_delete_and_the_hierarchy() -> None:
    acc = account()
    s = logged_in(acc)
    assert s.text(b"a CREATE Work/2026/\r\n") == "a OK CREATE completed\r\n"  # parents too
    assert s.take_events() == [FolderCreated("Work"), FolderCreated("Work/2026")]
    assert s.text(b'b LIST "" Work%\r\n') == '* LIST (\\HasChildren) "/" Work\r\nb OK LIST completed\r\n'
    assert s.text(b'c LIST Work/ %\r\n') == (
        '* LIST (\\HasNoChildren) "/" Work/2026\r\nc OK LIST completed\r\n')
    assert s.text(b"d CREATE work\r\n") == "d OK CREATE completed\r\n"  # names are case-sensitive
    assert s.text(b"e CREATE Work\r\n") == "e NO [ALREADYEXISTS] Mailbox already exists\r\n"
    assert s.text(b"f CREATE inbox\r\n") == "f NO [ALREADYEXISTS] Mailbox already exists\r\n"
    assert s.text(b"g CREATE a//b\r\n") == "g NO [CANNOT] Invalid mailbox name\r\n"
    assert s.text(b"h DELETE Work\r\n") == "h NO [HASCHILDREN] Mailbox has inferior mailboxes\r\n"
    assert s.text(b"i DELETE INBOX\r\n") == "i NO [CANNOT] INBOX cannot be deleted\r\n"
    assert s.text(b"j DELETE Nowhere\r\n") == "j NO [NONEXISTENT] Mailbox doesn't exist\r\n"
    s.take_events()
    assert s.text(b"k DELETE Work/2026\r\n") == "k OK DELETE completed\r\n"
    assert s.take_events() == [FolderDeleted("Work/2026")]
    assert acc.names() == ["INBOX", "Sent", "Drafts", "Trash", "Junk", "Work", "work"]


def test_the_number_of_folders_is_capped() -> None:
    acc = account()
    for n in range(MAX_FOLDERS - len(acc.names())):
        acc.create(f"f{n}")
    s = logged_in(acc)
    assert s.text(b"a CREATE one-more\r\n") == f"a NO [LIMIT] At most {MAX_FOLDERS} mailboxes\r\n"


def test_rename_takes_children_along_and_rename_inbox_moves_its_messages() -> None:
    acc = account()
    s = logged_in(acc)
    s.feed(b"a CREATE Old/Sub\r\n")
    s.take_events()
    assert s.text(b"b RENAME Old New\r\n") == "b OK RENAME completed\r\n"
    assert s.take_events() == [FolderRenamed("Old", "New"), FolderRenamed("Old/Sub", "New/Sub")]
    assert s.text(b"c RENAME New New/Inner\r\n").startswith("c NO [CANNOT]")
    assert s.text(b"d RENAME New Sent\r\n").startswith("d NO [ALREADYEXISTS]")
    assert s.text(b"e RENAME INBOX Archive/2025\r\n") == "e OK RENAME completed\r\n"
    assert s.take_events() == [FolderCreated("Archive"), FolderRenamed("INBOX", "Archive/2025")]
    archived = acc.folder("Archive/2025")
    assert archived is not None and [m.message_id for m in archived.messages] == [
        "<m1@example.com>", "<m2@example.com>", "<m3@example.com>"]
    assert acc.inbox.messages == [] and acc.folder("inbox") is acc.inbox  # §6.3.5


def test_list_special_use_options_and_subscriptions() -> None:
    s = logged_in(account())
    special = ('* LIST (\\HasNoChildren \\Sent) "/" Sent\r\n'
               '* LIST (\\HasNoChildren \\Drafts) "/" Drafts\r\n'
               '* LIST (\\HasNoChildren \\Trash) "/" Trash\r\n'
               '* LIST (\\HasNoChildren \\Junk) "/" Junk\r\n')
    assert s.text(b'a LIST (SPECIAL-USE) "" *\r\n') == special + "a OK LIST completed\r\n"
    assert s.text(b'b LIST "" Sent RETURN (SPECIAL-USE SUBSCRIBED)\r\n') == (
        '* LIST (\\HasNoChildren \\Sent \\Subscribed) "/" Sent\r\nb OK LIST completed\r\n')
    assert s.text(b'c LIST (REMOTE) "" *\r\n') == "c BAD Unsupported LIST selection option REMOTE\r\n"
    assert s.text(b"d UNSUBSCRIBE Junk\r\n") == "d OK UNSUBSCRIBE completed\r\n"
    assert "Junk" not in s.text(b'e LSUB "" *\r\n')
    assert s.text(b"f SUBSCRIBE Nowhere\r\n").startswith("f NO [NONEXISTENT]")
    s.feed(b"g CREATE Lists/Python\r\nh SUBSCRIBE Lists/Python\r\n")
    assert s.text(b'i LSUB "" Lists%\r\n') == (  # §6.3.9: the unsubscribed parent
        '* LSUB (\\Noselect) "/" Lists\r\ni OK LSUB completed\r\n')
    assert s.text(b'j LSUB "" Lists*\r\n') == (
        '* LSUB (\\HasNoChildren) "/" Lists/Python\r\nj OK LSUB completed\r\n')


def test_mailbox_names_are_modified_utf7() -> None:
    acc = account()
    s = logged_in(acc)
    assert s.text(b"a CREATE &kAFP4W4IMH8-\r\n") == "a OK CREATE completed\r\n"
    assert acc.folder("送信済み") is not None
    assert s.text(b"b STATUS &kAFP4W4IMH8- (MESSAGES)\r\n") == (
        "* STATUS &kAFP4W4IMH8- (MESSAGES 0)\r\nb OK STATUS completed\r\n")
    assert s.text(b"c CREATE &AGE-\r\n").startswith("c BAD Invalid mailbox name")
    assert s.text('d CREATE {12}\r\n送信済み\r\n'.encode()).endswith(
        "d BAD Invalid mailbox name: mailbox names are 7-bit: other characters are modified UTF-7\r\n")


def test_append_with_flags_date_and_literal_plus() -> None:
    acc = account(0)
    s = logged_in(acc)
    command = b'a APPEND Sent (\\Seen $Sent) "01-Apr-2026 09:00:00 +0900" {%d+}\r\n' % len(MESSAGE)
    assert s.text(command + MESSAGE + b"\r\n") == "a OK [APPENDUID 1 1] APPEND completed\r\n"
    assert s.take_events() == [Appended("Sent", 1, "<a1@example.org>", len(MESSAGE),
                                        ("\\Seen", "$Sent"))]
    sent = acc.folder("Sent")
    assert sent is not None and sent.messages[0].flags == {"\\Seen", "$Sent"}
    assert sent.messages[0].internal_date.isoformat() == "2026-04-01T09:00:00+09:00"
    assert s.text(b'b APPEND Sent " 1-Apr-2026 09:00:00 +0900" {2+}\r\nhi\r\n').startswith(
        "b OK [APPENDUID 1 2]")
    assert s.text(b'c APPEND Sent "1-Foo-2026 09:00:00 +0900" {2+}\r\nhi\r\n') == (
        "c BAD Invalid date-time\r\n")
    assert s.text(b"d APPEND Sent (\\Recent) {2+}\r\nhi\r\n") == "d BAD Invalid flag \\Recent\r\n"
    assert s.text(b"e APPEND Sent\r\n") == "e BAD APPEND needs a mailbox name and a message literal\r\n"


def test_a_synchronising_append_is_refused_before_the_plus() -> None:
    box = Mailbox("bob@example.org", quota=100)
    s = logged_in(Account.with_folders(box))
    # RFC 3501 §7.5: the tagged NO instead of "+"; the client then sends no literal.
    assert s.text(b"a APPEND Archive {10}\r\n") == "a NO [TRYCREATE] Mailbox doesn't exist\r\n"
    assert s.text(b"b APPEND Sent {200}\r\n") == "b NO [OVERQUOTA] Quota exceeded\r\n"
    assert s.text(b"c NOOP\r\n") == "c OK NOOP completed\r\n"
    assert s.text(b"d APPEND Sent {2}\r\n") == "+ Ready for literal data\r\n"
    assert s.text(b"hi\r\n") == "d OK [APPENDUID 1 1] APPEND completed\r\n"


def test_the_quota_counts_every_folder() -> None:
    box = mailbox(2)
    box.quota = box.size + 10
    s = logged_in(Account.with_folders(box))
    s.feed(b"s SELECT INBOX\r\n")
    assert s.text(b"a COPY 1 Sent\r\n") == "a NO [OVERQUOTA] Quota exceeded\r\n"
    assert s.text(b"b APPEND Sent {11+}\r\nHello there\r\n") == "b NO [OVERQUOTA] Quota exceeded\r\n"
    assert s.text(b"c MOVE 1 Trash\r\n").endswith("c OK MOVE completed\r\n")  # no more octets
    assert s.text(b"d APPEND Sent {10+}\r\nHello ther\r\n").startswith("d OK [APPENDUID")


def test_copy_and_move_report_copyuid_and_expunges() -> None:
    acc = account()
    s = logged_in(acc)
    s.feed(b"s SELECT INBOX\r\n")
    assert s.text(b"a COPY 1:2 Trash\r\n") == "a OK [COPYUID 1 1:2 1:2] COPY completed\r\n"
    assert s.take_events() == [Copied("INBOX", "Trash", (1, 2), (1, 2),
                                      ("<m1@example.com>", "<m2@example.com>"))]
    assert s.text(b"b UID MOVE 2:3 Junk\r\n") == (
        "* OK [COPYUID 1 2:3 1:2] Moved\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\nb OK UID MOVE completed\r\n")
    assert s.take_events() == [Moved("INBOX", "Junk", (2, 3), (1, 2),
                                     ("<m2@example.com>", "<m3@example.com>"))]
    assert s.text(b"c COPY 1 Nowhere\r\n") == "c NO [TRYCREATE] Mailbox doesn't exist\r\n"
    assert s.text(b"d UID COPY 99 Trash\r\n") == "d OK UID COPY completed\r\n"  # nothing to copy
    trash = acc.folder("Trash")
    assert trash is not None and all(m.recent for m in trash.messages)  # §6.4.7
    s.feed(b"e EXAMINE Trash\r\n")
    assert s.text(b"f MOVE 1 INBOX\r\n") == "f NO [READ-ONLY] Mailbox is read-only\r\n"


def test_uid_expunge_removes_only_the_named_deleted_messages() -> None:
    acc = account()
    s = logged_in(acc)
    s.feed(b"s SELECT INBOX\r\na STORE 1:3 +FLAGS.SILENT (\\Deleted)\r\n")
    s.take_events()
    assert s.text(b"b UID EXPUNGE 2:3\r\n") == (
        "* 2 EXPUNGE\r\n* 2 EXPUNGE\r\nb OK UID EXPUNGE completed\r\n")
    assert s.take_events() == [Expunged((2, 3), "INBOX", ("<m2@example.com>", "<m3@example.com>"))]
    assert [m.uid for m in acc.inbox.messages] == [1]


def test_idle_pushes_what_changes_while_it_waits() -> None:
    acc = account(1)
    phone, laptop = logged_in(acc), logged_in(acc)
    pushed: list[int] = []
    phone.server.on_push = lambda: pushed.append(1)
    phone.feed(b"s SELECT INBOX\r\n")
    laptop.feed(b"s SELECT INBOX\r\n")
    assert phone.text(b"i IDLE\r\n") == "+ idling\r\n"
    assert phone.server.state is ServerState.IDLING
    deliver(acc.inbox, 2)  # local delivery stores a new message
    assert pushed == [1] and phone.server.data_to_send() == [b"* 2 EXISTS\r\n* 2 RECENT\r\n"]
    laptop.feed(b"a STORE 1 +FLAGS (\\Flagged)\r\n")
    assert phone.server.data_to_send() == [b"* 1 FETCH (FLAGS (\\Flagged \\Recent))\r\n"]
    laptop.feed(b"b STORE 2 +FLAGS.SILENT (\\Deleted)\r\nc EXPUNGE\r\n")
    assert b"".join(phone.server.data_to_send()).endswith(b"* 2 EXPUNGE\r\n")
    assert phone.text(b"DONE\r\n") == "i OK IDLE terminated\r\n"
    assert phone.server.state is ServerState.SELECTED


def test_idle_sends_what_happened_before_and_ends_on_any_other_line() -> None:
    acc = account(1)
    s = logged_in(acc)
    s.feed(b"s SELECT INBOX\r\n")
    deliver(acc.inbox, 2)  # not idling: kept for the next response
    assert s.text(b"i IDLE\r\n") == "+ idling\r\n* 2 EXISTS\r\n* 2 RECENT\r\n"
    assert s.text(b"j NOOP\r\n") == "i BAD Expected DONE\r\n"
    assert s.text(b"k IDLE now\r\n") == "k BAD IDLE takes no arguments\r\n"
    s.feed(b"l IDLE\r\n")
    assert s.text(b"x LOGIN {3}\r\n") == "l BAD Expected DONE\r\n"  # no "+" while idling
    s.feed(b"c CLOSE\r\n")
    assert s.text(b"m IDLE\r\n") == "+ idling\r\n"  # also allowed unselected (RFC 2177)
    assert s.text(b"done\r\n") == "m OK IDLE terminated\r\n"
    assert s.server.state is ServerState.AUTHENTICATED


def test_a_closed_session_stops_watching() -> None:
    acc = account(1)
    s = logged_in(acc)
    s.feed(b"s SELECT INBOX\r\n")
    assert len(acc.inbox.watchers) == 1
    s.feed(b"t SELECT Sent\r\n")
    assert acc.inbox.watchers == [] and len(acc.folders["Sent"].watchers) == 1
    s.server.connection_lost()
    assert acc.folders["Sent"].watchers == []


def test_namespace_enable_and_id() -> None:
    s = logged_in(account())
    assert s.text(b"a NAMESPACE\r\n") == '* NAMESPACE (("" "/")) NIL NIL\r\na OK NAMESPACE completed\r\n'
    assert s.text(b"b ENABLE UTF8=ACCEPT\r\n") == "* ENABLED\r\nb OK ENABLE completed\r\n"
    assert s.text(b"c ENABLE\r\n") == "c BAD ENABLE needs capability names\r\n"
    assert s.text(b'd ID ("name" "test")\r\n') == (
        '* ID ("name" "mailsim" "vendor" "mailsim")\r\nd OK ID completed\r\n')
    assert s.text(b"e ID NIL\r\n").endswith("e OK ID completed\r\n")
    assert s.text(b'f ID ("odd")\r\n').startswith("f BAD")
    s.feed(b"s SELECT INBOX\r\n")
    assert s.text(b"g ENABLE IDLE\r\n") == "g BAD Command not valid in this state\r\n"


def test_an_account_from_bare_names_gets_the_special_uses() -> None:
    acc = Account.with_folders(Mailbox("bob@example.org"), ["Sent", "Archive", ("Spam", "\\Junk")])
    assert acc.names() == ["INBOX", "Sent", "Archive", "Spam"]
    sent, junk = acc.special("sent"), acc.special("\\Junk")
    assert sent is not None and sent.name == "Sent" and junk is not None and junk.name == "Spam"
    assert acc.special("Trash") is None and acc.subscribed == {"INBOX", "Sent", "Archive", "Spam"}


_NAMES = st.sampled_from(["a", "a/b", "a/b/c", "b", "INBOX", "inbox/x", "Sent", "Trash/old", "&kAFP4W4IMH8-"])
_FOLDER_COMMAND = st.one_of(
    st.builds(lambda n: f"CREATE {n}", _NAMES), st.builds(lambda n: f"DELETE {n}", _NAMES),
    st.builds(lambda a, b: f"RENAME {a} {b}", _NAMES, _NAMES),
    st.builds(lambda n: f"SUBSCRIBE {n}", _NAMES), st.builds(lambda n: f"UNSUBSCRIBE {n}", _NAMES))


@settings(max_examples=200, deadline=None)
@given(st.lists(_FOLDER_COMMAND, max_size=12))
def test_folder_commands_keep_the_hierarchy_whole(commands: list[str]) -> None:
    acc = account(1)
    s = logged_in(acc)
    for number, command in enumerate(commands):
        reply = s.text(f"t{number} {command}\r\n".encode())
        assert reply.startswith((f"t{number} OK", f"t{number} NO")), reply
    names = acc.names()
    assert names[0] == "INBOX" and len(set(names)) == len(names)
    for name, box in acc.folders.items():
        assert box.name == name
        parent = name.rpartition("/")[0]
        assert not parent or parent in acc.folders, (name, names)
    assert acc.subscribed <= set(names)
    listed = s.text(b'l LIST "" *\r\n').splitlines()[:-1]
    assert [line.rsplit(" ", 1)[1] for line in listed] == [utf7.encode(n) for n in names]
