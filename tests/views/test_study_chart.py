"""A session-level study's figure is sized for a projector and tells its strategies apart
(mailsim.views.study)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_rgb
from matplotlib.text import Text

from mailsim.scenario import parse_scenario
from mailsim.scenario.compare import STRATEGIES, strategy_labels
from mailsim.study.tasks import run_study
from mailsim.views.chart_style import FONT, PROJECTOR_PX
from mailsim.views.study import plot_study, study_figure
from tests.study.test_study_commands import STUDY


@pytest.fixture(scope="module")
def results() -> Any:
    return run_study(parse_scenario(STUDY), [s.key for s in STRATEGIES])


def test_the_study_figure_reads_from_the_back_row(results: Any, tmp_path: Path) -> None:
    target = tmp_path / "study.png"
    plot_study(results, target, "ja", strategy_labels())
    assert int.from_bytes(target.read_bytes()[16:20], "big") == PROJECTOR_PX
    fig = study_figure(results, "en", strategy_labels())
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    assert min(t.get_fontsize() for t in texts) >= FONT
    (legend,) = fig.legends  # below the panels, covering none
    assert fig.axes[0].get_legend() is None and len(legend.get_texts()) == 4
    styles = [(to_rgb(h.get_color()), h.get_marker())  # type: ignore[union-attr]
              for h in legend.legend_handles]
    assert len(set(styles)) == 4  # each strategy its own colour and marker
    plt.close(fig)


def test_the_legend_fits_below_the_panels_in_both_languages(results: Any) -> None:
    for lang in ("en", "ja"):
        fig = study_figure(results, lang, strategy_labels())
        fig.canvas.draw()
        (legend,) = fig.legends
        frame = legend.get_window_extent()
        assert fig.bbox.x0 <= frame.x0 and frame.x1 <= fig.bbox.x1 and frame.y0 >= 0, lang
        for ax in fig.axes:
            assert not frame.overlaps(ax.get_tightbbox()), (lang, ax.get_title())
        plt.close(fig)
