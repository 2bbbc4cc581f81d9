"""IMAP traffic of checking mail as the mailbox fills: the incremental sync against a full re-list.

``.venv/bin/python benchmarks/imap_sync.py [--mails N ...] [--every M] [--against DIR]``
(defaults N = 50, 200 and 800 mails over one day, a check every M = 10 minutes). For each
N it runs, at line level, a workload of one user with one IMAP device and nothing deleted,
so the mailbox only grows, and prints the IMAP lines and octets of all checks, the octets of
the last check (with N mails in the box) and the wall time. ``--against DIR`` runs the
same in a child process on another tree (``git archive COMMIT mailsim | tar -x -C DIR``),
e.g. the commit before the incremental sync, which listed ``UID FETCH 1:*`` with every
message's size, Subject and Message-ID at every check, and prints the ratio old / new.
Figures only, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

TEMPLATE = """
name: imap-sync-bench
title: one user, one IMAP device
seed: 3
workload:
  users: 2
  domains: 1
  mails_per_user_per_day: {mails}
  devices:
    - {{protocol: imap, every: {every}m}}
  days: 1
"""


def measure(mails: int, every: int) -> dict[str, float]:
    """Run the workload here; the IMAP figures of user 1's device."""
    from mailsim.scenario import parse_scenario
    from mailsim.scenario.build import run_scenario

    scenario = parse_scenario(TEMPLATE.format(mails=mails, every=every), "bench.yaml")
    started = time.perf_counter()
    trace = run_scenario(scenario)
    seconds = time.perf_counter() - started
    imap = [e for e in trace.messages() if e.protocol == "IMAP"]
    device = sorted({e.src for e in imap if e.src.endswith("-dev1")})[0]
    mine = [e for e in imap if device in (e.src, e.dst)]
    sessions: list[int] = []
    for event in mine:
        if event.src == device and event.text.endswith(" CAPABILITY") and event.text.startswith("A001"):
            sessions.append(0)
        if sessions:
            sessions[-1] += event.size
    return {"lines": len(mine), "octets": sum(e.size for e in mine), "checks": len(sessions),
            "last_check": sessions[-1] if sessions else 0, "seconds": seconds}


def in_child(tree: Path | None, mails: int, every: int) -> dict[str, float]:
    env = dict(os.environ)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    env["MAILSIM_MAX_EVENTS"] = "50000000"
    code = (f"import sys, json; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            f"import imap_sync; print(json.dumps(imap_sync.measure({mails}, {every})))")
    # cwd: "-c" puts the working directory first on sys.path, before PYTHONPATH
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         cwd=str(tree) if tree is not None else None,
                         check=True, timeout=1800)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mails", type=int, nargs="+", default=[50, 200, 800])
    parser.add_argument("--every", type=int, default=10, help="minutes between checks")
    parser.add_argument("--against", type=Path, help="another mailsim tree to compare with")
    args = parser.parse_args()
    print(f"{'mails':>6} {'tree':>5} {'checks':>6} {'lines':>7} {'octets':>11} {'last check':>11}"
          f" {'seconds':>8}")
    for mails in args.mails:
        new = in_child(None, mails, args.every)
        rows = [("new", new)]
        if args.against is not None:
            rows.append(("old", in_child(args.against, mails, args.every)))
        for name, r in rows:
            print(f"{mails:>6} {name:>5} {int(r['checks']):>6} {int(r['lines']):>7} "
                  f"{int(r['octets']):>11,} {int(r['last_check']):>11,} {r['seconds']:>8.2f}")
        if len(rows) == 2:
            old = rows[1][1]
            print(f"{'':>6} {'ratio':>5} {'':>6} {old['lines'] / new['lines']:>7.2f} "
                  f"{old['octets'] / new['octets']:>11.2f} {old['last_check'] / new['last_check']:>11.2f}")


if __name__ == "__main__":
    main()
