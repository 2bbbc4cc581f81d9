"use strict";
/* The sequence diagram as SVG (#ms-sequence): one lifeline per host in route order, an
   arrow per unit on the wire from its send row to its arrival row, state changes as notes.

   Rows come from the page's data (sections/sequence.py: the figures' own row_layout, on
   the time-proportional and the compact axis), so the page and the figures agree. Only the
   rows near the viewport are in the DOM: the SVG is as tall as the whole diagram and its
   rows are redrawn, on scroll, in an animation frame. Under a filter only the kept events
   are drawn; on the compact axis they are packed one row each, on the proportional axis
   they keep their time. */
MS.view("sequence", {
  init(ms) {
    const region = document.getElementById("ms-sequence");
    const data = ms.data.sequence;
    const events = ms.events;
    const hosts = ms.hosts;
    const captions = ms.data.captions || [];
    const NS = "http://www.w3.org/2000/svg";
    const NO_START = /^[ー、。，．）」』ぁぃぅぇぉっゃゅょァィゥェォッャュョ]$/;  // never starts a line (kinsoku)
    const GAP_ROWS = 3.2;  // a packed compact row's idle gap, as the figures' gap_rows
    const content = new Set(data.content);
    const groupColour = groupColours();
    const widest = widestGutter();
    let axis = "proportional";
    let geo = null;        // sizes and lifeline x, from the region's width and the mode
    let lay = null;        // the drawn rows: positions, y in pixels, gaps, bars, ticks
    let windowFrom = 0, windowTo = -1;  // the SVG's y range whose rows are in the DOM
    let frame = 0;
    let lastUserScroll = -1e9, autoScrollUntil = 0;
    const drawn = new Map();  // position -> its <g> while in the DOM

    const el = (tag, attrs, text) => {
      const node = document.createElementNS(NS, tag);
      for (const k in attrs) node.setAttribute(k, attrs[k]);
      if (text != null) node.textContent = text;
      return node;
    };
    const head = document.createElement("div");
    head.className = "ms-seq-head";
    const tools = document.createElement("div");
    tools.className = "ms-seq-tools";
    const axisButtons = ["proportional", "compact"].map((name) => {
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.axis = name;
      // a click on the axis shown switches (projector mode shows that button only)
      b.addEventListener("click", () => setAxis(name !== axis ? name : name === "compact" ? "proportional" : "compact"));
      tools.appendChild(b);
      return b;
    });
    head.appendChild(tools);
    const heads = hosts.map((h) => {
      const box = document.createElement("div");
      box.className = "ms-seq-host";
      box.dataset.host = h.name;
      const title = document.createElement("div");
      title.className = "ms-seq-role";
      const short = document.createElement("div");
      short.className = "ms-seq-short";
      short.textContent = h.short;
      box.append(title, short);
      head.appendChild(box);
      return { box, title };
    });
    const svg = el("svg", { class: "ms-seq-svg", role: "img" });
    const lifelines = hosts.map((h) => el("line", { class: "ms-seq-life", "data-host": h.name }));
    const lifeGroup = el("g", {});
    lifeGroup.append(...lifelines);
    const current = el("rect", { class: "ms-seq-current-row", x: 0, height: 0 });
    const rows = el("g", { class: "ms-seq-rows" });
    svg.append(lifeGroup, current, rows);
    region.append(head, svg);

    /* --- layout ---------------------------------------------------------------------- */
    function measure() {
      const big = !!ms.projector;
      const font = big ? 24 : 16;
      const rowPx = big ? 44 : 30;
      const small = font * 0.85 * 0.6;  // a digit of the gutter's texts
      const gutter = Math.max(big ? 150 : 84, Math.ceil(small * (widest.tick + widest.step + 1) + 22));
      const minCol = big ? 150 : 80;
      const avail = Math.max(region.clientWidth - gutter - 4, 0);
      const col = Math.max(minCol, hosts.length ? avail / hosts.length : avail);
      const xs = hosts.map((_, i) => gutter + col * (i + 0.5));
      region.style.setProperty("--ms-seq-font", `${font}px`);
      region.style.setProperty("--ms-seq-gutter", `${gutter}px`);
      region.style.setProperty("--ms-seq-col", `${col}px`);
      return { font, rowPx, gutter, col, xs, width: gutter + col * hosts.length + 4, top: rowPx };
    }
    /* The drawn events (all, or the kept ones) with their rows in pixels. */
    function layout() {
      const a = data.axes[axis];
      const shown = ms.kept || null;
      const count = shown ? shown.length : events.length;
      const pos = new Int32Array(count), y0 = new Float64Array(count), y1 = new Float64Array(count);
      const at = new Int32Array(events.length).fill(-1);
      const px = (row) => geo.top + row * geo.rowPx;
      let breaks = a.breaks.map((b) => [px(b[0]), px(b[1]), b[2], b[3]]);
      let height = a.height;
      if (shown && axis === "compact") {  // packed: one row each, a cut where the figure had one
        breaks = [];
        let y = 0, gap = 0, prev = -1;
        for (let k = 0; k < count; k++) {
          const i = shown[k];
          if (k) {
            while (gap < a.breaks.length && a.breaks[gap][1] < a.rows[prev]) gap++;
            let last = gap;
            while (last < a.breaks.length && a.breaks[last][1] < a.rows[i]) last++;
            if (last > gap) {
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
          const i = shown ? shown[k] : k;
          pos[k] = i; y0[k] = px(a.rows[i]); y1[k] = px(a.rows[i] + a.arrive[i]); at[i] = k;
        }
      }
      let span = 0;
      for (let k = 0; k < count; k++) span = Math.max(span, y1[k] - y0[k]);
      const result = { pos, y0, y1, at, breaks, span, height: px(height) + geo.rowPx };
      result.ticks = ticks(result);
      result.bars = bars(result);
      return result;
    }
    /* Time on the left every five rows or so, and at the first row after a gap. */
    function ticks(l) {
      const out = [];
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
    /* A connection's bar on its listening lifeline, from its first drawn line to the
       last arrival; its port is tagged at its first drawn line. */
    function bars(l) {
      const out = new Map();
      for (let k = 0; k < l.pos.length; k++) {
        const g = data.group[l.pos[k]];
        if (g < 0) continue;
        const bar = out.get(g);
        if (bar) bar[1] = Math.max(bar[1], l.y1[k], l.y0[k]);
        else out.set(g, [l.y0[k], Math.max(l.y1[k], l.y0[k] + 0.3 * geo.rowPx), l.pos[k]]);
      }
      return new Map(Array.from(out, ([g, [a, b, first]]) => [g, { g, y0: a, y1: b, first }]));
    }
    /* The longest time tick and step number, in characters (the gutter fits both). */
    function widestGutter() {
      const longest = events.length ? ms.time(events[events.length - 1]) : 0;
      return { tick: clock(longest, longest).length, step: String(Math.max(events.length - 1, 0)).length };
    }
    function listener(g) {
      const [first, side] = data.groups[g];
      const e = events[first];
      return side ? e.src : e.dst;
    }
    function groupColours() {
      const out = data.groups.map(() => null);
      for (let i = 0; i < events.length; i++) {
        const g = data.group[i];
        const p = g >= 0 ? ms.data.protocols[events[i].protocol] : null;
        if (p && !out[g] && p.application) out[g] = p.colour;
      }
      return out.map((c) => c || ms.colour("TCP"));
    }

    /* --- drawing --------------------------------------------------------------------- */
    function relayout(keepCurrent) {
      geo = measure();
      lay = layout();
      svg.setAttribute("width", geo.width);
      svg.setAttribute("height", lay.height);
      head.style.width = `${geo.width}px`;
      hosts.forEach((h, n) => {
        lifelines[n].setAttribute("x1", geo.xs[n]); lifelines[n].setAttribute("x2", geo.xs[n]);
        lifelines[n].setAttribute("y1", 0); lifelines[n].setAttribute("y2", lay.height);
      });
      current.setAttribute("width", geo.width);
      labels();
      dim();
      render(true);
      mark(ms.index, -1);
      if (keepCurrent) keepInView(false, true);
    }
    function dim() {
      const speaking = new Set();
      if (ms.kept) {
        for (const i of ms.kept) {
          const e = events[i];
          if (e.type === "message") { speaking.add(e.src); speaking.add(e.dst); } else speaking.add(e.node);
        }
      }
      hosts.forEach((h, n) => {
        const off = !!ms.kept && !speaking.has(h.name);
        heads[n].box.classList.toggle("ms-seq-dim", off);
        lifelines[n].classList.toggle("ms-seq-dim", off);
      });
    }
    function labels() {
      for (const b of axisButtons) {
        b.textContent = ms.t(`html.sequence.axis.${b.dataset.axis}`);
        b.title = ms.t("html.sequence.key.axis");
        b.setAttribute("aria-pressed", String(b.dataset.axis === axis));
      }
      const font = geo.font * (ms.projector ? 1 : 0.95);
      hosts.forEach((h, n) => {
        heads[n].title.textContent = wrapTitle(ms.pick(h.title) || h.name, geo.col - 8, font, ms.projector ? 2 : 3);
        heads[n].box.title = `${ms.pick(h.title) || ""} — ${h.name}`;
      });
      svg.setAttribute("aria-label", ms.t("html.sequence.title"));
    }
    function visible() {
      const top = region.scrollTop;
      return [top, top + region.clientHeight - head.offsetHeight];
    }
    function render(force) {
      frame = 0;
      const [top, bottom] = visible();
      if (!force && top >= windowFrom && bottom <= windowTo) return;
      const extra = Math.max(bottom - top, geo.rowPx * 4);
      windowFrom = top - extra;
      windowTo = bottom + extra;
      drawn.clear();
      const out = document.createDocumentFragment();
      for (const b of lay.breaks) if (b[1] >= windowFrom && b[0] <= windowTo) out.appendChild(gap(b));
      for (const bar of lay.bars.values()) if (bar.y1 >= windowFrom && bar.y0 <= windowTo) out.appendChild(barOf(bar));
      for (const [y, text] of lay.ticks) {
        if (y >= windowFrom && y <= windowTo) out.appendChild(el("text", { class: "ms-seq-tick", x: 6, y: y - 4 }, text));
      }
      let k = lowerBound(lay.y0, windowFrom - lay.span - geo.rowPx);
      for (; k < lay.pos.length && lay.y0[k] <= windowTo + geo.rowPx; k++) {
        if (lay.y1[k] < windowFrom - geo.rowPx) continue;
        const i = lay.pos[k];
        const g = events[i].type === "message" ? arrow(i, lay.y0[k], lay.y1[k]) : note(i, lay.y0[k]);
        g.appendChild(el("text", { class: "ms-seq-step", x: geo.gutter - 8, y: lay.y0[k] - 4 }, String(i)));
        drawn.set(i, g);
        out.appendChild(g);
      }
      rows.replaceChildren(out);
      const g = drawn.get(ms.index);
      if (g) g.classList.add("ms-seq-current");
    }
    function arrow(i, y0, y1) {
      const e = events[i];
      const p = ms.data.protocols[e.protocol] || {};
      const lost = e.t_arrived == null;
      const tint = lost ? "#c62828" : ms.colour(e.protocol);
      const a = ms.hostIndex(e.src), b = ms.hostIndex(e.dst);
      const x0 = geo.xs[a], x1 = a === b ? x0 + geo.col * 0.3 : geo.xs[b];
      const g = el("g", { class: `ms-seq-msg${p.transport ? " ms-seq-tcp" : ""}${lost ? " ms-seq-lost" : ""}`, "data-i": i });
      const d = a === b ? `M${x0},${y0} H${x1} V${y1 + 8} H${x0 + 8}` : `M${x0},${y0} L${x1},${y1}`;
      g.appendChild(el("path", { class: "ms-seq-hit", d }));
      g.appendChild(el("path", { class: "ms-seq-line", d, stroke: tint }));
      const [hx, hy] = a === b ? [x0, y1 + 8] : [x1, y1];
      const angle = a === b ? Math.PI : Math.atan2(y1 - y0, x1 - x0);
      const size = geo.font * 0.6;
      const pt = (t) => `${hx - size * Math.cos(angle - t)},${hy - size * Math.sin(angle - t)}`;
      g.appendChild(el("polygon", { class: "ms-seq-head-tip", points: `${hx},${hy} ${pt(0.4)} ${pt(-0.4)}`, fill: tint }));
      if (lost) g.appendChild(el("text", { class: "ms-seq-x", x: (x0 + x1) / 2, y: y0 + geo.font * 0.35, fill: tint }, "✗"));
      const dir = x1 >= x0 ? 1 : -1;
      const hide = e.encrypted && !ms.showEncrypted;
      let start = x0 + dir * 6;
      if (e.encrypted) {
        g.appendChild(padlock(dir > 0 ? start : start - geo.font * 0.8, y0 - 5 - geo.font * 0.8));
        start += dir * geo.font * 0.95;
      }
      const gi = data.group[i];
      const bar = gi >= 0 ? lay.bars.get(gi) : null;
      const tag = bar && bar.first === i ? `:${e.port}` : "";  // the connection's first drawn line
      const edge = (dir > 0 ? geo.width - 4 - start : start - geo.gutter) - (tag ? textWidth(tag, 0.6) + 10 : 0);
      const room = Math.min(edge, Math.max(Math.abs(x1 - x0) - 12, geo.col * 2.4));
      const text = fit(hide ? ms.t("html.sequence.encrypted", { protocol: e.protocol }) : label(e, i), room, 0.6);
      g.appendChild(el("text", {
        class: `ms-seq-label${hide ? " ms-seq-hidden" : ""}`, x: start, y: y0 - 5,
        "text-anchor": dir > 0 ? "start" : "end", fill: p.transport ? "#666" : darker(tint),
      }, text));
      if (tag) {  // the port on the listening side; after the label when the label runs past it
        const server = listener(gi);
        const peer = server === e.src ? e.dst : e.src;
        const sx = geo.xs[ms.hostIndex(server)] + laneOffset(data.groups[gi][2]);
        const away = geo.xs[ms.hostIndex(peer)] <= sx ? 1 : -1;
        const end = start + dir * (textWidth(text, 0.6) + 10);
        let tx = sx + away * 8;
        if (away === dir) tx = dir > 0 ? Math.max(tx, end) : Math.min(tx, end);
        g.appendChild(el("text", {
          class: "ms-seq-port", x: tx, y: y0 - 5, fill: groupColour[gi],
          "text-anchor": away > 0 ? "start" : "end",
        }, tag));
      }
      g.appendChild(el("title", {}, `#${i} ${e.protocol}:${e.port} ${hide ? "" : e.text.split("\n")[0]}`));
      return g;
    }
    function note(i, y) {
      const e = events[i];
      const x = geo.xs[ms.hostIndex(e.node)];
      const g = el("g", { class: "ms-seq-note", "data-i": i });
      const c = captions[i] || {};
      const text = fit(ms.pick(c.state) || e.action, geo.col * 2.6, 0.58);
      const w = textWidth(text, 0.58) + 12, h = geo.font * 1.3;
      const left = Math.max(geo.gutter, Math.min(x - w / 2, geo.width - 4 - w));
      g.appendChild(el("circle", { cx: x, cy: y, r: geo.font * 0.22 }));
      g.appendChild(el("rect", { x: left, y: y - 3 - h, width: w, height: h, rx: 5 }));
      g.appendChild(el("text", { class: "ms-seq-note-text", x: left + w / 2, y: y - 3 - h * 0.27, "text-anchor": "middle" }, text));
      g.appendChild(el("title", {}, `#${i} ${ms.pick(c.state) || e.action}`));
      return g;
    }
    function gap(b) {
      const g = el("g", { class: "ms-seq-gap" });
      const left = geo.gutter * 0.5, right = geo.width;
      g.appendChild(el("rect", { x: left, y: b[0], width: right - left, height: b[1] - b[0] }));
      for (const y of [b[0], b[1]]) {
        let d = `M${left},${y}`;
        for (let x = left, up = true; x < right; x += 8, up = !up) d += ` L${x + 8},${y + (up ? -3 : 3)}`;
        g.appendChild(el("path", { d }));
      }
      const mid = geo.gutter + (geo.width - geo.gutter) / 2;
      g.appendChild(el("text", { x: mid, y: (b[0] + b[1]) / 2 + geo.font * 0.35, "text-anchor": "middle" },
        ms.t("html.sequence.gap", { duration: ms.formatTime(b[3] - b[2]) })));
      return g;
    }
    function barOf(bar) {
      const server = listener(bar.g);
      const x = geo.xs[ms.hostIndex(server)] + laneOffset(data.groups[bar.g][2]);
      return el("rect", { class: "ms-seq-bar", x: x - 3, y: bar.y0, width: 6, height: Math.max(bar.y1 - bar.y0, 4),
        fill: groupColour[bar.g], stroke: groupColour[bar.g] });
    }
    function padlock(x, y) {
      const s = geo.font * 0.8;
      return el("path", { class: "ms-seq-lock", d: `M${x},${y + s * 0.45} h${s} v${s * 0.55} h${-s} Z `
        + `M${x + s * 0.22},${y + s * 0.45} v${-s * 0.15} a${s * 0.28},${s * 0.3} 0 0 1 ${s * 0.56},0 v${s * 0.15}` });
    }
    function label(e, i) {
      const lines = e.text.split("\n");
      let text;
      if (content.has(i)) text = ms.t("html.sequence.content", { lines: lines.length - 1, size: e.size });
      else {
        text = e.protocol === "TLS" ? `TLS ${lines[0]}` : lines[0];
        const more = lines.slice(1).filter((s) => s.trim()).length;
        if (more) text += ` ${ms.t("html.sequence.more", { n: more })}`;
      }
      if (e.t_arrived == null) text += `  ✗ ${ms.t("html.sequence.lost")}`;
      return text;
    }
    /* A head's title in lines that fit its column (a word too long ends in "…"); kana and
       kanji may break anywhere. */
    function wrapTitle(text, room, font, most) {
      const width = (t) => { let w = 0; for (const ch of t) w += (ch.codePointAt(0) > 0x2e7f ? 1 : 0.62) * font; return w; };
      const tokens = text.match(/[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+/g) || [];
      const lines = [];
      let line = "";
      for (const token of tokens) {
        const next = line + token;
        if (width(next.trim()) <= room || !line.trim()) { line = next; continue; }
        let carry = "";
        if (NO_START.test(token) && [...line].length > 1) {  // the line's last character goes down with it
          const chars = [...line];
          carry = chars.pop();
          line = chars.join("");
        }
        lines.push(line.trim());
        line = carry + token.trim();
      }
      if (line.trim()) lines.push(line.trim());
      const cut = (t) => {
        if (width(t) <= room) return t;
        let out = "";
        for (const ch of t) { if (width(`${out}${ch}…`) > room) break; out += ch; }
        return `${out}…`;
      };
      const out = lines.slice(0, most).map(cut);
      if (lines.length > most) out[most - 1] = cut(`${out[most - 1]}…`).replace(/……$/, "…");
      return out.join("\n");
    }
    /* Widths by cells: a wide (CJK) character is one em, any other `narrow` em. */
    function textWidth(text, narrow) {
      let w = 0;
      for (const ch of text) w += (ch.codePointAt(0) > 0x2e7f ? 1 : narrow) * geo.font;
      return w;
    }
    function fit(text, room, narrow) {
      if (textWidth(text, narrow) <= room) return text;
      let out = "", w = geo.font * narrow;
      for (const ch of text) {
        w += (ch.codePointAt(0) > 0x2e7f ? 1 : narrow) * geo.font;
        if (w > room) break;
        out += ch;
      }
      return `${out.trimEnd()}…`;
    }
    const laneOffset = (lane) => 0.05 * (1 - 0.85 ** lane) / (1 - 0.85) * geo.col;

    /* --- the current step ------------------------------------------------------------ */
    function mark(index, previous) {
      const old = drawn.get(previous);
      if (old) old.classList.remove("ms-seq-current");
      const g = drawn.get(index);
      if (g) g.classList.add("ms-seq-current");
      const k = lay.at[index];
      if (k < 0) { current.setAttribute("height", 0); return; }
      const top = lay.y0[k] - geo.rowPx * 0.8;
      current.setAttribute("y", top);
      current.setAttribute("height", Math.max(lay.y1[k], lay.y0[k]) + geo.rowPx * 0.25 - top);
    }
    function keepInView(smooth, force) {
      const k = lay.at[ms.index];
      if (k < 0) return;
      if (!force && performance.now() - lastUserScroll < 4000) return;
      const [top, bottom] = visible();
      const y0 = lay.y0[k] - geo.rowPx, y1 = Math.max(lay.y1[k], lay.y0[k]) + geo.rowPx * 0.3;
      const e = events[ms.index];
      const xs = (e.type === "message" ? [e.src, e.dst] : [e.node]).map((n) => geo.xs[ms.hostIndex(n)]);
      const left = region.scrollLeft, width = region.clientWidth;
      let x = left;
      if (Math.min(...xs) - geo.col / 2 < left || Math.max(...xs) + geo.col / 2 > left + width) {
        x = Math.max(0, (Math.min(...xs) + Math.max(...xs)) / 2 - width / 2);
      }
      let y = top;
      if (y0 < top || y1 > bottom) y = Math.max(0, y0 - (bottom - top) / 3);
      if (y === top && x === left) return;
      const far = Math.abs(y - top) > 3 * (bottom - top);
      const behaviour = smooth && !far ? "smooth" : "auto";
      autoScrollUntil = performance.now() + (behaviour === "smooth" ? 1200 : 150);
      region.scrollTo({ top: y, left: x, behavior: behaviour });
      if (behaviour === "auto") render(false);
    }
    function setAxis(name) {
      if (name === axis) return;
      axis = name;
      relayout(true);
    }

    function lowerBound(arr, value) {
      let lo = 0, hi = arr.length;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (arr[mid] < value) lo = mid + 1; else hi = mid; }
      return lo;
    }
    function clock(t, longest) {  // as the figures' time scale: 0.127 s, 15:00.2, 1:52:00
      if (longest < 60) return `${t.toFixed(3)} s`;
      const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
      const mm = String(m).padStart(h ? 2 : 1, "0");
      return h ? `${h}:${mm}:${s.toFixed(1).padStart(4, "0")}` : `${mm}:${s.toFixed(1).padStart(4, "0")}`;
    }
    function darker(hex) {
      const c = [1, 3, 5].map((k) => Math.floor(parseInt(hex.slice(k, k + 2), 16) * 0.8));
      return `rgb(${c.join(",")})`;
    }

    /* --- events ---------------------------------------------------------------------- */
    region.addEventListener("scroll", () => {
      if (performance.now() > autoScrollUntil) lastUserScroll = performance.now();
      if (!frame) frame = requestAnimationFrame(() => render(false));
    }, { passive: true });
    for (const name of ["wheel", "touchmove"]) {
      region.addEventListener(name, () => { lastUserScroll = performance.now(); autoScrollUntil = 0; }, { passive: true });
    }
    svg.addEventListener("click", (event) => {
      const g = event.target.closest("[data-i]");
      if (g) { lastUserScroll = -1e9; ms.go(Number(g.dataset.i), "sequence"); }
    });
    ms.key(["t"], "html.sequence.key.axis", () => setAxis(axis === "proportional" ? "compact" : "proportional"));
    ms.on("step", (index, previous, why) => {
      mark(index, previous);
      keepInView(why !== "start" && why !== "hash", why === "start");
    });
    ms.on("lang", () => { labels(); render(true); mark(ms.index, -1); });
    ms.on("filter", () => relayout(false));
    ms.on("options", (name) => {
      if (name === "projector") relayout(true);
      else if (name === "showEncrypted") { render(true); mark(ms.index, -1); }
    });
    let width = 0;
    new ResizeObserver(() => {
      if (region.clientWidth !== width) { width = region.clientWidth; relayout(true); }
      else render(false);
    }).observe(region);
    relayout(false);
    // for tests and other scripts: the axis drawn, and where a step's row is (pixels)
    ms.sequence = {
      axis: () => axis, setAxis, rowPx: () => geo.rowPx,
      rowOf: (i) => (lay.at[i] >= 0 ? lay.y0[lay.at[i]] : null),
    };
  },
});
