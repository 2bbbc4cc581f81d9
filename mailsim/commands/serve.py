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
    serve.add_argument("--lang", choices=("en", "ja"), default="en",
                       help="the language of what serve prints (default en)")
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
    from mailsim.views.captions import ui

    lang = args.lang
    try:
        ports = parse_port_map(args.port_map)
    except PortMapError as exc:
        raise ScenarioError("--port-map", [("", str(exc))]) from None
    scenario = load_scenario(args.scenario or DEFAULT_SCENARIO)
    console = Console()
    if not is_loopback(args.host):
        console.print(ui("serve.not_loopback", lang, host=args.host))
    options = ServeOptions(host=args.host, ports=ports, speed=args.speed,
                           trace_path=Path(args.trace) if args.trace else None, seed=args.seed,
                           limits=Limits(idle_timeout=args.idle_timeout,
                                         command_timeout=args.command_timeout,
                                         max_per_address=args.max_per_address,
                                         login_failure_delay=args.login_failure_delay))
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    server = LiveServer(scenario, options)
    asyncio.run(_serve(server, console, lang))
    events = len(server.world.recorder) if server.world is not None else 0
    console.print(ui("serve.stopped_trace", lang, events=events, path=args.trace) if args.trace
                  else ui("serve.stopped", lang, events=events))
    print_unsent(server, console, lang)
    return check_conservation(server, console, lang)


def check_conservation(server: LiveServer, console: Console, lang: str = "en") -> int:
    """The conservation check of the whole run, when memory still holds the whole trace."""
    from mailsim.commands.verdict import print_verdict
    from mailsim.live.server import live_header
    from mailsim.scenario.budget import longest_lifetime
    from mailsim.views.captions import ui

    world = server.world
    if world is None:
        return EXIT_OK
    recorded, dropped = len(world.recorder), world.recorder.dropped
    if dropped:
        console.print(ui("serve.not_checked", lang, kept=f"{recorded - dropped:,}",
                         recorded=f"{recorded:,}"))
        return EXIT_OK
    return print_verdict(world.recorder.freeze(live_header(world)), console, command="serve",
                         lifetime=longest_lifetime(server.scenario), list_queued=False, lang=lang)


def print_unsent(server: LiveServer, console: Console, lang: str = "en") -> None:
    """Say which acknowledged messages were still queued: they go with the simulation."""
    from mailsim.views.captions import ui

    if not server.unsent:
        console.print(ui("serve.none_unsent", lang))
        return
    console.print(ui("serve.unsent", lang, count=len(server.unsent)), highlight=False)
    for item in server.unsent:
        console.print(ui("serve.unsent_item", lang, host=item.host, queue_id=item.queue_id,
                         sender=item.sender,
                         recipients=", ".join(f"<{r}>" for r in item.recipients)),
                      highlight=False, markup=False)


async def _serve(server: LiveServer, console: Console, lang: str) -> None:
    import asyncio
    import contextlib
    import signal

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):  # no signal handlers on Windows
        loop.add_signal_handler(signal.SIGINT, stop.set)
        loop.add_signal_handler(signal.SIGTERM, stop.set)
    await server.serve(stop, on_ready=lambda s: print_listeners(s, console, lang))


def print_listeners(server: LiveServer, console: Console, lang: str = "en") -> None:
    """What listens where, for which simulated host; and the accounts to log in with."""
    from rich.table import Table

    from mailsim.views.captions import ui

    table = Table(title=ui("serve.title", lang, scenario=server.scenario.name), header_style="bold")
    for column in ("listening_on", "stands_for", "protocol", "simulated_host", "tls"):
        # A narrow terminal folds a long host:port instead of cutting its port off.
        table.add_column(ui(f"serve.{column}", lang), overflow="fold")
    implicit = ui("serve.tls_implicit", lang)
    for item in server.listening:
        service = item.service
        tls = implicit if service.implicit_tls else "STARTTLS" if service.starttls else "-"
        transport = "/udp+tcp" if service.transport == "udp" else ""  # DNS: both (RFC 7766)
        table.add_row(f"{server.options.host}:{item.port}{transport}",
                      ui("serve.port", lang, port=service.real_port),
                      service.protocol, f"{service.host}:{service.sim_port}", tls)
    console.print(table)
    accounts = Table(title=ui("serve.accounts", lang), header_style="bold")
    for column in ("address", "password"):
        accounts.add_column(ui(f"serve.{column}", lang))
    for address, user in server.scenario.users.items():
        accounts.add_row(address, user.password)
    console.print(accounts)
    console.print(ui("serve.certificate", lang, path=server.certificate.cert_path,
                     host=server.options.host))
    console.print(ui("serve.speed", lang, speed=f"{server.options.speed:g}"))
