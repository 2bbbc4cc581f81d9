"""``serve``'s engine: a scenario's world, real listeners on loopback, a streamed trace.

:class:`LiveServer` builds the world, adds :data:`LIVE_HOST`, opens one real
listener per mapped service, runs the scenario's steps at their times, and lets
the simulation follow the wall clock until told to stop. It can run in the
caller's asyncio loop (:meth:`LiveServer.serve`, what the command does) or in a
thread of its own (:meth:`LiveServer.running`, what the tests do).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import ipaddress
import logging
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

from mailsim.nodes.mta import MTA
from mailsim.scenario.build import World, build_world
from mailsim.scenario.model import Scenario
from mailsim.trace import Trace, TraceEvent, TraceHeader

from .bridge import LIVE_HOST, Bridge, LiveRecorder, add_live_host
from .dns_stream import open_dns
from .dns_wire import LiveDNS
from .endpoint import LiveSession
from .limits import Clients, Limits
from .listeners import ensure_listener
from .ports import DEFAULT_PORTS, Service, resolve_services
from .tls import RunCertificate, make_certificate

log = logging.getLogger("mailsim.live")
# After stopping, how long the last FIN segments get to enter the trace (wall seconds).
SETTLE = 0.05


@dataclass(frozen=True, slots=True)
class ServeOptions:
    host: str = "127.0.0.1"
    ports: Mapping[int, int] = field(default_factory=lambda: dict(DEFAULT_PORTS))
    speed: float = 1.0
    trace_path: Path | None = None
    seed: int | None = None
    limits: Limits = field(default_factory=Limits)


@dataclass(frozen=True, slots=True)
class Listening:
    """A service and the real port it was bound to."""

    service: Service
    port: int


@dataclass(frozen=True, slots=True)
class Unsent:
    """A message acknowledged with 250 that was still queued when ``serve`` stopped."""

    host: str
    queue_id: str
    sender: str
    recipients: tuple[str, ...]


def still_queued(world: World) -> list[Unsent]:
    """Every message in any simulated queue, host by host (lost with the simulation)."""
    return [Unsent(name, entry.queue_id, entry.sender, tuple(entry.recipients))
            for name, node in sorted(world.nodes.items()) if isinstance(node, MTA)
            for entry in node.queue.values()]


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


class TraceFile:
    """Streams a trace as JSONL: the header first, then one flushed line per event."""

    def __init__(self, path: Path, header: TraceHeader) -> None:
        self.header = header
        self._file: IO[str] = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed in close()
        self._file.write(Trace(header).to_jsonl())
        self._file.flush()

    def write(self, event: TraceEvent) -> None:
        # The same JSON form as Trace.to_jsonl: the one-event trace's second line.
        self._file.write(Trace(self.header, (event,)).to_jsonl().split("\n", 1)[1])
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def live_header(world: World) -> TraceHeader:
    header = world.header()
    return replace(header, hosts=(*header.hosts, (LIVE_HOST, "client")))


class LiveServer:
    """One ``serve`` run."""

    def __init__(self, scenario: Scenario, options: ServeOptions | None = None,
                 certificate: RunCertificate | None = None) -> None:
        self.scenario = scenario
        self.options = options or ServeOptions()
        self._own_certificate = certificate is None  # made here: removed when the run ends
        self.certificate = certificate or make_certificate(self.options.host)
        self.listening: list[Listening] = []
        self.skipped: list[Service] = []
        self._services: list[Service] = []
        self.world: World | None = None
        self.trace: Trace | None = None
        self.unsent: list[Unsent] = []  # what was still queued at the stop
        self.clients = Clients()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._error: BaseException | None = None

    def port(self, real_port: int) -> int:
        """The live port bound for ``real_port`` (e.g. 587 -> 2587)."""
        for item in self.listening:
            if item.service.real_port == real_port:
                return item.port
        raise KeyError(f"no live listener for port {real_port}")

    # --- the run ---------------------------------------------------------------------

    def _build(self) -> tuple[World, TraceHeader, TraceFile | None]:
        world = build_world(self.scenario, seed=self.options.seed)
        header = live_header(world)
        trace_file = (TraceFile(self.options.trace_path, header)
                      if self.options.trace_path is not None else None)
        assert len(world.recorder) == 0, "building a world records nothing"
        recorder = LiveRecorder({LIVE_HOST}, trace_file.write if trace_file else None,
                                keep=self.options.limits.max_trace_events)
        world.recorder = world.network.recorder = recorder
        services = resolve_services(self.scenario, self.options.ports)
        usable = [s for s in services if ensure_listener(world.network, world.nodes, s)]
        self.skipped = [s for s in services if s not in usable]
        for service in self.skipped:
            log.warning("%s offers no %s for port %d: not opened", service.host, service.protocol,
                        service.real_port)
        try:
            ip = str(ipaddress.ip_address(self.options.host))
        except ValueError:
            ip = "127.0.0.1"
        add_live_host(world.network, {s.host for s in usable}, ip)
        world.schedule_steps()
        self._services = usable
        return world, header, trace_file

    async def _listen(self, bridge: Bridge) -> list[asyncio.AbstractServer | asyncio.BaseTransport]:
        loop = asyncio.get_running_loop()
        context = self.certificate.server_context()
        opened: list[asyncio.AbstractServer | asyncio.BaseTransport] = []
        host, limits = self.options.host, self.options.limits
        try:
            for service in self._services:
                try:
                    if service.transport == "udp":  # DNS: UDP and TCP on one port (RFC 7766)
                        dns_opened, bound = await open_dns(
                            loop, LiveDNS(bridge, service.host, service.sim_port), service, host)
                        opened += dns_opened
                    else:
                        server = await loop.create_server(
                            functools.partial(LiveSession, bridge, service, context, limits,
                                              self.clients),
                            host, service.live_port)
                        opened.append(server)
                        bound = server.sockets[0].getsockname()[1]
                except OSError as exc:
                    raise _cannot_listen(service, host, exc) from None
                self.listening.append(Listening(service, int(bound)))
        except BaseException:
            for item in opened:
                item.close()
            raise
        return opened

    async def serve(self, stop: asyncio.Event | None = None,
                    on_ready: Callable[[LiveServer], None] | None = None) -> Trace:
        """Serve until ``stop`` is set; return the whole trace (also streamed to the file)."""
        stop = stop or asyncio.Event()
        trace_file = None
        try:
            world, header, trace_file = self._build()
            self.world = world
            bridge = Bridge(world.env, world.network, self.options.speed)
            opened = await self._listen(bridge)
            self._ready.set()
            if on_ready is not None:
                on_ready(self)
            try:
                await bridge.run(stop)
            finally:
                for item in opened:
                    item.close()
                for session in list(self.clients.sessions):
                    session.close_socket()
                await asyncio.sleep(SETTLE)
                bridge.advance()
        finally:
            if trace_file is not None:
                trace_file.close()
            if self._own_certificate:
                shutil.rmtree(self.certificate.directory, ignore_errors=True)
        self.unsent = still_queued(world)
        self.trace = world.recorder.freeze(header)
        return self.trace

    # --- in a thread of its own (tests, notebooks) ------------------------------------

    @contextmanager
    def running(self, timeout: float = 10.0) -> Iterator[LiveServer]:
        """Serve in a background thread for the ``with`` block, then stop cleanly."""
        thread = threading.Thread(target=self._thread_main, name="mailsim-serve", daemon=True)
        thread.start()
        if not self._ready.wait(timeout) or self._error is not None:
            self._request_stop()
            thread.join(timeout)
            raise RuntimeError(f"serve did not start: {self._error!r}") from self._error
        try:
            yield self
        finally:
            self._request_stop()
            thread.join(timeout)
            if thread.is_alive():
                raise RuntimeError("serve did not stop in time")

    def _thread_main(self) -> None:
        async def main() -> None:
            self._loop = asyncio.get_running_loop()
            self._stop = asyncio.Event()
            await self.serve(self._stop)

        try:
            asyncio.run(main())
        except BaseException as exc:  # reported to the starting thread
            self._error = exc
            self._ready.set()

    def _request_stop(self) -> None:
        if self._loop is not None and self._stop is not None and not self._loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop has already finished
                self._loop.call_soon_threadsafe(self._stop.set)


def _cannot_listen(service: Service, host: str, error: OSError) -> OSError:
    """What the user can do when a port cannot be opened (taken, or not allowed)."""
    import errno

    where = f"port {service.live_port} on {host} (for {service.protocol} on {service.real_port})"
    if error.errno == errno.EADDRINUSE:
        return OSError(error.errno, f"{where} is already in use — another mailsim serve? Move it "
                                    f"with --port-map {service.real_port}=N or leave it out with "
                                    f"--port-map {service.real_port}=off")
    return OSError(error.errno, f"cannot listen on {where}: {error.strerror or error}")
