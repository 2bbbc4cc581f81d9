"""The projector style: large text, only the page's hosts, nothing in the way of anything.

That no text is in the way on any page of a bundled scenario: test_sequence_overlaps.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from mailsim.trace import MessageEvent, Trace
from mailsim.views.select import Selection
from mailsim.views.sequence import plot_sequence, sequence_artists
from mailsim.views.sequence_files import plan_pages
from mailsim.views.sequence_layout import arrow_ends, head_box, renderer_of, text_box
from mailsim.views.sequence_overlaps import overlaps
from mailsim.views.sequence_styles import PROJECTOR
from mailsim.views.timeline import lifeline_order

GOLDEN = Path(__file__).parent.parent / "golden" / "article-route.jsonl"


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def article() -> Trace:
    return Trace.read_jsonl(GOLDEN)


def test_the_overlap_check_sees_a_label_on_an_arrowhead(article: Trace) -> None:
    # The check itself can fail: a label moved onto the head of its own arrow is found.
    ax = plot_sequence(article[:20], style="projector")
    artists = sequence_artists(ax)
    seq, label = next((s, t) for s, t in artists.labels.items() if s == 4)
    head = head_box(ax, artists.arrows[seq])
    box = text_box(label, renderer_of(ax))
    px = ax.figure.dpi / 72
    x, y = label.xyann  # type: ignore[attr-defined]
    label.xyann = (x + ((head[0] + head[2]) / 2 - (box[0] + box[2]) / 2) / px,  # type: ignore[attr-defined]
                   y + ((head[1] + head[3]) / 2 - (box[1] + box[3]) / 2) / px)
    assert (f"label-{seq}", f"head-{seq}") in overlaps(ax)


def test_the_overlap_check_sees_a_label_ending_beside_another_arrows_head(
        article: Trace) -> None:
    # Where the label of step 4 ("220 … mailsim") used to end: against the server's
    # lifeline, a few pixels left of the head of step 3 (the ACK) in the same rows.
    ax = plot_sequence(article[:20], style="projector")
    artists = sequence_artists(ax)
    label, head = artists.labels[4], head_box(ax, artists.arrows[3])
    assert ("label-4", "beside-head-3") not in overlaps(ax)
    box = text_box(label, renderer_of(ax))
    px = ax.figure.dpi / 72
    x, y = label.xyann  # type: ignore[attr-defined]
    label.xyann = (x + (head[0] - 4 - box[2]) / px,  # type: ignore[attr-defined]
                   y + ((head[1] + head[3]) / 2 - box[1]) / px)
    found = overlaps(ax)
    assert ("label-4", "beside-head-3") in found
    assert ("label-4", "head-3") not in found  # beside it, not on it


def test_a_label_sits_on_the_middle_of_its_arrow(article: Trace) -> None:
    ax = plot_sequence(article[:20], style="projector")
    artists = sequence_artists(ax)
    renderer = renderer_of(ax)
    for seq in (4, 5, 6):  # the greeting, EHLO and its reply: nothing else in their way
        (sx, _), (ex, _) = arrow_ends(ax, artists.arrows[seq])
        box = text_box(artists.labels[seq], renderer)
        assert (box[0] + box[2]) / 2 == pytest.approx((sx + ex) / 2, abs=2)


def test_body_text_is_at_least_18_points_at_1920_pixels(article: Trace) -> None:
    ax = plot_sequence(article[:40], context=article, style="projector", analogy=True)
    figure = ax.get_figure(root=True)
    assert figure is not None
    width_px = figure.get_figwidth() * PROJECTOR.dpi
    assert width_px == pytest.approx(1920)
    for text in figure.findobj(matplotlib.text.Text):
        if text.get_text().strip():
            assert text.get_fontsize() * 1920 / width_px >= 18, text.get_text()


def test_only_the_hosts_of_the_page_get_a_lifeline_and_the_others_are_named(
        article: Trace) -> None:
    page = plan_pages(article, style=PROJECTOR)[0]
    ax = plot_sequence(page.trace, context=article, lifelines=lifeline_order(article),
                       style="projector")
    speaking = {h for e in page.trace for h in e.nodes}
    assert set(sequence_artists(ax).lifelines) == speaking
    named = next(t.get_text() for t in ax.texts if t.get_gid() == "silent-hosts")
    assert all(host in named for host in set(lifeline_order(article)) - speaking)


@pytest.mark.parametrize("selection", [Selection.of(first=10, last=40),
                                       Selection.of(protocols=["SMTP"]),
                                       Selection.of(nodes=["mx.example.jp", "bob-pc"]),
                                       Selection.of(protocols=["POP3", "LDAP"])])
def test_route_order_is_kept_under_every_filter(article: Trace, selection: Selection) -> None:
    ax = plot_sequence(article, selection=selection, style="projector")
    route = lifeline_order(article)
    drawn = list(sequence_artists(ax).lifelines)
    assert drawn == [h for h in route if h in drawn]


def test_port_bars_stay_on_the_listening_side_when_a_filter_starts_mid_connection(
        article: Trace) -> None:
    # Steps 12..40 start after the SYN and the greeting of c1: the :587 bar is still
    # the mail server's, not the client's.
    ax = plot_sequence(article, selection=Selection.of(first=12, last=40), style="projector")
    artists = sequence_artists(ax)
    x = {host: line.get_xdata()[0] for host, line in artists.lifelines.items()}
    tags = [t for t in artists.ports if t.get_text() == ":587"]
    assert tags
    for tag in tags:
        bar_x = tag.xy[0] if hasattr(tag, "xy") else tag.get_position()[0]
        assert abs(bar_x - x["mail.example.com"]) < 0.4 < abs(bar_x - x["alice-pc"])


def test_a_padlock_leads_its_label_and_is_clear_of_arrowheads(article: Trace) -> None:
    ax = plot_sequence(article[:40], style="projector")
    artists = sequence_artists(ax)
    renderer = renderer_of(ax)
    assert artists.locks
    heads = [head_box(ax, a) for a in artists.arrows.values()]
    for seq, lock in artists.locks.items():
        extent = lock.get_window_extent(renderer)
        label = text_box(artists.labels[seq], renderer)
        assert abs(extent.y0 + extent.y1 - label[1] - label[3]) / 2 < (label[3] - label[1])
        assert extent.x1 <= label[0] + 2 or extent.x0 >= label[2] - 2  # beside, not on it
        assert not any(extent.x0 < h[2] and h[0] < extent.x1 and extent.y0 < h[3]
                       and h[1] < extent.y1 for h in heads)


def test_no_text_is_italic(article: Trace) -> None:
    for lang in ("en", "ja"):
        ax = plot_sequence(article[:60], style="projector", analogy=True, lang=lang)
        styles = {t.get_style() for t in ax.get_figure(root=True).findobj(matplotlib.text.Text)}
        assert styles == {"normal"}


def test_the_plain_words_are_whole_sentences_next_to_their_label(article: Trace) -> None:
    from mailsim.views.captions import event_caption

    ax = plot_sequence(article[:40], style="projector", analogy=True, lang="ja")
    artists = sequence_artists(ax)
    renderer = renderer_of(ax)
    assert artists.captions
    for seq, caption in artists.captions.items():
        event = next(e for e in article if e.seq == seq)
        assert caption.get_text().replace("\n", "") == event_caption(event, "ja", reveal=False)
        if isinstance(event, MessageEvent) and seq in artists.labels:
            words, label = text_box(caption, renderer), text_box(artists.labels[seq], renderer)
            assert 0 <= words[1] - label[3] < 12  # right over the label, not a column away
