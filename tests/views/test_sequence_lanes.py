"""Connection bars on a busy server: any number of overlapping connections is drawn."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from mailsim.cli import main
from mailsim.trace import MessageEvent, Trace, TraceEvent
from mailsim.views.sequence import plot_sequence, sequence_artists
from mailsim.views.sequence_connections import Lanes, lane_offset

GOLDEN = Path(__file__).parent.parent / "golden" / "article-route.jsonl"
HEADER = Trace.read_jsonl(GOLDEN).header


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def busy_server(connections: int) -> Trace:
    """``connections`` SMTP sessions from the relay to ``mx.example.jp``, all open at once."""
    events: list[TraceEvent] = []
    seq = 0

    def send(t: float, src: str, dst: str, conn: str, text: str) -> None:
        nonlocal seq
        events.append(MessageEvent(seq, t, t + 0.001, src, dst, "SMTP", 25, conn, text,
                                   len(text) + 2))
        seq += 1

    for n in range(connections):  # every session opens before the first one ends
        send(0.01 * n, "mx.example.jp", "relay.example.net", f"c{n}", "220 mx ESMTP")
    for n in range(connections):
        send(1.0 + 0.01 * n, "relay.example.net", "mx.example.jp", f"c{n}", "QUIT")
        send(1.005 + 0.01 * n, "mx.example.jp", "relay.example.net", f"c{n}", "221 Bye")
    return Trace(HEADER, events)


def test_twelve_overlapping_connections_on_one_server_are_drawn() -> None:
    artists = sequence_artists(plot_sequence(busy_server(12)))
    assert len(artists.ports) == 12  # one bar, tagged with its port, per connection
    lanes = sorted({round(tag.get_position()[0], 6) for tag in artists.ports})
    assert len(lanes) == 12  # all open together: each in its own lane


def test_diagram_command_draws_a_trace_of_ten_overlapping_connections(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "busy.jsonl"
    busy_server(10).write_jsonl(path)
    out = tmp_path / "busy.png"
    assert main(["diagram", str(path), "-o", str(out)]) == 0
    assert out.stat().st_size > 0
    assert "--page" not in capsys.readouterr().err


def test_a_lane_is_reused_once_its_bar_has_ended() -> None:
    lanes = Lanes()
    assert [lanes.take(0, 5), lanes.take(1, 2), lanes.take(3, 4), lanes.take(6, 7)] == [0, 1, 1, 0]


def test_lanes_match_first_free_lane_of_the_overlapping_bars() -> None:
    rng = random.Random(7)
    bars = sorted((rng.uniform(0, 50), rng.uniform(0.1, 20)) for _ in range(300))
    lanes, placed = Lanes(), []
    for y0, length in bars:
        busy = {lane for a, b, lane in placed if a < y0 + length and y0 < b}
        expected = min(set(range(len(placed) + 1)) - busy)
        assert lanes.take(y0, y0 + length) == expected
        placed.append((y0, y0 + length, expected))


def test_lane_offsets_grow_but_stay_short_of_the_next_lifeline() -> None:
    offsets = [lane_offset(n) for n in range(120)]
    assert offsets == sorted(offsets) and len(set(offsets)) == 120
    assert offsets[0] == 0 and offsets[-1] < 0.34
