"""Protocol lines per second: mailsim against a bare SimPy request/reply loop.

What is measured: the bundled ``article-route`` scenario is copied in memory with
``--messages`` send steps, one every 0.5 s of simulated time, so several mails are
in flight at once (each takes about 0.5 s end to end). The wall-clock time of
``run_scenario`` (building the world, running it, freezing the trace) is taken
with ``time.perf_counter``, best of ``--repeat``. Its throughput is given in
*protocol lines*: message events whose protocol is an application protocol
(SMTP, DNS, LDAP, POP3, IMAP), as counted by ``mailsim.views.table.summary``.
The TCP segments, TLS flights and state events mailsim also records are shown
as "trace events" but not counted as lines.

The baseline, in the same process and the same run: two SimPy processes
exchange request and reply lines over two ``simpy.Store`` queues, each line
costing one ``env.timeout`` (a 5 ms latency, in the same integer microseconds
mailsim uses) and one put/get, carrying exactly as many lines as mailsim's run
produced. That is the least any SimPy model must do to move a line with a
latency from one process to another, with no parsing, no protocol state and no
trace, so it is a fair floor: the ratio (mailsim time / bare time) says how
many times that floor mailsim pays per line for its engines, network model and
trace. Speed is only ever measured here, never asserted in tests.

Run: ``python benchmarks/run_benchmark.py [--messages N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import gc
import platform
import sys
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

import simpy

from mailsim.scenario.build import run_scenario
from mailsim.scenario.loader import load_scenario
from mailsim.scenario.model import RelayHost, Scenario
from mailsim.scenario.steps import SendStep
from mailsim.trace import Trace
from mailsim.views.table import summary

SCENARIO = "article-route"
SENDER = "alice@example.com"
RECIPIENTS = ("bob@example.jp", "alice@example.com")  # remote delivery, then local
SPACING_S = 0.5  # simulated seconds between two sends
BARE_LATENCY_US = 5_000  # per line in the baseline: the client link's 5 ms


@dataclass(frozen=True, slots=True)
class MailsimResult:
    seconds: float
    protocol_lines: int
    trace_events: int
    delivered: int


def many_messages(messages: int) -> Scenario:
    """``article-route`` with ``messages`` sends, alternating its two users as recipients."""
    base = load_scenario(SCENARIO)
    for address in (SENDER, *RECIPIENTS):
        if address not in base.users:
            raise SystemExit(f"{SCENARIO}: no user {address}; the benchmark needs it")
    steps = [
        SendStep.model_validate({
            "at": i * SPACING_S,
            "send": {
                "from": SENDER,
                "to": [RECIPIENTS[i % len(RECIPIENTS)]],
                "subject": f"Benchmark message {i + 1}",
                "body": f"Message {i + 1} of {messages}.\n.A dot-stuffed line.\n",
            },
        })
        for i in range(messages)
    ]
    return base.model_copy(update={"steps": steps})


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of ``repeat`` timed calls, and the last call's result."""
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def time_mailsim(scenario: Scenario, repeat: int) -> MailsimResult:
    seconds, trace = best_of(repeat, lambda: run_scenario(scenario))
    assert isinstance(trace, Trace)
    lines = summary(trace)["protocol_lines"]
    assert isinstance(lines, int)
    return MailsimResult(seconds, lines, len(trace), len(trace.states("stored")))


def bare_client(env: simpy.Environment, lines: int, to_server: simpy.Store,
                to_client: simpy.Store, sent: list[int]) -> Generator[simpy.Event, Any, None]:
    """Send a request line, wait for the reply line; until ``lines`` have travelled."""
    for i in range(0, lines, 2):
        wants_reply = i + 1 < lines
        yield env.timeout(BARE_LATENCY_US)
        yield to_server.put((f"NOOP {i}\r\n", wants_reply))
        sent[0] += 1
        if wants_reply:
            yield to_client.get()


def bare_server(env: simpy.Environment, to_server: simpy.Store, to_client: simpy.Store,
                sent: list[int]) -> Generator[simpy.Event, Any, None]:
    """Answer each request that asks for a reply, one latency later."""
    while True:
        _line, wants_reply = yield to_server.get()
        if wants_reply:
            yield env.timeout(BARE_LATENCY_US)
            yield to_client.put("250 OK\r\n")
            sent[0] += 1


def bare_simpy(lines: int) -> int:
    """Carry ``lines`` lines between two SimPy processes; return how many travelled."""
    env = simpy.Environment()
    to_server, to_client = simpy.Store(env), simpy.Store(env)
    sent = [0]
    env.process(bare_client(env, lines, to_server, to_client, sent))
    env.process(bare_server(env, to_server, to_client, sent))
    env.run()
    return sent[0]


def long_run() -> tuple[float, float, int, int]:
    """The mailbox-full scenario with the realistic 5-day queue lifetime: simulated
    days, wall seconds, trace events and retries. Idle time costs nothing."""
    scenario = load_scenario("mailbox-full")
    relay = scenario.hosts["relay.example.net"]
    assert isinstance(relay, RelayHost)
    hosts = dict(scenario.hosts)
    hosts["relay.example.net"] = relay.model_copy(
        update={"queue": relay.queue.model_copy(update={"lifetime": 5 * 86400.0})})
    scenario = scenario.model_copy(update={"hosts": hosts})
    seconds, trace = best_of(1, lambda: run_scenario(scenario))
    return trace.duration / 86400, seconds, len(trace), len(trace.states("retry"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Protocol lines per second: mailsim against a bare SimPy loop.")
    parser.add_argument("--messages", type=int, default=500,
                        help="mails to send (default 500)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs to take the best of (default 3)")
    args = parser.parse_args(argv)
    if args.messages < 1 or args.repeat < 1:
        parser.error("--messages and --repeat must be at least 1")

    scenario = many_messages(args.messages)
    mailsim = time_mailsim(scenario, args.repeat)
    bare_seconds, carried = best_of(args.repeat, lambda: bare_simpy(mailsim.protocol_lines))
    if carried != mailsim.protocol_lines:
        raise SystemExit(f"baseline carried {carried} lines, expected {mailsim.protocol_lines}")

    rows = [
        ("scenario", f"{SCENARIO}, one send every {SPACING_S} s"),
        ("messages", f"{args.messages}"),
        ("delivered (stored)", f"{mailsim.delivered}"),
        ("protocol lines", f"{mailsim.protocol_lines}"),
        ("trace events", f"{mailsim.trace_events}"),
        ("mailsim seconds", f"{mailsim.seconds:.3f}  (best of {args.repeat})"),
        ("mailsim lines/s", f"{mailsim.protocol_lines / mailsim.seconds:,.0f}"),
        ("bare SimPy seconds", f"{bare_seconds:.3f}  (best of {args.repeat})"),
        ("bare SimPy lines/s", f"{carried / bare_seconds:,.0f}"),
        ("ratio (mailsim/bare)", f"{mailsim.seconds / bare_seconds:.1f}x slower per line "
                                 f"({bare_seconds / mailsim.seconds:.3f}x the bare rate)"),
        ("python", f"{platform.python_implementation()} {platform.python_version()}"),
        ("platform", platform.platform()),
        ("simpy", simpy.__version__),
    ]
    days, wall, events, retries = long_run()
    rows.append(("long run (mailbox-full)",
                 f"{days:.1f} simulated days, {retries} retries, {events} events "
                 f"in {wall:.3f} s"))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")

    if mailsim.delivered != args.messages:
        print(f"FAIL: {mailsim.delivered} of {args.messages} messages stored", file=sys.stderr)
        return 1
    print("OK: every message was delivered")
    return 0


if __name__ == "__main__":
    sys.exit(main())
