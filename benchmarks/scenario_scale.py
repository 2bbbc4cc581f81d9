"""Validation and run time of one send to a growing number of recipients.

What is measured: the bundled ``article-route`` scenario is copied in memory
with its first send addressed to N recipients (all users of ``example.jp``, so
none is refused), written as YAML text, and then

* **YAML** and **validate**: the two halves of ``parse_scenario`` on that
  text, wall time with ``time.perf_counter``: reading the YAML into Python
  objects (PyYAML, with libyaml when installed), then the rest (the pydantic
  model, the cross-reference checks and the run-size estimate);
* **estimate**: the trace events the run-size estimate expects, and whether
  the cap (``--max-events``, default the one ``mailsim run`` uses) allows it;
* **run**: ``run_scenario`` wall time and the trace's length, only when the
  cap allows the run; otherwise the row says "refused" and nothing runs.

The file-size cap is not applied here (the text is parsed directly): 100,000
recipients take about 4 MB of YAML, past the 1 MB that ``mailsim`` reads by
default. Speed is only ever measured here, never asserted in tests.

Run: ``python benchmarks/scenario_scale.py [--max-events N] [COUNT ...]``
(default counts 1000 10000 100000).
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from typing import Any

import yaml

from mailsim.scenario import Scenario
from mailsim.scenario.budget import DEFAULT_MAX_EVENTS, Estimate, check_budget, step_cost
from mailsim.scenario.build import run_scenario
from mailsim.scenario.checks import check_references
from mailsim.scenario.limits import collector_paused
from mailsim.scenario.loader import _read_yaml, bundled_dir

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def scenario_text(recipients: int) -> str:
    """The article's route with one send to ``recipients`` users of example.jp."""
    data: dict[str, Any] = yaml.safe_load((bundled_dir() / "article-route.yaml").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    addresses = [f"user{i}@example.jp" for i in range(recipients)]
    data["users"].update({address: {"password": "secret"} for address in addresses})
    data["steps"] = [dict(data["steps"][0], send=dict(data["steps"][0]["send"], to=addresses))]
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1_000_000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("counts", nargs="*", type=int, default=[1_000, 10_000, 100_000])
    parser.add_argument("--max-events", type=int, default=DEFAULT_MAX_EVENTS)
    args = parser.parse_args(argv)
    print(f"cap: {args.max_events:,} events (mailsim run --max-events N raises it)")
    print(f"{'recipients':>10}  {'file':>8}  {'YAML':>7}  {'validate':>8}  {'estimate':>12}  "
          f"{'run':>9}  {'events':>8}")
    for count in args.counts:
        text = scenario_text(count)
        started = time.perf_counter()
        with collector_paused():  # as parse_scenario does
            data = _read_yaml(text, "bench")
            read = time.perf_counter() - started
            scenario = Scenario.model_validate(data)
        problems = check_references(scenario) + check_budget(scenario, sys.maxsize)
        validated = time.perf_counter() - started - read
        assert not problems, problems
        estimate = Estimate(scenario)
        expected = sum(step_cost(estimate, step)[0] for step in scenario.steps)
        if expected > args.max_events:
            run, events = "refused", "-"
        else:
            started = time.perf_counter()
            trace = run_scenario(scenario)
            run, events = f"{time.perf_counter() - started:8.2f}s", f"{len(trace):,}"
        print(f"{count:>10,}  {len(text) / 1e6:>6.2f}MB  {read:>6.2f}s  {validated:>7.2f}s  "
              f"{expected:>12,}  {run:>9}  {events:>8}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
