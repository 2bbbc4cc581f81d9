"""The workload: its validation, its names, its check times and its mail plan."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from mailsim.scenario import ScenarioError, parse_scenario
from mailsim.study.workload import (
    CHECK_OFFSET_US,
    DAY_US,
    MAX_BODY_LINES,
    MINUTE_US,
    Workload,
    body_of,
    check_count,
    check_times,
    device_host,
    mail_count,
    plan_mails,
    subject_of,
    user_address,
)

DEVICES = [{"protocol": "pop3", "every": "15m"}, {"protocol": "imap", "every": "1h"}]


def workload(**changes: object) -> Workload:
    fields: dict[str, object] = {"users": 50, "domains": 3, "mails_per_user_per_day": 20,
                                 "devices": DEVICES, "days": 2}
    return Workload.model_validate({**fields, **changes})


def scenario_text(workload_yaml: str) -> str:
    return f"name: w\ntitle: t\nworkload: {workload_yaml}\n"


def test_same_seed_same_plan_other_seed_other_plan() -> None:
    w = workload()
    one, again, other = plan_mails(w, 7), plan_mails(w, 7), plan_mails(w, 8)
    for field in ("send_us", "sender", "recipient", "body_lines", "number"):
        assert np.array_equal(getattr(one, field), getattr(again, field))
    assert not np.array_equal(one.send_us, other.send_us)
    assert not np.array_equal(one.recipient, other.recipient)


def test_negative_seeds_are_seeds_too() -> None:
    w = workload()
    assert not np.array_equal(plan_mails(w, -1).recipient, plan_mails(w, 1).recipient)


def test_every_user_sends_exactly_its_rate_every_day() -> None:
    w = workload(users=13, mails_per_user_per_day=7, days=3)
    plan = plan_mails(w, 1)
    assert len(plan) == mail_count(w) == 13 * 7 * 3
    day = plan.send_us // DAY_US
    counts = np.zeros((3, 13), dtype=int)
    np.add.at(counts, (day, plan.sender), 1)
    assert (counts == 7).all()


def test_sends_are_at_whole_minutes_in_order_and_never_two_in_a_minute_by_one_user() -> None:
    plan = plan_mails(workload(mails_per_user_per_day=1000, users=4, days=1), 3)
    assert (plan.send_us % MINUTE_US == 0).all()
    assert (np.diff(plan.send_us) >= 0).all()
    assert ((plan.send_us >= 0) & (plan.send_us < DAY_US)).all()
    pairs = plan.send_us * 10 + plan.sender
    assert len(np.unique(pairs)) == len(plan)


def test_recipients_are_other_users_of_any_domain() -> None:
    plan = plan_mails(workload(users=2, domains=2, days=1), 5)
    assert (plan.recipient != plan.sender).all()
    big = plan_mails(workload(users=30, days=1), 5)
    assert (big.recipient != big.sender).all()
    assert set(big.recipient.tolist()) == set(range(30))  # 600 draws reach every user


def test_bodies_and_subjects_are_fixed_by_the_plan() -> None:
    plan = plan_mails(workload(), 1)
    assert plan.body_lines.min() >= 1 and plan.body_lines.max() <= MAX_BODY_LINES
    assert plan.body(0) == body_of(int(plan.body_lines[0]))
    assert plan.body(0).count("\n") == plan.body_lines[0]
    assert plan.subject(0) == subject_of(0) == "Note 1"
    kept = plan.select(plan.recipient == 4)
    assert [kept.subject(i) for i in range(len(kept))] == [
        subject_of(i) for i in np.flatnonzero(plan.recipient == 4)]


def test_no_mails_is_an_empty_plan() -> None:
    assert len(plan_mails(workload(mails_per_user_per_day=0), 1)) == 0


def test_names_round_robin_over_domains() -> None:
    w = workload(users=4, domains=3)
    assert [user_address(w, i) for i in range(4)] == [
        "u00001@d1.example", "u00002@d2.example", "u00003@d3.example", "u00004@d1.example"]
    assert device_host(w, 3, 1) == "u00004-dev2"
    assert user_address(workload(users=123_456), 0) == "u000001@d1.example"


def test_check_times_leave_room_for_deliveries_and_sessions() -> None:
    """Sends at second 0; device j checks at second 30 + 5j: after every delivery (< 30 s),
    and one device's session (< 5 s) ends before the next device's starts."""
    w = workload(devices=[*DEVICES, {"protocol": "imap", "every": "1m"}, {"protocol": "pop3"}])
    offsets = [check_times(w, j)[0] for j in range(4)]
    assert offsets == [30_000_000, 35_000_000, 40_000_000, 45_000_000]
    assert all(o % MINUTE_US >= CHECK_OFFSET_US for o in offsets)
    assert [check_times(w, j)[1] for j in range(4)] == [900 * 10**6, 3600 * 10**6, 60 * 10**6,
                                                         900 * 10**6]
    assert check_count(w, 0) == 2 * 96  # 00:00:30, 00:15:30, ... 23:45:30 on both days
    assert check_count(w, 2) == 2 * 1440
    assert check_count(w, 1, days=1) == 24


@pytest.mark.parametrize(("text", "where", "expected"), [
    ("{users: 1, mails_per_user_per_day: 1, devices: [{protocol: imap}]}",
     "workload.users", "greater than or equal to 2"),
    ("{users: 2000000, mails_per_user_per_day: 1, devices: [{protocol: imap}]}",
     "workload.users", "less than or equal to 1000000"),
    ("{users: 5, mails_per_user_per_day: 1, devices: []}", "workload.devices", "at least 1"),
    ("{users: 5, mails_per_user_per_day: 1, devices: [{protocol: imap, every: 90s}]}",
     "workload.devices[0].every", "whole number of minutes"),
    ("{users: 5, mails_per_user_per_day: 1, devices: [{protocol: imap, cache: true, "
     "leave_on_server: true}]}", "workload.devices[0]", "are for POP3"),
    ("{users: 5, mails_per_user_per_day: 1, devices: [{protocol: smtp}]}",
     "workload.devices[0].protocol", "'pop3' or 'imap'"),
    ("{users: 2, domains: 3, mails_per_user_per_day: 1, devices: [{protocol: imap}]}",
     "workload", "at most one domain per user"),
    ("{users: 5, mails_per_user_per_day: 2000, devices: [{protocol: imap}]}",
     "workload.mails_per_user_per_day", "less than or equal to 1000"),
    ("{users: 5, mails_per_user_per_day: 1, days: 400, devices: [{protocol: imap}]}",
     "workload.days", "less than or equal to 366"),
    ("{users: 5, mails_per_user_per_day: 1, devices: [{protocol: imap}], colour: red}",
     "workload.colour", "unknown key"),
])
def test_a_bad_workload_is_named_by_its_key_path(text: str, where: str, expected: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(scenario_text(text), "study.yaml")
    assert f"study.yaml: {where}: " in caught.value.message
    assert expected in caught.value.message


def test_a_workload_scenario_needs_no_hosts_and_reads_its_fidelity() -> None:
    text = scenario_text("{users: 4, mails_per_user_per_day: 1, devices: [{protocol: imap}]}")
    scenario = parse_scenario(text + "fidelity: session\n")
    assert scenario.fidelity == "session"
    assert scenario.workload is not None and scenario.workload.users == 4
    with pytest.raises(ScenarioError, match="fidelity: input should be 'line' or 'session'"):
        parse_scenario(text + "fidelity: fast\n")


@pytest.mark.parametrize("extra", ["", "workload: null\n"])
def test_without_a_workload_hosts_are_still_required(extra: str) -> None:
    with pytest.raises(ScenarioError, match="hosts: required key is missing"):
        parse_scenario("name: w\ntitle: t\n" + extra)


def test_the_readme_workload_example_is_valid() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", readme, flags=re.S) if b.startswith("workload:")]
    scenario = parse_scenario("name: readme\ntitle: t\n" + block, "README.md")
    assert scenario.fidelity == "session" and scenario.workload is not None
    assert mail_count(scenario.workload) == 10_000 * 20 * 30
