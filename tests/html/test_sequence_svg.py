"""The page's sequence diagram in Chromium: lifelines in route order, arrows from the
sender's lifeline to the receiver's at the rows Python's row_layout gives, the current row
highlighted and kept in view, clicks that step, both axes, filters, projector sizes and a
big trace that keeps the SVG small."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from mailsim.trace import MessageEvent, StateEvent, Trace
from mailsim.views.select import Selection
from mailsim.views.timeline import row_layout

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "article-route.jsonl"
BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"

# Every drawn arrow: its event, start and end point, and the x of its hosts' lifelines.
ARROWS = """() => {
  const life = {};
  for (const l of document.querySelectorAll('#ms-sequence .ms-seq-life')) {
    life[l.dataset.host] = +l.getAttribute('x1');
  }
  return Array.from(document.querySelectorAll('#ms-sequence g.ms-seq-msg')).map((g) => {
    const e = MS.events[+g.dataset.i];
    const d = g.querySelector('.ms-seq-line').getAttribute('d');
    const m = /^M([-\\d.e]+),([-\\d.e]+) L([-\\d.e]+),([-\\d.e]+)$/.exec(d);
    return {i: +g.dataset.i, loop: !m, x0: m && +m[1], y0: m && +m[2], x1: m && +m[3], y1: m && +m[4],
            src: life[e.src], dst: life[e.dst]};
  });
}"""
# Whether the highlighted row is inside the part of the region below its sticky heads.
IN_VIEW = """() => {
  const region = document.getElementById('ms-sequence').getBoundingClientRect();
  const head = document.querySelector('#ms-sequence .ms-seq-head').getBoundingClientRect();
  const row = document.querySelector('#ms-sequence .ms-seq-current-row').getBoundingClientRect();
  const g = document.querySelector('#ms-sequence .ms-seq-current');
  return row.height > 0 && row.top >= head.bottom - 2 && row.top < region.bottom - 10
    && !!g && +g.dataset.i === MS.index;
}"""
DRAWN = "() => Array.from(document.querySelectorAll('#ms-sequence [data-i]')).map((g) => +g.dataset.i)"


def _each(opened: Any, selector: str, expression: str) -> list[Any]:
    """``expression`` (of ``n``) for every node of the region matching ``selector``."""
    return list(opened.js(f"Array.from(document.querySelectorAll('#ms-sequence {selector}'))"
                          f".map((n) => {expression})"))


def _golden() -> Trace:
    return Trace.read_jsonl(GOLDEN)


def test_lifelines_follow_the_route_and_arrows_join_their_hosts(open_page: Any) -> None:
    opened = open_page(_golden())
    names = opened.js("MS.hosts.map((h) => h.name)")
    heads = _each(opened, ".ms-seq-host", "n.dataset.host")
    xs = _each(opened, ".ms-seq-life", "[n.dataset.host, +n.getAttribute('x1')]")
    assert heads == names == [name for name, _ in xs]
    assert [x for _, x in xs] == sorted(x for _, x in xs) and len({x for _, x in xs}) == len(xs)
    for step in (0, 40, 80, 128):
        opened.js("(i) => MS.go(i)", step)
        opened.page.wait_for_function(IN_VIEW, timeout=5000)
        arrows = [a for a in opened.js(ARROWS) if not a["loop"]]
        assert arrows, f"no arrow drawn near step {step}"
        for a in arrows:
            assert a["x0"] == pytest.approx(a["src"]) and a["x1"] == pytest.approx(a["dst"]), a
    assert opened.errors == []


def test_rows_are_pythons_row_layout_on_both_axes(open_page: Any) -> None:
    trace = _golden()
    opened = open_page(trace)
    row_px = opened.js("MS.sequence.rowPx()")
    for axis in ("proportional", "compact"):
        assert opened.js("MS.sequence.axis()") == axis
        layout = row_layout(trace, axis)
        page = opened.js("MS.events.map((_, i) => MS.sequence.rowOf(i))")
        for event in trace:
            want = (layout.rows[event.seq] - layout.rows[0]) * row_px
            assert page[event.seq] - page[0] == pytest.approx(want, abs=0.5)
        # each arrow ends at its arrival row: slanted by the transit time
        opened.js("(i) => MS.go(i)", 60)
        opened.page.wait_for_function(IN_VIEW, timeout=5000)
        for a in opened.js(ARROWS):
            if a["loop"]:
                continue
            event = trace[a["i"]]
            rows = layout.arrival(event) - layout.rows[event.seq]
            assert a["y1"] - a["y0"] == pytest.approx(round(rows, 2) * row_px, abs=0.5)
        opened.key("t")
    assert opened.js("MS.sequence.axis()") == "proportional"
    assert opened.errors == []


def test_the_axis_toggle_moves_rows_and_keeps_the_current_in_view(open_page: Any) -> None:
    opened = open_page(_golden(), hash="step=100")
    before = opened.js("MS.events.map((_, i) => MS.sequence.rowOf(i))")
    def pressed() -> list[str]:
        return _each(opened, ".ms-seq-tools button", "n.getAttribute('aria-pressed')")

    assert pressed() == ["true", "false"]
    opened.page.click("#ms-sequence .ms-seq-tools button[data-axis='compact']")
    after = opened.js("MS.events.map((_, i) => MS.sequence.rowOf(i))")
    assert pressed() == ["false", "true"]
    assert before != after and after[-1] < before[-1]  # compact is shorter
    opened.page.wait_for_function(IN_VIEW, timeout=5000)
    help_keys = opened.js("MS.keyList().map((k) => k.keys.join(' '))")
    assert "t" in help_keys
    assert opened.errors == []


def test_the_current_row_is_highlighted_and_kept_in_view(open_page: Any) -> None:
    opened = open_page("pop3-vs-imap")
    assert opened.js(IN_VIEW)
    opened.key("End")
    assert opened.index == opened.js("MS.events.length - 1")
    opened.page.wait_for_function(IN_VIEW, timeout=5000)
    opened.key(":")
    opened.page.keyboard.type("700")
    opened.key("Enter")
    assert opened.index == 700
    opened.page.wait_for_function(IN_VIEW, timeout=5000)
    for _ in range(5):  # stepping follows, smoothly
        opened.key("ArrowRight")
    assert opened.index == 705
    opened.page.wait_for_function(IN_VIEW, timeout=5000)
    assert opened.errors == []


def test_a_scroll_by_the_user_is_not_undone_at_once(open_page: Any) -> None:
    opened = open_page("pop3-vs-imap", hash="step=300")
    opened.page.mouse.move(200, 600)
    opened.page.mouse.wheel(0, 3000)
    opened.page.wait_for_function("() => document.getElementById('ms-sequence').scrollTop > 0",
                                  timeout=5000)
    opened.page.wait_for_timeout(300)
    top = opened.js("document.getElementById('ms-sequence').scrollTop")
    opened.key("ArrowRight")
    opened.page.wait_for_timeout(300)
    assert opened.js("document.getElementById('ms-sequence').scrollTop") == top
    assert not opened.js(IN_VIEW)
    assert opened.errors == []


def test_clicking_an_arrow_or_a_note_goes_to_its_step(open_page: Any) -> None:
    trace = _golden()
    opened = open_page(trace, hash="step=20")
    drawn = [i for i in opened.js(DRAWN) if i != 20]
    message = next(i for i in drawn if isinstance(trace[i], MessageEvent))
    # a click event on the element itself: the diagram may still be scrolling the current
    # row into view, and a click at a screen position could land on the row that moved there
    opened.page.dispatch_event(f"#ms-sequence g.ms-seq-msg[data-i='{message}'] .ms-seq-label", "click")
    assert opened.index == message
    state = next(i for i in opened.js(DRAWN) if isinstance(trace[i], StateEvent) and i != message)
    opened.page.dispatch_event(f"#ms-sequence g.ms-seq-note[data-i='{state}'] .ms-seq-note-text",
                               "click")
    assert opened.index == state
    assert opened.errors == []


def test_a_filter_draws_only_the_kept_events_and_dims_silent_hosts(open_page: Any) -> None:
    trace = _golden()
    kept = Selection.of(protocols=["DNS"]).kept(trace)
    opened = open_page(trace)
    if not opened.js("typeof MS.select === 'function'"):  # the filter script not there yet
        opened.js("(kept) => { MS.select = () => kept; }", kept)
    opened.js("MS.setFilter({protocols: ['DNS'], hosts: [], conns: []})")
    assert opened.js("MS.kept") == kept
    for axis in ("proportional", "compact"):
        drawn = opened.js(DRAWN)
        assert drawn and set(drawn) <= set(kept), axis
        opened.key("t")
    speaking = {h for i in kept for h in trace[i].nodes}
    dim = _each(opened, ".ms-seq-host", "[n.dataset.host, n.classList.contains('ms-seq-dim')]")
    assert {h for h, off in dim if not off} == speaking
    opened.js("MS.setFilter(null)")
    assert len(opened.js(DRAWN)) > len(kept)
    assert opened.errors == []


def test_encrypted_lines_are_hidden_until_shown(open_page: Any) -> None:
    trace = _golden()
    secret = next(e for e in trace.messages() if e.encrypted)
    opened = open_page(trace, hash=f"step={secret.seq}")
    label = f"#ms-sequence g.ms-seq-msg[data-i='{secret.seq}'] .ms-seq-label"
    assert opened.page.text_content(label) == f"encrypted {secret.protocol}"
    assert opened.page.locator(f"#ms-sequence g[data-i='{secret.seq}'] .ms-seq-lock").count() == 1
    opened.key("e")
    shown = opened.page.text_content(label)
    assert shown.rstrip("…") and secret.text.startswith(shown.rstrip("…").split(" (+")[0])
    assert opened.errors == []


def test_heads_switch_language_and_projector_text_is_large(open_page: Any) -> None:
    opened = open_page(_golden(), hash="step=56")
    opened.key("l")
    roles = _each(opened, ".ms-seq-role", "n.textContent")
    assert any("メールサーバー" in r.replace("\n", "") for r in roles), roles
    opened.key("p")
    sizes = opened.js("""() => Array.from(document.querySelectorAll(
        '#ms-sequence text, #ms-sequence .ms-seq-role, #ms-sequence .ms-seq-short,'
        + '#ms-sequence .ms-seq-tools button'))
      .filter((n) => n.textContent.trim() && n.getClientRects().length)
      .map((n) => parseFloat(getComputedStyle(n).fontSize))""")
    assert sizes and min(sizes) >= 24
    opened.page.wait_for_function(IN_VIEW, timeout=5000)
    assert opened.errors == []


def test_a_big_trace_keeps_the_svg_small(open_page: Any) -> None:
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from big_trace import big_trace
    finally:
        sys.path.remove(str(BENCHMARKS))
    opened = open_page(big_trace(6_000))  # as bounded as at 20,000, and opens faster
    count = "document.querySelectorAll('#ms-sequence svg *').length"
    counts = [opened.js(count)]
    opened.key("End")
    opened.page.wait_for_function(IN_VIEW, timeout=5000)
    counts.append(opened.js(count))
    opened.js("(i) => MS.go(i)", 3_000)
    opened.page.wait_for_function(IN_VIEW, timeout=5000)
    counts.append(opened.js(count))
    opened.js("document.getElementById('ms-sequence').scrollTop += 5000")
    opened.page.wait_for_timeout(100)
    counts.append(opened.js(count))
    assert max(counts) < 1500, counts
    assert opened.errors == []


def test_an_empty_trace_draws_heads_only(open_page: Any) -> None:
    golden = _golden()
    opened = open_page(Trace(golden.header, []))
    assert opened.js("document.querySelectorAll('#ms-sequence [data-i]').length") == 0
    assert len(_each(opened, ".ms-seq-host", "n.dataset.host")) == len(golden.header.hosts)
    opened.key("t")
    assert opened.errors == []


def test_labels_end_inside_the_diagram_and_the_legend_names_the_protocols(open_page: Any) -> None:
    trace = _golden()
    opened = open_page(trace, hash="step=60")
    boxes = opened.js("""() => {
      const svg = document.querySelector('#ms-sequence svg');
      const width = +svg.getAttribute('width');
      return Array.from(svg.querySelectorAll('.ms-seq-label, .ms-seq-note-text')).map((t) => {
        const b = t.getBBox();
        return [b.x, b.x + b.width, width];
      });
    }""")
    assert boxes
    for left, right, width in boxes:  # the measured font: a cut label really ends in the SVG
        assert left >= 0 and right <= width + 1
    legend = opened.page.inner_text("#ms-sequence .ms-seq-legend")
    for protocol in trace.protocols():
        assert protocol in legend
    assert opened.errors == []
