"""How soon an idling IMAP client hears of a new mail, against `mailsim serve` on loopback.

``.venv/bin/python benchmarks/idle_push.py [--mails N] [--speed S] [--poll MINUTES]``
(defaults 10 mails, speed 50, polling every 5 minutes). A raw-socket IMAP client logs
in as Bob, selects INBOX and sends IDLE (RFC 2177); then smtplib submits N mails, one
at a time, to Alice's server, which relays them along the simulated route to Bob's.
For each it times from the end of the SMTP session to the ``* n EXISTS`` push and
prints the median and largest wall time, the same in simulated seconds (x speed), and
the ratio of a polling device's mean wait (half its interval) to the median push.
Figures only, never asserted.
"""

from __future__ import annotations

import argparse
import smtplib
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mailsim.live.limits import Limits  # noqa: E402
from mailsim.live.ports import DEFAULT_PORTS  # noqa: E402
from mailsim.live.server import LiveServer, ServeOptions  # noqa: E402
from mailsim.live.tls import make_certificate  # noqa: E402
from mailsim.scenario import load_scenario  # noqa: E402

HOST = "127.0.0.1"
TIMEOUT = 10.0
SCENARIO = ROOT / "tests" / "live" / "live-route.yaml"


def _read_until(sock: socket.socket, marker: bytes, buffer: bytearray) -> bytes:
    deadline = time.monotonic() + TIMEOUT
    while marker not in buffer:
        if time.monotonic() > deadline:
            raise TimeoutError(marker.decode())
        buffer += sock.recv(65536)
    end = buffer.index(marker) + len(marker)
    line_end = buffer.find(b"\r\n", end)
    cut = len(buffer) if line_end < 0 else line_end + 2
    taken = bytes(buffer[:cut])
    del buffer[:cut]
    return taken


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mails", type=int, default=10)
    parser.add_argument("--speed", type=float, default=50.0)
    parser.add_argument("--poll", type=float, default=5.0, help="a polling device's interval (minutes)")
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="idle-push-"))
    certificate = make_certificate(HOST, directory)
    options = ServeOptions(host=HOST, ports={port: 0 for port in DEFAULT_PORTS}, speed=args.speed,
                           limits=Limits(login_failure_delay=0.05))
    server = LiveServer(load_scenario(SCENARIO), options, certificate)
    waits: list[float] = []
    with server.running(timeout=TIMEOUT), socket.create_connection(
            (HOST, server.port(143)), timeout=TIMEOUT) as imap:
        buffer = bytearray()
        _read_until(imap, b"* OK", buffer)
        imap.sendall(b"a LOGIN bob@example.jp bob-secret\r\nb SELECT INBOX\r\nc IDLE\r\n")
        _read_until(imap, b"+ idling", buffer)
        tls = certificate.client_context()
        for number in range(1, args.mails + 1):
            with smtplib.SMTP(HOST, server.port(587), timeout=TIMEOUT) as smtp:
                smtp.starttls(context=tls)
                smtp.login("alice@example.com", "alice-secret")
                smtp.sendmail("alice@example.com", ["bob@example.jp"],
                              f"Subject: push {number}\r\n\r\nHello.\r\n".encode())
            start = time.monotonic()
            _read_until(imap, f"* {number} EXISTS".encode(), buffer)
            waits.append(time.monotonic() - start)
        imap.sendall(b"DONE\r\nd LOGOUT\r\n")
    median = statistics.median(waits)
    poll_wait = args.poll * 60 / 2
    print(f"mails: {len(waits)}  speed: {args.speed:g}")
    print(f"push after the SMTP session (wall): median {median * 1000:.1f} ms, "
          f"largest {max(waits) * 1000:.1f} ms")
    print(f"in simulated time: median {median * args.speed:.2f} s, "
          f"largest {max(waits) * args.speed:.2f} s")
    print(f"polling every {args.poll:g} min waits {poll_wait:.0f} s on average: "
          f"{poll_wait / (median * args.speed):.0f}x the median push")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
