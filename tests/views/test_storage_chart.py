"""``compare``'s storage figure: every line shows, counts, offline time, delete_after notes,
projector sizes (mailsim.views.storage_chart)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.text import Text

from mailsim.scenario import load_scenario
from mailsim.scenario.compare import run_strategies, strategy_labels
from mailsim.views.chart_style import FONT, PROJECTOR_PX
from mailsim.views.storage import plot_storage, storage_figure
from mailsim.views.storage_chart import expiries, offline_spans

PANELS = ("pop3-delete", "pop3-keep", "imap", "imap-cache")


@pytest.fixture(scope="module")
def traces() -> Any:
    return run_strategies(load_scenario("pop3-vs-imap"))


@pytest.fixture(scope="module")
def figure(traces: Any) -> Any:
    fig = storage_figure(traces, "en", strategy_labels())
    yield fig
    plt.close(fig)


def _panel(fig: Figure, key: str) -> Any:
    return fig.axes[PANELS.index(key)]


def _texts(ax: Any, gid: str) -> list[Text]:
    return [t for t in ax.texts if t.get_gid() == gid]


def test_every_legend_entry_has_its_own_colour_and_marker(figure: Figure) -> None:
    (legend,) = figure.legends
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[:3] == ["server mailboxes", "bob-laptop", "bob-phone"]
    assert "bob-phone offline" in labels
    assert "delete_after removes mail from the server" in labels
    lines = [h for h in legend.legend_handles if hasattr(h, "get_marker")]
    pairs = [(to_rgb(h.get_color()), h.get_marker()) for h in lines]
    assert len(pairs) == 4 and len(set(pairs)) == len(pairs)
    assert len({colour for colour, _ in pairs[:3]}) == 3  # the three places differ in colour too


def _colour_pixels(fig: Figure, ax: Any, colour: str) -> int:
    """Pixels of exactly ``colour`` (give or take antialiasing) inside ``ax``."""
    fig.canvas.draw()
    image = np.asarray(fig.canvas.buffer_rgba())[:, :, :3].astype(int)  # type: ignore[attr-defined]
    box = ax.get_window_extent()
    height = image.shape[0]
    part = image[int(height - box.y1):int(height - box.y0), int(box.x0):int(box.x1)]
    want = np.array([round(255 * c) for c in to_rgb(colour)])
    return int((np.abs(part - want).sum(axis=2) < 30).sum())


def test_lines_that_lie_on_each_other_both_show(traces: Any) -> None:
    """IMAP keeps nothing on either device: the two lines lie on each other at zero all the
    way; with the markers hidden, each device's colour still shows in the panel."""
    fig = storage_figure({"imap": traces["imap"]}, "en")
    ax = fig.axes[0]
    for line in ax.lines:
        if line.get_linestyle() == "None":  # the marker-only lines
            line.set_visible(False)
    devices = [line for line in ax.lines if line.get_visible()][1:]
    assert [line.get_label() for line in devices] == ["bob-laptop", "bob-phone"]
    assert set(devices[0].get_ydata()) == set(devices[1].get_ydata()) == {0}
    for line in devices:
        assert _colour_pixels(fig, ax, str(line.get_color())) > 300, line.get_label()
    plt.close(fig)


def test_markers_of_coinciding_lines_sit_apart(traces: Any) -> None:
    fig = storage_figure({"imap": traces["imap"]}, "en")
    marks = [line for line in fig.axes[0].lines if line.get_linestyle() == "None"]
    assert len(marks) == 3  # server, laptop, phone
    places = [set(np.round(np.asarray(m.get_xdata(), dtype=float), 6)) for m in marks]
    assert not places[1] & places[2] and not places[0] & places[1]
    plt.close(fig)


def test_each_line_ends_with_the_mails_it_holds(figure: Figure) -> None:
    shown = {key: sorted(t.get_text() for t in _texts(_panel(figure, key), "count"))
             for key in PANELS}
    assert shown == {  # the table: server 0 / laptop 5 / phone 1 mails for POP3 delete...
        "pop3-delete": ["0 mails", "1 mail", "5 mails"],
        "pop3-keep": ["3 mails", "6 mails", "6 mails"],
        "imap": ["0 mails", "0 mails", "6 mails"],
        "imap-cache": ["6 mails", "6 mails", "6 mails"],
    }
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    for key in PANELS:
        boxes = [t.get_window_extent(renderer) for t in _texts(_panel(figure, key), "count")]
        for i, a in enumerate(boxes):
            assert not any(a.overlaps(b) for b in boxes[i + 1:]), key


def test_offline_time_is_shaded(traces: Any, figure: Figure) -> None:
    assert offline_spans(traces["imap"]) == {"bob-phone": [(2400.0, 4800.0)]}
    for key in PANELS:
        spans = [p for p in _panel(figure, key).patches if p.get_hatch() == "//"]
        assert len(spans) == 1, key
        xs = spans[0].get_path().vertices[:, 0]
        corners = spans[0].get_patch_transform().transform(np.column_stack([xs, xs]))[:, 0]
        assert (min(corners), max(corners)) == (40.0, 80.0)


def test_delete_after_removals_are_marked_where_the_server_drops(traces: Any,
                                                                  figure: Figure) -> None:
    assert [(round(t), n) for t, n in expiries(traces["pop3-keep"])] == [(3900, 1), (5700, 2)]
    notes = _texts(_panel(figure, "pop3-keep"), "expiry")
    assert [(t.get_text(), round(t.xy[0])) for t in notes] == [("−1", 65), ("−2", 95)]
    for key in ("pop3-delete", "imap", "imap-cache"):
        assert not _texts(_panel(figure, key), "expiry"), key


def _visible_texts(fig: Figure) -> list[Text]:
    found = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return [t for t in found if t.axes is None or t.axes.get_visible()]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_sized_for_a_projector_in_both_languages(traces: Any, tmp_path: Path, lang: str) -> None:
    target = tmp_path / "storage.png"
    plot_storage(traces, target, lang, strategy_labels())
    width = int.from_bytes(target.read_bytes()[16:20], "big")
    assert width == PROJECTOR_PX
    fig = storage_figure(traces, lang, strategy_labels())
    sizes = {t.get_text(): t.get_fontsize() for t in _visible_texts(fig)}
    assert min(sizes.values()) >= FONT, {k: v for k, v in sizes.items() if v < FONT}
    fig.canvas.draw()
    (legend,) = fig.legends
    frame = legend.get_window_extent()
    for text in _visible_texts(fig):  # nothing runs off the figure or under the legend
        box = text.get_window_extent()
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1 + 1, text.get_text()
        assert box.y0 >= fig.bbox.y0 and box.y1 <= fig.bbox.y1 + 1, text.get_text()
    for ax in fig.axes:
        assert not frame.overlaps(ax.get_window_extent()), ax.get_title()
    words = " ".join(sizes)
    if lang == "ja":
        assert "6通" in words and "bob-phoneがオフライン" in words and "mails" not in words
    plt.close(fig)


def test_summed_devices_are_one_line_with_the_sum_of_their_mails(
        traces: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import mailsim.views.storage_data as data

    monkeypatch.setattr(data, "MAX_DEVICE_LINES", 1)  # as a workload's many devices are
    fig = storage_figure({"pop3-keep": traces["pop3-keep"]}, "en")
    (legend,) = fig.legends
    labels = [t.get_text() for t in legend.get_texts()]
    assert "all 2 devices" in labels and "bob-laptop" not in labels
    assert not any("offline" in label for label in labels)  # no one device's line to shade
    assert sorted(t.get_text() for t in _texts(fig.axes[0], "count")) == ["12 mails", "3 mails"]
    plt.close(fig)
