"""``mailsim compare``: one workload, four ways of reading mail, figures read from traces."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from mailsim.cli import main
from mailsim.locales import catalog
from mailsim.scenario.compare import STRATEGIES, run_strategies, strategy_labels
from mailsim.trace.replay import replay
from mailsim.views.comparison import comparison_html
from mailsim.views.storage import comparison_table, readable, storage_series, strategy_label
from tests.conftest import send_step, variant


def small_workload() -> Any:
    def change(d: dict[str, Any]) -> None:
        d["steps"] = [send_step("0s", ["bob@example.jp"], "One"),
                      send_step("10s", ["bob@example.jp"], "Two"),
                      {"at": "1m", "check_mail": "bob-pc"}, {"at": "2m", "read": "bob-pc"}]

    return variant(change)


@pytest.fixture(scope="module")
def traces() -> Any:
    return run_strategies(small_workload())


def test_storage_by_strategy_matches_a_count_by_hand(traces: Any) -> None:
    # Both mails have the same size at Bob's server (same headers, same length bodies).
    sizes = [e.data["size"] for e in traces["imap"].states("stored")]
    total = sum(sizes)
    expected = {  # (server bytes, device bytes, readable online, readable offline)
        "pop3-delete": (0, total, 2, 2),
        "pop3-keep": (total, total, 2, 2),
        "imap": (total, 0, 2, 0),
        "imap-cache": (total, total, 2, 2),
    }
    for key, (server, on_device, online, offline) in expected.items():
        state = replay(traces[key])
        assert state.server_bytes() == server, key
        assert state.device("bob-pc").local_bytes == on_device, key
        assert readable(state, "bob-pc", offline=False) == online, key
        assert readable(state, "bob-pc", offline=True) == offline, key


def test_storage_series_follows_the_trace(traces: Any) -> None:
    series = storage_series(traces["pop3-delete"])
    assert series.server[0] == 0 and max(series.server) > 0 and series.server[-1] == 0
    assert list(series.devices) == ["bob-pc"]
    assert series.devices["bob-pc"][-1] > 0
    imap = storage_series(traces["imap"])
    assert imap.server == sorted(imap.server)  # IMAP only ever adds here
    assert set(imap.devices["bob-pc"]) == {0}


def test_traces_come_keyed_by_strategy_key(traces: Any) -> None:
    assert list(traces) == [s.key for s in STRATEGIES]
    assert strategy_labels()["imap-cache"] == "IMAP with local cache"


def test_table_lists_every_strategy(traces: Any) -> None:
    console = Console(record=True, width=200)
    console.print(comparison_table(traces))
    text = console.export_text()
    for strategy in STRATEGIES:
        assert strategy.label in text
    assert "bob-pc: 2 / 0" in text  # IMAP without a cache: nothing offline


def test_a_label_comes_from_the_catalogue_then_the_caller_then_the_key(traces: Any) -> None:
    assert strategy_label("imap-cache", "ja") == catalog("ja")["ui.compare.imap-cache"]
    assert strategy_label("later", "ja", {"later": "IMAP, read later"}) == "IMAP, read later"
    assert strategy_label("other", "ja", {"later": "IMAP, read later"}) == "other"
    renamed = {"later": traces["imap"], "other": traces["pop3-keep"]}
    labels = {"later": "IMAP, read later"}
    console = Console(record=True, width=200)
    console.print(comparison_table(renamed, "ja", labels))
    rows = console.export_text().splitlines()
    assert any(row.startswith("│ IMAP, read later") for row in rows)
    assert any(row.startswith("│ other") for row in rows)
    html = comparison_html(renamed, "ja", labels)
    assert "<b>IMAP, read later</b>" in html and "<b>other</b>" in html


def test_compare_command_prints_and_draws(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    figure = tmp_path / "storage.png"
    assert main(["compare", "-o", str(figure)]) == 0
    assert figure.read_bytes().startswith(b"\x89PNG")
    out = capsys.readouterr().out
    assert "POP3, delete after download" in out and "IMAP with local cache" in out


def test_compare_says_in_japanese_where_the_figure_went(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    figure = tmp_path / "storage.png"
    assert main(["compare", "-o", str(figure), "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    assert f"図を {figure} に書き出しました。" in out and "Figure written" not in out


def test_compare_refuses_an_unknown_figure_type(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["compare", "-o", str(tmp_path / "x.gif")]) == 2
    assert "expected a figure file ending in .png, .svg or .pdf" in capsys.readouterr().err


def test_many_devices_are_drawn_as_one_line_of_their_sum() -> None:
    from mailsim.views.storage import MAX_DEVICE_LINES, StorageSeries, _device_lines

    few = StorageSeries([0.0, 1.0], [0, 5], {"laptop": [0, 3], "phone": [0, 2]})
    assert _device_lines(few, "en") == [("laptop", [0, 3]), ("phone", [0, 2])]
    count = MAX_DEVICE_LINES + 1
    many = StorageSeries([0.0, 1.0], [0, 5], {f"u{n}-dev1": [n, 10 * n] for n in range(count)})
    total = sum(range(count))
    assert _device_lines(many, "en") == [(f"all {count} devices", [total, 10 * total])]
    assert _device_lines(many, "ja")[0][0] == f"全{count}台の端末"


def test_compare_shows_sent_mail_on_the_other_device_and_push_versus_poll(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The two columns of issue 14 item 2, under every strategy of the bundled scenarios."""
    monkeypatch.setenv("COLUMNS", "260")
    assert main(["compare", "sent-mail"]) == 0
    rows = {row.split("│")[1].strip(): row.split("│")[2:-1]
            for row in capsys.readouterr().out.splitlines() if row.startswith("│")}
    # The strategies are the columns: pop3-delete, pop3-keep, imap, imap-cache.
    # POP3 keeps each sent mail on the laptop; IMAP APPENDs it to Sent, where the phone sees it.
    sent = [cell.strip() for cell in rows["sent mail on the other device"]]
    assert sent[0] == "0 of 2" and sent[2] == "2 of 2"
    assert main(["compare", "push-or-poll", "--lang", "ja"]) == 0
    out = capsys.readouterr().out.splitlines()
    heading = next(k for k, row in enumerate(out) if "新着メールが表示されるまで" in row)
    phone = next(row for row in out[heading:] if "bob-new-phone" in row)
    assert phone.split("│")[4].strip() == "0.2秒"  # IMAP pushed: a few round trips after stored
    old = next(row for row in out[heading:] if "bob-old-phone" in row)
    assert old.split("│")[4].strip().endswith("分")  # polled: minutes, in Japanese units
