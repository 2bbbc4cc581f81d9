"""Protocol lines per second through the SMTP engines alone: no network, no SimPy, no trace.

What is measured: ``--sessions`` SMTP sessions, each a client engine and a server
engine back to back (as ``tests/protocols/smtp_pair.py`` wires them, with the
server's decisions made at once): greeting, EHLO, AUTH PLAIN, MAIL, RCPT, DATA,
one message of the size the line-rate benchmark sends, QUIT. Every write is
handed over whole, as the network hands over one unit. A *line* is one CRLF in
what either end wrote (message text lines included). The wall time of all
sessions is taken with ``time.perf_counter``, best of ``--repeat``.

This is the engines' share of a line-level run: compare its µs per line with
``run_benchmark.py``'s (mailsim seconds / protocol lines) to see what the rest
(network model, node glue, trace, messages) costs. To compare two versions of
the engines, run it against each (e.g. ``PYTHONPATH=/tmp/old python
benchmarks/engine_pair.py``, an exported older tree) one after the other.

Run: ``python benchmarks/engine_pair.py [--sessions N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import gc
import time

from mailsim.protocols.smtp import (
    AuthRequested,
    ClientConfig,
    Event,
    MailFrom,
    MessageReceived,
    RcptTo,
    ServerConfig,
    SMTPClient,
    SMTPServer,
    Transaction,
    codes,
)

# A message like the line-rate benchmark's: a dozen header lines, a short body with
# a line that needs dot-stuffing.
MESSAGE = b"".join(line + b"\r\n" for line in (
    b"Received: from mail.example.com (mail.example.com [192.0.2.10])",
    b"\tby relay.example.net (mailsim) with ESMTPS id 0A1B2C3D4E",
    b"\tfor <bob@example.jp>; Mon, 01 Apr 2024 09:00:01 +0000",
    b"From: Alice <alice@example.com>",
    b"To: bob@example.jp",
    b"Subject: Benchmark message 1",
    b"Date: Mon, 01 Apr 2024 09:00:00 +0000",
    b"Message-ID: <0a1b2c3d4e5f@example.com>",
    b"MIME-Version: 1.0",
    b"Content-Type: text/plain; charset=\"utf-8\"",
    b"Content-Transfer-Encoding: 7bit",
    b"",
    b"Message 1 of 1000.",
    b".A dot-stuffed line.",
))
CLIENT = ClientConfig(helo_name="mail.example.com", credentials=("alice", "secret"))
SERVER = ServerConfig(hostname="relay.example.net", auth_mechanisms=("PLAIN",))
QUEUED = codes.queued("0A1B2C3D4E")


def decide(server: SMTPServer, event: Event) -> list[Event]:
    """The server node's answer, at once: every sender, recipient, login and message is fine."""
    if isinstance(event, MailFrom):
        return server.respond(codes.OK_MAIL)
    if isinstance(event, RcptTo):
        return server.respond(codes.OK_RCPT)
    if isinstance(event, MessageReceived):
        return server.respond(QUEUED)
    if isinstance(event, AuthRequested):
        return server.auth_result(True)
    return []


def session(number: int) -> int:
    """One whole session; the number of lines both ends wrote."""
    txn = Transaction(f"t{number}", "alice@example.com", ("bob@example.jp",), MESSAGE)
    client, server = SMTPClient(CLIENT, [txn]), SMTPServer(SERVER)
    server.start()
    lines = 0
    while not client.done:
        moved = False
        for chunk in server.data_to_send():
            moved = True
            lines += chunk.count(b"\r\n")
            client.receive_data(chunk)
        for chunk in client.data_to_send():
            moved = True
            lines += chunk.count(b"\r\n")
            pending = server.receive_data(chunk)
            while pending:
                pending = pending[1:] + decide(server, pending[0])
        if not moved:
            raise SystemExit("the session did not settle")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    best, lines = float("inf"), 0
    for _ in range(args.repeat):
        gc.collect()
        start = time.perf_counter()
        lines = sum(session(n) for n in range(args.sessions))
        best = min(best, time.perf_counter() - start)
    print(f"{'sessions':24s} {args.sessions}")
    print(f"{'lines (both ends)':24s} {lines}")
    print(f"{'seconds':24s} {best:.3f}  (best of {args.repeat})")
    print(f"{'lines/s':24s} {lines / best:,.0f}")
    print(f"{'us per line':24s} {1e6 * best / lines:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
