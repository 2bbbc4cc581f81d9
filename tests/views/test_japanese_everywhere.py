"""With ``--lang ja`` no English text of the catalogues shows in any view (issue 15 item 8).

The English words are those of ``catalog("en")``'s texts, minus what rightly stays Latin:
protocol names and commands (written in capitals), the program's own name, units. A
view's text is checked after the trace's own data is taken out of it (protocol lines,
host names, addresses, subjects, replies: what crossed the wire is not translated).
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Iterator
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from mailsim.locales import catalog
from mailsim.scenario import load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.views.text import short_names

# Small scenarios that between them have every kind of state change the views show.
SCENARIOS = ("article-route", "relay-outage", "imap-two-devices", "mailbox-full",
             "unknown-recipient", "wrong-password", "dns-cache", "greylisting", "sent-mail",
             "push-or-poll")
# Latin words that are not English text: the program, products, units, keys, header names.
LATIN = {"mailsim", "localhost", "ctrl", "dask", "min", "png", "svg", "pdf", "jsonl", "yaml",
         "uid", "uids", "inbox", "ipynb", "outlook", "gmail", "thunderbird", "swaks", "smtplib",
         "kbit", "mbit", "gbit", "enter", "esc", "tab", "space",
         "received"}  # a header field's name (Received:), written as it is in Japanese text too
# Data values that name words the views translate: these are not taken out as data.
TRANSLATED_FIELDS = {"reason", "result", "source"}
_WORD = re.compile(r"[A-Za-z][A-Za-z']+")
# Host, domain, file and mail names, scenario keys (delete_after, links[0].latency): not words.
_NAME = re.compile(r"[\w.+-]*[\w-]\.[A-Za-z][\w.-]*|\S+@\S+|[\w\[\]]*[\w\]][_\[][\w\[\]]+[\w\[\].]*")


@cache
def english_words() -> frozenset[str]:
    words: set[str] = set()
    for text in catalog("en").values():
        literal = "".join(part for part, _, _, _ in string.Formatter().parse(text))
        literal = _NAME.sub(" ", literal)  # example.com, alice@example.com: names, not words
        words.update(w.lower() for w in _WORD.findall(literal) if not w.isupper())
    return frozenset(w for w in words if len(w) > 2 and w not in LATIN)


def _strings(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, str):
        if key not in TRANSLATED_FIELDS:
            yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v, key)


@cache
def trace_of(name: str) -> Trace:
    return run_scenario(load_scenario(name))


@cache
def data_of(name: str) -> tuple[str, ...]:
    """Every text of the trace that is data, not a catalogue text: longest first."""
    trace = trace_of(name)
    found: set[str] = {trace.header.scenario, name}
    hosts = [host for host, _ in trace.header.hosts]
    found.update(hosts)
    found.update(short_names(hosts).values())  # the figures' short names: relay, mx...
    for event in trace:
        if isinstance(event, MessageEvent):
            found.update(line for line in event.text.split("\n"))
            found.update((event.src, event.dst))
        elif isinstance(event, StateEvent):
            found.add(event.node)
            found.update(_strings(event.data))
    return tuple(sorted((s for s in found if len(s) > 1), key=len, reverse=True))


def _without_data(text: str, data: tuple[str, ...]) -> str:
    text = _without_cut_data(text, data)
    for item in data:
        if item in text:
            text = text.replace(item, " ")
    return text


def _without_cut_data(text: str, data: tuple[str, ...]) -> str:
    """A text cut short with "…" leaves the start of a data text: take that out."""
    starts = sorted(data)
    out = []
    for line in text.split("\n"):
        while "…" in line:
            head, tail = line.split("…", 1)
            for i in range(len(head)):
                piece = head[i:].lstrip()
                if len(piece) < 4:
                    break
                at = bisect.bisect_left(starts, piece)
                if at < len(starts) and starts[at].startswith(piece):
                    head = head[:i]
                    break
            out.append(head)
            line = tail
        out.append(line)
    return "\n".join(out)


def visible(html: str) -> str:
    """The text a browser shows of ``html``."""
    return unescape(re.sub(r"<style>.*?</style>|<[^>]+>", " ", html, flags=re.S))


def _checked(text: str, scenario: str | None) -> str:
    # A command, an option, a quoted protocol reply are the same in any language.
    # ("Mail Delivery System" is the name a bounce comes from.)
    text = re.sub(r"\bmailsim [a-z]+|--[a-z][a-z-]*|“[\x20-\x7e]*”|「[\x20-\x7e]*」|Mail Delivery System",
                  " ", text)
    text = _without_data(text, data_of(scenario)) if scenario is not None else text
    return _NAME.sub(" ", text)


def english_in(text: str, scenario: str | None = None) -> list[str]:
    """The English catalogue words left in ``text`` once the scenario's data is taken out."""
    words = english_words()
    return sorted({w for w in _WORD.findall(_checked(text, scenario))
                   if not w.isupper() and w.lower() in words})


def english_lines(text: str, scenario: str | None = None) -> list[str]:
    """The lines of ``text`` (data taken out) that hold English words: for a failure's message."""
    words = english_words()
    return [" ".join(line.split()) for line in _checked(text, scenario).split("\n")
            if any(not w.isupper() and w.lower() in words for w in _WORD.findall(line))]


def test_the_checker_finds_english_and_leaves_data_alone() -> None:
    """The check itself: an English text is found, the same words as data are not."""
    assert english_in("キューに入れた: queued for delivery") == ["delivery", "for", "queued"]
    trace = trace_of("article-route")
    reply = next(e.text for e in trace.messages() if "queued as" in e.text)
    assert english_in(f"送信した: {reply}", "article-route") == []
    assert english_in(f"送信した: {reply[:12]}…", "article-route") == []
    assert english_in("sent: " + reply, "article-route") == ["sent"]
    from mailsim.views.state_texts import state_text

    queued = trace.states("queued")[0]
    assert "queued" in english_in(state_text(queued, "en"), "article-route")
    assert english_in(state_text(queued, "ja"), "article-route") == []


# --- the views of helper I: state texts, notebooks, show, serve, command messages -------------


@pytest.mark.parametrize("name", SCENARIOS)
def test_state_texts(name: str) -> None:
    from mailsim.views.state_texts import state_text

    for event in trace_of(name).states():
        text = state_text(event, "ja")
        assert english_in(text, name) == [], (event.action, text)


@pytest.mark.parametrize("name", ["article-route", "imap-two-devices", "relay-outage"])
def test_notebook_tables_and_state(name: str) -> None:
    import mailsim.notebook as ms
    from mailsim.views.notebook import trace_html

    trace = trace_of(name)
    shown = [ms.changes(trace, lang="ja").html, ms.connections(trace, lang="ja").html,
             trace_html(trace, lang="ja"), ms.zone(name, "ja").html]
    shown += [ms.state_at(trace, k, lang="ja").html for k in range(0, len(trace), 7)]
    for html in shown:
        text = visible(html)
        assert english_in(text, name) == [], text[:300]
    for k in range(len(trace)):
        text = ms.caption(trace, k, lang="ja")
        assert english_in(text, name) == [], text
    for said in (ms.conservation(trace, "ja"), ms.about(name, "ja"), ms.questions(name, "ja")):
        assert english_in(str(said), name) == [], said


def test_notebook_player_widget() -> None:
    from mailsim.views.widgets import StepPlayer

    trace = trace_of("article-route")
    player = StepPlayer(trace, lang="ja")
    for k in range(0, len(trace), 11):
        player.show(k)
        for widget in (player.state, player.caption):
            text = visible(widget.value)
            assert english_in(text, "article-route") == [], text[:300]


def test_show(capsys: pytest.CaptureFixture[str]) -> None:
    from mailsim.cli import main

    for name in ("article-route", "pop3-vs-imap", "relay-outage"):
        assert main(["show", name, "--lang", "ja"]) == 0
        assert english_in(capsys.readouterr().out) == []


def test_serve_messages() -> None:
    from types import SimpleNamespace

    from rich.console import Console

    from mailsim.commands.serve import print_listeners, print_unsent
    from mailsim.live.wellknown import DEFAULT_PORTS  # noqa: F401 - the ports serve knows

    scenario = load_scenario("article-route")
    service = SimpleNamespace(implicit_tls=True, starttls=False, transport="tcp", real_port=465,
                              protocol="SMTP", host="mail.example.com", sim_port=465)
    server = SimpleNamespace(
        scenario=scenario, listening=[SimpleNamespace(service=service, port=2465)],
        options=SimpleNamespace(host="127.0.0.1", speed=1.0),
        certificate=SimpleNamespace(cert_path="/tmp/cert.pem"),
        unsent=[SimpleNamespace(host="mail.example.com", queue_id="Q1",
                                sender="alice@example.com", recipients=("bob@example.jp",))])
    console = Console(record=True, width=300)
    print_listeners(server, console, "ja")  # type: ignore[arg-type]
    print_unsent(server, console, "ja")  # type: ignore[arg-type]
    server.unsent = []
    print_unsent(server, console, "ja")  # type: ignore[arg-type]
    text = console.export_text()
    assert "アカウント" in text and "キューに残ったメールはありません" in text
    data = [u.password for u in scenario.users.values()] + list(scenario.users)
    for item in data:
        text = text.replace(item, " ")
    assert english_in(text, "article-route") == [], text


@pytest.mark.parametrize("argv", [
    ["compare", "-o", "figure.txt", "--lang", "ja"],
    ["sweep", "article-route", "-o", "figure.txt", "--lang", "ja"],
    ["sweep", "article-route", "--workers", "2", "--dask", "tcp://127.0.0.1:1", "--lang", "ja"],
    ["sweep", "article-route", "--seeds", "1,2", "--vary", "seed=1,2", "--lang", "ja"],
])
def test_command_messages(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from mailsim.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip()
    # "SOURCE: what is wrong": the source is an option or a file name, the rest is text.
    said = "\n".join(line.split(": ", 1)[-1] for line in err.splitlines())
    assert english_in(said) == [], err


@pytest.mark.parametrize("command", ["diagram", "step", "topology", "compare", "sweep"])
def test_every_command_says_what_is_wrong_with_a_scenario_in_japanese(
        command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mailsim.cli import main

    path = tmp_path / "bad.yaml"
    path.write_text("name: x\nseed: 1\nhosts:\n  a: {role: client, ip: 10.0.0.1, usr: x}\n",
                    encoding="utf-8")
    assert main([command, str(path), "--lang", "ja"]) == 2
    err = capsys.readouterr().err
    assert "必要なキーがありません" in err and "'user' のまちがい" in err
    said = "\n".join(line.split(": ", 2)[-1] for line in err.splitlines())
    assert english_in(said) == [], err


@pytest.mark.parametrize("argv", [
    ["compare", "--seed", "x"], ["run", "--bogus"], ["diagram", "--axis", "bad"],
    ["serve", "--speed", "-1"], ["sweep"], ["sweep", "x", "--workers", "0"],
])
def test_argparse_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """argparse's own errors follow --lang; in English they stay argparse's words."""
    from mailsim.cli import main

    with pytest.raises(SystemExit) as english:
        main(argv)
    err = capsys.readouterr().err
    assert english.value.code == 2 and ": error: " in err and err.startswith("usage: ")
    with pytest.raises(SystemExit) as japanese:
        main([*argv, "--lang", "ja"])
    err = capsys.readouterr().err
    assert japanese.value.code == 2 and ": エラー: " in err and err.startswith("使い方: ")
    said = err.split(": エラー: ", 1)[1].replace("scenario", " ")  # a name the usage line shows
    assert english_in(said) == [], err


def test_a_file_that_cannot_be_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mailsim.cli import main

    missing = str(tmp_path / "no-such-folder" / "x.jsonl")
    assert main(["run", "--quiet", "--trace", missing]) == 1
    assert capsys.readouterr().err.startswith("mailsim: [Errno 2]")
    assert main(["run", "--quiet", "--trace", missing, "--lang", "ja"]) == 1
    assert "mailsim: ファイルを読み書きできません: [Errno 2]" in capsys.readouterr().err
