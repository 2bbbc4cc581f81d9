"""Every bundled scenario runs, says what it teaches in both languages, and shows it."""

from __future__ import annotations

import pytest

from mailsim.nodes.client import MailClient
from mailsim.nodes.mta import MTA
from mailsim.scenario import bundled_names, load_scenario
from mailsim.scenario.build import build_world, run_scenario
from mailsim.study.sample import sample_scenario
from mailsim.trace import Trace
from mailsim.trace.replay import replay

NAMES = bundled_names()


def run(name: str) -> Trace:
    return run_scenario(sample_scenario(load_scenario(name)))  # a study: its sample users


@pytest.mark.parametrize("name", NAMES)
def test_scenario_is_described_in_english_and_japanese(name: str) -> None:
    scenario = load_scenario(name)
    assert scenario.name == name
    texts = [scenario.title, scenario.description, *scenario.goals, *scenario.questions]
    assert scenario.goals and 2 <= len(scenario.questions) <= 3
    for text in texts:
        assert isinstance(text, dict) and text.get("en") and text.get("ja"), text


@pytest.mark.parametrize("name", NAMES)
def test_scenario_runs_and_every_submission_is_answered(name: str) -> None:
    trace = run(name)
    composed = trace.states("composed")
    answered = trace.states("submitted") + trace.states("submission_failed")
    assert composed and len(answered) == len(composed)
    # Every message a server queued left its queue (delivered, relayed or failed)
    # or is still waiting in it at the end.
    queued = {(e.node, e.data["queue_id"]) for e in trace.states("queued")}
    removed = {(e.node, e.data["queue_id"]) for e in trace.states("removed")}
    waiting = {(node, qid) for node, queue in replay(trace).queues.items() for qid in queue}
    assert queued == removed | waiting and not removed & waiting


def test_dns_cache_scenario_asks_dns_once() -> None:
    trace = run("dns-cache")
    queries = [e for e in trace.messages() if e.protocol == "DNS" and e.text.startswith("QUERY")]
    assert len(queries) == 1
    assert [e.data["qtype"] for e in trace.states("dns_cache_hit")] == ["MX", "A"]
    assert len(trace.states("stored")) == 2


def test_wrong_password_scenario_queues_nothing() -> None:
    trace = run("wrong-password")
    assert any(e.text.startswith("535 5.7.8") for e in trace.messages())
    assert not trace.states("queued")


def test_unknown_recipient_scenario_is_refused_at_rcpt() -> None:
    trace = run("unknown-recipient")
    assert any(e.src == "mx.example.jp" and e.text.startswith("550 5.1.1") for e in trace.messages())
    assert [e.node for e in trace.states("failed")] == ["relay.example.net"]


def test_two_domains_scenario_delivers_both_copies_with_an_encoded_subject() -> None:
    trace = run("two-domains")
    assert sorted(e.data["mailbox"] for e in trace.states("stored")) == [
        "bob@example.jp", "carol@example.org",
    ]
    assert {e.data["subject"] for e in trace.states("stored")} == {"来週の打ち合わせ"}
    assert any("Subject: =?utf-8?b?" in e.text for e in trace.messages())


@pytest.mark.parametrize("name", NAMES)
def test_replay_of_the_whole_trace_equals_the_final_state(name: str) -> None:
    world = build_world(load_scenario(name))
    trace = world.run()
    state = replay(trace)
    for address, mailbox in world.mailboxes.items():
        assert [m.message_id for m in state.mailbox(address)] == [
            m.message_id for m in mailbox.messages
        ], address
    for node_name, node in world.nodes.items():
        if isinstance(node, MailClient):
            assert sorted(state.device(node_name).local) == sorted(
                m.message_id for m in node.local.values()
            ), node_name
        if isinstance(node, MTA):
            assert sorted(state.queues.get(node_name, {})) == sorted(node.queue), node_name


@pytest.mark.parametrize("name", NAMES)
def test_japanese_texts_have_no_stray_spaces_from_line_wrapping(name: str) -> None:
    import re

    scenario = load_scenario(name)
    for text in [scenario.title, scenario.description, *scenario.goals, *scenario.questions]:
        assert isinstance(text, dict)
        assert not re.search(r"[\u3000-\u30ff\u4e00-\u9fff] [\u3000-\u30ff\u4e00-\u9fff]",
                             text["ja"]), text["ja"]


@pytest.mark.parametrize("name", [n for n in NAMES if n != "storage-study"])
def test_no_unit_takes_a_dns_server_or_a_device_as_a_shortcut(name: str) -> None:
    """A DNS server, an auth server or a device forwards nobody's mail: the links' latencies
    keep every path off them (a tap on a server-to-server link must see that link's mail)."""

    world = build_world(load_scenario(name))
    trace = world.run()
    roles = dict(trace.header.hosts)
    through = {(e.src, e.dst): hop for e in trace.messages()
               for hop in (world.network.links.path(e.src, e.dst) or [])[1:-1]
               if roles.get(hop) in ("dns", "auth", "client")}
    assert through == {}
