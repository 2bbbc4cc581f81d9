"""The matplotlib sequence diagram, its pages, and the ``mailsim diagram`` command."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import itertools

import matplotlib.pyplot as plt
import pytest

from mailsim.cli import main
from mailsim.scenario import load_scenario
from mailsim.scenario.build import run_scenario
from mailsim.trace import MessageEvent, Trace
from mailsim.views.notebook import trace_html, trace_rich
from mailsim.views.select import Selection
from mailsim.views.sequence import (
    SequenceArtists,
    paginate,
    plot_sequence,
    sequence_artists,
)
from mailsim.views.sequence_files import save_sequence
from mailsim.views.sequence_style import message_label, note_label
from mailsim.views.timeline import lifeline_order, row_layout

GOLDEN = Path(__file__).parent.parent / "golden" / "article-route.jsonl"


@pytest.fixture(scope="module")
def article() -> Trace:
    return Trace.read_jsonl(GOLDEN)


@pytest.fixture(scope="module")
def pop3_vs_imap() -> Trace:
    return run_scenario(load_scenario("pop3-vs-imap"))


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def drawn(trace: Trace, **options: object) -> SequenceArtists:
    return sequence_artists(plot_sequence(trace, **options))  # type: ignore[arg-type]


def arrow_seqs(artists: SequenceArtists) -> set[int]:
    return set(artists.arrows)


def test_one_lifeline_per_node_and_one_arrow_per_message(article: Trace) -> None:
    ax = plot_sequence(article)
    artists = sequence_artists(ax)
    assert list(artists.lifelines) == lifeline_order(article)
    assert len(artists.lifelines) == len({h for e in article for h in e.nodes})
    assert arrow_seqs(artists) == {e.seq for e in article.messages()}
    assert set(artists.notes) == {e.seq for e in article.states()}
    # The gids make the arrows countable straight from the Axes too.
    gids = [p.get_gid() for p in ax.patches if (p.get_gid() or "").startswith("msg-")]
    assert len(gids) == len(article.messages())


@pytest.mark.parametrize(
    ("selection", "keep"),
    [
        (Selection.of(protocols=["smtp"]), lambda e: e.protocol == "SMTP"),
        (Selection.of(nodes=["relay.example.net"]), lambda e: "relay.example.net" in e.nodes),
        (Selection.of(first=10, last=40), lambda e: 10 <= e.seq <= 40),
        (Selection.of(connections=["c3"]), lambda e: e.conn == "c3"),
        (Selection.of(start=0.2, end=0.5), lambda e: 0.2 <= e.t_sent <= 0.5),
        (Selection.of(tcp=False), lambda e: e.protocol != "TCP"),
    ],
    ids=["protocol", "node", "steps", "connection", "time-window", "no-tcp"],
)
def test_filters_reduce_the_arrows(article: Trace, selection: Selection, keep: object) -> None:
    expected = {e.seq for e in article.messages() if keep(e)}  # type: ignore[operator]
    artists = drawn(article, selection=selection)
    assert arrow_seqs(artists) == expected
    assert 0 < len(expected) < len(article.messages())


def test_node_filter_keeps_only_lifelines_that_take_part(article: Trace) -> None:
    artists = drawn(article, selection=Selection.of(nodes=["dns.example.net"]))
    assert set(artists.lifelines) == {"relay.example.net", "dns.example.net"}


def test_compact_gives_one_row_per_event_and_proportional_spreads_by_time(article: Trace) -> None:
    compact = row_layout(article, "compact")
    proportional = row_layout(article, "proportional")
    steps = sorted(compact.rows.values())
    gaps = [b - a for a, b in itertools.pairwise(steps)]
    assert all(abs(g - 1.0) < 1e-9 for g in gaps if g < 2)
    assert len(compact.breaks) == len(proportional.breaks) == 2  # the two pauses of the run
    assert proportional.height > compact.height
    # Relay -> recipient's server (40 ms) is drawn taller than the submission (5 ms).
    def row_gap(layout: object, a: int, b: int) -> float:
        return layout.rows[b] - layout.rows[a]  # type: ignore[attr-defined, no-any-return]
    assert row_gap(proportional, 72, 73) > row_gap(proportional, 5, 6)
    assert row_gap(compact, 72, 73) == row_gap(compact, 5, 6) == 1.0
    # Arrows end where the time says: an arrival never comes before its sending.
    for event in article.messages():
        assert proportional.arrival(event) > proportional.rows[event.seq]


def test_every_event_has_its_own_row(article: Trace) -> None:
    for axis in ("compact", "proportional"):
        rows = list(row_layout(article, axis).rows.values())  # type: ignore[arg-type]
        assert len(set(rows)) == len(rows)


def test_idle_gaps_are_compressed_and_marked(pop3_vs_imap: Trace) -> None:
    ax = plot_sequence(pop3_vs_imap, axis="proportional")
    layout = sequence_artists(ax).layout
    assert any(b.length >= 60 for b in layout.breaks)
    assert layout.height < 3 * len(pop3_vs_imap)
    marks = [t.get_text() for t in ax.texts if t.get_gid() == "gap-label"]
    assert len(marks) == len(layout.breaks)
    assert any("min later" in m and m.startswith("≈") for m in marks)


def test_labels_are_short_and_encrypted_lines_hidden(article: Trace) -> None:
    by_seq = {e.seq: e for e in article.messages()}
    assert message_label(by_seq[80]) == "message content, 21 lines, 732 bytes"
    assert message_label(by_seq[6]) == "250-mail.example.com (+5 lines)"
    assert message_label(by_seq[14]) == "encrypted SMTP"
    assert message_label(by_seq[14], show_encrypted=True).startswith("AUTH PLAIN")
    assert len(message_label(by_seq[18], max_label=30)) == 30
    artists = drawn(article)
    assert artists.labels[14].get_text() == "encrypted SMTP"
    assert artists.labels[80].get_text().startswith("message content")
    assert {t.get_text() for t in artists.ports} >= {":587", ":389", ":25", ":53", ":110"}
    stored = next(e for e in article.states() if e.action == "stored")
    assert note_label(stored) == "stored: bob@example.jp uid 1"


def test_lost_units_are_drawn_to_their_send_row() -> None:
    from mailsim.trace import TraceHeader

    lost = MessageEvent(0, 1.0, None, "a", "b", "SMTP", 25, "c1", "QUIT", 6)
    trace = Trace(TraceHeader("t", 1, ""), [lost])
    artists = drawn(trace)
    assert artists.layout.arrival(lost) == artists.layout.rows[0]
    assert "lost" in artists.labels[0].get_text()


def test_japanese_renders_without_missing_glyphs(article: Trace) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plot_sequence(article[:40], lang="ja", analogy=True)
        ax.figure.savefig(io.BytesIO(), format="png")
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "メールサーバー" in texts and "暗号化" in " ".join(
        t.get_text() for t in sequence_artists(ax).labels.values())
    assert sequence_artists(ax).captions  # the plain-words column


def test_analogy_puts_the_postal_caption_on_the_heads(article: Trace) -> None:
    ax = plot_sequence(article, analogy=True)
    assert any("post office" in t.get_text() for t in ax.texts)


def test_paginate_cuts_at_quiet_moments_and_keeps_every_event(article: Trace) -> None:
    pages = paginate(article, per_page=60)
    assert [len(p) for p in pages] and all(len(p) <= 60 for p in pages)
    # Every event on exactly one page, each page in step order (pages follow phases, so
    # the client's QUIT after the relay's first SYN stays on the submission page).
    assert sorted(e.seq for p in pages for e in p) == [e.seq for e in article]
    assert all([e.seq for e in p] == sorted(e.seq for e in p) for p in pages)
    assert pages[-1][0].seq == 92  # the POP3 session after the pause starts a page


def test_save_sequence_writes_one_file_per_page(article: Trace, tmp_path: Path) -> None:
    written = save_sequence(article, tmp_path / "out.png", per_page=60)
    assert [p.name for p in written] == ["out-1.png", "out-2.png", "out-3.png"]
    only = save_sequence(article, tmp_path / "two.svg", per_page=60, page=2)
    assert only == [tmp_path / "two.svg"] and only[0].read_text().lstrip().startswith("<?xml")
    with pytest.raises(ValueError, match="page 9"):
        save_sequence(article, tmp_path / "x.png", page=9)


# --- the command ---------------------------------------------------------------------------

MAGIC = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_cli_writes_figures(fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / f"d.{fmt}"
    assert main(["diagram", str(GOLDEN), "-o", str(target), "--page", "1", "--no-tcp"]) == 0
    assert target.read_bytes().startswith(MAGIC[fmt])
    assert str(target) in capsys.readouterr().out


def test_cli_says_how_many_events_the_written_page_holds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "d.svg"
    assert main(["diagram", str(GOLDEN), "-o", str(target), "--per-page", "40", "--page", "2",
                 "--lang", "ja"]) == 0
    out = capsys.readouterr().out
    from mailsim.views.sequence import paginate

    pages = paginate(Trace.read_jsonl(GOLDEN), 40)
    assert 0 < len(pages[1]) <= 40 < sum(map(len, pages))  # one page, not the whole trace
    assert (f"シーケンス図を {target} に書き出しました({len(pages)}ページ中2ページ目: "
            f"{len(pages[1])}件のイベント)。") in out


def test_cli_default_name_and_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["diagram", "--protocol", "DNS", "LDAP", "--axis", "compact"]) == 0
    assert (tmp_path / "article-route-sequence.png").read_bytes().startswith(MAGIC["png"])
    assert main(["diagram", "--per-page", "50", "--steps", "0:99", "--lang", "ja"]) == 0
    pages = sorted(p.name for p in tmp_path.glob("article-route-sequence-*.png"))
    assert len(pages) >= 2
    assert pages == [f"article-route-sequence-{n}.png" for n in range(1, len(pages) + 1)]


def test_cli_reads_a_trace_with_a_time_window(tmp_path: Path) -> None:
    target = tmp_path / "w.png"
    assert main(["diagram", str(GOLDEN), "-o", str(target), "--start", "200ms", "--end", "1s",
                 "--node", "mx.example.jp", "--conn", "c4", "--analogy"]) == 0
    assert target.exists()


@pytest.mark.parametrize("content", ['{"type": "message"}\n', "not json\n", ""])
def test_cli_bad_trace_file_exits_2(content: str, tmp_path: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    assert main(["diagram", str(bad), "-o", str(tmp_path / "x.png")]) == 2
    assert "bad.jsonl" in capsys.readouterr().err
    assert main(["diagram", str(tmp_path / "missing.jsonl")]) == 2


@pytest.mark.parametrize(
    "argv",
    [
        ["--node", "nobody.example"],
        ["--protocol", "FTP"],
        ["--conn", "c99"],
        ["--page", "9"],
        ["--start", "2s", "--end", "1s"],
        ["-o", "out.txt"],
        ["-o", "out.svg", "--format", "png"],
    ],
)
def test_cli_bad_values_exit_2(argv: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["diagram", str(GOLDEN), *argv]) == 2
    assert capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--steps", "x:y"], ["--start", "soon"], ["--page", "0"],
                                  ["--axis", "log"]])
def test_cli_bad_option_syntax_exits_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["diagram", str(GOLDEN), *argv])
    assert stop.value.code == 2


@pytest.mark.parametrize(("fmt", "module", "head"), [("mermaid", "mermaid", "sequenceDiagram"),
                                                     ("plantuml", "plantuml", "@startuml")])
def test_cli_text_formats(fmt: str, module: str, head: str, tmp_path: Path,
                          capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip(f"mailsim.views.{module}")
    assert main(["diagram", str(GOLDEN), "--format", fmt, "--protocol", "SMTP"]) == 0
    assert head in capsys.readouterr().out
    target = tmp_path / ("d.mmd" if fmt == "mermaid" else "d.puml")
    assert main(["diagram", str(GOLDEN), "-o", str(target)]) == 0
    assert head in target.read_text(encoding="utf-8")


# --- notebook display -------------------------------------------------------------------------


def test_trace_html_is_a_table_with_a_limit(article: Trace) -> None:
    html = trace_html(article, limit=40)
    assert html.count("<tr") == 1 + 40 + 1  # head, events, "more"
    assert "89 more events" in html and "SMTP:587" in html and "&lt;bob@example.jp&gt;" in html


def test_trace_rich_renders(article: Trace) -> None:
    from rich.console import Console

    console = Console(file=io.StringIO(), width=160)
    console.print(trace_rich(article, limit=10))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "EHLO alice-pc" in out and "119 more events" in out
