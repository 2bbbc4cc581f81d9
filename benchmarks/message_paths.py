"""Per-call cost of the message functions: the email package (reference) against the fast paths.

What is measured: the messages of ``run_benchmark.py`` (its ``many_messages``
scenario: the sender's display name and address, each send's recipients,
subject and body, eight-bit as the mail client builds them). For each of the
three functions with a fast path in ``mailsim.mail.fast`` it times, over all
messages, the ``reference_*`` twin (the ``email`` package alone) and the public
function (fast path, falling back to the reference), best of ``--repeat``, and
prints microseconds per call and the ratio reference / fast:

- **build**: ``build_message`` of each message;
- **prepend**: a Received: field as the sender's server stamps it (folded over
  three lines) and the Return-Path: of final delivery, one call each;
- **summary**: ``summary`` of the stamped message, as every server and reader does.

It checks first that both paths give identical results on every message and
exits with status 1 if not. With ``--whole-run`` it also times ``run_scenario``
of that scenario with the fast paths and with them switched off (every fast
function answering None, so the ``email`` package does all), best of R,
alternating, and checks that both runs give the same trace. Speed is only ever
measured here, never in tests.

Run: ``python benchmarks/message_paths.py [--messages N] [--repeat R] [--whole-run]``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import formataddr
from pathlib import Path
from typing import Any

from mailsim.mail import fast as fast_paths
from mailsim.mail.message import (
    build_message,
    make_message_id,
    prepend_header,
    received_header,
    reference_build_message,
    reference_prepend_header,
    reference_summary,
    summary,
)
from mailsim.scenario.build import run_scenario
from mailsim.scenario.steps.send import SendAction
from mailsim.trace import Trace

sys.path.insert(0, str(Path(__file__).parent))
from run_benchmark import SENDER, many_messages

START = datetime(2026, 4, 1, 9, 0, tzinfo=timezone(timedelta(hours=9)))


def message_fields(messages: int) -> list[dict[str, Any]]:
    """``build_message`` keywords for each send of the benchmark scenario."""
    scenario = many_messages(messages)
    name = scenario.users[SENDER].name
    fields = []
    for i, step in enumerate(scenario.steps):
        send = getattr(step, "send", None)
        assert isinstance(send, SendAction)
        fields.append({
            "sender": formataddr((name or "", send.sender)), "recipients": list(send.to),
            "cc": list(send.cc), "subject": send.subject, "body": send.body,
            "date": START + timedelta(seconds=i / 2),
            "message_id": make_message_id(f"{i:012x}", send.sender.rsplit("@", 1)[1]),
            "eight_bit": True,
        })
    return fields


def stamps(fields: dict[str, Any], i: int) -> list[tuple[str, str]]:
    """The Received: a submission server adds, and the Return-Path: of delivery."""
    received = received_header(
        from_helo="alice-pc.example.com", from_host="alice-pc.example.com", from_ip="192.0.2.10",
        by_host="mail.example.com", protocol="ESMTPSA", queue_id=f"{i:010X}",
        recipient=fields["recipients"][0], date=fields["date"])
    return [("Received", received), ("Return-Path", f"<{SENDER}>")]


def best_of(repeat: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def whole_run(messages: int, repeat: int) -> bool:
    """Print run_scenario's seconds with and without the fast paths; False if the traces differ."""
    scenario = many_messages(messages)
    saved = {name: getattr(fast_paths, name) for name in ("text_body", "prepend_field", "summary_values")}

    def switch(on: bool) -> None:
        for name, function in saved.items():
            setattr(fast_paths, name, function if on else (lambda *args, **kwargs: None))

    best = {True: float("inf"), False: float("inf")}
    traces: dict[bool, Trace] = {}
    try:
        for _ in range(repeat):
            for on in (False, True):
                switch(on)
                gc.collect()
                start = time.perf_counter()
                traces[on] = run_scenario(scenario)
                best[on] = min(best[on], time.perf_counter() - start)
    finally:
        switch(True)
    print(f"run_scenario, {messages} mails: email package {best[False]:.3f} s, fast paths "
          f"{best[True]:.3f} s, ratio {best[False] / best[True]:.2f}x")
    return list(traces[True]) == list(traces[False])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--messages", type=int, default=1000, help="messages (default 1000)")
    parser.add_argument("--repeat", type=int, default=5, help="best of R timings (default 5)")
    parser.add_argument("--whole-run", action="store_true",
                        help="also time the whole run with and without the fast paths")
    args = parser.parse_args()
    fields = message_fields(args.messages)
    built = [reference_build_message(**f) for f in fields]
    heads = [stamps(f, i) for i, f in enumerate(fields)]
    prepends = [(content, name, value) for content, pair in zip(built, heads, strict=True)
                for name, value in pair]
    stamped = [reference_prepend_header(c, *heads[i][0]) for i, c in enumerate(built)]
    same = (all(build_message(**f) == b for f, b in zip(fields, built, strict=True))
            and all(prepend_header(*p) == reference_prepend_header(*p) for p in prepends)
            and all(summary(s) == reference_summary(s) for s in stamped))
    if not same:
        print("FAIL: the fast paths and the email package differ", file=sys.stderr)
        return 1
    cases: list[tuple[str, int, Callable[[], object], Callable[[], object]]] = [
        ("build", len(fields), lambda: [reference_build_message(**f) for f in fields],
         lambda: [build_message(**f) for f in fields]),
        ("prepend", len(prepends), lambda: [reference_prepend_header(*p) for p in prepends],
         lambda: [prepend_header(*p) for p in prepends]),
        ("summary", len(stamped), lambda: [reference_summary(s) for s in stamped],
         lambda: [summary(s) for s in stamped]),
    ]
    print(f"messages {args.messages}, best of {args.repeat}; microseconds per call")
    print(f"{'function':<10}{'calls':>7}{'email pkg':>12}{'fast':>10}{'ratio':>9}")
    total_ref = total_fast = 0.0
    for name, calls, reference, fast in cases:
        ref_s, fast_s = best_of(args.repeat, reference), best_of(args.repeat, fast)
        total_ref, total_fast = total_ref + ref_s, total_fast + fast_s
        print(f"{name:<10}{calls:>7}{ref_s / calls * 1e6:>12.1f}{fast_s / calls * 1e6:>10.1f}"
              f"{ref_s / fast_s:>8.1f}x")
    per_mail_ref, per_mail_fast = total_ref / len(fields) * 1e6, total_fast / len(fields) * 1e6
    print(f"{'per mail':<17}{per_mail_ref:>12.1f}{per_mail_fast:>10.1f}{total_ref / total_fast:>8.1f}x")
    if args.whole_run and not whole_run(args.messages, min(args.repeat, 3)):
        print("FAIL: the run's trace differs without the fast paths", file=sys.stderr)
        return 1
    print("OK: both paths gave identical bytes and summaries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
