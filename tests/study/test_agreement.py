"""Session level equals line level, exactly, on a small workload, for every strategy.

The line-level side is the expanded workload run with the real engines and folded
by the views ``mailsim compare`` uses; the session-level side is
:mod:`mailsim.study`. Compared: the storage series at every hour (server and each
device), each device's bytes and readable mails at the end, the POP3/IMAP lines
and octets, and the delivered and retrieved counts.
"""

from __future__ import annotations

import bisect
from functools import cache

import pytest

from mailsim.scenario import parse_scenario
from mailsim.scenario.build import run_scenario
from mailsim.scenario.compare import STRATEGIES, Strategy, with_strategy
from mailsim.scenario.expand import expand
from mailsim.scenario.model import Scenario
from mailsim.study.run import prepare, run_devices, strategy_devices
from mailsim.study.sizes import APOP_RANDOM_DIGITS
from mailsim.trace import Trace
from mailsim.views.storage import comparison_rows, storage_series

TEMPLATE = """
name: small-study
title: ten users, one day
seed: 11
workload:
  users: 10
  domains: 3
  mails_per_user_per_day: 8
  devices:
{devices}
  days: 1
"""
SMALL = TEMPLATE.format(
    devices="    - {protocol: pop3, leave_on_server: true, delete_after: 40m, every: 15m}\n"
            "    - {protocol: imap, every: 20m}")


@cache
def study() -> Scenario:
    return parse_scenario(SMALL, expand_workload=False)


@cache
def line_trace(key: str) -> Trace:
    strategy = next(s for s in STRATEGIES if s.key == key)
    return run_scenario(with_strategy(expand(study()), strategy))


def _at(times: list[float], values: list[int], moment: float) -> int:
    """The series' value just before ``moment`` (what a sample at that time sees)."""
    index = bisect.bisect_left(times, moment)
    return values[index - 1] if index else 0


def _apop_correction(trace: Trace) -> int:
    """The APOP timestamps' random numbers' real widths minus the priced width."""
    extra = 0
    for event in trace.messages():
        if event.protocol == "POP3" and event.text.startswith("+OK POP3 server ready <"):
            random_part = event.text.split("<", 1)[1].split(".", 1)[0]
            extra += len(random_part) - APOP_RANDOM_DIGITS
    return extra


@pytest.mark.parametrize("strategy", STRATEGIES, ids=lambda s: s.key)
def test_session_level_equals_line_level(strategy: Strategy) -> None:
    scenario = study()
    assert scenario.workload is not None
    result = run_devices(scenario, strategy.key, strategy_devices(scenario.workload, strategy),
                         prepare(scenario), by_user=True)
    trace = line_trace(strategy.key)
    (row,) = comparison_rows({strategy.key: trace})
    # what is left at the end, and the traffic
    assert result.server_octets == row.server_bytes
    assert {name: kept for name, (kept, _, _) in result.per_device.items() if kept} == {
        name: kept for name, kept in row.device_bytes.items() if kept}
    assert {name: (on, off) for name, (_, on, off) in result.per_device.items() if on or off} == {
        name: pair for name, pair in row.readable.items() if pair != (0, 0)}
    assert sum(d.lines for d in result.devices) == row.lines
    assert sum(d.octets for d in result.devices) == row.bytes_read - _apop_correction(trace)
    assert result.delivered == len(trace.states("stored")) == 80
    assert sum(d.retrieved for d in result.devices) == (
        len(trace.states("downloaded")) + len(trace.states("cached")))
    # the storage series at every hour
    series = storage_series(trace)
    samples = [int(t) / 1e6 for t in result.samples]
    assert result.server_series is not None
    assert result.server_series.tolist() == [_at(series.times, series.server, t) for t in samples]
    for name, values in series.devices.items():
        want = [_at(series.times, values, t) for t in samples]
        assert result.per_device_series[name].tolist() == want, name


OWN_DEVICES = {
    "keep-40m+imap": SMALL,  # the workload's own devices, as written above
    # the IMAP device caches mail the POP3 device deletes later: the cache drops it at its next sync
    "delete+imap-cache": TEMPLATE.format(devices="    - {protocol: pop3, every: 30m}\n"
                                                 "    - {protocol: imap, cache: true, every: 15m}"),
    # three devices, a busier day, another seed; two domains of 4 users
    "three-devices": TEMPLATE.replace("seed: 11", "seed: 5").replace("users: 10", "users: 4")
    .replace("domains: 3", "domains: 2").replace("per_day: 8", "per_day: 30").format(
        devices="    - {protocol: imap, every: 10m}\n    - {protocol: pop3, leave_on_server: true, "
                "every: 25m}\n    - {protocol: imap, cache: true, every: 45m}"),
}


@pytest.mark.parametrize("variant", OWN_DEVICES)
def test_the_workloads_own_devices_agree(variant: str) -> None:
    """Mixed devices: a POP3 device's deletions and an IMAP device's listing and cache meet."""
    scenario = parse_scenario(OWN_DEVICES[variant], expand_workload=False)
    assert scenario.workload is not None
    result = run_devices(scenario, "own", list(scenario.workload.devices), prepare(scenario),
                         by_user=True)
    trace = run_scenario(expand(scenario))
    (row,) = comparison_rows({"own": trace})
    assert result.server_octets == row.server_bytes
    assert {n: v for n, (v, _, _) in result.per_device.items() if v} == {
        n: v for n, v in row.device_bytes.items() if v}
    assert {n: (on, off) for n, (_, on, off) in result.per_device.items() if on or off} == {
        n: pair for n, pair in row.readable.items() if pair != (0, 0)}
    assert sum(d.lines for d in result.devices) == row.lines
    assert sum(d.octets for d in result.devices) == row.bytes_read - _apop_correction(trace)
    series = storage_series(trace)
    samples = [int(t) / 1e6 for t in result.samples]
    assert result.server_series is not None
    assert result.server_series.tolist() == [_at(series.times, series.server, t) for t in samples]
    for name, values in series.devices.items():
        assert result.per_device_series[name].tolist() == [
            _at(series.times, values, t) for t in samples], name
