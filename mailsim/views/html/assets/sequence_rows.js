"use strict";
/* The sequence diagram's rows in pixels (used by sequence.js): which events are drawn and
   where, the idle gaps, the time ticks and the connection bars. Pure data, no DOM.

   The rows themselves are Python's (sections/sequence.py: row_layout on both axes). Under
   a filter only the kept events are drawn: on the proportional axis they keep their time;
   on the compact axis they are packed one row each, with a cut wherever the figure had an
   idle gap between two of them. */
const SequenceRows = (() => {
  const GAP_ROWS = 3.2;  // a packed row's idle gap (the figures' gap_rows and the quiet before)

  /* The drawn events of `axis` ("proportional" | "compact"), kept ones only under a filter
     (`kept`: sorted positions or null). geo: {top, rowPx}. */
  function layout(ms, data, axis, kept, geo) {
    const a = data.axes[axis];
    const events = ms.events;
    const count = kept ? kept.length : events.length;
    const pos = new Int32Array(count), y0 = new Float64Array(count), y1 = new Float64Array(count);
    const at = new Int32Array(events.length).fill(-1);
    const px = (row) => geo.top + row * geo.rowPx;
    let breaks = a.breaks.map((b) => [px(b[0]), px(b[1]), b[2], b[3]]);
    let height = a.height;
    if (kept && axis === "compact") {
      breaks = [];
      let y = 0, gap = 0, prev = -1;
      for (let k = 0; k < count; k++) {
        const i = kept[k];
        if (k) {
          while (gap < a.breaks.length && a.breaks[gap][1] < a.rows[prev]) gap++;
          let last = gap;
          while (last < a.breaks.length && a.breaks[last][1] < a.rows[i]) last++;
          if (last > gap) {  // one cut for every gap the figure had between the two
            breaks.push([px(y + 0.6), px(y + 2.2), a.breaks[gap][2], a.breaks[last - 1][3]]);
            y += GAP_ROWS;
          } else y += 1;
          gap = last;
        }
        pos[k] = i; y0[k] = px(y); y1[k] = px(y + a.arrive[i]); at[i] = k;
        prev = i;
      }
      height = count ? y + 1 : 0;
    } else {
      for (let k = 0; k < count; k++) {
        const i = kept ? kept[k] : k;
        pos[k] = i; y0[k] = px(a.rows[i]); y1[k] = px(a.rows[i] + a.arrive[i]); at[i] = k;
      }
    }
    let span = 0;  // the longest arrow, in pixels: how far above a window a drawn row may start
    for (let k = 0; k < count; k++) span = Math.max(span, y1[k] - y0[k]);
    const result = { pos, y0, y1, at, breaks, span, height: px(height) + geo.rowPx };
    result.ticks = ticks(ms, result, geo);
    result.bars = bars(data, result, geo);
    return result;
  }

  /* Time on the left every five rows or so, and at the first row after a gap (as the
     figures' time scale). */
  function ticks(ms, l, geo) {
    const out = [];
    const events = ms.events;
    const longest = events.length ? ms.time(events[events.length - 1]) : 0;
    let last = -1e9, b = 0;
    for (let k = 0; k < l.pos.length; k++) {
      let afterGap = false;
      while (b < l.breaks.length && l.breaks[b][1] < l.y0[k]) { b++; afterGap = true; }
      const y = l.y0[k];
      if (y - last >= 5 * geo.rowPx || (afterGap && y - last >= 1.5 * geo.rowPx)) {
        out.push([y, clock(ms.time(events[l.pos[k]]), longest)]);
        last = y;
      }
    }
    return out;
  }

  /* Each connection's bar (group -> {g, y0, y1, first}): from its first drawn line to its
     last drawn arrival; its port is tagged at that first line. */
  function bars(data, l, geo) {
    const out = new Map();
    for (let k = 0; k < l.pos.length; k++) {
      const g = data.group[l.pos[k]];
      if (g < 0) continue;
      const bar = out.get(g);
      if (bar) bar.y1 = Math.max(bar.y1, l.y1[k], l.y0[k]);
      else out.set(g, { g, y0: l.y0[k], y1: Math.max(l.y1[k], l.y0[k] + 0.3 * geo.rowPx), first: l.pos[k] });
    }
    return out;
  }

  /* The host that listens on connection `g` (the side its first line names). */
  function listener(ms, data, g) {
    const [first, side] = data.groups[g];
    const e = ms.events[first];
    return side ? e.src : e.dst;
  }

  /* A connection's colour: its first application protocol's (TCP's if it has none). */
  function groupColours(ms, data) {
    const out = data.groups.map(() => null);
    for (let i = 0; i < ms.events.length; i++) {
      const g = data.group[i];
      const p = g >= 0 ? ms.data.protocols[ms.events[i].protocol] : null;
      if (p && !out[g] && p.application) out[g] = p.colour;
    }
    return out.map((c) => c || ms.colour("TCP"));
  }

  /* The longest time tick and step number, in characters (the gutter fits both). */
  function widestGutter(ms) {
    const events = ms.events;
    const longest = events.length ? ms.time(events[events.length - 1]) : 0;
    return { tick: clock(longest, longest).length, step: String(Math.max(events.length - 1, 0)).length };
  }

  /* As the figures' time scale (sequence_draw.clock): 0.127 s, 15:00.2, 1:52:00.0. */
  function clock(t, longest) {
    if (longest < 60) return `${t.toFixed(3)} s`;
    const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    const mm = String(m).padStart(h ? 2 : 1, "0");
    const ss = s.toFixed(1).padStart(4, "0");
    return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
  }

  /* The first index of sorted `arr` whose value is >= `value`. */
  function lowerBound(arr, value) {
    let lo = 0, hi = arr.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid] < value) lo = mid + 1; else hi = mid; }
    return lo;
  }

  return { layout, listener, groupColours, widestGutter, clock, lowerBound };
})();
