"""Pages a class can follow: cut between phases, titled by them, and honest file names."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pytest

from mailsim.cli import main
from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.views.phases import pages_by_phase, phase_of_events
from mailsim.views.sequence_files import page_title, save_sequence
from mailsim.views.wrap import pieces, wrap

GOLDEN = Path(__file__).parent.parent / "golden" / "article-route.jsonl"


@pytest.fixture(scope="module")
def article() -> Trace:
    return Trace.read_jsonl(GOLDEN)


def phase_at(trace: Trace) -> dict[int, str]:
    episodes, phases = phase_of_events(trace)
    return {e.seq: phases[n] for e, n in zip(trace, episodes, strict=True)}


def test_every_event_of_the_route_belongs_to_the_phase_a_teacher_would_name(
        article: Trace) -> None:
    phase = phase_at(article)
    assert phase[0] == phase[14] == phase[19] == "submission"  # composed, AUTH, its LDAP check
    assert phase[38] == phase[45] == "submission"  # the client's QUIT after the relay's SYN
    assert phase[35] == phase[57] == phase[62] == "relay"
    assert phase[56] == phase[58] == phase[60] == "dns"
    assert phase[61] == phase[84] == "delivery"
    assert phase[92] == phase[105] == phase[128] == "retrieval"


def test_pages_break_between_phases_and_never_inside_a_short_one(article: Trace) -> None:
    pages = pages_by_phase(article, 45)
    assert [p.phases for p in pages] == [("submission",), ("relay", "dns"), ("delivery",),
                                         ("retrieval",)]
    phase = phase_at(article)
    for page in pages:
        assert {phase[e.seq] for e in page.trace} == set(page.phases)
    assert sorted(e.seq for p in pages for e in p.trace) == [e.seq for e in article]


def test_a_phase_longer_than_a_page_is_cut_and_stays_titled(article: Trace) -> None:
    pages = pages_by_phase(article, 30)
    assert all(len(p.trace) <= 30 for p in pages)
    assert [p.phases for p in pages][:2] == [("submission",), ("submission",)]


def test_a_trace_without_mail_protocols_is_cut_by_count(article: Trace) -> None:
    events = [StateEvent(n, float(n), "mx.example.jp", "note") for n in range(25)]
    pages = pages_by_phase(Trace(article.header, events), 10)
    assert sum(len(p.trace) for p in pages) == 25 and len(pages) == 3
    assert all(len(p.trace) <= 10 for p in pages)
    assert all(p.phases == () for p in pages)


def test_page_titles_name_the_phases_in_both_languages(article: Trace) -> None:
    page = pages_by_phase(article, 45)[1]
    assert page_title(article, page, 2, 4, "en") == (
        "Sequence of “article-route” — Relay · DNS lookup — page 2 of 4")
    assert page_title(article, page, 2, 4, "ja") == (
        "「article-route」のシーケンス — 中継・DNS の問い合わせ — 2 / 4 ページ")


def test_a_dns_answer_alone_is_still_dns(article: Trace) -> None:
    answer = next(e for e in article.messages() if e.text.startswith("ANSWER"))
    assert isinstance(answer, MessageEvent)
    assert phase_at(Trace(article.header, [answer]))[answer.seq] == "dns"


# --- line breaking -------------------------------------------------------------------------


def test_japanese_breaks_between_phrases_never_inside_a_word() -> None:
    sentence = "これ以降、途中で盗み見られても中身は読めません。郵便局が郵便物を受け取りました。"
    lines = wrap(sentence, 16)
    assert "".join(lines) == sentence and len(lines) > 1
    for line in lines:
        assert not line.endswith("郵") and not line.startswith("便局")
    assert "郵便局が" in pieces(sentence)


def test_english_breaks_at_spaces_and_marks_what_was_left_out() -> None:
    sentence = "Agreeing on a secret code (TLS handshake); from now on nobody can read"
    lines = wrap(sentence, 24)
    assert all(len(line) <= 24 for line in lines) and len(lines) == 4
    assert " ".join(lines) == sentence  # every word whole, none lost
    assert wrap("one two three four five six", 10, max_lines=2)[-1].endswith("…")


# --- the command's files -------------------------------------------------------------------


def test_one_page_writes_exactly_the_file_named(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "seq.png"
    assert main(["diagram", str(GOLDEN), "-o", str(target), "--node", "dns"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seq.png"]
    assert f"{target} (" in capsys.readouterr().out


def test_several_pages_to_one_png_is_refused_with_the_ways_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "seq.png"
    assert main(["diagram", str(GOLDEN), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "pages" in err and "--per-page" in err and "seq-1.png" in err and "seq.pdf" in err
    assert list(tmp_path.iterdir()) == []  # nothing half-written


def test_per_page_writes_numbered_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", str(GOLDEN), "-o", str(tmp_path / "seq.png"), "--per-page"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) > 4
    assert names == sorted(f"seq-{n}.png" for n in range(1, len(names) + 1))
    said = capsys.readouterr().out  # many pages: the first two and the last are named
    assert "seq-1.png, " in said and "seq-2.png, …, " in said and f"seq-{len(names)}.png" in said
    assert "seq-3.png" not in said


def test_a_pdf_holds_every_page_in_one_file(tmp_path: Path) -> None:
    target = tmp_path / "seq.pdf"
    assert main(["diagram", str(GOLDEN), "-o", str(target), "--per-page", "45"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["seq.pdf"]
    data = target.read_bytes()
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") == 4  # one per phase page


def test_an_empty_selection_names_the_steps_there_are(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "x.png"
    assert main(["diagram", str(GOLDEN), "-o", str(target), "--steps", "200:300"]) == 2
    err = capsys.readouterr().err
    assert "0 to 128" in err and not target.exists()
    assert main(["diagram", str(GOLDEN), "--format", "mermaid", "--steps", "200:300",
                 "--lang", "ja"]) == 2
    assert "0 から 128" in capsys.readouterr().err


def test_refusal_and_success_speak_japanese(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", str(GOLDEN), "-o", str(tmp_path / "s.png"), "--lang", "ja"]) == 2
    assert "ページ" in capsys.readouterr().err
    assert main(["diagram", str(GOLDEN), "-o", str(tmp_path / "s.png"), "--lang", "ja",
                 "--page", "1"]) == 0
    assert "書き出しました" in capsys.readouterr().out


def test_node_takes_a_short_name_and_a_role(tmp_path: Path) -> None:
    assert main(["diagram", str(GOLDEN), "-o", str(tmp_path / "r.png"), "--node", "relay",
                 "--protocol", "DNS"]) == 0
    assert main(["diagram", str(GOLDEN), "-o", str(tmp_path / "d.png"), "--node",
                 "DNS server"]) == 0
    assert main(["diagram", str(GOLDEN), "-o", str(tmp_path / "n.png"), "--node",
                 "nobody"]) == 2


def test_classic_style_still_draws(tmp_path: Path) -> None:
    target = tmp_path / "c.svg"
    assert main(["diagram", str(GOLDEN), "-o", str(target), "--style", "classic",
                 "--page", "2"]) == 0
    assert target.read_bytes().startswith(b"<?xml")


def test_pages_drawn_by_several_processes_are_the_files_one_process_draws(tmp_path: Path) -> None:
    trace = Trace.read_jsonl(Path(__file__).parent.parent / "golden" / "article-route.jsonl")
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    alone = save_sequence(trace, tmp_path / "one" / "p.png", per_page=20, workers=1)
    shared = save_sequence(trace, tmp_path / "two" / "p.png", per_page=20, workers=2)
    assert len(alone) >= 4 and [p.name for p in alone] == [p.name for p in shared]
    assert [p.read_bytes() for p in alone] == [p.read_bytes() for p in shared]
