"""No text in the way of another, of an arrowhead or (a note) of an arrow: every page of
every bundled scenario, in the projector style, in English and in Japanese with the plain
words.

The pages are drawn as ``mailsim diagram`` draws them (same lifelines, titles and
listening sides; :func:`overlaps` needs the layout, not a saved PNG). The two study
samples have about 1,600 pages between them, and many are the same page again
(the same session at another hour): a page is checked once per
:func:`page_signature`, which keeps everything a page draws from except the
clock, and, to keep the suite's time, in one language (every other distinct page
in English, the others in Japanese), shared out over :data:`PARTS` test cases so
xdist spreads them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields
from functools import cache

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from mailsim.commands.sources import load_trace
from mailsim.scenario import bundled_names
from mailsim.trace import Trace
from mailsim.views.phases import Page
from mailsim.views.sequence import plot_sequence
from mailsim.views.sequence_connections import listeners
from mailsim.views.sequence_files import page_title, plan_pages
from mailsim.views.sequence_overlaps import overlaps
from mailsim.views.sequence_styles import PROJECTOR
from mailsim.views.timeline import lifeline_order

PARTS = {"storage-study": 4, "workload-demo": 4}  # test cases a long run's pages go to
LOOKS = {"en": False, "ja": True}  # language -> with the plain words


@cache
def bundled(name: str) -> Trace:
    return load_trace(name, None)  # what `mailsim diagram NAME` draws (a study: its sample)


def page_signature(page: Page, number: int, servers: dict[str, str]) -> tuple[object, ...]:
    """What a drawn page depends on, the clock aside.

    Every field of every event but its step number (only its count of digits:
    the step column) and its times (kept relative to the page's first event:
    rows, slopes and gaps come from differences), connections renamed by first
    appearance (with the host that listens on each), and the title's page-number
    digits. Two pages alike in all of it differ only in their time axis (its ticks
    and whether it counts seconds), which :func:`overlaps` does not look at.
    """
    start = page.trace[0].time if len(page.trace) else 0.0
    conns: dict[str, int] = {}
    events = []
    for event in page.trace:
        row: list[object] = [len(str(event.seq))]
        for field in fields(event):  # type: ignore[arg-type]
            value = getattr(event, field.name)
            if field.name in ("t", "t_sent", "t_arrived") and value is not None:
                value = round(value - start, 9)
            elif field.name == "conn" and value is not None:
                value = (conns.setdefault(value, len(conns)), servers.get(value))
            elif field.name == "seq":
                continue
            row.append(repr(value))
        events.append(tuple(row))
    return (len(str(number)), tuple(events))


@cache
def distinct_pages(name: str) -> list[tuple[int, Page]]:
    """(number, page) for every page of ``name`` unlike the ones before it."""
    trace = bundled(name)
    servers = listeners(trace)
    seen: set[tuple[object, ...]] = set()
    out: list[tuple[int, Page]] = []
    for number, page in enumerate(plan_pages(trace, style=PROJECTOR), start=1):
        signature = page_signature(page, number, servers)
        if signature not in seen:
            seen.add(signature)
            out.append((number, page))
    return out


def drawn_pages(name: str, lang: str, part: int = 0, parts: int = 1) -> Iterator[tuple[int, object]]:
    """(page number, Axes) for this part of the pages, drawn as ``mailsim diagram`` does."""
    trace = bundled(name)
    pages = plan_pages(trace, style=PROJECTOR)
    if name in PARTS:  # a study sample: its distinct pages, every other one in each language
        chosen = distinct_pages(name)[list(LOOKS).index(lang)::len(LOOKS)]
    else:
        chosen = list(enumerate(pages, start=1))
    hosts, servers = lifeline_order(trace), listeners(trace)
    for number, page in chosen[part::parts]:
        ax = plot_sequence(page.trace, lifelines=hosts, context=trace, style=PROJECTOR,
                           servers=servers, lang=lang, analogy=LOOKS[lang],
                           title=page_title(trace, page, number, len(pages), lang))
        yield number, ax
        plt.close(ax.get_figure(root=True))


CASES = [pytest.param(name, lang, part, PARTS.get(name, 1),
                      id=f"{name}-{lang}" + (f"-{part + 1}" if name in PARTS else ""))
         for name in bundled_names() for lang in LOOKS for part in range(PARTS.get(name, 1))]


@pytest.mark.parametrize(("name", "lang", "part", "parts"), CASES)
def test_no_text_overlaps_on_any_page(name: str, lang: str, part: int, parts: int) -> None:
    bad = {}
    for number, ax in drawn_pages(name, lang, part, parts):
        found = overlaps(ax)  # type: ignore[arg-type]
        if found:
            bad[number] = found[:4]
    assert bad == {}, f"{name} ({lang}), page: overlaps {dict(list(bad.items())[:4])}"


def test_alike_pages_are_alike_but_for_their_clock() -> None:
    # The shortcut for the study samples: pages with one signature, drawn, have the
    # same texts at the same places (the time ticks aside).
    trace = bundled("workload-demo")
    servers = listeners(trace)
    pages = plan_pages(trace, style=PROJECTOR)
    groups: dict[tuple[object, ...], list[int]] = {}
    for number, page in enumerate(pages, start=1):
        groups.setdefault(page_signature(page, number, servers), []).append(number)
    twins = next(numbers for numbers in groups.values() if len(numbers) > 1)
    assert len(distinct_pages("workload-demo")) < len(pages) / 1.5
    drawn = []
    for number in twins[:2]:
        ax = plot_sequence(pages[number - 1].trace, lifelines=lifeline_order(trace),
                           context=trace, style=PROJECTOR, servers=servers,
                           title=page_title(trace, pages[0], 1, 1, "en"))
        figure = ax.get_figure(root=True)
        assert figure is not None
        figure.canvas.draw()
        clock = set(ax.yaxis.findobj(matplotlib.text.Text))  # ticks, "time (s)" or "time"
        drawn.append(sorted((t.get_text(), tuple(round(v) for v in t.get_window_extent().bounds))
                            for t in figure.findobj(matplotlib.text.Text)
                            if t.get_gid() != "step" and t not in clock))
        plt.close(figure)
    assert drawn[0] == drawn[1]
