"""The protocol registry: one descriptor per protocol, and the views follow it.

A dummy protocol added to the registry must show up in every view that lists
protocols (legend, colours, table styles, filter and ``--protocol`` choices)
without any change to those views.
"""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from rich.text import Text

from mailsim.cli import main
from mailsim.live.ports import DEFAULT_PORTS, SERVICES
from mailsim.protocols import registry
from mailsim.protocols.registry import REGISTRY, ProtocolInfo, in_order, lookup
from mailsim.trace import MessageEvent, Trace
from mailsim.views.captions import step_key
from mailsim.views.player.model import parse_filter
from mailsim.views.protocols import colour, protocol_names
from mailsim.views.sequence import plot_sequence, sequence_artists
from mailsim.views.table import summary, trace_table

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "article-route.jsonl"

DUMMY = ProtocolInfo("XMPP", "application", "tcp", -1, "#123456", "bold underline", "xmpp",
                     legend_key=None)


@pytest.fixture(scope="module")
def article() -> Trace:
    return Trace.read_jsonl(GOLDEN)


@pytest.fixture
def dummy(monkeypatch: pytest.MonkeyPatch) -> Iterator[ProtocolInfo]:
    """XMPP in the registry, first in legend order, for one test."""
    monkeypatch.setitem(REGISTRY, DUMMY.name, DUMMY)
    yield DUMMY
    plt.close("all")


def with_dummy_line(trace: Trace) -> Trace:
    """The trace plus one XMPP stanza between two of its hosts, after everything else."""
    first = trace.messages()[0]
    end = trace.duration + 0.001
    line = MessageEvent(len(trace), end, end + 0.001, first.src, first.dst, "XMPP", 5222, None,
                        "<stream:stream to='example.com'>", 33)
    return Trace(trace.header, [*trace, line])


# --- the registry itself ---------------------------------------------------------------


def test_one_descriptor_per_name_and_a_place_each() -> None:
    assert all(name == info.name for name, info in REGISTRY.items())
    assert len({info.order for info in REGISTRY.values()}) == len(REGISTRY)
    assert lookup("SMTP") is REGISTRY["SMTP"] and lookup("XMPP") is None
    # The order every view used before the registry, kept.
    assert [info.name for info in in_order()] == ["SMTP", "LDAP", "DNS", "POP3", "IMAP", "TLS", "TCP"]


def test_every_protocol_and_port_of_the_golden_trace_is_registered(article: Trace) -> None:
    for protocol in article.protocols():
        assert lookup(protocol) is not None, protocol
    for _host, port, protocol in article.header.ports:
        info = lookup(protocol)
        assert info is not None and port in [p.number for p in info.ports], (protocol, port)


def test_the_live_port_map_is_read_from_the_registry() -> None:
    assert list(DEFAULT_PORTS.items()) == [(587, 2587), (465, 2465), (25, 2525), (110, 2110),
                                           (995, 2995), (143, 2143), (993, 2993), (53, 5353)]
    assert SERVICES[465] == ("submission", "SMTP", True)
    assert SERVICES[993] == ("mx", "IMAP", True) and SERVICES[53] == ("dns", "DNS", False)


def test_the_registry_imports_nothing_of_mailsim() -> None:
    tree = ast.parse(Path(registry.__file__).read_text(encoding="utf-8"))
    modules = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in modules if m.startswith("mailsim")]


def test_descriptors_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        REGISTRY["SMTP"].colour = "#000000"  # type: ignore[misc]


# --- a new descriptor reaches the views ------------------------------------------------


def test_a_new_protocol_is_a_filter_and_diagram_choice(dummy: ProtocolInfo, article: Trace) -> None:
    assert protocol_names()[0] == "XMPP"
    assert parse_filter(["xmpp", "SMTP"], article) == (["XMPP", "SMTP"], [])


def test_without_the_descriptor_the_choice_is_refused(article: Trace,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="unknown protocol or host 'xmpp'"):
        parse_filter(["xmpp"], article)
    assert main(["diagram", str(GOLDEN), "--format", "mermaid", "--protocol", "xmpp"]) != 0
    assert "unknown protocol 'xmpp'" in capsys.readouterr().err


def test_the_diagram_command_takes_the_new_protocol(dummy: ProtocolInfo, article: Trace,
                                                    tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "with-xmpp.jsonl"
    with_dummy_line(article).write_jsonl(source)
    out = tmp_path / "xmpp.mmd"
    assert main(["diagram", str(source), "--protocol", "xmpp", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "XMPP:5222" in text and "SMTP:" not in text


def test_the_legend_and_arrows_take_its_colour_and_place(dummy: ProtocolInfo,
                                                         article: Trace) -> None:
    trace = with_dummy_line(article)
    ax = plot_sequence(trace)
    legend = ax.get_legend()
    assert legend is not None
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[0] == "XMPP"  # order -1: before SMTP
    assert to_hex(legend.legend_handles[0].get_color()) == "#123456"  # type: ignore[union-attr]
    arrow = sequence_artists(ax).arrows[len(trace) - 1]
    assert to_hex(arrow.get_edgecolor()) == "#123456"
    assert colour("XMPP") == "#123456"


def test_the_table_styles_and_counts_it(dummy: ProtocolInfo, article: Trace) -> None:
    trace = with_dummy_line(article)
    table = trace_table(trace)
    cell = list(table.columns[3].cells)[-1]
    assert isinstance(cell, Text)
    assert str(cell) == "XMPP:5222" and cell.style == "bold underline"
    lines = summary(trace)["protocol_lines"], summary(article)["protocol_lines"]
    assert lines[0] == lines[1] + 1  # type: ignore[operator]


def test_a_protocol_without_captions_gets_none(dummy: ProtocolInfo, article: Trace) -> None:
    line = with_dummy_line(article)[-1]
    assert step_key(line) is None
