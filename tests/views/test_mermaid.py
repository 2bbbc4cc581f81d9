"""The Mermaid export: golden file, a grammar check of every line, filters, captions.

Mermaid's renderer needs a headless browser, so the test checks the grammar we
emit instead: every line is one of the forms ``mermaid.py`` documents, and no
label holds a character that ends a statement or starts HTML. The shared text
helpers (``views/textdiagram.py``) are tested here too.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mailsim.trace import MessageEvent, StateEvent, Trace, TraceHeader
from mailsim.views.mermaid import escape, to_mermaid
from mailsim.views.select import Selection
from mailsim.views.textdiagram import format_duration, line_summary, wrap

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "article-route.mmd"
GOLDEN_TRACE = GOLDEN.with_suffix(".jsonl")

LINE_FORMS = [
    re.compile(r"sequenceDiagram"),
    re.compile(r"    title [^\n]+"),
    re.compile(r"    participant P\d+ as [^\n]+<br/>[^\n]+"),
    re.compile(r"    P\d+(->>|-->>|-x|--x)P\d+: [^\n]+"),
    re.compile(r"    Note over P\d+(,P\d+)?: [^\n]+"),
]
ENTITY = re.compile(r"#(\d+|[a-z]+);")


NASTY = ["MAIL FROM:<x@y> ; #1 100% %date()", "<b>**bold**</b> //i// --x-- __u__",
         '\\Seen ~tilde~ [[link]] "q" & &amp;']


def nasty_trace() -> Trace:
    """Two hosts, characters that break diagram syntaxes, a lost unit and a long pause."""
    header = TraceHeader("nasty", 1, "", (("a-pc", "client"), ("mx.example", "mail_server")))
    lines = [MessageEvent(n, n / 100, n / 100 + 0.01, "a-pc", "mx.example", "SMTP", 587, "c1", text, 9)
             for n, text in enumerate(NASTY)]
    return Trace(header, [
        *lines,
        StateEvent(3, 0.05, "mx.example", "queued", {"queue_id": "Q1", "recipients": ["b@y"], "size": 80}),
        MessageEvent(4, 900.0, None, "a-pc", "mx.example", "TCP", 587, "c2", "SYN", 0),
        MessageEvent(5, 900.5, 900.6, "mx.example", "a-pc", "SMTP", 587, "c2", "* list\n= head", 9),
    ])


@pytest.fixture(scope="module")
def trace() -> Trace:
    """The default scenario's golden trace: the views read traces, never the simulation."""
    return Trace.read_jsonl(GOLDEN_TRACE)


def arrows(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"    P\d+-", line)]


def assert_grammar(text: str) -> None:
    assert text.endswith("\n")
    for line in text.splitlines():
        assert any(form.fullmatch(line) for form in LINE_FORMS), line
        label = re.split(r": | as ", line, maxsplit=1)[-1]
        assert not set(ENTITY.sub("", label.replace("<br/>", ""))) & set(";#%<>"), line


def test_golden_mermaid(trace: Trace) -> None:
    """The default scenario's diagram, byte for byte; regenerate with MAILSIM_UPDATE_GOLDEN=1."""
    text = to_mermaid(trace)
    if os.environ.get("MAILSIM_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


@pytest.mark.parametrize("options", [
    {}, {"lang": "ja", "analogy": True}, {"analogy": True, "show_encrypted": True},
])
def test_every_line_is_a_form_mermaid_accepts(
    trace: Trace, options: dict[str, object]
) -> None:
    assert_grammar(to_mermaid(trace, **options))  # type: ignore[arg-type]


def test_one_arrow_per_message_tcp_dotted(trace: Trace) -> None:
    text = to_mermaid(trace)
    assert len(arrows(text)) == len(trace.messages())
    tcp = sum(1 for e in trace.messages() if e.protocol == "TCP")
    assert sum(1 for line in arrows(text) if "-->>" in line) == tcp
    assert text.count("    participant ") == 8
    assert "    participant P7 as mx.example.jp<br/>recipient's mail server" in text
    assert "SMTP:587 EHLO alice-pc" in text
    assert "    Note over P1,P8: ⋯ 1.0 s later ⋯" in text


def test_a_protocol_filter_keeps_only_its_arrows(trace: Trace) -> None:
    text = to_mermaid(trace, selection=Selection.of(protocols=["dns"], state_events=False))
    assert [line.split(": ", 1)[1] for line in arrows(text)] == [
        "DNS:53 QUERY example.jp. MX", "DNS:53 ANSWER example.jp. MX 10 mx.example.jp. (+1 line)",
    ]
    assert text.count("participant ") == 2
    assert_grammar(text)


def test_encrypted_lines_are_hidden_unless_asked(trace: Trace) -> None:
    hidden, shown = to_mermaid(trace), to_mermaid(trace, show_encrypted=True)
    assert "AUTH PLAIN" not in hidden and "🔒 encrypted SMTP:587" in hidden
    assert "SMTP:587 🔒 AUTH PLAIN" in shown and "🔒 encrypted" not in shown


def test_japanese_titles_and_analogy(trace: Trace) -> None:
    text = to_mermaid(trace, lang="ja", analogy=True)
    assert "mx.example.jp<br/>相手のメールサーバー" in text
    assert "    Note over P3: ハガキを受け付ける郵便局" in text  # the postal analogy
    assert "🔒 暗号化されたSMTP:587" in text
    assert "⋯ 1.0秒後 ⋯" in text
    assert "郵便局" not in to_mermaid(trace, lang="ja")


def test_escaping_and_lost_units() -> None:
    text = to_mermaid(nasty_trace())
    assert_grammar(text)
    labels = [line.split(": ", 1)[1] for line in arrows(text)]
    assert labels[:3] == [
        "SMTP:587 MAIL FROM:#lt;x@y#gt; #59; #35;1 100#37; #37;date()",
        "SMTP:587 #lt;b#gt;**bold**#lt;/b#gt; //i// --x-- __u__",
        'SMTP:587 \\Seen ~tilde~ [[link]] "q" #amp; #amp;amp#59;',
    ]
    assert arrows(text)[3:] == ["    P1--xP2: TCP:587 SYN ✗", "    P2->>P1: SMTP:587 * list (+1 line)"]
    assert "    Note over P1,P2: ⋯ 15 min later ⋯" in text
    assert escape("a\nb") == "a<br/>b"


def test_empty_selection_gives_an_empty_diagram(trace: Trace) -> None:
    text = to_mermaid(trace, selection=Selection.of(protocols=["IMAP"], state_events=False))
    assert text.splitlines()[0] == "sequenceDiagram" and not arrows(text)
    assert_grammar(text)


# --- shared text (views/textdiagram.py) ------------------------------------------


@pytest.mark.parametrize(("seconds", "lang", "expected"), [
    (0.25, "en", "250 ms"), (1.0177, "en", "1.0 s"), (42, "en", "42 s"), (150, "en", "2 min 30 s"),
    (900, "en", "15 min"), (7500, "en", "2 h 5 min"), (3 * 86400 + 4 * 3600, "en", "3 d 4 h"),
    (900, "ja", "15分"), (7500, "ja", "2時間 5分"),
])
def test_durations(seconds: float, lang: str, expected: str) -> None:
    assert format_duration(seconds, lang) == expected


def test_wrap_counts_japanese_as_double_width() -> None:
    assert wrap("short") == ["short"]
    first = "暗号の合言葉を決めます(TLSハンドシェイク)。"
    second = "これ以降、途中で盗み見ることはできません。"
    assert wrap(first + second) == [first, second]  # at the full stop, not mid-word


def test_message_content_is_summarised(trace: Trace) -> None:
    content = next(e for e in trace.messages() if e.text.startswith("From: Alice"))
    assert line_summary(content).startswith("✉ message “Hello from Tokyo”: ")


# --- Mermaid's own parser (optional) -----------------------------------------------

PARSE_SCRIPT = """
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [modules, ...files] = process.argv.slice(2);
const { JSDOM } = createRequire(join(modules, 'noop.js'))('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const core = pathToFileURL(join(modules, 'mermaid', 'dist', 'mermaid.core.mjs')).href;
const { default: mermaid } = await import(core);
mermaid.initialize({ startOnLoad: false });
for (const file of files) {
  try { await mermaid.parse(readFileSync(file, 'utf8')); console.log('OK ' + file); }
  catch (error) { console.log('ERROR ' + file + ': ' + String(error.message || error)); }
}
"""


def test_mermaid_parser_accepts_the_exports(trace: Trace, tmp_path: Path) -> None:
    """Mermaid's real parser (node + jsdom, no browser) on the exports, when installed:
    ``npm install --prefix .tools mermaid jsdom`` or ``MAILSIM_MERMAID_MODULES=.../node_modules``."""
    modules = Path(os.environ.get("MAILSIM_MERMAID_MODULES", ROOT / ".tools" / "node_modules"))
    node = shutil.which("node")
    if node is None or not (modules / "mermaid").is_dir() or not (modules / "jsdom").is_dir():
        pytest.skip(f"no node, or no mermaid and jsdom under {modules}")
    sources = {"golden": GOLDEN.read_text(encoding="utf-8"),
               "japanese": to_mermaid(trace, lang="ja", analogy=True, show_encrypted=True),
               "nasty": to_mermaid(nasty_trace()),
               "broken": "sequenceDiagram\n    P1->>P2: a\n    P1->>: b\n"}
    for name, text in sources.items():
        (tmp_path / f"{name}.mmd").write_text(text, encoding="utf-8")
    (tmp_path / "parse.mjs").write_text(PARSE_SCRIPT, encoding="utf-8")
    result = subprocess.run(
        [node, str(tmp_path / "parse.mjs"), str(modules), *(str(tmp_path / f"{n}.mmd") for n in sources)],
        capture_output=True, text=True, timeout=120,
    )
    verdicts = [line.split(" ", 1)[0] for line in result.stdout.splitlines() if line[:3] in ("OK ", "ERR")]
    assert verdicts == ["OK", "OK", "OK", "ERROR"], result.stdout + result.stderr
