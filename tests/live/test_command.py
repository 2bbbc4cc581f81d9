"""``serve`` as a command: its options, and a run stopped with Ctrl-C (SIGINT) or SIGTERM."""

from __future__ import annotations

import argparse
import os
import re
import signal
import smtplib
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mailsim.cli import main
from mailsim.commands.serve import register
from mailsim.live.ports import DEFAULT_PORTS, OFF, PortMapError, parse_port_map
from mailsim.live.server import is_loopback
from mailsim.trace import Trace, TraceFormatError

from .conftest import HOST, LIVE_ROUTE, TIMEOUT


def test_register_adds_serve_with_its_options() -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve", "dns-cache", "--port-map", "587=3587", "53=off",
                              "--trace", "t.jsonl", "--speed", "10"])
    assert (args.scenario, args.host, args.trace, args.speed) == ("dns-cache", "127.0.0.1",
                                                                  "t.jsonl", 10.0)
    assert args.port_map == ["587=3587", "53=off"] and callable(args.handler)
    with pytest.raises(SystemExit):
        parser.parse_args(["serve", "--speed", "0"])
    limits = parser.parse_args(["serve", "--command-timeout", "5", "--max-per-address", "4",
                                "--login-failure-delay", "0.5"])
    assert (limits.command_timeout, limits.max_per_address, limits.login_failure_delay) == (
        5.0, 4, 0.5)
    for bad in (["--max-per-address", "0"], ["--command-timeout", "-1"], ["--speed", "inf"],
                ["--speed", "nan"], ["--idle-timeout", "1e999"]):
        with pytest.raises(SystemExit):
            parser.parse_args(["serve", *bad])


def test_port_map() -> None:
    ports = parse_port_map(["587=3587", "53=off", "993=0"])
    assert ports == {**DEFAULT_PORTS, 587: 3587, 53: OFF, 993: 0}
    for bad in ("587", "588=2588", "587=x", "587=70000"):
        with pytest.raises(PortMapError):
            parse_port_map([bad])


def test_a_bad_port_map_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port-map", "25=abc"]) == 2
    assert "--port-map" in capsys.readouterr().err


def test_a_port_in_use_says_which_and_how_to_move_it(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind((HOST, 0))
        taken.listen()
        port = taken.getsockname()[1]
        others = [f"{real}=off" for real in DEFAULT_PORTS if real != 587]
        assert main(["serve", str(LIVE_ROUTE), "--port-map", *others, f"587={port}"]) == 1
    err = capsys.readouterr().err
    assert f"port {port} on {HOST} (for SMTP on 587) is already in use" in err
    assert "--port-map 587=N" in err and "Traceback" not in err


def test_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.1")


def read_while_written(path: Path) -> Trace:
    """The file is readable while the server still writes it (one flushed line per event)."""
    for _ in range(50):
        try:
            return Trace.read_jsonl(path)
        except TraceFormatError:  # caught in the middle of a line: look again
            time.sleep(0.02)
    raise AssertionError("the streamed trace never read back")


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_streams_the_trace_and_stops_cleanly(tmp_path: Path, stop: signal.Signals) -> None:
    trace_path = tmp_path / "serve.jsonl"
    zero = [f"{port}=0" for port in DEFAULT_PORTS]
    env = {**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "mailsim", "serve", str(LIVE_ROUTE), "--speed", "50",
         "--trace", str(trace_path), "--port-map", *zero],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        banner = ""
        deadline = time.monotonic() + 20
        while "Ctrl-C" not in banner and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            banner += line
        ports = {int(real): int(live) for live, real in
                 re.findall(r"127\.0\.0\.1:(\d+)(?:/udp\+tcp)?\s*\S\s*port (\d+)", banner)}
        assert set(ports) == set(DEFAULT_PORTS), banner
        assert "alice@example.com" in banner and "alice-secret" in banner
        with smtplib.SMTP(HOST, ports[25], timeout=TIMEOUT) as smtp:
            smtp.sendmail("carol@example.org", ["bob@example.jp"], b"Subject: hi\r\n\r\nHi.\r\n")
        streamed = read_while_written(trace_path)
        assert any(e.live for e in streamed.messages())
        process.send_signal(stop)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Stopped:" in out
    assert "No message was left in a queue." in out  # delivered on port 25, said so
    trace = Trace.read_jsonl(trace_path)
    assert trace.states("stored") and trace.header.scenario == "live-route"
    assert len(trace) >= len(streamed)
