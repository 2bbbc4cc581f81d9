"""A trace's header names the default output file: it can never write outside the working directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mailsim.cli import main
from mailsim.commands.outputs import MAX_STEM, default_output, safe_stem

GOLDEN = Path(__file__).resolve().parent / "golden" / "article-route.jsonl"


@pytest.mark.parametrize(
    ("name", "stem"),
    [
        ("article-route", "article-route"),  # a scenario's own name passes unchanged
        ("日本の経路", "日本の経路"),
        ("../../owned", "owned"),
        ("/etc/cron.d/owned", "owned"),
        ("..\\..\\owned", "owned"),
        ("C:owned", "C_owned"),
        ("own\x00ed", "own_ed"),
        ("two words; rm -rf", "two_words__rm_-rf"),
        (".bashrc", "bashrc"),
        ("..", "trace"),
        ("." * 300, "trace"),
        ("", "trace"),
        ("-_-", "trace"),
        ("owned/", "trace"),
        ("x" * 5000, "x" * MAX_STEM),
    ],
)
def test_safe_stem(name: str, stem: str) -> None:
    assert safe_stem(name) == stem
    path = default_output(name, "-sequence.png")
    assert path == Path(stem + "-sequence.png")
    assert path.parent == Path(".")


def hostile_trace(folder: Path, scenario: str) -> Path:
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    header["scenario"] = scenario
    lines[0] = json.dumps(header, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    path = folder / "hostile.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def every_file(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("scenario", "stem"),
    [
        ("../../owned", "owned"),
        ("ABSOLUTE/owned", "owned"),  # ABSOLUTE stands for a real absolute path, made below
        ("x" * 1000, "x" * MAX_STEM),
        ("." * 1000, "trace"),
        ("../..", "trace"),
        ("costs $\\foo{$", "foo__"),  # drawn as written, not as mathtext (which raised)
    ],
)
@pytest.mark.parametrize("command", ["diagram", "topology"])
def test_a_hostile_header_writes_only_into_the_working_directory(
        scenario: str, stem: str, command: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "outside"
    work = tmp_path / "a" / "b"
    outside.mkdir()
    work.mkdir(parents=True)
    scenario = scenario.replace("ABSOLUTE", str(outside))
    trace = hostile_trace(work, scenario)
    monkeypatch.chdir(work)
    before = every_file(tmp_path)
    argv = (["diagram", str(trace), "--format", "svg", "--steps", "0:3"]
            if command == "diagram" else ["topology", str(trace)])
    assert main(argv) == 0, capsys.readouterr().err
    ending = "-sequence.svg" if command == "diagram" else "-topology.png"
    assert every_file(tmp_path) - before == {work / (stem + ending)}
    assert str(stem + ending) in capsys.readouterr().out


def test_a_header_with_a_nul_is_refused_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    trace = hostile_trace(tmp_path, "../own\x00ed")
    monkeypatch.chdir(tmp_path)
    assert main(["topology", str(trace)]) == 2
    assert capsys.readouterr().err == (
        f"{trace}: line 1: scenario: expected one line of printable text, "
        "got the text '../own\\x00ed'\n")
    assert every_file(tmp_path) == {trace}
