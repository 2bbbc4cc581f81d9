"""The sequence diagram on long traces: pages cut in linear time, drawn pages not kept."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from hypothesis import given, settings
from hypothesis import strategies as st

from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.views.sequence import paginate, plot_sequence, sequence_artists

GOLDEN = Path(__file__).parent.parent / "golden" / "article-route.jsonl"
HEADER = Trace.read_jsonl(GOLDEN).header


def reference_pages(trace: Trace, per_page: int) -> list[list[int]]:
    """Pagination as first written: the maximum taken again for every candidate cut."""
    per_page = max(per_page, 2)
    events = list(trace)

    def end(e: TraceEvent) -> float:
        return e.t_arrived if isinstance(e, MessageEvent) and e.t_arrived is not None else e.time

    pages, start = [], 0
    while len(events) - start > per_page:
        window = range(start + per_page // 2, start + per_page)
        cut = max(window, key=lambda i: (events[i].time - max(end(e) for e in events[start:i]), i))
        pages.append([e.seq for e in events[start:cut]])
        start = cut
    pages.append([e.seq for e in events[start:]])
    return pages


@st.composite
def traces(draw: st.DrawFn) -> Trace:
    """Events in time order; some messages arrive late, some are lost, ties in time abound."""
    steps = draw(st.lists(st.sampled_from([0.0, 0.001, 0.01, 0.5, 3.0, 60.0]), max_size=120))
    events: list[TraceEvent] = []
    t = 0.0
    for seq, step in enumerate(steps):
        t += step
        if draw(st.booleans()):
            delay = draw(st.sampled_from([None, 0.0, 0.002, 0.4, 5.0]))
            events.append(MessageEvent(seq, t, None if delay is None else t + delay, "mua", "mx",
                                       "SMTP", 587, "c1", "NOOP", 6))
        else:
            events.append(StateEvent(seq, t, "mx", "note"))
    return Trace(HEADER, events)


@settings(max_examples=200, deadline=None)
@given(traces(), st.integers(1, 40))
def test_pages_are_cut_where_the_first_pagination_cut_them(trace: Trace, per_page: int) -> None:
    pages = [[e.seq for e in page] for page in paginate(trace, per_page)]
    assert pages == reference_pages(trace, per_page)


def test_a_page_cuts_after_the_longest_pause() -> None:
    # The cut falls in the page's second half (indices 4 to 7): 5.2 -> 9.9 is the longest
    # pause there; 0.3 -> 5.0 before it is shorter.
    times = [0.0, 0.1, 0.2, 0.3, 5.0, 5.1, 5.2, 9.9, 10.0, 10.1]
    events = [StateEvent(seq, t, "mx", "note") for seq, t in enumerate(times)]
    pages = paginate(Trace(HEADER, events), per_page=8)
    assert [[e.seq for e in page] for page in pages] == [[0, 1, 2, 3, 4, 5, 6], [7, 8, 9]]


def test_a_drawn_page_is_freed_when_its_figure_is_closed() -> None:
    trace = Trace.read_jsonl(GOLDEN)
    ax = plot_sequence(trace[:40])
    assert sequence_artists(ax).arrows  # the artists are still there while it is open
    gone = weakref.ref(ax)
    plt.close(ax.get_figure(root=True))
    del ax
    gc.collect()
    assert gone() is None


def test_an_axes_without_a_diagram_has_no_artists() -> None:
    _, ax = plt.subplots()
    try:
        sequence_artists(ax)
    except KeyError:
        pass
    else:
        raise AssertionError("expected KeyError")
    finally:
        plt.close("all")
