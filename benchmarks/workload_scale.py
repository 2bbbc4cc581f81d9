"""What a workload costs before any simulation: planning its mails, estimating and expanding it.

What is measured, for the study's workload (USERS users in 3 domains, 20 mails a
day each, a POP3 and an IMAP device checking every 15 minutes, DAYS days):

* **plan**: ``plan_mails`` CPU time (best of three, ``time.process_time``) and the
  plan's bytes per mail (its numpy arrays);
* **load (session)**: ``parse_scenario`` of the study at ``fidelity: session``
  (validation and the session estimate), CPU time;
* **refuse (line)**: the same file at ``--fidelity line``: the time until it is
  refused (the estimate is arithmetic on counts, nothing is expanded), and the
  estimate in trace events;
* **sample**: ``expand`` of 3 sample users over the first day, then its
  ``run_scenario``: CPU time of each and the trace's length.

Run: ``python benchmarks/workload_scale.py [--users N] [--days D]`` (defaults 10000 and 30).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from typing import Any

from mailsim.scenario import ScenarioError, parse_scenario
from mailsim.scenario.build import run_scenario
from mailsim.study.expand import expand
from mailsim.study.workload import plan_mails


def study(users: int, days: int) -> str:
    return f"""\
name: storage-study
title: t
fidelity: session
workload:
  users: {users}
  domains: 3
  mails_per_user_per_day: 20
  devices:
    - {{protocol: pop3, leave_on_server: false, every: 15m}}
    - {{protocol: imap, every: 15m}}
  days: {days}
  seed: 1
  trace_users: 3
"""


def cpu(action: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.process_time()
        result = action()
        best = min(best, time.process_time() - started)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=30)
    args = parser.parse_args(argv)
    text = study(args.users, args.days)
    seconds, scenario = cpu(lambda: parse_scenario(text, "study.yaml"))
    print(f"load (session): {seconds:.3f} s CPU")
    workload = scenario.workload
    seconds, plan = cpu(lambda: plan_mails(workload, 1), repeat=3)
    octets = sum(getattr(plan, f).nbytes for f in ("send_us", "sender", "recipient", "body_lines", "number"))
    print(f"plan: {len(plan):,} mails in {seconds:.3f} s CPU, {octets / len(plan):.0f} bytes per mail")
    started = time.process_time()
    try:
        parse_scenario(text, "study.yaml", fidelity="line")
    except ScenarioError as exc:
        estimate = exc.message.split("about ", 1)[1].split(" ", 1)[0]
        print(f"refuse (line): {time.process_time() - started:.3f} s CPU, estimate {estimate} trace events")
    else:
        print("refuse (line): not refused (within the cap)")
    seconds, sample = cpu(lambda: expand(scenario, users=[0, 1, 2], days=1))
    print(f"sample expand: {seconds:.3f} s CPU, {len(sample.hosts)} hosts, {len(sample.steps)} steps")
    seconds, trace = cpu(lambda: run_scenario(sample))
    print(f"sample run: {seconds:.3f} s CPU, {len(trace):,} trace events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
