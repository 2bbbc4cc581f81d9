"""A workload expanded into an explicit line-level scenario, its run, its size estimate."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from mailsim.scenario import Scenario, ScenarioError, parse_scenario
from mailsim.scenario.budget import Estimate, check_budget, workload_line_cost
from mailsim.scenario.build import run_scenario
from mailsim.scenario.model import ClientHost
from mailsim.study.expand import expand
from mailsim.study.workload import (
    DAY_US,
    device_host,
    plan_mails,
    plan_seed,
    user_address,
)
from mailsim.trace import Trace
from mailsim.trace.invariants import conservation

SMALL = """\
name: small-study
title: t
seed: 4
workload:
  users: 10
  domains: 2
  mails_per_user_per_day: 20
  devices:
    - {protocol: pop3, every: 15m}
    - {protocol: imap, every: 15m}
"""
BIG = """\
name: storage-study
title: t
fidelity: session
workload:
  users: 10000
  domains: 3
  mails_per_user_per_day: 20
  devices:
    - {protocol: pop3, leave_on_server: false, every: 15m}
    - {protocol: imap, every: 15m}
  days: 30
  seed: 1
  trace_users: 3
"""


def as_written(text: str) -> Scenario:
    return parse_scenario(text, "study.yaml", expand_workload=False)


@pytest.fixture(scope="module")
def small_run() -> tuple[Scenario, Trace]:
    scenario = parse_scenario(SMALL, "study.yaml")  # a line-fidelity workload comes expanded
    return scenario, run_scenario(scenario)


def test_the_loader_expands_a_line_workload_and_keeps_a_session_one() -> None:
    expanded = parse_scenario(SMALL, "study.yaml")
    assert expanded.workload is None and expanded.fidelity == "line"
    assert len(expanded.steps) == 200 + 2 * 10  # the sends, one repeated check per device
    written = as_written(SMALL)
    assert written.workload is not None and not written.steps
    session = parse_scenario(SMALL, "study.yaml", fidelity="session")
    assert session.fidelity == "session" and session.workload is not None and not session.hosts


def test_every_planned_mail_is_delivered_and_no_mail_is_lost(small_run: tuple[Scenario, Trace]) -> None:
    _, trace = small_run
    written = as_written(SMALL)
    assert written.workload is not None
    plan = plan_mails(written.workload, plan_seed(written.workload, written.seed))
    stored = trace.states("stored")
    assert len(stored) == len(plan) == 200
    assert sorted(e.data["subject"] for e in stored) == sorted(plan.subject(i) for i in range(len(plan)))
    received = defaultdict(int)
    for event in stored:
        received[event.data["mailbox"]] += 1
    expected = defaultdict(int)
    for row in range(len(plan)):
        expected[user_address(written.workload, int(plan.recipient[row]))] += 1
    assert received == expected
    assert conservation(trace) == []


def test_the_timing_rule_holds_on_the_wire(small_run: tuple[Scenario, Trace]) -> None:
    """A delivery ends within 30 s of its send; a check session lasts less than 5 s."""
    _, trace = small_run
    sent = {e.data["message_id"]: e.t for e in trace.states("composed")}
    assert max(e.t - sent[e.data["message_id"]] for e in trace.states("stored")) < 30
    sessions: dict[str, list[float]] = defaultdict(list)
    for message in trace.messages():
        if message.port in (110, 143):
            sessions[message.conn] += [message.t_sent, message.t_arrived]
    assert len(sessions) == 10 * 2 * 96
    assert max(max(times) - min(times) for times in sessions.values()) < 5
    starts = sorted({round(min(times) % 60, 3) for times in sessions.values()})
    assert starts == [30.0, 35.0]


def test_the_estimate_is_not_below_what_the_run_records(small_run: tuple[Scenario, Trace]) -> None:
    _, trace = small_run
    written = as_written(SMALL)
    assert written.workload is not None
    estimate, _ = workload_line_cost(Estimate(written), written.workload)
    assert len(trace) <= estimate < 3 * len(trace)


def test_a_sample_keeps_only_what_its_users_need() -> None:
    written = as_written(SMALL.replace("users: 10", "users: 40"))
    workload = written.workload
    assert workload is not None
    plan = plan_mails(workload, plan_seed(workload, written.seed))
    sample = expand(written, users=[3, 7])
    sends = [s for s in sample.steps if s.kind == "send"]
    checks = [s for s in sample.steps if s.kind == "check_mail"]
    wanted = [row for row in range(len(plan)) if int(plan.recipient[row]) in (3, 7)]
    assert [s.action.subject for s in sends] == [plan.subject(row) for row in wanted]
    assert {s.action.device for s in checks} == {device_host(workload, u, j) for u in (3, 7) for j in (0, 1)}
    senders = {int(plan.sender[row]) for row in wanted}
    clients = {name for name, host in sample.hosts.items() if isinstance(host, ClientHost)}
    assert clients == ({device_host(workload, u, j) for u in (3, 7) for j in (0, 1)}
                       | {device_host(workload, s, 0) for s in senders})
    assert set(sample.users) == {user_address(workload, u) for u in {3, 7} | senders}


def test_a_sample_of_the_first_day_and_a_session_study_stay_small() -> None:
    written = as_written(BIG)
    sample = expand(written, users=[0], days=1)
    assert all(step.at < DAY_US / 1e6 for step in sample.steps)
    checks = [s for s in sample.steps if s.kind == "check_mail"]
    assert [s.action.until for s in checks] == [86_400 - 900 + 30, 86_400 - 900 + 35]
    assert check_budget(written) == []


def test_a_big_workload_at_line_fidelity_is_refused_with_the_way_out() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(BIG, "study.yaml", fidelity="line")
    message = caught.value.message
    assert message.startswith("study.yaml: workload: at line fidelity this workload would record")
    assert "6,000,000 mails and 57,600,000 mail checks" in message
    assert "fidelity: session" in message


def test_a_session_study_past_its_cap_is_refused() -> None:
    with pytest.raises(ScenarioError, match=r"study.yaml: workload: at session fidelity .* 18,000,000"):
        parse_scenario(BIG, "study.yaml", max_events=100_000)
    many = BIG.replace("trace_users: 3", "trace_users: 3\n  trace_days: 30")
    with pytest.raises(ScenarioError, match=r"workload.trace_users: the sample users' line-level"):
        parse_scenario(many, "study.yaml")


@pytest.mark.parametrize(("extra", "where"), [
    ("hosts:\n  mail.d2.example: {role: dns}\n", 'hosts["mail.d2.example"]'),
    ("hosts:\n  u00003-dev2: {role: dns}\n", 'hosts["u00003-dev2"]'),
    ("hosts:\n  relay.example.net: {role: dns}\n", 'hosts["relay.example.net"]'),
])
def test_what_the_file_writes_beside_a_workload_keeps_its_own_names(extra: str, where: str) -> None:
    with pytest.raises(ScenarioError, match=re.escape(f"study.yaml: {where}: the workload makes one")):
        parse_scenario(SMALL + extra, "study.yaml")
    parse_scenario(SMALL + extra.replace("d2", "d3").replace("u00003-dev2", "u00003-dev3")
                   .replace("relay.", "relay2."), "study.yaml", expand_workload=False)


def test_session_fidelity_needs_a_workload() -> None:
    text = "name: x\ntitle: t\nfidelity: session\nhosts: {dns.example.net: {role: dns}}\n"
    with pytest.raises(ScenarioError, match=r"study\.yaml: fidelity: session fidelity runs a workload"):
        parse_scenario(text, "study.yaml")


def test_the_sample_estimate_is_not_below_what_a_sample_records() -> None:
    written = as_written(BIG)
    workload = written.workload
    assert workload is not None
    sample = expand(written, users=[0, 1, 2], days=1)
    trace = run_scenario(sample)
    assert len(trace.states("stored")) == sum(s.kind == "send" for s in sample.steps)
    estimate, _ = workload_line_cost(Estimate(written), workload, users=3, days=1)
    assert len(trace) <= estimate
