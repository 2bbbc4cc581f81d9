"""``mailsim serve``: let real mail programs into a running scenario."""

from __future__ import annotations

import argparse
import math
from typing import TYPE_CHECKING

from mailsim.commands import EXIT_OK

if TYPE_CHECKING:
    from rich.console import Console

    from mailsim.live.server import LiveServer


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``serve`` subcommand to ``mailsim``'s subparsers."""
    from mailsim.live.wellknown import DEFAULT_PORTS, idle_minimums

    defaults = " ".join(f"{real}={live}" for real, live in DEFAULT_PORTS.items())
    minimums = ", ".join(f"{seconds:g} for {name}" for name, seconds in idle_minimums().items())
    serve = subparsers.add_parser(
        "serve", help="let real mail programs (smtplib, Thunderbird, swaks) into a scenario",
        description="Build a scenario's world and listen on loopback: real SMTP, POP3, IMAP "
                    "and DNS clients take part in the simulation next to the simulated hosts. "
                    "Stop with Ctrl-C.")
    serve.add_argument("scenario", nargs="?",
                       help="a scenario file or bundled name (default: the article's route)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="the address to listen on (default 127.0.0.1; another one opens the "
                            "simulation to the network: a warning is printed)")
    serve.add_argument("--port-map", nargs="+", default=[], metavar="REAL=LIVE",
                       help=f"e.g. 587=2587 25=2525 53=off (defaults: {defaults}; "
                            "0 = any free port)")
    serve.add_argument("--trace", metavar="FILE.jsonl",
                       help="stream the trace to this file as it grows")
    serve.add_argument("--speed", type=_positive_float, default=1.0,
                       help="simulated seconds per wall-clock second (default 1)")
    serve.add_argument("--idle-timeout", type=_positive_float, metavar="SECONDS",
                       help="close a silent connection after this long (default: the RFC "
                            f"minimum, {minimums})")
    serve.add_argument("--command-timeout", type=_positive_float, default=60.0,
                       metavar="SECONDS",
                       help="a line begun must end within this, whatever trickles in (default 60)")
    serve.add_argument("--max-per-address", type=_positive_int, default=16, metavar="N",
                       help="connections at once from one client address (default 16, of 64)")
    serve.add_argument("--login-failure-delay", type=_positive_float, default=2.0,
                       metavar="SECONDS",
                       help="wait before answering a failed login; doubles for each further "
                            "failure from the address, up to 16 s (default 2)")
    serve.add_argument("--seed", type=int, help="override the scenario's seed")
    serve.set_defaults(handler=_cmd_serve)


def _positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not 0 < number < math.inf:  # inf would overflow the simulated clock
        raise argparse.ArgumentTypeError(f"{value!r}: expected a positive number")
    return number


def _positive_int(value: str) -> int:
    from mailsim.units import positive_whole_number

    number = positive_whole_number(value)
    if number is None:
        raise argparse.ArgumentTypeError(f"{value!r}: expected a positive whole number")
    return number


def _cmd_serve(args: argparse.Namespace) -> int:
    import asyncio
    import logging
    from pathlib import Path

    from rich.console import Console

    from mailsim.live.limits import Limits
    from mailsim.live.ports import PortMapError, parse_port_map
    from mailsim.live.server import LiveServer, ServeOptions, is_loopback
    from mailsim.scenario import DEFAULT_SCENARIO, ScenarioError, load_scenario

    try:
        ports = parse_port_map(args.port_map)
    except PortMapError as exc:
        raise ScenarioError("--port-map", [("", str(exc))]) from None
    scenario = load_scenario(args.scenario or DEFAULT_SCENARIO)
    console = Console()
    if not is_loopback(args.host):
        console.print(f"[bold red]Warning:[/] listening on {args.host}, not loopback: anyone who "
                      "can reach this address can talk to the simulated servers.")
    options = ServeOptions(host=args.host, ports=ports, speed=args.speed,
                           trace_path=Path(args.trace) if args.trace else None, seed=args.seed,
                           limits=Limits(idle_timeout=args.idle_timeout,
                                         command_timeout=args.command_timeout,
                                         max_per_address=args.max_per_address,
                                         login_failure_delay=args.login_failure_delay))
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    server = LiveServer(scenario, options)
    asyncio.run(_serve(server, console))
    events = len(server.world.recorder) if server.world is not None else 0
    console.print(f"Stopped: {events} events"
                  + (f", trace written to {args.trace}." if args.trace else "."))
    print_unsent(server, console)
    return check_conservation(server, console)


def check_conservation(server: LiveServer, console: Console) -> int:
    """The conservation check of the whole run, when memory still holds the whole trace."""
    from mailsim.commands.verdict import print_verdict
    from mailsim.live.server import live_header
    from mailsim.scenario.budget import longest_lifetime

    world = server.world
    if world is None:
        return EXIT_OK
    recorded, dropped = len(world.recorder), world.recorder.dropped
    if dropped:
        console.print(f"Conservation not checked: only the last {recorded - dropped:,} of "
                      f"{recorded:,} events are still in memory.")
        return EXIT_OK
    return print_verdict(world.recorder.freeze(live_header(world)), console, command="serve",
                         lifetime=longest_lifetime(server.scenario), list_queued=False)


def print_unsent(server: LiveServer, console: Console) -> None:
    """Say which acknowledged messages were still queued: they go with the simulation."""
    if not server.unsent:
        console.print("No message was left in a queue.")
        return
    console.print(f"[bold red]{len(server.unsent)} message(s) acknowledged with 250 were still "
                  "queued and are lost with the simulation:[/]", highlight=False)
    for item in server.unsent:
        console.print(f"  {item.host} {item.queue_id} from <{item.sender}> to "
                      + ", ".join(f"<{r}>" for r in item.recipients), highlight=False, markup=False)


async def _serve(server: LiveServer, console: Console) -> None:
    import asyncio
    import contextlib
    import signal

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
        loop.add_signal_handler(signal.SIGINT, stop.set)
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    await server.serve(stop, on_ready=lambda s: print_listeners(s, console))


def print_listeners(server: LiveServer, console: Console) -> None:
    """What listens where, for which simulated host; and the accounts to log in with."""
    from rich.table import Table

    table = Table(title=f"mailsim serve — {server.scenario.name}", header_style="bold")
    for column in ("listening on", "stands for", "protocol", "simulated host", "TLS"):
        table.add_column(column)
    for item in server.listening:
        service = item.service
        tls = "implicit" if service.implicit_tls else "STARTTLS" if service.starttls else "-"
        transport = "/udp" if service.transport == "udp" else ""
        table.add_row(f"{server.options.host}:{item.port}{transport}", f"port {service.real_port}",
                      service.protocol, f"{service.host}:{service.sim_port}", tls)
    console.print(table)
    accounts = Table(title="Accounts", header_style="bold")
    for column in ("address (user name)", "password"):
        accounts.add_column(column)
    for address, user in server.scenario.users.items():
        accounts.add_row(address, user.password)
    console.print(accounts)
    console.print(f"TLS certificate for this run: {server.certificate.cert_path} "
                  f"(self-signed for localhost and {server.options.host}).")
    speed = server.options.speed
    console.print(f"Simulated time runs at {speed:g}× the wall clock. Ctrl-C stops and "
                  "keeps the trace.")
