"""The sweep's table and figure from plain numbers (mailsim.views.sweep)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from rich.console import Console

from mailsim.views.sweep import format_cell, plot_sweep, sweep_figure, sweep_table

ROWS = [
    ((("links[0].latency", "1ms"),), {"delay": (1200.0, 600.0, 1800.0), "retries": (2.0, 2.0, 2.0),
                                      "wire_bytes": (1000.5, 1000.0, 1001.0), "bounces": (0.0, 0.0, 0.0),
                                      "delivered": (1.0, 1.0, 1.0)}),
    ((("links[0].latency", "3s"),), {"delay": None, "retries": (0.0, 0.0, 0.0),
                                     "wire_bytes": (900.0, 900.0, 900.0), "bounces": (1.0, 1.0, 1.0),
                                     "delivered": (0.0, 0.0, 0.0)}),
]


def test_a_cell_is_the_mean_over_its_range_or_one_number_or_a_dash() -> None:
    assert format_cell("wire_bytes", (1000.5, 1000.0, 1001.0)) == "1,000.5\n(1,000–1,001)"
    assert format_cell("retries", (2.0, 2.0, 2.0)) == "2"
    assert format_cell("delay", (0.5, 0.5, 0.5)) == "0.5000 s"
    assert format_cell("delay", None) == "—"


def test_the_table_has_a_column_per_varied_key_then_the_metrics() -> None:
    console = Console(width=200, record=True)
    console.print(sweep_table("x", ROWS, seeds=3))
    text = console.export_text()
    assert "Sweep of x: 2 variant(s) × 3 seed(s)" in text
    header = next(line for line in text.splitlines() if "links[0].latency" in line)
    assert [cell.strip() for cell in header.split("┃")[1:-1]] == [
        "links[0].latency", "delay", "retries", "bytes", "bounced", "delivered"]
    row = next(line for line in text.splitlines() if line.startswith("│ 3s "))
    assert [cell.strip() for cell in row.split("│")[1:-1]] == ["3s", "—", "0", "900", "1", "0"]


def test_the_figure_draws_delays_in_minutes_once_they_pass_ten() -> None:
    fig = sweep_figure("x", ROWS, "en")
    delay_axes = fig.axes[0]
    assert [bar.get_width() for bar in delay_axes.patches] == [20.0, 0.0]  # 1200 s, none
    assert delay_axes.get_xlabel() == "time (min)"
    assert [bar.get_width() for bar in fig.axes[2].patches] == [1000.5, 900.0]
    plt.close(fig)


def test_the_figure_is_sized_for_a_projector(tmp_path: Path) -> None:
    from matplotlib.text import Text

    from mailsim.views.chart_style import FONT, PROJECTOR_PX

    target = tmp_path / "sweep.png"
    plot_sweep("x", ROWS, target, "ja")
    assert int.from_bytes(target.read_bytes()[16:20], "big") == PROJECTOR_PX
    fig = sweep_figure("x", ROWS, "en")
    fig.canvas.draw()
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert "links[0].latency=3s" in {t.get_text() for t in texts}
    assert min(t.get_fontsize() for t in texts) >= FONT
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    ticks = [t.get_window_extent(renderer) for ax in fig.axes for t in ax.get_xticklabels()
             if t.get_text() and ax.get_xlim()[0] <= t.get_position()[0] <= ax.get_xlim()[1]]
    assert len(ticks) >= 2 * len(fig.axes)
    for i, box in enumerate(ticks):  # neighbouring panels' numbers never run together
        assert not any(box.overlaps(other) for other in ticks[i + 1:])
    plt.close(fig)
