"""Hostile trace files (issue 11, item 6): each is refused by the real CLI with exit status 2
and one message naming the file and the line, quickly; none gives a traceback.

Every case starts from the golden trace and breaks one thing, so the message
must come from that one thing. The cases go through ``diagram``, ``step --plain``
and ``topology`` in turn, the three commands that read a trace file.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from mailsim.cli import main

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"
LINES = GOLDEN.read_text(encoding="utf-8").splitlines()
DROP = object()  # a value that removes the key
SECONDS = 5.0  # the longest a refusal may take (a correct one takes milliseconds)


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def edit(line: int, **changes: Any) -> Callable[[], bytes]:
    """The golden trace with keys of one line (1-based) changed, or dropped with DROP."""

    def build() -> bytes:
        record = json.loads(LINES[line - 1])
        for key, value in changes.items():
            if value is DROP:
                del record[key]
            else:
                record[key] = value
        return joined([*LINES[:line - 1], dumps(record), *LINES[line:]])

    return build


def edit_data(line: int, **changes: Any) -> Callable[[], bytes]:
    """The golden trace with fields of one state event's data changed (DROP removes)."""
    data = dict(json.loads(LINES[line - 1])["data"])
    for key, value in changes.items():
        if value is DROP:
            del data[key]
        else:
            data[key] = value
    return edit(line, data=data)


def replace_text(line: int, old: str, new: str) -> Callable[[], bytes]:
    """One line with raw text replaced: for what ``json.dumps`` would never write."""

    def build() -> bytes:
        assert old in LINES[line - 1]
        return joined([*LINES[:line - 1], LINES[line - 1].replace(old, new, 1), *LINES[line:]])

    return build


def lines(*content: str) -> Callable[[], bytes]:
    return lambda: joined(list(content))


def insert(line: int, text: str) -> Callable[[], bytes]:
    """``text`` becomes line ``line``; the golden lines from there move down."""
    return lambda: joined([*LINES[:line - 1], text, *LINES[line - 1:]])


def joined(content: list[str]) -> bytes:
    return ("\n".join(content) + "\n").encode("utf-8")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@dataclass(frozen=True)
class Case:
    kind: str
    build: Callable[[], bytes]
    line: int | None
    reason: str
    env: tuple[tuple[str, str], ...] = ()


CASES = [
    # The line itself.
    Case("not JSON", replace_text(3, '{"conn"', 'x{"conn"'), 3,
         "not JSON (Expecting value at column 1)"),
    Case("a cut-off line", lambda: joined([*LINES[:4], LINES[4][:50]]), 5,
         "not JSON (Expecting value at column 51)"),
    Case("a list, not an object", insert(2, "[1, 2]"), 2, "expected a JSON object {...}, got a list"),
    Case("a bare number", insert(3, "42"), 3, "expected a JSON object {...}, got 42"),
    Case("a bare string", insert(3, '"hello"'), 3,
         "expected a JSON object {...}, got the text 'hello'"),
    Case("not UTF-8", lambda: joined(LINES[:3]) + b'{"type": "\xff"}\n', 4, "not UTF-8 text (byte 11)"),
    Case("a lone surrogate", replace_text(3, '"text":"SYN"', '"text":"S\\ud800"'), 3,
         "the text 'S\\ud800' is not valid Unicode (a lone surrogate)"),
    Case("nested 40 deep", edit(2, data={"deep": json.loads(nested(40))}), 2,
         "nested deeper than 32 levels"),
    Case("nested 100,000 deep", insert(2, '{"type": "state", "data": ' + nested(100_000) + "}"), 2,
         "nested deeper than 32 levels"),
    Case("a line past the line cap", edit(3, text="x" * 5000), 3,
         "longer than 4096 characters, the line cap (set MAILSIM_MAX_TRACE_LINE to raise it)",
         (("MAILSIM_MAX_TRACE_LINE", "4096"),)),
    Case("a file past the size cap", lambda: GOLDEN.read_bytes(), None,
         f"the file has {GOLDEN.stat().st_size} bytes, more than the size cap of 10000 "
         "(set MAILSIM_MAX_TRACE_BYTES to raise it)",
         (("MAILSIM_MAX_TRACE_BYTES", "10000"),)),
    # The header.
    Case("an empty file", lines(), 1, "no header line: is this a mailsim trace? (no records)"),
    Case("no header", lambda: joined(LINES[1:]), 1,
         "expected the header record first, got a state record"),
    Case("a second header", insert(5, LINES[0]), 5, "a second header (the first is on line 1)"),
    Case("a header key missing", edit(1, hosts=DROP), 1,
         "bad record: the header misses the key 'hosts'"),
    Case("an unknown header key", edit(1, owner="mallory"), 1,
         "bad record: the header has an unknown key 'owner'"),
    Case("the seed as text", edit(1, seed="2026"), 1,
         "seed: expected a whole number, got the text '2026'"),
    Case("hosts not a list", edit(1, hosts="all"), 1, "hosts: expected a list, got the text 'all'"),
    Case("no hosts at all", edit(1, hosts=[], links=[], ports=[]), 1,
         "hosts: expected at least one [host, role], got an empty list"),
    Case("a host row of one", edit(1, hosts=[["alice-pc"]]), 1,
         "hosts[0]: expected [host, role], got a list"),
    Case("a host listed twice", edit(1, hosts=[["a", "client"], ["a", "dns"]]), 1,
         "hosts[1]: the host 'a' is listed twice"),
    Case("a link to an unlisted host", edit(1, links=[["alice-pc", "nowhere", 0.001, 1e6]]), 1,
         "links[0]: the host 'nowhere' is not in the header's hosts"),
    Case("a port out of range", edit(1, ports=[["mx.example.jp", 70000, "SMTP"]]), 1,
         "ports[0] port: expected a whole number from 0 to 65535, got 70000"),
    Case("another trace version", edit(1, version=2), 1,
         "version: this mailsim reads trace version 1, not 2"),
    Case("a terminal escape in the name", edit(1, scenario="\x1b[2Jowned"), 1,
         "scenario: expected one line of printable text, got the text '\\x1b[2Jowned'"),
    # Each record on its own.
    Case("an unknown record type", insert(3, '{"type": "frame"}'), 3,
         "unknown record type the text 'frame' (expected \"header\", \"message\" or \"state\")"),
    Case("a message key missing", edit(3, src=DROP), 3,
         "bad record: a message record misses the key 'src'"),
    Case("the seq as text", edit(3, seq="1"), 3, "seq: expected a whole number, got the text '1'"),
    Case("a boolean seq", edit(3, seq=True), 3, "seq: expected a whole number, got true"),
    Case("NaN", replace_text(3, '"t_sent":0.0', '"t_sent":NaN'), 3,
         "t_sent: NaN is not a number a trace may hold"),
    Case("Infinity", replace_text(3, '"t_arrived":0.005', '"t_arrived":Infinity'), 3,
         "t_arrived: Infinity is not a number a trace may hold"),
    Case("a float that overflows", replace_text(3, '"t_arrived":0.005', '"t_arrived":1e400'), 3,
         "t_arrived: expected a number from 0 to 1e+10, got inf"),
    Case("a 5,000-digit integer", replace_text(3, '"size":0', '"size":' + "9" * 5000), 3,
         "a number too large (thousands of digits)"),
    Case("an integer past 64 bits in state data", edit_data(2, size=2**64), 2,
         "a number too large (it reads as 18446744073709551616)"),
    Case("a float that overflows in state data", replace_text(2, '"size":385', '"size":-1e999'), 2,
         "a number too large (it reads as infinity)"),
    Case("a time past three centuries", edit(3, t_sent=1e300, t_arrived=1e300), 3,
         "t_sent: expected a number from 0 to 1e+10, got 1e+300"),
    Case("a negative time", edit(2, t=-1.0), 2, "t: expected a number from 0 to 1e+10, got -1.0"),
    Case("encrypted as text", edit(3, encrypted="no"), 3,
         "encrypted: expected true or false, got the text 'no'"),
    Case("a port out of range in a message", edit(3, port=-1), 3,
         "port: expected a whole number from 0 to 65535, got -1"),
    Case("arrival before sending", edit(6, t_arrived=0.015), 6,
         "t_arrived: the unit arrives at 0.015, before it was sent at 0.016"),
    Case("state data not an object", edit(2, data=[1]), 2, "data: expected an object, got a list"),
    Case("an action that is not a name", edit(2, action="DROP TABLE"), 2,
         "action: expected an action name (lower-case letters, digits and _), got the text "
         "'DROP TABLE'"),
    # What the whole file must agree on.
    Case("time running backwards", edit(6, t_sent=0.005), 6,
         "t_sent: time runs backwards, 0.005 after 0.01"),
    Case("a repeated seq", edit(4, seq=1), 4,
         "seq: expected a number above 1 (records are numbered in order), got 1"),
    Case("a message from an unknown host", edit(3, src="mallory.example"), 3,
         "src: unknown host 'mallory.example' (the header lists alice-pc, auth.example.com, "
         "auth.example.jp, bob-pc, dns.example.net, mail.example.com, mx.example.jp, "
         "relay.example.net)"),
    Case("a state event on an unknown host", edit(2, node="ghost"), 2,
         "node: unknown host 'ghost' (the header lists alice-pc, auth.example.com, "
         "auth.example.jp, bob-pc, dns.example.net, mail.example.com, mx.example.jp, "
         "relay.example.net)"),
    Case("a connection between other hosts", edit(5, src="bob-pc"), 5,
         "conn: the connection 'c1' is between alice-pc and mail.example.com on port 587 "
         "(line 3), not between bob-pc and mail.example.com on port 587"),
    Case("a connection on another port", edit(5, port=25), 5,
         "conn: the connection 'c1' is between alice-pc and mail.example.com on port 587 "
         "(line 3), not between alice-pc and mail.example.com on port 25"),
    Case("state data missing a field", edit_data(2, subject=DROP), 2,
         "data: state 'composed': Composed misses the field subject"),
    Case("state data of the wrong type", edit_data(2, size="385"), 2,
         "data: state 'composed': Composed.size must be int, not '385'"),
    Case("state data with an extra field", edit_data(2, owner="mallory"), 2,
         "data: state 'composed': Composed has no field owner"),
]

COMMANDS: list[Callable[[str, Path], list[str]]] = [
    lambda path, _out: ["diagram", path, "--format", "mermaid"],
    lambda path, _out: ["step", "--plain", path],
    lambda path, out: ["topology", path, "-o", str(out / "net.png")],
]


def test_there_are_at_least_25_kinds() -> None:
    assert len({case.kind for case in CASES}) == len(CASES) >= 25


@pytest.mark.parametrize(("index", "case"), list(enumerate(CASES)), ids=[c.kind for c in CASES])
def test_a_bad_trace_is_refused_with_the_file_and_the_line(
        index: int, case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    for variable, value in case.env:
        monkeypatch.setenv(variable, value)
    path = tmp_path / "bad.jsonl"
    path.write_bytes(case.build())
    argv = COMMANDS[index % len(COMMANDS)](str(path), tmp_path)
    started = time.monotonic()
    status = main(argv)
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    where = f"{path}: " if case.line is None else f"{path}: line {case.line}: "
    assert (status, err) == (2, f"{where}{case.reason}\n"), argv
    assert out == ""
    assert elapsed < SECONDS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.jsonl"]  # nothing drawn


@pytest.mark.parametrize("command", range(len(COMMANDS)))
def test_the_golden_trace_still_reads(command: int, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The same commands accept the unbroken file: the refusals above are the breakage's."""
    monkeypatch.setattr("sys.stdin", _Quit())
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "good.jsonl"
    path.write_bytes(GOLDEN.read_bytes())
    assert main(COMMANDS[command](str(path), tmp_path)) == 0
    assert capsys.readouterr().err == ""


class _Quit:
    """A stdin for the plain player that asks to quit at once."""

    def readline(self) -> str:
        return "q\n"

    def isatty(self) -> bool:
        return False

    def __iter__(self) -> _Quit:
        return self

    def __next__(self) -> str:
        return "q\n"
