"""How fast ``serve`` answers a client's TLS close_notify and closes (issue 14 item 4).

For each implicit-TLS port (465, 995, 993) it opens N connections to a live
server on loopback, reads the greeting, calls ``ssl.SSLSocket.unwrap()`` (the
client's close_notify, then waiting for the server's) and reads until the
server's FIN. It prints the median and largest wall time from unwrap() to FIN
and their ratio to the protocol's idle timeout, which is how long a server that
ignores close_notify holds the connection. Exit status 1 if a close took longer
than a second.

    .venv/bin/python benchmarks/tls_close.py [--connections N]
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mailsim.live.limits import Limits
from mailsim.live.ports import DEFAULT_PORTS
from mailsim.live.server import LiveServer, ServeOptions
from mailsim.live.tls import make_certificate
from mailsim.scenario import load_scenario

HOST = "127.0.0.1"
SCENARIO = Path(__file__).resolve().parent.parent / "tests" / "live" / "live-route.yaml"
PORTS = ((465, "SMTP"), (995, "POP3"), (993, "IMAP"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    certificate = make_certificate(HOST, Path(tempfile.mkdtemp(prefix="mailsim-bench-")))
    context = certificate.client_context()
    options = ServeOptions(host=HOST, ports={port: 0 for port in DEFAULT_PORTS}, speed=50.0,
                           limits=Limits(login_failure_delay=0.05))
    server = LiveServer(load_scenario(SCENARIO), options, certificate)
    idle = {protocol: options.limits.idle_timeout_for(protocol) for _, protocol in PORTS}
    worst = 0.0
    with server.running(timeout=5.0):
        for port, protocol in PORTS:
            times = []
            for _ in range(args.connections):
                raw = socket.create_connection((HOST, server.port(port)), timeout=5.0)
                tls = context.wrap_socket(raw, server_hostname="localhost")
                data = b""
                while b"\r\n" not in data:
                    data += tls.recv(4096)
                started = time.perf_counter()
                plain = tls.unwrap()
                if plain.recv(16) != b"":
                    raise SystemExit(f"port {port}: data after close_notify")
                times.append(time.perf_counter() - started)
                plain.close()
            median, largest = statistics.median(times), max(times)
            worst = max(worst, largest)
            print(f"port {port} ({protocol}): close_notify -> FIN median {median * 1000:.2f} ms, "
                  f"largest {largest * 1000:.2f} ms over {args.connections} connections; "
                  f"idle timeout {idle[protocol]:.0f} s = {idle[protocol] / median:,.0f}x the median")
    return 1 if worst > 1.0 else 0


if __name__ == "__main__":
    sys.exit(main())
