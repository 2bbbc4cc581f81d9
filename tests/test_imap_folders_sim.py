"""IMAP folders in the simulation: Sent (APPEND), Trash (MOVE or COPY+EXPUNGE), moving
mail, IDLE push, and what the folds, texts and ``compare`` make of them."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

import pytest
import yaml

from mailsim.nodes import imap_jobs
from mailsim.nodes.imap_lines import mailbox_name
from mailsim.nodes.imap_session import IMAPSync
from mailsim.scenario import ScenarioError, load_scenario, parse_scenario
from mailsim.scenario.build import World, build_world
from mailsim.scenario.loader import bundled_dir
from mailsim.trace import Trace
from mailsim.trace.replay import replay
from mailsim.views.folder_compare import folder_cells, folder_row
from mailsim.views.folder_panels import folder_lines
from mailsim.views.state_texts import state_text

SENT = yaml.safe_load((bundled_dir() / "sent-mail.yaml").read_text(encoding="utf-8"))


def run(data: dict[str, Any]) -> tuple[World, Trace]:
    world = build_world(parse_scenario(yaml.safe_dump(data, allow_unicode=True), "variant.yaml"))
    return world, world.run()


def sent_variant(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(SENT)
    data.update(changes)
    return data


@cache
def sent_run() -> tuple[World, Trace]:
    world = build_world(load_scenario("sent-mail"))
    return world, world.run()


def client_lines(trace: Trace, device: str) -> list[str]:
    return [e.text for e in trace.messages() if e.src == device and e.protocol == "IMAP"]


def test_imap_appends_sent_mail_to_the_server_and_the_phone_lists_it() -> None:
    world, trace = sent_run()
    laptop = client_lines(trace, "bob-laptop")
    assert any(t.startswith('A003 APPEND "Sent" (\\Seen) {') for t in laptop)
    (appended,) = trace.states("appended")
    assert appended.data["folder"] == "Sent" and appended.node == "mx.example.jp"
    account = world.nodes["mx.example.jp"].account_of("bob@example.jp")  # type: ignore[attr-defined]
    assert [m.message_id for m in account.folder("Sent").messages] == [appended.data["message_id"]]
    phone_sent = [e for e in trace.states("synced")
                  if e.node == "bob-phone" and e.data.get("folder") == "Sent"]
    assert [m["subject"] for m in phone_sent[0].data["messages"]] == ["Minutes of Monday's meeting"]


def test_pop3_keeps_sent_mail_on_the_device_only() -> None:
    _, trace = sent_run()
    (kept,) = trace.states("sent_kept")
    assert kept.node == "carol-laptop" and kept.data["folder"] == "Sent"
    state = replay(trace)
    assert kept.data["message_id"] in state.device("carol-laptop").sent
    assert state.device("carol-laptop").local_bytes == kept.data["size"]
    assert not state.device("carol-phone").sent and not state.device("carol-phone").folders
    assert "Sent" not in state.folders_of("carol@example.jp")


def test_delete_with_a_trash_folder_moves_and_the_other_device_sees_it_there() -> None:
    _, trace = sent_run()
    assert any(t.startswith('A004 UID MOVE 1 "Trash"') for t in client_lines(trace, "bob-phone"))
    (moved,) = trace.states("moved")
    assert (moved.data["source"], moved.data["target"]) == ("INBOX", "Trash")
    state = replay(trace)
    assert state.mailbox("bob@example.jp") == []
    trash = state.folders_of("bob@example.jp")["Trash"]
    assert [m.subject for m in trash] == ["Cheap watches!!!"]  # the subject found by Message-ID
    assert [e.subject for e in state.device("bob-laptop").folders["Trash"].values()] == [
        "Cheap watches!!!"]
    # Moved mail still takes room on the server until Trash is emptied.
    assert state.server_bytes() == sum(m.size for box in state.folders_of("bob@example.jp").values()
                                       for m in box) + sum(
        m.size for m in state.mailbox("alice@example.com"))


def test_without_move_the_device_copies_marks_and_expunges_that_uid(monkeypatch: pytest.MonkeyPatch) -> None:
    original = imap_jobs.move

    def no_move(session: IMAPSync, message_id: str, folder: str, *, created: bool = False) -> None:
        session.capabilities.discard("MOVE")  # as if the server did not offer RFC 6851
        original(session, message_id, folder, created=created)

    monkeypatch.setattr(imap_jobs, "move", no_move)
    _, trace = run(copy.deepcopy(SENT))
    phone = [t.split(" ", 1)[1] for t in client_lines(trace, "bob-phone") if t.startswith("A0")]
    start = phone.index('UID COPY 1 "Trash"')
    assert phone[start:start + 3] == ['UID COPY 1 "Trash"', "UID STORE 1 +FLAGS.SILENT (\\Deleted)",
                                      "UID EXPUNGE 1"]
    assert trace.states("copied") and not trace.states("moved")
    state = replay(trace)
    assert state.mailbox("bob@example.jp") == []
    assert [m.subject for m in state.folders_of("bob@example.jp")["Trash"]] == ["Cheap watches!!!"]


def test_a_move_step_creates_a_missing_folder_after_trycreate() -> None:
    steps = [*SENT["steps"][:3], {"at": "1m", "check_mail": "bob-laptop"},
             {"at": "2m", "move": {"device": "bob-laptop", "message": "oldest", "to": "Archive/2026"}},
             {"at": "3m", "check_mail": "bob-laptop"}]
    _, trace = run(sent_variant(steps=steps))
    laptop = [t.split(" ", 1)[1] for t in client_lines(trace, "bob-laptop")]
    first = laptop.index('UID MOVE 1 "Archive/2026"')
    assert laptop[first + 1] == 'CREATE "Archive/2026"'
    assert laptop[first + 2] == 'UID MOVE 1 "Archive/2026"'
    # RFC 3501 §6.3.3: the server creates the parent level too
    assert [e.data["folder"] for e in trace.states("folder_created")] == ["Archive", "Archive/2026"]
    state = replay(trace)
    assert [m.subject for m in state.folders_of("bob@example.jp")["Archive/2026"]] == [
        "Cheap watches!!!"]
    # the laptop lists the folder it put mail in from then on
    assert [e.subject for e in state.device("bob-laptop").folders["Archive/2026"].values()] == [
        "Cheap watches!!!"]


def test_a_japanese_folder_name_travels_as_modified_utf7() -> None:
    # RFC 3501 §5.1.3's own example: 台北 is &U,BTFw-
    assert mailbox_name("台北") == '"&U,BTFw-"' and mailbox_name("R&D") == '"R&-D"'
    data = copy.deepcopy(SENT)
    data["hosts"]["mx.example.jp"]["folders"] = [{"name": "送信済み", "use": "sent"}, "Trash"]
    for device in ("bob-laptop", "bob-phone"):
        data["hosts"][device]["sent_folder"] = "送信済み"
    _, trace = run(data)
    assert any(t.startswith(f"A003 APPEND {mailbox_name('送信済み')} ")
               for t in client_lines(trace, "bob-laptop"))
    (appended,) = trace.states("appended")
    assert appended.data["folder"] == "送信済み"
    assert "送信済み" in replay(trace).device("bob-phone").folders


@cache
def push_run() -> tuple[World, Trace]:
    world = build_world(load_scenario("push-or-poll"))
    return world, world.run()


def _first_shown(trace: Trace, device: str) -> dict[str, float]:
    shown: dict[str, float] = {}
    for event in trace.states("synced"):
        if event.node == device and "folder" not in event.data:
            for m in event.data["messages"]:
                shown.setdefault(m["message_id"], event.t)
    return shown


def test_idle_pushes_each_new_mail_at_once_and_polling_waits() -> None:
    _, trace = push_run()
    stored = {e.data["message_id"]: e.t for e in trace.states("stored")
              if e.data["mailbox"] == "bob@example.jp"}
    assert len(stored) == 3
    pushed = _first_shown(trace, "bob-new-phone")
    polled = _first_shown(trace, "bob-old-phone")
    assert all(0 < pushed[m] - t < 1 for m, t in stored.items())  # a round trip or two
    assert all(60 < polled[m] - t <= 600 for m, t in stored.items())  # the next poll
    new_phone = client_lines(trace, "bob-new-phone")
    assert new_phone.count("DONE") == 3 and sum(t.endswith(" IDLE") for t in new_phone) == 4
    assert sum(t.endswith(" LOGIN bob@example.jp \"bob-secret\"") for t in new_phone) == 1
    server_push = [e.text for e in trace.messages()
                   if e.dst == "bob-new-phone" and e.protocol == "IMAP" and "EXISTS" in e.text
                   and not e.text.startswith("* FLAGS")]
    assert [t.split("\n")[0] for t in server_push] == ["* 1 EXISTS", "* 2 EXISTS", "* 3 EXISTS"]


def test_offline_ends_idle_and_a_check_while_idling_opens_nothing() -> None:
    _, trace = push_run()
    (ended,) = trace.states("idle_ended")
    assert ended.data == {"reason": "offline"} and ended.node == "bob-new-phone"
    assert replay(trace).device("bob-new-phone").idling is None
    assert replay(trace, 30).device("bob-new-phone").idling == "INBOX"
    data = yaml.safe_load((bundled_dir() / "push-or-poll.yaml").read_text(encoding="utf-8"))
    data["steps"].append({"at": "5m", "check_mail": "bob-new-phone"})
    _, again = run(data)
    opened = [e for e in again.messages() if e.dst == "bob-new-phone" and e.text.startswith("* OK")]
    assert len(opened) == 1  # one greeting: the IDLE session stayed the only one


def test_compare_rows_count_visible_sent_mail_and_new_mail_delays() -> None:
    _, trace = sent_run()
    row = folder_row("own", trace)
    assert (row.sent, row.visible) == (2, 1)  # Bob's through Sent on the server; Carol's not
    assert folder_cells(row, "ja")[0] == "2通中1通"
    _, pushed = push_run()
    delays = folder_row("own", pushed).delays
    assert delays["bob-new-phone"][0] is not None and delays["bob-new-phone"][0] < 1
    assert delays["bob-old-phone"][0] is not None and delays["bob-old-phone"][0] > 60
    cell = folder_cells(folder_row("own", pushed))[1]
    assert "bob-new-phone: 0." in cell and "bob-old-phone: " in cell


def test_folder_events_have_texts_and_panel_lines_in_both_languages() -> None:
    _, trace = sent_run()
    (moved,) = trace.states("moved")
    assert state_text(moved) == "bob@example.jp: 1 message moved from INBOX to Trash"
    assert "Trash" in state_text(moved, "ja") and "移動" in state_text(moved, "ja")
    (kept,) = trace.states("sent_kept")
    assert "送信済み" in state_text(kept, "ja")
    state = replay(trace)
    server = [line.plain for line in folder_lines(state, "mx.example.jp")]
    assert server[0] == "folders of bob@example.jp (besides INBOX)"
    assert " Trash  1 message(s), 639 bytes" in server
    assert any("この端末に残した送信済みメール" in line.plain
               for line in folder_lines(state, "carol-laptop", "ja"))
    assert folder_lines(replay(load_trace_of("imap-two-devices")), "bob-phone") == []


def load_trace_of(name: str) -> Trace:
    return build_world(load_scenario(name)).run()


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["hosts"]["carol-phone"]["incoming"].update(idle=True),
     'hosts["carol-phone"].incoming: idle: true needs protocol: imap'),
    (lambda d: d["hosts"]["bob-phone"].update(sent_folder="Sent*"),
     'hosts["bob-phone"].sent_folder: expected a folder name'),
    (lambda d: d["hosts"]["mx.example.jp"].update(folders=["Sent", "a//b"]),
     'hosts["mx.example.jp"].folders[1]: expected a folder name such as Sent'),
    (lambda d: d["steps"].append({"at": "4m", "move": {"device": "carol-phone", "to": "Old"}}),
     "steps[8].move.device: carol-phone reads mail with POP3, which has no folders"),
])
def test_bad_folder_settings_are_refused_with_their_key_path(change: Any, message: str) -> None:
    data = copy.deepcopy(SENT)
    change(data)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(yaml.safe_dump(data, allow_unicode=True), "variant.yaml")
    assert message in str(caught.value)


def test_folder_keys_that_do_nothing_are_warned_about() -> None:
    from mailsim.scenario.warnings import authoring_warnings

    data = copy.deepcopy(SENT)
    data["hosts"]["carol-phone"]["trash_folder"] = "Trash"  # POP3 has no Trash on the server
    data["hosts"]["mail.example.com"]["folders"] = ["Sent"]  # this server offers no IMAP
    scenario = parse_scenario(yaml.safe_dump(data, allow_unicode=True), "variant.yaml")
    lines = [w.line("variant.yaml") for w in authoring_warnings(scenario, data)]
    assert lines == [
        'variant.yaml: hosts["carol-phone"].trash_folder: warning: trash_folder is for IMAP and '
        "this device reads mail with POP3: it does nothing here",
        'variant.yaml: hosts["mail.example.com"].folders: warning: folders does nothing without '
        "imap: true"]
    assert authoring_warnings(parse_scenario(yaml.safe_dump(SENT, allow_unicode=True)), SENT) == []


def test_the_players_panel_shows_the_folders_and_the_idle_wait() -> None:
    from rich.console import Console

    from mailsim.views.player.panels import host_state

    _, trace = sent_run()
    console = Console(record=True, width=120)
    console.print(host_state(trace, replay(trace), "bob-laptop"))
    text = console.export_text()
    assert "Sent (on the server)" in text and "“Minutes of Monday's meeting” 287 B" in text
    assert "Trash (on the server)" in text and "“Cheap watches!!!”" in text
    _, pushed = push_run()
    console.print(host_state(pushed, replay(pushed, 40), "bob-new-phone", lang="ja"))
    assert "INBOX でIDLE中" in console.export_text()


def test_mail_that_arrives_during_the_sync_is_listed_before_the_device_idles() -> None:
    """Its EXISTS rides on the answer to another command (RFC 3501 §7): the device syncs
    again instead of waiting in IDLE with the mail unlisted."""
    data = yaml.safe_load((bundled_dir() / "push-or-poll.yaml").read_text(encoding="utf-8"))
    data["steps"][0]["at"] = "120.27s"  # the sync runs while Alice's 2m mail is stored
    data["steps"].insert(0, {"at": "0s", "send": {
        "from": "alice@example.com", "to": ["bob@example.jp"], "subject": "early", "body": "x\n"}})
    _, trace = run(data)
    stored = [e.t for e in trace.states("stored") if e.data["mailbox"] == "bob@example.jp"]
    phone = [e for e in trace.messages() if "bob-new-phone" in (e.src, e.dst)
             and e.protocol == "IMAP" and e.t_sent > 120]
    before_idle = next(i for i, e in enumerate(phone) if e.text.endswith(" IDLE"))
    assert any(e.text.startswith("* 2 EXISTS") or "\n* 2 EXISTS" in e.text
               for e in phone[:before_idle])  # told during the sync, not by a push
    first_idle = phone[before_idle].t_sent
    listed = [e for e in trace.states("synced") if e.node == "bob-new-phone"
              and len(e.data["messages"]) == 2]
    assert stored[1] < listed[0].t < first_idle


def test_the_notebooks_state_cards_show_the_folders_too() -> None:
    from mailsim.views.state_html import state_html

    _, trace = sent_run()
    html = state_html(trace, replay(trace), "ja")
    card = html[html.index('data-host="carol-laptop"'):html.index('data-host="carol-phone"')]
    assert "この端末に残した送信済みメール(Sent)" in card and "“Slides for Friday” 284 B" in card
    plain = load_trace_of("imap-two-devices")
    assert "folders of" not in state_html(plain, replay(plain))


def test_without_idle_on_the_server_an_idle_device_polls(monkeypatch: pytest.MonkeyPatch) -> None:
    original = IMAPSync.end

    def no_idle(self: IMAPSync) -> None:
        self.capabilities.discard("IDLE")  # as if the server did not offer RFC 2177
        original(self)

    monkeypatch.setattr(IMAPSync, "end", no_idle)
    data = yaml.safe_load((bundled_dir() / "push-or-poll.yaml").read_text(encoding="utf-8"))
    data["steps"].append({"at": "20m", "check_mail": "bob-new-phone"})
    _, trace = run(data)
    new_phone = client_lines(trace, "bob-new-phone")
    assert not any(t.endswith(" IDLE") for t in new_phone) and not trace.states("idling")
    assert sum(t.endswith(" LOGOUT") for t in new_phone) == 2  # its 20m check ran too
    assert len(_first_shown(trace, "bob-new-phone")) == 2  # the mails of 2m and 13m
