"""``mailsim compare``'s table at a projector terminal's widths: it fits, no word is cut."""

from __future__ import annotations

from typing import Any

import pytest
from rich.cells import cell_len
from rich.console import Console

from mailsim.cli import main
from mailsim.scenario import load_scenario
from mailsim.scenario.compare import run_strategies, strategy_labels
from mailsim.views.captions import ui
from mailsim.views.compare_table import compare_table, entries, short_label
from mailsim.views.storage import strategy_label
from mailsim.views.wrap import pieces


@pytest.fixture(scope="module")
def traces() -> Any:
    return run_strategies(load_scenario("pop3-vs-imap"))


def rendered(traces: Any, lang: str, width: int) -> list[str]:
    console = Console(record=True, width=width)
    console.print(compare_table(traces, lang, strategy_labels(), width=width))
    return console.export_text().splitlines()


def texts_of(traces: Any, lang: str, *, short: bool = False) -> list[str]:
    """Every text the table prints: measures, devices, cells, strategies' names (and
    with ``short`` their short names, over the columns, and the legend's full names)."""
    labels = strategy_labels()
    found = [ui("ui.compare.title", lang), ui("ui.compare.measure", lang)]
    for label, _, cells in entries(traces, lang):
        found += [label, *cells]
    for key in traces:
        found += [strategy_label(key, lang, labels)]
        found += [short_label(key, lang, labels)] if short else []
    return found


def cut_words(lines: list[str], texts: list[str]) -> list[str]:
    """Words (English) or BudouX phrases (Japanese) of ``texts`` found on no line whole."""
    return sorted({piece for text in texts for piece in pieces(text) if not piece.isspace()
                   and not any(piece in line for line in lines)})


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("width", [100, 120, 160])
def test_the_table_fits_and_cuts_no_word(traces: Any, lang: str, width: int) -> None:
    lines = rendered(traces, lang, width)
    assert max(cell_len(line) for line in lines) <= width
    assert not any("…" in line for line in lines)  # nothing cropped
    assert cut_words(lines, texts_of(traces, lang)) == []
    body = [line for line in lines if line.startswith("│")]
    assert len([line for line in body if "bob-laptop" in line]) == 3  # a row per device


def test_wide_terminals_get_whole_names_narrow_ones_wrapped_names(traces: Any) -> None:
    wide = "\n".join(rendered(traces, "en", 160))
    assert "POP3, delete after download" in wide and "sent mail on the other device" in wide
    narrow = rendered(traces, "en", 100)
    assert not any("POP3, delete after download" in line for line in narrow)
    assert any("after download" in line for line in narrow)


def test_a_narrow_terminal_gets_short_names_and_their_legend(traces: Any) -> None:
    lines = rendered(traces, "ja", 80)
    assert max(cell_len(line) for line in lines) <= 80
    head = next(line for line in lines if "POP3・削除" in line)
    assert "POP3・残す" in head and "IMAP・キャッシュ" in head  # one header line
    legend = "".join(lines[lines.index(next(x for x in lines if x.startswith("└"))) + 1:])
    assert legend.startswith(ui("ui.table.legend", "ja", items="")[:5])
    assert "POP3・削除 は POP3(ダウンロード後にサーバーから削除)" in legend
    assert cut_words(lines, texts_of(traces, "ja", short=True)) == []


def test_strategies_are_the_columns_with_the_numbers_under_them(traces: Any) -> None:
    lines = rendered(traces, "en", 160)
    head = next(line for line in lines if "IMAP with local cache" in line)
    order = [head.index(name) for name in ("POP3, delete after download",
                                            "POP3, leave on server", "IMAP with local cache")]
    assert order == sorted(order)
    server = next(line for line in lines if "on the server" in line)
    assert server.split("│")[2:6] == [f" {v:>{len(c) - 2}} " for v, c in zip(
        ("0 B", "2,489 B", "4,985 B", "4,985 B"), server.split("│")[2:6], strict=True)]


def test_the_command_prints_the_table_for_its_terminal(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["compare", "pop3-vs-imap", "--lang", "ja"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and max(cell_len(line) for line in lines) <= 100
    assert any("受信したバイト数" in line for line in lines)


@pytest.mark.parametrize("width", [80, 120, 160])
def test_the_japanese_table_has_no_english_text(traces: Any, width: int) -> None:
    from tests.views.test_japanese_everywhere import english_in

    assert english_in("\n".join(rendered(traces, "ja", width)), "pop3-vs-imap") == []
    assert english_in("\n".join(rendered(traces, "en", width)), "pop3-vs-imap") != []
