"""The short notes on a lifeline read their typed change: shortened, counted, first of a list."""

from __future__ import annotations

import pytest

from mailsim.trace import StateEvent
from mailsim.trace.states import (
    Composed,
    Deleted,
    FlagsChanged,
    ListedMessage,
    MXSelected,
    Relayed,
    StateChange,
    Synced,
)
from mailsim.views.sequence_style import note_label


def event(change: StateChange) -> StateEvent:
    return StateEvent(0, 0.0, "node", change.action, change.to_data())


def listed(uid: int) -> ListedMessage:
    return ListedMessage(uid=uid, message_id=f"<{uid}@x>", size=10, subject="s", flags=())


@pytest.mark.parametrize(
    ("change", "en", "ja"),
    [
        (Composed(message_id="<1@x>", sender="a@x", recipients=("b@y",),
                  subject="A subject far longer than eighteen cells", size=9),
         "new mail “A subject far lon…”", "新しいメール「A subject far lon…」"),
        (MXSelected(domain="example.jp", hosts=("10 mx1.example.jp.", "20 mx2.example.jp.")),
         "mail host: mx1.example.jp", "配送先: mx1.example.jp"),
        (MXSelected(domain="example.jp", hosts=()), "mail host: ", "配送先: "),
        (Synced(mailbox="b@y", messages=(listed(1), listed(2), listed(3))),
         "list synced: 3 mails", "一覧を同期: 3通"),
        (Synced(mailbox="b@y", messages=(listed(1),), folder="Sent"),
         "Sent synced: 1 mails", "Sentを同期: 1通"),
        (Deleted(mailbox="b@y", uids=(1, 2), message_ids=("<1@x>", "<2@x>"), protocol="POP3"),
         "deleted 2 on server", "サーバーから2通削除"),
        (Deleted(mailbox="b@y", uids=(4,), message_ids=("<4@x>",), protocol="IMAP", folder="Trash"),
         "deleted 1 from Trash", "Trashから1通削除"),
        (FlagsChanged(mailbox="b@y", uid=1, message_id="<1@x>", flags=("\\Deleted", "\\Seen")),
         "flags: \\Deleted \\Seen", "フラグ: \\Deleted \\Seen"),
        (FlagsChanged(mailbox="b@y", uid=1, message_id="<1@x>", flags=()), "flags: -", "フラグ: -"),
        (Relayed(to_host="relay.example.net", queue_id="Q", message_id="<1@x>",
                 recipients=("b@y",), reply="250 ok"),
         "passed on to relay", "relay へ転送"),
    ],
)
def test_a_note_shows_what_its_change_means(change: StateChange, en: str, ja: str) -> None:
    assert note_label(event(change), max_label=60) == en
    assert note_label(event(change), lang="ja", max_label=60).startswith(ja)


def test_a_record_that_does_not_fit_its_class_still_gets_its_raw_note() -> None:
    """A hand-made trace: the template is filled from the raw fields, else the action's name."""
    partial = StateEvent(0, 0.0, "mx", "queued", {"queue_id": "Q1"})
    assert note_label(partial) == "queued Q1"
    assert note_label(StateEvent(0, 0.0, "mx", "synced", {"mailbox": "b@y"})) == "synced"
    assert note_label(StateEvent(0, 0.0, "mx", "note", {"text": "hi"})) == "note"


def test_a_result_word_in_a_note_is_in_the_figure_language() -> None:
    checked = StateEvent(0, 0.0, "auth", "credentials_checked",
                         {"dn": "uid=alice", "result": "success"})
    assert note_label(checked, lang="ja") == "パスワード確認: 成功"
    assert note_label(checked, lang="en") == "password check: success"
