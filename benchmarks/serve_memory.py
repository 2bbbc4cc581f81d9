"""``serve``'s memory under repeated aborted DATA: it must stay flat.

``.venv/bin/python benchmarks/serve_memory.py [--mb N] [--step S]`` (defaults 200 and 20)
starts ``serve`` on the live tests' scenario (any free ports, loopback, a trace file in a
temporary directory), then, over and over, opens port 25, starts a mail to Bob, sends
1 MB of message text and hangs up before the final ".". After every S MB it prints the
process's resident memory (the server runs in this process, in its own thread) and the
events in memory; at the end the growth from the first reading. The bodies reach the
trace only as their sizes, and the in-memory trace is a bounded window of the file.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import time
from pathlib import Path

from mailsim.live.ports import DEFAULT_PORTS
from mailsim.live.server import LiveServer, ServeOptions
from mailsim.scenario import load_scenario

SCENARIO = Path(__file__).resolve().parents[1] / "tests" / "live" / "live-route.yaml"
LINE = b"x" * 998 + b"\r\n"  # RFC 5321 §4.5.3.1.6: the longest text line
MEGABYTE = LINE * (1_048_576 // len(LINE))


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def aborted_data(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.recv(1024)
        for command in (b"EHLO bench\r\n", b"MAIL FROM:<carol@example.org>\r\n",
                        b"RCPT TO:<bob@example.jp>\r\n", b"DATA\r\n"):
            sock.sendall(command)
            sock.recv(1024)
        sock.sendall(MEGABYTE)  # and no "." : the client leaves mid-message


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=200, help="megabytes of aborted DATA")
    parser.add_argument("--step", type=int, default=20, help="print memory every S MB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        options = ServeOptions(ports={port: 0 for port in DEFAULT_PORTS}, speed=50.0,
                               trace_path=Path(tmp) / "serve.jsonl")
        server = LiveServer(load_scenario(SCENARIO), options)
        with server.running():
            port = server.port(25)
            first: float | None = None
            started = time.monotonic()
            print(f"{'MB sent':>8} {'RSS MiB':>8} {'events':>8} {'in memory':>10}")
            for sent in range(1, args.mb + 1):
                aborted_data(port)
                if sent % args.step == 0 or sent == args.mb:
                    time.sleep(0.1)  # let the simulation take in the last connection
                    assert server.world is not None
                    recorder = server.world.recorder
                    rss = rss_mb()
                    first = rss if first is None else first
                    print(f"{sent:>8} {rss:>8.1f} {len(recorder):>8} "
                          f"{len(recorder) - getattr(recorder, 'dropped', 0):>10}")
            print(f"growth after the first reading: {rss_mb() - (first or 0):+.1f} MiB "
                  f"in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
