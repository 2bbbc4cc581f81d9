"""With ``--lang ja`` the views of the run table, players, figures, compare, validate and the
captions show no English catalogue text (issue 15 item 8); the checker is in
tests/views/test_japanese_everywhere.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.views.test_japanese_everywhere import SCENARIOS, english_in, english_lines, trace_of


def _figure_texts(ax: Any) -> list[str]:
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    figure = ax.get_figure(root=True)
    texts = [t.get_text() for t in figure.findobj(Text)]
    plt.close(figure)
    return texts


def _figure_english(texts: list[str], name: str) -> list[str]:
    """The English lines of a figure's texts. A label wrapped onto two lines is data again
    once its lines are joined; an English sentence is English either way."""
    found = []
    for text in texts:
        if set(english_in(text.replace("\n", " "), name)) & set(english_in(text.replace("\n", ""), name)):
            found += english_lines(text.replace("\n", " "), name)
    return found


@pytest.mark.parametrize("name", ["article-route", "relay-outage", "imap-two-devices", "sent-mail"])
def test_run_table_and_summary(name: str, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    from mailsim.cli import main

    monkeypatch.setenv("COLUMNS", "400")  # one table row per line: data stays whole
    assert main(["run", name, "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert english_in(out, name) == [], english_lines(out, name)


@pytest.mark.parametrize("name", ["article-route", "imap-two-devices", "push-or-poll"])
def test_plain_player(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setenv("COLUMNS", "400")

    from mailsim.views.player.model import PlayerModel
    from mailsim.views.player.plain import run_plain

    out = io.StringIO()
    script = "\n" * 60 + "q\n"
    assert run_plain(PlayerModel(trace_of(name)), lang="ja", stdin=io.StringIO(script),
                     stdout=out) == 0
    assert english_in(out.getvalue(), name) == [], english_lines(out.getvalue(), name)


@pytest.mark.parametrize("name", ["article-route", "relay-outage"])
def test_diagram_notes(name: str) -> None:
    from mailsim.views.sequence import plot_sequence

    assert _figure_english(_figure_texts(plot_sequence(trace_of(name), lang="ja", analogy=True)), name) == []


@pytest.mark.parametrize("name", ["article-route", "mailbox-full"])
def test_topology(name: str) -> None:
    from mailsim.views.topology import plot_topology

    assert _figure_english(_figure_texts(plot_topology(trace_of(name), lang="ja")), name) == []


def test_compare_table(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from mailsim.cli import main

    monkeypatch.setenv("COLUMNS", "400")
    assert main(["compare", "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert english_in(out, "pop3-vs-imap") == [], english_lines(out, "pop3-vs-imap")


def test_validate_messages(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """A scenario with authoring mistakes: the warnings and errors are in Japanese."""
    from mailsim.cli import main

    source = (Path(__file__).resolve().parents[2] / "scenarios" / "article-route.yaml").read_text()
    mistaken = source.replace("latency: 5ms", "latency: 2", 1).replace("seed: 2026", "sed: 2026", 1)
    path = tmp_path / "mistaken.yaml"
    path.write_text(mistaken, encoding="utf-8")
    main(["validate", str(path), "--lang", "ja"])
    captured = capsys.readouterr()
    said = "\n".join(line.split(": ", 1)[-1] for line in (captured.out + captured.err).splitlines())
    assert said.strip()
    said = said.replace(str(path), " ")
    assert english_in(said, "article-route") == [], english_lines(said, "article-route")


@pytest.mark.parametrize("name", SCENARIOS)
def test_captions(name: str) -> None:
    from mailsim.views.captions import event_caption, host_title, node_caption

    trace = trace_of(name)
    for event in trace:
        caption = event_caption(event, "ja") or ""
        assert english_in(caption, name) == [], english_lines(caption, name)
    for host, _ in trace.header.hosts:
        for text in (host_title(trace, host, "ja"), node_caption(trace, host, "ja") or ""):
            assert english_in(text, name) == [], english_lines(text, name)


def test_compare_figure_and_notebook_table() -> None:
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    import mailsim.notebook as ms
    from tests.views.test_japanese_everywhere import visible

    comparison = ms.compare("pop3-vs-imap", lang="ja")
    figure = comparison.figure()
    texts = [t.get_text() for t in figure.findobj(Text)]
    plt.close(figure)
    assert _figure_english(texts, "pop3-vs-imap") == []
    table = visible(comparison._repr_html_())
    assert english_in(table, "pop3-vs-imap") == [], english_lines(table, "pop3-vs-imap")


def test_list(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from mailsim.cli import main
    from mailsim.scenario import bundled_names

    monkeypatch.setenv("COLUMNS", "400")
    assert main(["list", "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    for name in sorted(bundled_names(), key=len, reverse=True):
        out = out.replace(name, " ")
    assert english_in(out) == [], english_lines(out)


def test_what_the_figure_commands_say(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mailsim.cli import main

    for argv in (["diagram", "--page", "1", "-o", str(tmp_path / "seq.png")],
                 ["topology", "-o", str(tmp_path / "net.png")],
                 ["diagram", "--format", "mermaid", "-o", str(tmp_path / "seq.mmd")]):
        assert main([*argv, "--lang", "ja"]) == 0
        out = capsys.readouterr().out.replace(str(tmp_path), " ")
        assert out.strip() and english_in(out, "article-route") == [], (argv, out)


def test_sweep_table(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from mailsim.cli import main

    monkeypatch.setenv("COLUMNS", "400")
    assert main(["sweep", "article-route", "--vary", "links.0.latency=5ms,50ms", "--workers", "1",
                 "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert english_in(out, "article-route") == [], english_lines(out, "article-route")


@pytest.mark.parametrize("name", ["article-route", "imap-two-devices"])
def test_player_panels_and_rows(name: str) -> None:
    import io

    from rich.console import Console

    from mailsim.trace.replay import replay
    from mailsim.views.player.panels import event_detail, event_row, state_view
    from mailsim.views.text import short_names

    trace = trace_of(name)
    names = short_names([host for host, _ in trace.header.hosts])
    console = Console(file=io.StringIO(), width=400, color_system=None)
    for event in trace:
        console.print(*(str(cell) for cell in event_row(event, names, "ja")))
    for k in range(0, len(trace), 9):
        console.print(event_detail(trace, trace[k], lang="ja"))
        console.print(state_view(trace, replay(trace, upto=k + 1), lang="ja"))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert english_in(out, name) == [], english_lines(out, name)


def test_player_app_headers_and_footer() -> None:
    import asyncio

    from textual.widgets import DataTable

    from mailsim.views.player.app import PlayerApp
    from mailsim.views.player.model import PlayerModel

    seen: list[str] = []

    async def main() -> None:
        app = PlayerApp(PlayerModel(trace_of("article-route")), lang="ja")
        async with app.run_test(size=(160, 45)) as pilot:
            await pilot.pause()
            table = app.query_one(DataTable)
            seen.extend(str(column.label) for column in table.columns.values())
            # The keys the footer shows (Textual's own hidden bindings are not the player's).
            seen.extend(b.binding.description for b in app.active_bindings.values()
                        if b.binding.show)

    asyncio.run(main())
    text = "\n".join(seen)
    assert text.strip() and english_in(text, "article-route") == [], english_lines(text, "article-route")
