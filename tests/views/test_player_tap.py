"""The player's wiretap: ``t`` and ``--tap`` in the full-screen player (Textual's pilot),
the plain player's ``t`` commands, and :class:`TapChoice` itself."""

from __future__ import annotations

import argparse
import asyncio
import io
from collections.abc import Awaitable, Callable

import pytest
from rich.console import Console
from textual.pilot import Pilot

from mailsim.cli import main
from mailsim.commands.player import cmd_step, register
from mailsim.trace import Trace
from mailsim.views.player.app import PlayerApp
from mailsim.views.player.model import PlayerModel
from mailsim.views.player.plain import run_plain
from mailsim.views.player.tap_line import TapLine
from mailsim.views.player.tapping import TapChoice
from mailsim.views.tap import BadLink
from tests.tap_variants import pop3_run

LINK = ("mx.example.jp", "bob-pc")


def pass_step(trace: Trace) -> int:
    return next(e.seq for e in trace.messages() if e.text.startswith("PASS "))


def rendered(line: object) -> str:
    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(line)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert isinstance(out, str)
    return out


def test_t_cycles_through_the_links_in_the_scenarios_order_then_off() -> None:
    trace = pop3_run()
    choice = TapChoice(trace)
    seen = [choice.cycle() for _ in range(len(choice.links) + 1)]
    assert seen == [*choice.links, None]
    assert choice.line(trace[0]) is None and choice.said() == "Tap removed."


def test_a_link_is_named_as_everywhere_and_a_wrong_one_says_why() -> None:
    choice = TapChoice(pop3_run())
    choice.choose("bob,mx")
    assert choice.link == ("mx.example.jp", "bob-pc")
    with pytest.raises(BadLink, match="no link between"):
        choice.choose("alice,bob")
    assert choice.link == ("mx.example.jp", "bob-pc"), "a wrong link keeps the tap where it was"
    choice.choose("off")
    assert choice.link is None


def test_the_line_says_what_the_tap_reads_at_each_kind_of_step() -> None:
    trace = pop3_run()
    choice = TapChoice(trace, LINK)
    secret = rendered(choice.line(trace[pass_step(trace)]))
    assert "learns a password: bob-secret" in secret and "  PASS bob-secret" in secret
    state = next(e for e in trace.states())
    assert "nothing crosses the wire" in rendered(choice.line(state))
    smtp = next(e for e in trace.messages() if e.protocol == "SMTP")
    assert "does not cross the link mx.example.jp ↔ bob-pc" in rendered(choice.line(smtp))
    tls = pop3_run(tls=True)
    hidden = TapChoice(tls, LINK).line(tls[pass_step(tls)])
    assert "octets of TLS: only the size and the time" in rendered(hidden)
    assert "bob-secret" not in rendered(hidden)


def test_the_password_is_marked_in_the_line() -> None:
    trace = pop3_run()
    line = TapChoice(trace, LINK).line(trace[pass_step(trace)])
    assert line is not None
    marked = [line.plain[s.start:s.end] for s in line.spans if "on red" in str(s.style)]
    assert marked == ["bob-secret"]


def drive(trace: Trace, script: Callable[[Pilot[None], PlayerApp], Awaitable[None]],
          tap: tuple[str, str] | None = None, lang: str = "en") -> None:
    async def run() -> None:
        app = PlayerApp(PlayerModel(trace), lang=lang, tap=tap)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await script(pilot, app)

    asyncio.run(run())


def tap_text(app: PlayerApp) -> str:
    return rendered(app.query_one(TapLine).content)


def test_the_full_screen_player_puts_a_tap_on_with_t_and_shows_the_password() -> None:
    trace = pop3_run()
    step = pass_step(trace)

    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        line = app.query_one(TapLine)
        assert line.has_class("-off") and not line.display
        for _ in range(len(app.tapping.links)):  # the pop3 link is the scenario's last
            await pilot.press("t")
        await pilot.press("colon", *str(step), "enter")
        await pilot.pause()
        assert app.tapping.link == LINK and line.display
        assert "Tap on mx.example.jp ↔ bob-pc" in tap_text(app) and "bob-secret" in tap_text(app)
        await pilot.press("right")
        await pilot.pause()
        assert "bob-secret" not in tap_text(app)
        await pilot.press("t")  # after the last link: no tap
        await pilot.pause()
        assert app.tapping.link is None and not line.display

    drive(trace, script)


def test_the_tap_given_at_start_reads_nothing_under_tls_in_japanese() -> None:
    trace = pop3_run(tls=True)
    step = pass_step(trace)

    async def script(pilot: Pilot[None], app: PlayerApp) -> None:
        await pilot.press("colon", *str(step), "enter")
        await pilot.pause()
        text = tap_text(app)
        assert "盗聴中の回線: mx.example.jp ↔ bob-pc" in text and "TLS" in text
        assert "bob-secret" not in text

    drive(trace, script, tap=LINK, lang="ja")


def test_the_plain_player_taps_with_t_and_says_so() -> None:
    trace = pop3_run()
    out = io.StringIO()
    script = f"t mx,bob\n{pass_step(trace)}\nt nowhere,bob\nt\n\nq\n"
    assert run_plain(PlayerModel(trace), stdin=io.StringIO(script), stdout=out) == 0
    text = " ".join(out.getvalue().split())  # the console wraps at 80 columns
    assert "Tap on mx.example.jp ↔ bob-pc (t: the next link)" in text
    assert "the tap learns a password: bob-secret" in text
    assert "! unknown host 'nowhere'" in text
    after = text.split("Tap removed.")[-1]
    assert "Tap on" not in after, "t after the last link takes the tap off"


def test_step_with_tap_starts_tapped_and_a_wrong_tap_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["step", "pop3-one-device", "--tap", "bob,mx", "--lang", "ja"])
    out = io.StringIO()
    assert cmd_step(args, stdin=io.StringIO(""), stdout=out) == 0
    assert "盗聴中の回線: mx.example.jp ↔ bob-pc" in out.getvalue()  # the scenario's order
    assert main(["step", "--tap", "mx", "--plain"]) == 2
    assert "--tap" in capsys.readouterr().err
